"""The weekly matching page: the proposal for next week's approved requests, adjusted and
confirmed by the coordinator; the database still refuses a double booking row by row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from wegweiser.sprachpool.models import Assignment, Request

pytestmark = pytest.mark.django_db
URL = "/app/kreis-offenbach/sprachpool/week/"


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.cookies["wegweiser_language"] = "en"


def next_monday(pool) -> int:
    """Days from today to next week's Monday."""
    today = pool.at(0).date()
    return 7 - today.weekday()


def test_the_proposal_serves_every_request_it_can_and_confirming_books_them(client, pool):
    monday = next_monday(pool) + 14  # two weeks on: beyond the lead time
    parents_evening = pool.approved(days=monday, hour=18)
    morning = pool.approved(days=monday + 1, hour=9, minutes=60)
    ukrainian = pool.approved(days=monday + 2, hour=10, language=pool.ukrainian)
    week = pool.at(monday).date()
    client.force_login(pool.coordinator)
    response = client.get(URL, {"week": f"{week + timedelta(days=2):%Y-%m-%d}"})  # any day of the week
    assert response.status_code == 200
    assert response.context["week"] == week
    rows = {row.request.pk: row for row in response.context["rows"]}
    assert set(rows) == {parents_evening.pk, morning.pk, ukrainian.pk}
    # Amira (certified, verified, lives in Dietzenbach) fits the Arabic requests best; Olena the Ukrainian one.
    assert rows[parents_evening.pk].proposed == pool.amira.pk
    assert rows[morning.pk].proposed == pool.amira.pk
    assert rows[ukrainian.pk].proposed == pool.olena.pk
    assert [o.name for o in rows[morning.pk].options] == ["Amira Haddad", "Karim Mansour"]

    # The coordinator gives the morning to Karim instead, and confirms.
    response = client.post(
        URL + "confirm/",
        {
            "week": f"{week:%Y-%m-%d}",
            "request": [parents_evening.pk, morning.pk, ukrainian.pk],
            f"mediator_{parents_evening.pk}": pool.amira.pk,
            f"mediator_{morning.pk}": pool.karim.pk,
            f"mediator_{ukrainian.pk}": pool.olena.pk,
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["3 requests assigned."]
    with scopes_disabled():
        booked = dict(Assignment.objects.filter(is_active=True).values_list("request_id", "mediator_id"))
        statuses = set(Request.objects.values_list("status", flat=True))
    assert booked == {parents_evening.pk: pool.amira.pk, morning.pk: pool.karim.pk, ukrainian.pk: pool.olena.pk}
    assert statuses == {"assigned"}


def test_an_adjustment_that_double_books_is_refused_for_that_row_only(client, pool):
    monday = next_monday(pool) + 14
    first = pool.approved(days=monday, hour=10)
    overlapping = pool.approved(days=monday, hour=11, minutes=60)
    client.force_login(pool.coordinator)
    response = client.post(
        URL + "confirm/",
        {
            "week": f"{pool.at(monday).date():%Y-%m-%d}",
            "request": [first.pk, overlapping.pk],
            f"mediator_{first.pk}": pool.amira.pk,
            f"mediator_{overlapping.pk}": pool.amira.pk,
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 request assigned.",
        f"{overlapping.number}: Amira Haddad is already booked at this time (including travel time). "
        "Choose another mediator.",
    ]
    overlapping.refresh_from_db()
    assert overlapping.status == "approved"


def test_a_request_nobody_can_take_may_be_recorded_as_not_served(client, pool):
    from wegweiser.sprachpool.models import MediationLanguage

    monday = next_monday(pool) + 14
    tigrinya = pool.approved(days=monday, hour=10, language=MediationLanguage.objects.get(code="ti"))
    client.force_login(pool.coordinator)
    (row,) = client.get(URL, {"week": f"{pool.at(monday).date():%Y-%m-%d}"}).context["rows"]
    assert (row.proposed, row.unserved_code, row.options) == (None, "no_language", [])
    client.post(
        URL + "confirm/",
        {
            "week": f"{pool.at(monday).date():%Y-%m-%d}",
            "request": [tigrinya.pk],
            f"unserved_{tigrinya.pk}": "no_language",
        },
    )
    tigrinya.refresh_from_db()
    assert (tigrinya.status, tigrinya.unserved_reason) == ("unserved", "no_language")


def test_a_bad_week_shows_next_week_with_a_message(client, pool):
    client.force_login(pool.coordinator)
    response = client.get(URL, {"week": "nächste Woche"})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Choose a week by one of its days (e.g. 2026-11-23)."]
    assert response.context["week"] == pool.at(next_monday(pool)).date()


@pytest.mark.parametrize("role", ["read_only", "requester", "mediator", "editor"])
def test_only_the_office_matches(client, pool, member, role):
    client.force_login(member(role, language="en"))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "confirm/", {"week": "2026-11-23"}).status_code == 403


def test_another_regions_coordinator_sees_nothing(client, pool, member, other_region):
    request = pool.approved(days=next_monday(pool) + 14)
    client.force_login(member("coordinator", region=other_region))
    assert client.get(URL).status_code == 404
    response = client.post(
        "/app/offenbach-am-main/sprachpool/week/confirm/",
        {"week": "2026-11-23", "request": [request.pk], f"mediator_{request.pk}": pool.amira.pk},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
