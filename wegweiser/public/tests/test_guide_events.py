"""The event calendar, recurring events across the change to summer time, and iCalendar."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import icalendar
import pytest
from django.utils import translation
from django.utils.formats import date_format
from pytest_django.asserts import assertInHTML

from wegweiser.guide import services
from wegweiser.guide.models import Event
from wegweiser.guide.schedule import BERLIN, add_days, event_occurrences, today_start
from wegweiser.public.tests.guide_content import lang

pytestmark = pytest.mark.django_db

EN = "/kreis-offenbach/en"


def event_links(response) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+/events/[^"]+"[^>]*>([^<]+)</a></h3>', response.content.decode())


def test_calendar_lists_occurrences_of_the_next_three_months(client, content):
    response = client.get(f"{EN}/events/")
    assert response.status_code == 200
    titles = event_links(response)
    # The weekly café began two weeks ago: its 30 dates leave 28 from today on, 14 within 92 days.
    assert titles.count("Sprachcafé") == 14
    assert titles.count("Fest der Kulturen") == 1
    assert "Geheimes Treffen" not in response.content.decode()
    day = add_days(today_start(), 10).replace(hour=14)
    with translation.override("en"):
        label = f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}, 14:00"
    assertInHTML(f'<time datetime="{day.isoformat()}">{label}</time>', response.content.decode())


def test_category_filter(client, content):
    response = client.get(f"{EN}/events/?category=sprache")
    assert set(event_links(response)) == {"Sprachcafé"}
    assertInHTML('<option value="sprache" selected>Language</option>', response.content.decode())
    unknown = client.get(f"{EN}/events/?category=nichts")
    assert unknown.status_code == 200
    assert set(event_links(unknown)) == {"Sprachcafé", "Fest der Kulturen"}
    assertInHTML(
        '<p class="notice error" role="alert">This category does not exist. All events are shown.</p>',
        unknown.content.decode(),
    )


def test_event_detail_shows_next_dates(client, content):
    response = client.get(f"{EN}/events/{'sprachcaf%C3%A9'}/")
    assert response.status_code == 200
    page = response.content.decode()
    dates = re.findall(r'<li><time datetime="([^"]+)"', page)
    # Began two weeks ago, weekly: today's is the first of the next ten dates.
    assert dates == [add_days(today_start(), 7 * n).replace(hour=18).isoformat() for n in range(10)]
    assertInHTML(
        '<a class="button" href="/kreis-offenbach/en/events/sprachcaf%C3%A9.ics" download>'
        "Add to my calendar (iCal)</a>",
        page,
    )


def test_weekly_event_keeps_its_local_time_across_summer_time():
    event = Event(
        starts_at=datetime(2026, 3, 17, 18, 0, tzinfo=BERLIN),
        ends_at=datetime(2026, 3, 17, 20, 0, tzinfo=BERLIN),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU;COUNT=4",
    )
    found = event_occurrences(event, start=datetime(2026, 3, 1, tzinfo=BERLIN), end=datetime(2026, 5, 1, tzinfo=BERLIN))
    assert [(o.starts_at.isoformat(), o.ends_at.isoformat()) for o in found] == [
        ("2026-03-17T18:00:00+01:00", "2026-03-17T20:00:00+01:00"),
        ("2026-03-24T18:00:00+01:00", "2026-03-24T20:00:00+01:00"),
        ("2026-03-31T18:00:00+02:00", "2026-03-31T20:00:00+02:00"),
        ("2026-04-07T18:00:00+02:00", "2026-04-07T20:00:00+02:00"),
    ]


def test_occurrence_window_local_until_and_bad_rules():
    def starts(rule: str, start: datetime, end: datetime) -> list[str]:
        event = Event(
            starts_at=datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN),
            ends_at=datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN),
            recurrence_rule=rule,
        )
        return [o.starts_at.date().isoformat() for o in event_occurrences(event, start=start, end=end)]

    jan = datetime(2026, 1, 1, tzinfo=BERLIN)
    assert starts("FREQ=DAILY;UNTIL=20260107T090000", jan, add_days(jan, 30)) == [
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
    ]
    # Overlap, not start: an occurrence running at the window's start counts.
    assert starts("", datetime(2026, 1, 5, 9, 30, tzinfo=BERLIN), add_days(jan, 30)) == ["2026-01-05"]
    assert starts("FREQ=WEEKLY", datetime(2026, 1, 20, tzinfo=BERLIN), datetime(2026, 2, 1, tzinfo=BERLIN)) == [
        "2026-01-26"
    ]
    # Unparseable, or more often than daily: the event happens once.
    assert starts("FREQ=NONSENSE", jan, add_days(jan, 30)) == ["2026-01-05"]
    assert starts("FREQ=MINUTELY", jan, add_days(jan, 30)) == ["2026-01-05"]


def test_event_ics_has_timezone_rule_and_stable_uid(client, content):
    response = client.get(f"{EN}/events/{'sprachcaf%C3%A9'}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="event-{content.language_cafe.pk}.ics"'
    text = response.content.decode()
    start = (today_start() - timedelta(days=14)).replace(hour=18)
    assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT180000}" in text
    assert f"DTEND;TZID=Europe/Berlin:{start:%Y%m%dT200000}" in text
    assert "RRULE:FREQ=WEEKLY;COUNT=30" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in text
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{content.language_cafe.pk}@127.0.0.1"
    assert str(vevent["SUMMARY"]) == "Sprachcafé"
    assert str(vevent["LOCATION"]) == "Rathaus Dietzenbach, Europaplatz 1, 63128 Dietzenbach"
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000{EN}/events/sprachcaf%C3%A9/"
    # The same event in another language keeps its UID; a new text does not change it.
    services.text_save(actor=None, item=content.language_cafe, language=lang("en"), title="Language café")
    english = icalendar.Calendar.from_ical(client.get(f"{EN}/events/language-caf%C3%A9.ics").content)
    (vevent_en,) = english.walk("VEVENT")
    assert str(vevent_en["UID"]) == str(vevent["UID"])
    assert str(vevent_en["SUMMARY"]) == "Language café"


def test_feed_has_every_published_event(client, content):
    response = client.get(f"{EN}/events/feed.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="kreis-offenbach-en.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["Fest der Kulturen", "Sprachcafé"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"


def test_local_until_becomes_utc_in_the_file(client, content):
    services.item_update(actor=None, item=content.festival, recurrence_rule="FREQ=DAILY;UNTIL=20300101T140000")
    text = client.get(f"{EN}/events/fest-der-kulturen.ics").content.decode()
    assert "RRULE:FREQ=DAILY;UNTIL=20300101T130000Z" in text
