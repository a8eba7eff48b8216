"""The event calendar: occurrences from today on, one event, and iCalendar files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.core.html import html_to_text
from wegweiser.guide.models import Event, Place
from wegweiser.guide.public_selectors import (
    Guide,
    Shown,
    event_category_list,
    event_get,
    event_list,
    event_occurrence_list,
    shown_get,
    shown_list,
)
from wegweiser.guide.schedule import BERLIN, add_days, event_occurrences, event_rule, today_start
from wegweiser.public import links
from wegweiser.public.guide.base import (
    alternates_for_item,
    alternates_for_view,
    crumb,
    guide_render,
    guide_view,
    text_context,
)

CALENDAR_DAYS = 92  # about three months
DETAIL_OCCURRENCES = 10


@guide_view
def event_list_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    categories = list(event_category_list(region=guide.region))
    wanted = request.GET.get("category", "")
    category = next((c for c in categories if c.slug == wanted), None)
    error = _("This category does not exist. All events are shown.") if wanted and category is None else ""
    start = today_start()
    occurrences = event_occurrence_list(guide, start=start, end=add_days(start, CALENDAR_DAYS), category=category)
    return guide_render(
        request,
        guide,
        "public/guide/event_list.html",
        {
            "occurrences": occurrences,
            "categories": [(c.slug, c.name_in(guide.language.code)) for c in categories],
            "category": category,
            "error": error,
            "section": "events",
        },
        alternates=alternates_for_view(request, guide, "event_list"),
    )


@guide_view
def event_detail_view(request: HttpRequest, guide: Guide, slug: str) -> HttpResponse:
    shown = event_get(guide, slug=slug)
    if shown is None:
        raise Http404
    if shown.slug != slug:
        return HttpResponseRedirect(links.slug_url(guide.region, guide.language, shown.item.kind, shown.slug))
    event = shown.item
    start = today_start()
    place = shown_get(guide, event.location)
    return guide_render(
        request,
        guide,
        "public/guide/event_detail.html",
        {
            **text_context(guide, shown),
            "event": event,
            "occurrences": event_occurrences(event, start=start, end=add_days(start, 366), limit=DETAIL_OCCURRENCES),
            "is_recurring": event_rule(event) is not None,
            "place": place,
            "place_url": links.slug_url(guide.region, guide.language, place.item.kind, place.slug) if place else "",
            "categories": [c.name_in(guide.language.code) for c in event.categories.all()],
            "section": "events",
            "crumbs": [crumb(links.guide_url(guide.region, guide.language, "event_list"), _("Events"))],
        },
        alternates=alternates_for_item(guide, event),
    )


# iCalendar -------------------------------------------------------------------------------


def _berlin_timezone() -> icalendar.Timezone:
    """Europe/Berlin as a rule (valid for every year, unlike a list of transitions)."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Berlin")
    for kind, name, start, month, offset_from, offset_to in [
        (icalendar.TimezoneDaylight, "CEST", datetime(1970, 3, 29, 2, 0), 3, timedelta(hours=1), timedelta(hours=2)),
        (icalendar.TimezoneStandard, "CET", datetime(1970, 10, 25, 3, 0), 10, timedelta(hours=2), timedelta(hours=1)),
    ]:
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Wegweiser//Public guide//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add_component(_berlin_timezone())
    return calendar


def event_uid(event: Event) -> str:
    """Stable per event, whatever the language or text: calendars update instead of duplicating."""
    host = urlsplit(settings.SITE_URL).hostname or "wegweiser"
    return f"event-{event.pk}@{host}"


def _rrule(event: Event) -> icalendar.vRecur | None:
    """The event's rule for the file; a local UNTIL becomes UTC, as RFC 5545 asks with a TZID."""
    if event_rule(event) is None:
        return None
    text = event.recurrence_rule.strip()
    recur: icalendar.vRecur = icalendar.vRecur.from_ical(text[6:] if text.upper().startswith("RRULE:") else text)
    until = recur.get("UNTIL")
    if until and not event.is_all_day:
        value = until[0]
        if not isinstance(value, datetime):
            value = datetime.combine(value, datetime.max.time().replace(microsecond=0))
        if value.tzinfo is None:
            value = value.replace(tzinfo=BERLIN)
        recur["UNTIL"] = [value.astimezone(UTC)]
    return recur


def _location(place: Shown[Place] | None) -> str:
    if place is None:
        return ""
    item = place.item
    town = f"{item.postcode} {item.town}".strip()
    return ", ".join(part for part in [place.text.title, item.street, town] if part)


def _vevent(shown: Shown[Event], url: str, place: Shown[Place] | None) -> icalendar.Event:
    event = shown.item
    text = shown.text
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    start = timezone.localtime(event.starts_at, BERLIN)
    end = timezone.localtime(event.ends_at, BERLIN)
    if event.is_all_day:
        vevent.add("dtstart", start.date())
        vevent.add("dtend", end.date() + timedelta(days=1))
    else:
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
    recur = _rrule(event)
    if recur is not None:
        vevent.add("rrule", recur)
    vevent.add("summary", text.title)
    description = "\n\n".join(part for part in [text.summary, html_to_text(text.body), url] if part)
    vevent.add("description", description)
    vevent.add("url", url)
    if location := _location(place):
        vevent.add("location", location)
    if event.online_url:
        vevent.add("conference", event.online_url, parameters={"value": "URI"})
    return vevent


def _ics_response(calendar: icalendar.Calendar, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@guide_view
def event_ics_view(request: HttpRequest, guide: Guide, slug: str) -> HttpResponse:
    shown = event_get(guide, slug=slug)
    if shown is None:
        raise Http404
    url = links.absolute(links.slug_url(guide.region, guide.language, shown.item.kind, shown.slug))
    calendar = _calendar(f"{shown.text.title} – {guide.region.name}")
    calendar.add_component(_vevent(shown, url, shown_get(guide, shown.item.location)))
    return _ics_response(calendar, f"event-{shown.item.pk}.ics", attachment=True)


@guide_view
def event_feed_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    events = event_list(guide)
    places = {p.item.pk: p for p in shown_list(guide, {e.item.location for e in events if e.item.location})}
    calendar = _calendar(f"Wegweiser {guide.region.name}")
    urls = links.item_urls(region=guide.region, language=guide.language, items=[e.item for e in events])
    for shown in events:
        place = places.get(shown.item.location_id) if shown.item.location_id else None
        if place is not None and place.item.status != place.item.Status.PUBLISHED:
            place = None
        calendar.add_component(_vevent(shown, links.absolute(urls[shown.item.pk]), place))
    return _ics_response(calendar, f"{guide.region.slug}-{guide.language.code}.ics", attachment=False)
