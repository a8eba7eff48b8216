"""The offer directory (with filters) and the places with their opening hours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.models import Language, Offer, Place, TargetGroup
from wegweiser.guide.public_selectors import (
    Guide,
    OfferFilterOptions,
    Shown,
    item_get_by_slug,
    offer_filter_options,
    offer_get,
    offer_list,
    place_list,
    shown_get,
)
from wegweiser.guide.schedule import BERLIN, OpenState, opening_hours, place_open_state
from wegweiser.public import links
from wegweiser.public.guide.base import (
    alternates_for_item,
    alternates_for_view,
    crumb,
    guide_render,
    guide_view,
    text_context,
)
from wegweiser.tenancy.models import Commune

OSM = "https://www.openstreetmap.org/"


def target_group_name(group: TargetGroup) -> str:
    return group.german_name if get_language() == "de" else group.english_name


class OfferFilterForm(forms.Form):
    """The directory's filters: each a choice among the values published offers use."""

    commune = forms.ChoiceField(label=_("Town or municipality"), required=False)
    kind = forms.ChoiceField(label=_("Kind of offer"), required=False)
    target_group = forms.ChoiceField(label=_("For whom"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)

    def __init__(self, options: OfferFilterOptions, data: Any) -> None:
        super().__init__(data)
        everyone = [("", _("All"))]
        self.fields["commune"].choices = everyone + [(c.ags, c.name) for c in options.communes]  # type: ignore[attr-defined]
        self.fields["kind"].choices = everyone + options.offer_kinds  # type: ignore[attr-defined]
        self.fields["target_group"].choices = everyone + [  # type: ignore[attr-defined]
            (g.code, target_group_name(g)) for g in options.target_groups
        ]
        self.fields["language"].choices = everyone + [  # type: ignore[attr-defined]
            (lang.code, lang.native_name) for lang in options.languages
        ]
        self.options = options

    def filters(self) -> dict[str, Any]:
        """The valid filters, as arguments of ``offer_list``; invalid ones are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        communes = {c.ags: c for c in self.options.communes}
        groups = {g.code: g for g in self.options.target_groups}
        languages = {lang.code: lang for lang in self.options.languages}
        commune: Commune | None = communes.get(data.get("commune") or "")
        group: TargetGroup | None = groups.get(data.get("target_group") or "")
        spoken: Language | None = languages.get(data.get("language") or "")
        return {
            "commune": commune,
            "offer_kind": data.get("kind") or "",
            "target_group": group,
            "language_spoken": spoken,
        }


@guide_view
def offer_list_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    form = OfferFilterForm(offer_filter_options(region=guide.region), request.GET)
    filters = form.filters()
    return guide_render(
        request,
        guide,
        "public/guide/offer_list.html",
        {
            "form": form,
            "offers": offer_list(guide, **filters),
            "is_filtered": any(filters.values()),
            "errors": [e for errors in form.errors.values() for e in errors],
            "section": "offers",
        },
        alternates=alternates_for_view(request, guide, "offer_list"),
    )


def _canonical(guide: Guide, shown: Shown[Any], slug: str) -> HttpResponse | None:
    """A redirect to the item's slug in the guide's language when it was asked for by another."""
    if shown.slug == slug:
        return None
    return HttpResponseRedirect(links.slug_url(guide.region, guide.language, shown.item.kind, shown.slug))


@guide_view
def offer_detail_view(request: HttpRequest, guide: Guide, slug: str) -> HttpResponse:
    shown = offer_get(guide, slug=slug)
    if shown is None:
        raise Http404
    if redirect := _canonical(guide, shown, slug):
        return redirect
    offer = shown.item
    place = shown_get(guide, offer.location)
    return guide_render(
        request,
        guide,
        "public/guide/offer_detail.html",
        {
            **text_context(guide, shown),
            "offer": offer,
            "place": place,
            "place_url": links.slug_url(guide.region, guide.language, place.item.kind, place.slug) if place else "",
            "target_groups": [target_group_name(g) for g in offer.target_groups.all()],
            "languages_spoken": list(offer.languages_spoken.all()),
            "schedule": _weekly_schedule(offer),
            "section": "offers",
            "crumbs": [crumb(links.guide_url(guide.region, guide.language, "offer_list"), gettext("Offers"))],
        },
        alternates=alternates_for_item(guide, offer),
    )


def _weekly_schedule(offer: Offer) -> list[tuple[str, str, str]]:
    rows = []
    for entry in offer.weekly_schedule if isinstance(offer.weekly_schedule, list) else []:
        if isinstance(entry, dict) and entry.get("weekday") in WEEKDAYS:
            rows.append((str(WEEKDAYS[entry["weekday"]]), str(entry.get("start", "")), str(entry.get("end", ""))))
    return rows


@guide_view
def place_list_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    now = timezone.now()
    places = [(shown, place_open_state(shown.item, at=now)) for shown in place_list(guide)]
    return guide_render(
        request,
        guide,
        "public/guide/place_list.html",
        {"places": places, "section": "places"},
        alternates=alternates_for_view(request, guide, "place_list"),
    )


def map_url(place: Place) -> str:
    """OpenStreetMap at the place's coordinates, else a search for its address."""
    if place.latitude is not None and place.longitude is not None:
        lat, lon = f"{place.latitude:.6f}", f"{place.longitude:.6f}"
        return f"{OSM}?{urlencode({'mlat': lat, 'mlon': lon})}#map=18/{lat}/{lon}"
    address = ", ".join(part for part in [place.street, f"{place.postcode} {place.town}".strip()] if part)
    return f"{OSM}search?{urlencode({'query': address})}" if address else ""


@guide_view
def place_detail_view(request: HttpRequest, guide: Guide, slug: str) -> HttpResponse:
    shown = item_get_by_slug(guide, model=Place, slug=slug)
    if shown is None:
        raise Http404
    if redirect := _canonical(guide, shown, slug):
        return redirect
    place = shown.item
    week = opening_hours(place)
    today = timezone.localtime(timezone.now(), BERLIN).weekday()
    return guide_render(
        request,
        guide,
        "public/guide/place_detail.html",
        {
            **text_context(guide, shown),
            "place": place,
            "map_url": map_url(place),
            "state": place_open_state(place),
            "states": OpenState,
            "week": [(str(WEEKDAYS[day.weekday]), day, day.weekday == today) for day in week or []],
            "section": "places",
            "crumbs": [crumb(links.guide_url(guide.region, guide.language, "place_list"), gettext("Places"))],
        },
        alternates=alternates_for_item(guide, place),
    )
