"""Creating and editing an item of any kind (its structured fields and its source text),
changing its publication status, and moving a page up or down among its siblings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wegweiser.core.html import clean_html
from wegweiser.guide import services
from wegweiser.guide.forms import (
    KIND_FORMS,
    ItemForm,
    PageForm,
    PageMoveForm,
    SourceTextForm,
    StatusForm,
    language_name,
)
from wegweiser.guide.models import ContentItem, Page, Place
from wegweiser.guide.permissions import EDIT_CONTENT, PUBLISH_CONTENT, VIEW_CONTENT
from wegweiser.guide.selectors import PageNode, page_tree, translation_get, translations_by_language
from wegweiser.guide.views.editor.common import (
    MODELS,
    NEW_LABELS,
    actor,
    attach,
    badges,
    disable,
    flatten_tree,
    item_or_404,
    item_url,
    language_columns,
    safe_next,
    source_of,
    text_initial,
    titles_in,
)
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import RegionAccess

STATUS_DONE = {
    ContentItem.Status.PUBLISHED: gettext_lazy("Published."),
    ContentItem.Status.DRAFT: gettext_lazy("Unpublished: it is a draft again."),
    ContentItem.Status.ARCHIVED: gettext_lazy("Archived."),
}


def _item_form(
    kind: str, region: Region, data: Any, item: ContentItem | None, source_titles: dict[int, str], tree: list[PageNode]
) -> ItemForm:
    form_class = KIND_FORMS[kind]
    if form_class is PageForm:
        order = [(node.page.pk, node.depth) for node in flatten_tree(tree)]
        return PageForm(data, region=region, titles=source_titles, item=item, tree=order)
    return form_class(data, region=region, titles=source_titles, item=item)


def _forms(access: RegionAccess, kind: str, data: Any, item: ContentItem | None) -> tuple[ItemForm, SourceTextForm]:
    region = access.region
    columns = language_columns(region)
    source = source_of(columns)
    tree: list[PageNode] = []
    if kind == ContentItem.Kind.PAGE and source is not None:
        tree = page_tree(region=region, language=source)
        titles = {n.page.pk: n.translation.title for n in flatten_tree(tree) if n.translation}
    elif kind in (ContentItem.Kind.OFFER, ContentItem.Kind.EVENT):
        titles = titles_in(region, source, Place.objects.filter(region=region).values_list("pk", flat=True))
    else:
        titles = {}
    text = translation_get(item=item, language=source) if item is not None and source is not None else None
    text_form = SourceTextForm(
        data,
        initial=text_initial(text) if text else None,
        field_names=list(text.fields) if text else [],
        language=source,
    )
    return _item_form(kind, region, data, item, titles, tree), text_form


def _source_label(region: Region) -> str:
    source = source_of(language_columns(region))
    return language_name(source) if source else ""


@region_view(EDIT_CONTENT)
def item_create_view(request: HttpRequest, access: RegionAccess, kind: str) -> HttpResponse:
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    region = access.region
    if kind == ContentItem.Kind.IMPRINT:
        existing = ContentItem.objects.filter(region=region, kind=kind).first()
        if existing is not None:
            messages.info(request, _("This region has an imprint already; edit it here."))
            return redirect("workspace:guide:item_edit", region_slug=region.slug, item_id=existing.pk)
    form, text_form = _forms(access, kind, request.POST or None, None)
    if request.method == "POST" and form.is_valid() and text_form.is_valid():
        attrs = form.attrs()
        if kind == ContentItem.Kind.PAGE:
            attrs["position"] = Page.objects.filter(region=region, parent=attrs["parent"]).count()
        try:
            item = services.item_create(
                actor=actor(request), region=region, model=model, m2m=form.m2m(), **text_form.texts(), **attrs
            )
        except ValidationError as error:
            attach([form, text_form], error)
        else:
            messages.success(request, _("Saved as a draft."))
            return redirect("workspace:guide:item_edit", region_slug=region.slug, item_id=item.pk)
    return render(
        request,
        "guide/editor/item_form.html",
        {
            "kind": kind,
            "new_label": NEW_LABELS[kind],
            "form": form,
            "text_form": text_form,
            "can_edit": True,
            "language": source_of(language_columns(region)),
            "language_label": _source_label(region),
        },
    )


@region_view(VIEW_CONTENT)
def item_edit_view(request: HttpRequest, access: RegionAccess, item_id: int) -> HttpResponse:
    """The item's structured fields and source text; read-only for those who may only look."""
    item = item_or_404(access, item_id)
    can_edit = access.can(EDIT_CONTENT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Your role in this region does not allow this."))
    region = access.region
    form, text_form = _forms(access, item.kind, request.POST or None, item)
    if not can_edit:
        disable(form, text_form)
    columns = language_columns(region)
    source = source_of(columns)
    if request.method == "POST" and source is not None and form.is_valid() and text_form.is_valid():
        try:
            changed = _save(request, item, form, text_form, source)
        except ValidationError as error:
            attach([form, text_form], error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing has changed."))
            return redirect("workspace:guide:item_edit", region_slug=region.slug, item_id=item.pk)
    statuses = {code: t.status for code, t in translations_by_language(item=item).items()}
    url = item_url(region, item.pk)
    return render(
        request,
        "guide/editor/item_form.html",
        {
            "item": item,
            "kind": item.kind,
            "form": form,
            "text_form": text_form,
            "can_edit": can_edit,
            "can_publish": access.can(PUBLISH_CONTENT),
            "language": source,
            "language_label": language_name(source) if source else "",
            "badges": badges(region, item.pk, columns, statuses, item_url=url),
        },
    )


def _save(request: HttpRequest, item: ContentItem, form: ItemForm, text_form: SourceTextForm, source: Any) -> bool:
    """Write what changed, all or nothing. Unchanged texts are not saved again, so saving
    only an address does not make every translation outdated."""
    attrs = form.attrs()
    new_parent = attrs.pop("parent", None) if isinstance(item, Page) else None
    changed_attrs = {name: value for name, value in attrs.items() if getattr(item, name) != value}
    changed_m2m = {
        name: values
        for name, values in form.m2m().items()
        if {v.pk for v in values} != set(getattr(item, name).values_list("pk", flat=True))
    }
    texts = text_form.texts()
    current = translation_get(item=item, language=source)
    text_changed = current is None or _normalised(texts) != _normalised(
        {"title": current.title, "summary": current.summary, "body": current.body, "fields": current.fields}
    )
    moved = isinstance(item, Page) and (new_parent.pk if new_parent else None) != item.parent_id
    with transaction.atomic():
        if changed_attrs or changed_m2m:
            services.item_update(actor=actor(request), item=item, m2m=changed_m2m or None, **changed_attrs)
        if moved:
            assert isinstance(item, Page)
            siblings = Page.objects.filter(region=item.region, parent=new_parent).exclude(pk=item.pk).count()
            services.page_move(actor=actor(request), page=item, parent=new_parent, position=siblings)
        if text_changed:
            services.text_save(
                actor=actor(request),
                item=item,
                language=source,
                is_minor=text_form.cleaned_data["is_minor"],
                **texts,
            )
    return bool(changed_attrs or changed_m2m or moved or text_changed)


def _normalised(texts: dict[str, Any]) -> dict[str, Any]:
    """The texts as ``text_save`` would store them, to tell whether anything changed."""
    return {
        "title": (texts["title"] or "").strip(),
        "summary": (texts["summary"] or "").strip(),
        "body": clean_html(texts["body"]),
        "fields": {k: str(v).strip() for k, v in (texts["fields"] or {}).items() if str(v).strip()},
    }


@region_view(PUBLISH_CONTENT)
@require_POST
def item_status_view(request: HttpRequest, access: RegionAccess, item_id: int) -> HttpResponse:
    """Publish, unpublish, archive or restore (restoring makes a draft)."""
    item = item_or_404(access, item_id)
    back = safe_next(request, item_url(access.region, item.pk))
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect(back)
    status = form.cleaned_data["status"]
    if status == item.status:
        messages.info(request, _("Nothing has changed."))
        return redirect(back)
    services.item_set_status(actor=actor(request), item=item, status=status)
    messages.success(request, str(STATUS_DONE[status]))
    return redirect(back)


@region_view(EDIT_CONTENT)
@require_POST
def page_move_view(request: HttpRequest, access: RegionAccess, item_id: int) -> HttpResponse:
    """Swap a page with the sibling shown before (up) or after it (down) in the page tree."""
    item = item_or_404(access, item_id)
    if not isinstance(item, Page):
        raise Http404(_("Only pages have an order."))
    back = safe_next(request, reverse("workspace:guide:overview", args=[access.region.slug]))
    form = PageMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the actions offered."))
        return redirect(back)
    up = form.cleaned_data["direction"] == "up"
    position = _neighbour_position(item, up=up)
    if position is None:
        messages.info(request, _("Nothing has changed."))
    else:
        services.page_move(actor=actor(request), page=item, parent=item.parent, position=position)
        messages.success(request, _("Page moved up.") if up else _("Page moved down."))
    return redirect(f"{back.split('#', 1)[0]}#page-{item.pk}")


def _neighbour_position(page: Page, *, up: bool) -> int | None:
    """The position ``page_move`` needs to put ``page`` just before (after) its neighbour in
    the tree, which leaves out archived siblings; None if it is first (last) already."""
    siblings = list(
        Page.objects.filter(region=page.region, parent_id=page.parent_id)
        .order_by("position", "pk")
        .values_list("pk", "status")
    )
    shown = [pk for pk, status in siblings if status != ContentItem.Status.ARCHIVED or pk == page.pk]
    index = shown.index(page.pk) + (-1 if up else 1)
    if not 0 <= index < len(shown):
        return None
    others = [pk for pk, _status in siblings if pk != page.pk]  # the order page_move inserts into
    return others.index(shown[index]) + (0 if up else 1)
