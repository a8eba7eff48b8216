"""The languages a region publishes in (coordinators only): add one, show or hide it in the
public guide, and set the order of the language list."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.models import User
from wegweiser.guide import services
from wegweiser.guide.forms import LanguageAddForm, LanguageChangeForm, language_name
from wegweiser.guide.models import RegionLanguage
from wegweiser.guide.permissions import MANAGE_LANGUAGES
from wegweiser.guide.selectors import region_language_list, translation_status_counts
from wegweiser.guide.views.editor.common import (
    LanguageColumn,
    actor,
    attach,
    language_columns,
    region_language_or_404,
    source_of,
)
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import RegionAccess


@dataclass(frozen=True)
class LanguageRow:
    column: LanguageColumn
    up_to_date: int
    can_move_up: bool
    can_move_down: bool


@region_view(MANAGE_LANGUAGES)
def languages_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """List the region's languages and add one. The first language added is the source."""
    region = access.region
    columns = language_columns(region)
    has_source = source_of(columns) is not None
    form = LanguageAddForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            services.region_language_add(
                actor=actor(request), region=region, language=language, is_source=not has_source
            )
        except ValidationError as error:
            attach([form], error)
        else:
            messages.success(request, _("%(language)s added.") % {"language": language_name(language)})
            return redirect("workspace:guide:languages", region_slug=region.slug)
    counts = translation_status_counts(region=region)
    targets = [c.language.pk for c in columns if not c.is_source]
    rows = [
        LanguageRow(
            column=c,
            up_to_date=counts.get(c.language.code, {}).get("up_to_date", 0),
            can_move_up=not c.is_source and targets.index(c.language.pk) > 0,
            can_move_down=not c.is_source and targets.index(c.language.pk) < len(targets) - 1,
        )
        for c in columns
    ]
    return render(request, "guide/editor/languages.html", {"rows": rows, "form": form, "has_source": has_source})


DONE = {
    "show": lambda name: _("%(language)s is now shown in the public guide.") % {"language": name},
    "hide": lambda name: _("%(language)s is now hidden in the public guide.") % {"language": name},
    "up": lambda name: _("%(language)s moved up.") % {"language": name},
    "down": lambda name: _("%(language)s moved down.") % {"language": name},
}


@region_view(MANAGE_LANGUAGES)
@require_POST
def language_change_view(request: HttpRequest, access: RegionAccess, code: str) -> HttpResponse:
    """One button of a language's row: show, hide, move up or move down."""
    rl = region_language_or_404(access, code)
    back = redirect("workspace:guide:languages", region_slug=access.region.slug)
    form = LanguageChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the actions offered."))
        return back
    action = form.cleaned_data["action"]
    try:
        if action in ("show", "hide"):
            changed = rl.is_visible != (action == "show")
            if changed:
                services.region_language_update(
                    actor=actor(request), region_language=rl, is_visible=action == "show", position=rl.position
                )
        else:
            changed = _move(actor(request), access.region, rl, -1 if action == "up" else 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    if changed:
        messages.success(request, DONE[action](language_name(rl.language)))
    else:
        messages.info(request, _("Nothing has changed."))
    return back


def _move(user: User, region: Region, rl: RegionLanguage, step: int) -> bool:
    """Move a translation language one place in the list (the source always comes first),
    renumbering the list so that positions are 1, 2, 3, … whatever they were before."""
    if rl.is_source:
        raise ValidationError(_("The source language always comes first."))
    others = [r for r in region_language_list(region=region) if not r.is_source]
    index = next(i for i, r in enumerate(others) if r.pk == rl.pk)
    if not 0 <= index + step < len(others):
        return False
    others.insert(index + step, others.pop(index))
    with transaction.atomic():
        for position, other in enumerate(others, start=1):
            if other.position != position:
                services.region_language_update(
                    actor=user, region_language=other, is_visible=other.is_visible, position=position
                )
    return True
