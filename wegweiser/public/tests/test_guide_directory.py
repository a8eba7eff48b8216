"""Offers with their filters, and places with address, map link and opening hours."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote

import pytest
from pytest_django.asserts import assertInHTML

from wegweiser.guide.schedule import BERLIN, OpenState, place_open_state

pytestmark = pytest.mark.django_db

EN = "/kreis-offenbach/en"


def offer_titles(response) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+/offers/[^"]+"[^>]*>([^<]+)</a></h3>', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Familiencafé Dietzenbach", "Integrationskurs Rodgau"]),
        ("?commune=06438011", ["Integrationskurs Rodgau"]),
        ("?kind=family_leisure", ["Familiencafé Dietzenbach"]),
        ("?target_group=women", ["Integrationskurs Rodgau"]),
        ("?language=tr", ["Familiencafé Dietzenbach"]),
        ("?commune=06438001&target_group=families&language=tr", ["Familiencafé Dietzenbach"]),
        ("?commune=06438001&kind=integration_course", []),
    ],
)
def test_offer_filters_combine(client, content, query, expected):
    response = client.get(f"{EN}/offers/{query}")
    assert response.status_code == 200
    assert offer_titles(response) == expected


def test_offer_filter_form_offers_only_values_in_use(client, content):
    page = client.get(f"{EN}/offers/").content.decode()
    assertInHTML(
        """<select name="commune" id="id_commune"><option value="" selected>All</option>
        <option value="06438001">Dietzenbach</option><option value="06438011">Rodgau</option></select>""",
        page,
    )
    assertInHTML('<label for="id_target_group">For whom</label>', page)
    assertInHTML('<option value="ar">العربية</option>', page)


def test_unknown_filter_value_is_reported_not_applied(client, content):
    response = client.get(f"{EN}/offers/?commune=99999999&kind=integration_course")
    assert response.status_code == 200
    assert offer_titles(response) == ["Integrationskurs Rodgau"]
    assertInHTML(
        "<li>Select a valid choice. 99999999 is not one of the available choices.</li>", response.content.decode()
    )


def test_offer_in_arabic_with_details(client, content):
    slug = quote("دورة-الاندماج-في-رودغاو")
    response = client.get(f"/kreis-offenbach/ar/offers/{slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assertInHTML("<h1>دورة الاندماج في رودغاو</h1>", page)
    assertInHTML('<dd lang="de">Volkshochschule Kreis Offenbach</dd>', page)
    assertInHTML('<a href="/kreis-offenbach/ar/places/rathaus-dietzenbach/" lang="de-DE">Rathaus Dietzenbach</a>', page)
    assertInHTML('<span lang="ar">العربية</span>', page)


def test_offer_detail_in_english_falls_back_to_german(client, content):
    response = client.get(f"{EN}/offers/integrationskurs-rodgau/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="not-translated"') == 1
    assertInHTML("<dt>Kind of offer</dt>", page)
    assertInHTML("<dd>Integration course</dd>", page)
    assertInHTML("<dd>Women</dd>", page)


def test_place_with_address_map_link_and_opening_hours(client, content):
    response = client.get(f"{EN}/places/rathaus-dietzenbach/")
    assert response.status_code == 200
    page = response.content.decode()
    assertInHTML(
        '<a href="https://www.openstreetmap.org/?mlat=50.008600&amp;mlon=8.787400#map=18/50.008600/8.787400" '
        'rel="noopener">Show on OpenStreetMap</a>',
        page,
    )
    rows = re.findall(r'<th scope="row">(\w+)</th>\s*<td>(.*?)</td>', page, re.S)
    cleaned = [(day, re.sub(r"<[^>]+>", "", hours)) for day, hours in rows]
    assert cleaned == [
        ("Monday", "08:00–12:00, 14:00–18:00"),
        ("Tuesday", "08:00–12:00"),
        ("Wednesday", "by appointment only"),
        ("Thursday", "open all day"),
        ("Friday", "08:00–12:00"),
        ("Saturday", "closed"),
        ("Sunday", "closed"),
    ]
    assert page.count('aria-current="date"') == 1
    assert page.count('data-testid="open-state"') == 1


def test_temporarily_closed_place(client, content):
    response = client.get(f"{EN}/places/beratungsstelle-rodgau/")
    assertInHTML(
        '<span class="badge temporarily_closed" data-testid="open-state">Temporarily closed</span>',
        response.content.decode(),
    )
    assert "openstreetmap.org/search?query=Rodgau" in response.content.decode()


def test_place_list(client, content):
    page = client.get(f"{EN}/places/").content.decode()
    titles = re.findall(r'<h2><a href="([^"]+)"[^>]*>([^<]+)</a></h2>', page)
    assert titles == [
        (f"{EN}/places/beratungsstelle-rodgau/", "Beratungsstelle Rodgau"),
        (f"{EN}/places/rathaus-dietzenbach/", "Rathaus Dietzenbach"),
    ]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 9, 0), OpenState.OPEN),  # Monday morning
        (datetime(2026, 11, 23, 12, 0), OpenState.CLOSED),  # Monday lunch: the slot ends at 12:00
        (datetime(2026, 11, 23, 17, 59), OpenState.OPEN),
        (datetime(2026, 11, 24, 13, 0), OpenState.CLOSED),  # Tuesday afternoon
        (datetime(2026, 11, 25, 10, 0), OpenState.APPOINTMENT),  # Wednesday
        (datetime(2026, 11, 26, 3, 0), OpenState.OPEN),  # Thursday: all day
        (datetime(2026, 11, 28, 10, 0), OpenState.CLOSED),  # Saturday
        (datetime(2026, 7, 27, 8, 30), OpenState.OPEN),  # Monday in summer time
    ],
)
def test_open_now_in_berlin_time(content, moment, expected):
    assert place_open_state(content.town_hall, at=moment.replace(tzinfo=BERLIN)) == expected


def test_open_state_uses_berlin_time_not_utc(content):
    # 07:30 UTC on a winter Monday is 08:30 in Berlin: open.
    from datetime import UTC

    assert place_open_state(content.town_hall, at=datetime(2026, 11, 23, 7, 30, tzinfo=UTC)) == OpenState.OPEN


def test_overnight_slot_and_unknown_hours(content):
    place = content.town_hall
    place.opening_hours = [{"timeSlots": [{"start": "22:00", "end": "02:00"}]}] + [{"closed": True}] * 6
    assert place_open_state(place, at=datetime(2026, 11, 23, 23, 0, tzinfo=BERLIN)) == OpenState.OPEN
    assert place_open_state(place, at=datetime(2026, 11, 24, 1, 0, tzinfo=BERLIN)) == OpenState.OPEN
    assert place_open_state(place, at=datetime(2026, 11, 24, 2, 0, tzinfo=BERLIN)) == OpenState.CLOSED
    place.opening_hours = []
    assert place_open_state(place, at=datetime(2026, 11, 24, 2, 0, tzinfo=BERLIN)) == OpenState.UNKNOWN
    place.opening_hours = ["nonsense"] * 7
    assert place_open_state(place, at=datetime(2026, 11, 24, 2, 0, tzinfo=BERLIN)) == OpenState.CLOSED


def test_lists_take_a_fixed_number_of_queries(client, content):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wegweiser.guide import services
    from wegweiser.guide.models import Event, Offer, Page, Place
    from wegweiser.guide.schedule import add_days, today_start

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for path in ["/", "/offers/", "/places/", "/events/", "/first-steps/"]:
                assert client.get(f"{EN}{path}").status_code == 200
        return len(queries)

    before = count()
    start = add_days(today_start(), 3).replace(hour=10)
    for n in range(5):
        item = {"actor": None, "region": content.region, "status": "published"}
        services.item_create(
            **item, model=Offer, title=f"Kurs {n}", offer_kind="other", commune=content.offer_cafe.commune
        )
        services.item_create(**item, model=Place, title=f"Ort {n}", town="Rodgau")
        services.item_create(
            **item, model=Event, title=f"Treffen {n}", starts_at=start, ends_at=start + timedelta(hours=1)
        )
        services.item_create(**item, model=Page, title=f"Unterseite {n}", parent=content.start)
    assert count() == before
