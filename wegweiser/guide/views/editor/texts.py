"""Working on texts: the side-by-side translation view, approving machine translations,
the preview, and each language's version history with diffs and restore."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.core.html import clean_html, html_to_text
from wegweiser.guide import services
from wegweiser.guide.forms import TextForm, TranslationForm, language_name
from wegweiser.guide.machine_translation import machine_translation_offered
from wegweiser.guide.models import ContentItem, Translation, TranslationVersion
from wegweiser.guide.permissions import EDIT_CONTENT, PUBLISH_CONTENT, VIEW_CONTENT
from wegweiser.guide.selectors import region_source_language, translation_get
from wegweiser.guide.views.editor.common import (
    STATUS_LABELS,
    actor,
    attach,
    disable,
    item_or_404,
    item_url,
    region_language_or_404,
    text_initial,
    translate_url,
)
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess


@region_view(VIEW_CONTENT)
def translate_view(request: HttpRequest, access: RegionAccess, item_id: int, code: str) -> HttpResponse:
    """The German text on the left, the translation on the right. The form carries the source
    version it shows, so a source change made meanwhile leaves the translation outdated."""
    item = item_or_404(access, item_id)
    rl = region_language_or_404(access, code)
    if rl.is_source:
        return redirect("workspace:guide:item_edit", region_slug=access.region.slug, item_id=item.pk)
    can_edit = access.can(EDIT_CONTENT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Your role in this region does not allow this."))
    source_language = region_source_language(region=access.region)
    source = translation_get(item=item, language=source_language) if source_language else None
    if source is None:
        raise Http404(_("This item has no source text yet."))
    target = translation_get(item=item, language=rl.language)
    names = list(dict.fromkeys([*source.fields, *(target.fields if target else {})]))
    initial = {**(text_initial(target) if target else {}), "based_on_source": source.source_major}
    form = TranslationForm(request.POST or None, initial=initial, field_names=names, language=rl.language)
    if not can_edit:
        disable(form)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.text_save(
                actor=actor(request),
                item=item,
                language=rl.language,
                based_on_source=form.cleaned_data["based_on_source"],
                for_review=form.cleaned_data["for_review"],
                **form.texts(),
            )
        except ValidationError as error:
            attach([form], error)
        else:
            if saved.status == Translation.Status.OUTDATED:
                messages.warning(
                    request,
                    _(
                        "Saved, but the German text has changed since you opened it: "
                        "the translation is marked outdated. Compare with the current text below."
                    ),
                )
            else:
                messages.success(request, _("Translation saved."))
            return redirect(translate_url(access.region, item.pk, code))
    return render(
        request,
        "guide/editor/translate.html",
        {
            "item": item,
            "item_url": item_url(access.region, item.pk),
            "language": rl.language,
            "language_label": language_name(rl.language),
            "source_language": source_language,
            "source_label": language_name(source_language) if source_language else "",
            "source": source,
            "source_fields": [(name, source.fields.get(name, "")) for name in names],
            "target": target,
            "status_label": STATUS_LABELS[target.status if target else Translation.MISSING],
            "form": form,
            "can_edit": can_edit,
            "machine_translation_offered": can_edit and machine_translation_offered(item=item, language=rl.language),
            "can_approve": access.can(PUBLISH_CONTENT)
            and target is not None
            and target.status in (Translation.Status.MACHINE, Translation.Status.IN_REVIEW),
        },
    )


@region_view(PUBLISH_CONTENT)
@require_POST
def translation_approve_view(request: HttpRequest, access: RegionAccess, item_id: int, code: str) -> HttpResponse:
    item = item_or_404(access, item_id)
    rl = region_language_or_404(access, code)
    try:
        services.translation_approve(actor=actor(request), item=item, language=rl.language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Translation approved."))
    return redirect(translate_url(access.region, item.pk, code))


@region_view(EDIT_CONTENT)
@require_POST
def preview_view(request: HttpRequest, access: RegionAccess, code: str) -> HttpResponse:
    """The unsaved text, cleaned as saving would clean it, in its language and direction."""
    rl = region_language_or_404(access, code)
    form = TextForm(request.POST)
    form.is_valid()  # a preview shows whatever there is; errors appear when saving
    data = form.cleaned_data
    return render(
        request,
        "guide/editor/preview.html",
        {
            "language": rl.language,
            "title": data.get("title") or request.POST.get("title", ""),
            "summary": data.get("summary", ""),
            "body": clean_html(request.POST.get("body", "")),
        },
    )


# History -------------------------------------------------------------------------------

_BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|ul|ol|tr|table|thead|tbody|tfoot|caption|blockquote|pre|div|dl|dt|dd|figure|figcaption)>"
    r"|<br\s*/?>|<hr\s*/?>)",
    re.IGNORECASE,
)


def _lines(value: str) -> list[str]:
    """HTML split after each block, so that a diff shows changed paragraphs, not one long line."""
    return [line.strip() for line in _BLOCK_END.sub(r"\1\n", value or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert", "delete"
    text: str


@dataclass(frozen=True)
class DiffPart:
    label: str
    lines: list[DiffLine]
    is_changed: bool


def diff_lines(before: str, after: str) -> list[DiffLine]:
    """Compared on HTML lines (so a changed link counts), shown as the text people read."""
    a, b = _lines(before), _lines(after)
    out: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(DiffLine("equal", _readable(line)) for line in a[i1:i2])
            continue
        out.extend(DiffLine("delete", _readable(line)) for line in a[i1:i2])
        out.extend(DiffLine("insert", _readable(line)) for line in b[j1:j2])
    return out


def _readable(line: str) -> str:
    return html_to_text(line) or line  # a line of markup only (an image, a rule) stays as it is


def _diff(before: TranslationVersion | None, after: TranslationVersion) -> list[DiffPart]:
    pairs = [
        (_("Title"), before.title if before else "", after.title),
        (_("Summary"), before.summary if before else "", after.summary),
        (_("Text"), before.body if before else "", after.body),
    ]
    for name in dict.fromkeys([*(before.fields if before else {}), *after.fields]):
        old = str(before.fields.get(name, "")) if before else ""
        pairs.append((name.replace("_", " ").capitalize(), old, str(after.fields.get(name, ""))))
    parts = []
    for label, old, new in pairs:
        lines = diff_lines(old, new)
        if lines:
            parts.append(DiffPart(str(label), lines, any(line.op != "equal" for line in lines)))
    return parts


def _versions(item: ContentItem, code: str, access: RegionAccess) -> Any:
    rl = region_language_or_404(access, code)
    return rl, TranslationVersion.objects.filter(item=item, language=rl.language).select_related("author")


@region_view(VIEW_CONTENT)
def history_view(request: HttpRequest, access: RegionAccess, item_id: int, code: str) -> HttpResponse:
    item = item_or_404(access, item_id)
    rl, versions = _versions(item, code, access)
    versions = list(versions)
    return render(
        request,
        "guide/editor/history.html",
        {
            "item": item,
            "item_url": item_url(access.region, item.pk),
            "language": rl.language,
            "language_label": language_name(rl.language),
            "is_source": rl.is_source,
            "versions": versions,
            "current": versions[0].version if versions else None,
            "can_edit": access.can(EDIT_CONTENT),
        },
    )


@region_view(VIEW_CONTENT)
def version_diff_view(
    request: HttpRequest, access: RegionAccess, item_id: int, code: str, version: int
) -> HttpResponse:
    """What one version changed against the one before it."""
    item = item_or_404(access, item_id)
    rl, versions = _versions(item, code, access)
    after = versions.filter(version=version).first()
    if after is None:
        raise Http404(_("No such version."))
    before = versions.filter(version__lt=version).first()
    return render(
        request,
        "guide/editor/version_diff.html",
        {
            "item": item,
            "item_url": item_url(access.region, item.pk),
            "language": rl.language,
            "before": before,
            "after": after,
            "parts": _diff(before, after),
            "is_current": not versions.filter(version__gt=version).exists(),
            "can_edit": access.can(EDIT_CONTENT),
        },
    )


@region_view(EDIT_CONTENT)
@require_POST
def version_restore_view(
    request: HttpRequest, access: RegionAccess, item_id: int, code: str, version: int
) -> HttpResponse:
    item = item_or_404(access, item_id)
    _rl, versions = _versions(item, code, access)
    old = versions.filter(version=version).first()
    if old is None:
        raise Http404(_("No such version."))
    try:
        restored = services.version_restore(actor=actor(request), version=old)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(old)d restored as version %(new)d.") % {"old": old.version, "new": restored.version},
        )
    return redirect(reverse("workspace:guide:history", args=[access.region.slug, item.pk, code]))
