"""A region's event categories: the list with each name per language, and a new one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wegweiser.guide import services
from wegweiser.guide.forms import EventCategoryForm
from wegweiser.guide.models import EventCategory
from wegweiser.guide.permissions import EDIT_CONTENT
from wegweiser.guide.views.editor.common import actor, attach, language_columns
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess


@region_view(EDIT_CONTENT)
def event_categories_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    columns = [c for c in language_columns(region) if not c.is_source]
    form = EventCategoryForm(request.POST or None, languages=[c.language for c in columns])
    if request.method == "POST" and form.is_valid():
        try:
            category = services.event_category_create(
                actor=actor(request), region=region, german_name=form.cleaned_data["german_name"], names=form.names()
            )
        except ValidationError as error:
            attach([form], error)
        else:
            messages.success(request, _("Category “%(name)s” created.") % {"name": category.german_name})
            return redirect("workspace:guide:event_categories", region_slug=region.slug)
    categories = EventCategory.objects.filter(region=region).order_by("german_name", "pk")
    return render(
        request,
        "guide/editor/event_categories.html",
        {
            "columns": columns,
            "rows": [(c, [(col.language, c.names.get(col.language.code, "")) for col in columns]) for c in categories],
            "form": form,
        },
    )
