"""The languages a region publishes in (coordinators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wegweiser.guide import services
from wegweiser.guide.forms import LanguageAddForm, language_name
from wegweiser.guide.permissions import MANAGE_LANGUAGES
from wegweiser.guide.selectors import translation_status_counts
from wegweiser.guide.views.editor.common import actor, attach, language_columns, source_of
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess


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
    return render(
        request,
        "guide/editor/languages.html",
        {
            "rows": [(c, counts.get(c.language.code, {}).get("up_to_date", 0)) for c in columns],
            "form": form,
            "has_source": has_source,
        },
    )
