"""The two portals over HTTP: a school's secretary requests, follows, cancels and confirms;
a mediator answers offers on her phone and keeps her times current. Nobody sees another
institution's requests, another mediator's offers, or another region."""

from __future__ import annotations

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    AvailabilitySlot,
    InstitutionMember,
    MediationLanguage,
    Offer,
    Request,
)
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Commune

pytestmark = pytest.mark.django_db


def url(region, rest=""):
    return f"/app/{region.slug}/sprachpool/{rest}"


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def errors_of(html, field):
    """The error texts shown for ``field`` (Django's field group: errors with id ``id_<field>_error``)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def count_requests():
    with scopes_disabled():
        return Request.objects.count()


@pytest.fixture
def secretary(pool):
    return client_for(pool.secretary)


@pytest.fixture
def amira(pool):
    return client_for(pool.amira.user)


@pytest.fixture
def karim(pool):
    return client_for(pool.karim.user)


def request_data(pool, **overrides):
    data = {
        "institution": pool.school.pk,
        "language": pool.arabic.pk,
        "date": pool.at(14).date().isoformat(),
        "time": "18:00",
        "duration_minutes": "90",
        "mode": "on_site",
        "commune": pool.commune("Dietzenbach").pk,
        "address": "Schulstraße 1, Aula",
        "call_details": "",
        "topic": pool.allowed.pk,
        "preferred_gender": "f",
        "contact_name": "Sabine Weber",
        "contact_phone": "06074 1234",
        "notes": "Elternabend der Klasse 5b",
    }
    data.update(overrides)
    return data


# ----------------------------------------------------------------------------- requesting


def test_new_request_form_shows_languages_with_dialects_topics_with_hints_and_the_lead_time(pool, secretary):
    response = secretary.get(url(pool.region, "my/requests/new/"))
    assert response.status_code == 200
    html = response.content.decode()
    with scopes_disabled():
        kurdish, kurmanji, sorani = (MediationLanguage.objects.get(code=c) for c in ("ku", "kmr", "ckb"))
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html.split('name="language"', 1)[1])
    labels = [label for _value, label in options]
    start = labels.index("Kurdish")
    assert options[start : start + 3] == [
        (str(kurdish.pk), "Kurdish"),
        (str(kurmanji.pk), "— Kurmanji"),
        (str(sorani.pk), "— Sorani"),
    ]
    assert labels[0] == "---------"
    assert "Gerichtstermin (not served by the pool: Beeidigte Dolmetscher nötig)" in html
    assert (
        "Requests should reach the office at least 3 working days ahead (Monday to Friday, not on public holidays)."
        in html
    )
    assert 'name="contact_name" value="Sabine Weber"' in html
    # Only one institution: nothing to choose, its name is shown.
    assert f'<input type="hidden" name="institution" value="{pool.school.pk}"' in html
    assert '<strong data-testid="request-institution">Ernst-Reuter-Schule Dietzenbach</strong>' in html


def test_secretary_submits_a_request(pool, secretary):
    response = secretary.post(url(pool.region, "my/requests/new/"), request_data(pool))
    with scopes_disabled():
        created = Request.objects.get()
    assert response.status_code == 302
    assert response.url == url(pool.region, f"my/requests/{created.pk}/")
    assert messages_of(response) == [f"Request {created.number} has been sent to the office."]
    assert (
        created.institution,
        created.requested_by,
        created.language,
        created.starts_at,
        created.duration_minutes,
        created.mode,
        created.commune,
        created.address,
        created.call_details,
        created.topic,
        created.preferred_gender,
        created.contact_name,
        created.contact_phone,
        created.notes,
        created.status,
    ) == (
        pool.school,
        pool.secretary,
        pool.arabic,
        pool.at(14, 18),
        90,
        "on_site",
        pool.commune("Dietzenbach"),
        "Schulstraße 1, Aula",
        "",
        pool.allowed,
        "f",
        "Sabine Weber",
        "06074 1234",
        "Elternabend der Klasse 5b",
        "submitted",
    )


def test_a_call_by_phone_keeps_no_address(pool, secretary):
    data = request_data(pool, mode="phone", call_details="06074 999", address="ignored")
    response = secretary.post(url(pool.region, "my/requests/new/"), data)
    assert response.status_code == 302
    with scopes_disabled():
        created = Request.objects.get()
    assert (created.mode, created.commune, created.address, created.call_details) == ("phone", None, "", "06074 999")


def test_a_request_that_breaks_the_rules_is_sent_with_warnings(pool, secretary):
    data = request_data(pool, date=pool.at(1).date().isoformat(), topic=pool.forbidden.pk, duration_minutes="240")
    response = secretary.post(url(pool.region, "my/requests/new/"), data)
    assert response.status_code == 302
    with scopes_disabled():
        created = Request.objects.get()
    sent, *warnings = messages_of(response)
    assert sent == f"Request {created.number} has been sent to the office."
    assert len(warnings) == 3
    assert re.fullmatch(
        r"Please note: Only [01] working days between the request and the appointment; the rule is 3\.", warnings[0]
    )
    assert warnings[1:] == [
        "Please note: 240 minutes are more than the maximum of 180 minutes.",
        "Please note: The topic “Gerichtstermin” is not served by the pool"
        " (e.g. appointments with legal consequences).",
    ]


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        (lambda pool, other: {"date": pool.at(-1).date().isoformat()}, "date", "The date is in the past."),
        # today, but the hour has passed: the service refuses it
        (
            lambda pool, other: {"date": pool.at(0).date().isoformat(), "time": "00:00"},
            "date",
            "The appointment must be in the future.",
        ),
        (lambda pool, other: {"duration_minutes": "0"}, "duration_minutes", "Choose a duration from the list."),
        (
            lambda pool, other: {"language": "999999"},
            "language",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            lambda pool, other: {"topic": other["topic"].pk},
            "topic",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            lambda pool, other: {"commune": other["commune"].pk},
            "commune",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (lambda pool, other: {"address": ""}, "address", "Enter the commune and address of the appointment."),
        (lambda pool, other: {"mode": "video"}, "call_details", "Enter the phone number or the video link."),
        (lambda pool, other: {"contact_name": ""}, "contact_name", "This field is required."),
        (lambda pool, other: {"time": "25:00"}, "time", "Enter a valid time."),
    ],
    ids=[
        "past-date",
        "past-time",
        "duration-0",
        "unknown-language",
        "topic-of-other-region",
        "commune-of-other-region",
        "no-address",
        "no-call-details",
        "no-contact",
        "bad-time",
    ],
)
def test_bad_input_shows_form_errors_and_saves_nothing(pool, secretary, other_region, change, field, error):
    other_topic = services.topic_save(actor=None, region=other_region, name="Elterngespräch (Schule, Kita)")
    with scopes_disabled():
        other = {"topic": other_topic, "commune": Commune.objects.filter(region=other_region).first()}
    response = secretary.post(url(pool.region, "my/requests/new/"), request_data(pool, **change(pool, other)))
    assert response.status_code == 200
    assert errors_of(response.content.decode(), field) == [error]
    assert count_requests() == 0


def test_another_institutions_id_is_refused(pool, secretary):
    with scopes_disabled():
        other = services.institution_save(actor=None, region=pool.region, name="Kita Sonnenschein", kind="kita")
    response = secretary.post(url(pool.region, "my/requests/new/"), request_data(pool, institution=other.pk))
    assert response.status_code == 200
    assert "Select a valid choice. That choice is not one of the available choices." in response.content.decode()
    assert count_requests() == 0


def test_a_requester_without_institution_is_told_so(pool, member):
    client = client_for(member("requester"))
    response = client.get(url(pool.region, "my/requests/new/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account does not belong to any institution that may request mediators." in html
    assert 'data-testid="request-form"' not in html
    response = client.post(url(pool.region, "my/requests/new/"), request_data(pool))
    assert response.status_code == 200
    assert count_requests() == 0


def test_my_requests_lists_only_my_institutions_upcoming_first(pool, secretary, member):
    later = pool.request(days=20)
    sooner = pool.request(days=10)
    cancelled = pool.request(days=5)
    services.request_cancel(actor=pool.secretary, request=cancelled, reason="Termin verschoben")
    with scopes_disabled():
        kita = services.institution_save(actor=None, region=pool.region, name="Kita Sonnenschein", kind="kita")
        teacher = member("requester", email="kita@example.org")
        InstitutionMember.objects.create(region=pool.region, institution=kita, email=teacher.email, user=teacher)
    foreign = services.request_submit(
        actor=teacher,
        institution=kita,
        language=pool.arabic,
        topic=pool.allowed,
        starts_at=pool.at(7),
        duration_minutes=60,
        mode="phone",
        call_details="06074 1",
        contact_name="Frau Kita",
    )
    response = secretary.get(url(pool.region, "my/requests/"))
    assert response.status_code == 200
    html = response.content.decode()
    upcoming = html.split('data-testid="requests-upcoming"', 1)[1].split("</table>", 1)[0]
    assert [int(pk) for pk in re.findall(r'data-request="(\d+)"', upcoming)] == [cancelled.pk, sooner.pk, later.pk]
    assert re.findall(r'data-status="(\w+)"', upcoming) == ["cancelled", "submitted", "submitted"]
    assert foreign.number not in html
    assert 'href="/app/kreis-offenbach/sprachpool/my/requests/new/"' in html

    assert secretary.get(url(pool.region, f"my/requests/{foreign.pk}/")).status_code == 404
    assert secretary.post(url(pool.region, f"my/requests/{foreign.pk}/cancel/"), {"reason": "x"}).status_code == 404
    assert secretary.post(
        url(pool.region, f"my/requests/{foreign.pk}/confirm/"), {"actual_minutes": 5}
    ).status_code == (404)


def test_request_detail_shows_the_mediator_but_not_her_contact_details(pool, secretary):
    assigned = pool.assigned(days=10, hour=18)
    response = secretary.get(url(pool.region, f"my/requests/{assigned.pk}/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Amira Haddad</strong> interprets Arabic." in html
    assert "amira@example.org" not in html
    assert 'data-status="assigned"' in html
    timeline = html.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<strong>([^<]+)</strong>", timeline) == ["Submitted", "Approved", "Mediator assigned"]
    assert 'data-testid="cancel-submit"' in html
    assert 'data-testid="confirm-submit"' not in html  # not before the appointment


def test_secretary_cancels_with_a_reason(pool, secretary):
    submitted = pool.request(days=10)
    detail = url(pool.region, f"my/requests/{submitted.pk}/")
    response = secretary.post(detail + "cancel/", {"reason": ""})
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "reason") == ["This field is required."]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"

    response = secretary.post(detail + "cancel/", {"reason": "Elternabend fällt aus"})
    assert response.status_code == 302
    assert response.url == detail
    assert messages_of(response) == [f"Request {submitted.number} has been cancelled."]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.cancel_reason) == ("cancelled", "Elternabend fällt aus")
    html = secretary.get(detail).content.decode()
    assert 'data-testid="cancel-submit"' not in html
    assert "Elternabend fällt aus" in html

    response = secretary.post(detail + "cancel/", {"reason": "noch einmal"})
    assert response.status_code == 302
    assert response.url == detail
    assert messages_of(response) == ["This request is now “Cancelled”; someone else changed it meanwhile."]


def _into_the_past(request, days=1):
    """Time cannot pass in a test: move the appointment (and its booking) back ``days``."""
    shift = timedelta(days=days + 30)
    with scopes_disabled():
        Request.objects.filter(pk=request.pk).update(starts_at=request.starts_at - shift)
        for booking in Assignment.objects.filter(request=request):
            Assignment.objects.filter(pk=booking.pk).update(
                starts_at=booking.starts_at - shift,
                ends_at=booking.ends_at - shift,
                blocked_from=booking.blocked_from - shift,
                blocked_until=booking.blocked_until - shift,
            )
    request.refresh_from_db()


def test_secretary_confirms_the_actual_duration_after_the_appointment(pool, secretary):
    assigned = pool.assigned(days=10, hour=18)
    detail = url(pool.region, f"my/requests/{assigned.pk}/")
    response = secretary.post(detail + "confirm/", {"actual_minutes": "90"})
    assert response.status_code == 302
    assert response.url == detail
    assert messages_of(response) == ["The service can be confirmed once the appointment has begun."]

    _into_the_past(assigned)
    list_html = secretary.get(url(pool.region, "my/requests/")).content.decode()
    to_confirm = list_html.split('data-testid="requests-to-confirm"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-request="(\d+)"', to_confirm) == [str(assigned.pk)]
    html = secretary.get(detail).content.decode()
    assert 'name="actual_minutes" value="90"' in html
    assert 'data-testid="cancel-submit"' not in html

    response = secretary.post(detail + "confirm/", {"actual_minutes": "0"})
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "actual_minutes") == [
        "Ensure this value is greater than or equal to 1."
    ]

    response = secretary.post(detail + "confirm/", {"actual_minutes": "75"})
    assert response.status_code == 302
    assert messages_of(response) == [f"Thank you: 75 minutes confirmed for request {assigned.number}."]
    with scopes_disabled():
        booking = Assignment.objects.get(request=assigned)
    assigned.refresh_from_db()
    assert assigned.status == "completed"
    # certified: 17.50 € per started half hour, 3 half hours; Dietzenbach to Dietzenbach: no travel
    assert (booking.actual_minutes, booking.billed_units, booking.total_amount, booking.confirmed_by) == (
        75,
        3,
        Decimal("52.50"),
        pool.secretary,
    )
    html = secretary.get(detail).content.decode()
    assert '<dd data-testid="detail-actual">75 minutes</dd>' in html
    assert 'data-testid="confirm-submit"' not in html


# ----------------------------------------------------------------------------- who may see what


PORTAL_PAGES = ["my/requests/", "my/requests/new/", "me/", "me/availability/"]


@pytest.mark.parametrize("page", PORTAL_PAGES)
@pytest.mark.parametrize("role", ["coordinator", "staff", "editor", "read_only"])
def test_office_roles_are_not_requesters_or_mediators(pool, member, role, page):
    assert client_for(member(role)).get(url(pool.region, page)).status_code == 403


@pytest.mark.parametrize("page", ["me/", "me/availability/"])
def test_a_requester_is_no_mediator(pool, secretary, page):
    assert secretary.get(url(pool.region, page)).status_code == 403


@pytest.mark.parametrize("page", ["my/requests/", "my/requests/new/"])
def test_a_mediator_is_no_requester(pool, amira, page):
    assert amira.get(url(pool.region, page)).status_code == 403


@pytest.mark.parametrize("page", PORTAL_PAGES)
@pytest.mark.parametrize("role", ["requester", "mediator"])
def test_another_regions_people_get_404(pool, member, other_region, role, page):
    assert client_for(member(role, region=other_region)).get(url(pool.region, page)).status_code == 404


def test_a_request_id_of_another_region_is_404(pool, secretary, other_region, member):
    with scopes_disabled():
        theirs = services.institution_save(actor=None, region=other_region, name="Schule am Main", kind="school")
        topic = services.topic_save(actor=None, region=other_region, name="Elternabend")
    foreign = services.request_submit(
        actor=None,
        institution=theirs,
        language=pool.arabic,
        topic=topic,
        starts_at=pool.at(7),
        duration_minutes=60,
        mode="phone",
        call_details="069 1",
        contact_name="Herr Main",
    )
    assert secretary.get(url(pool.region, f"my/requests/{foreign.pk}/")).status_code == 404
    assert secretary.get(url(other_region, f"my/requests/{foreign.pk}/")).status_code == 404


def test_not_signed_in_goes_to_log_in(pool):
    response = Client().get(url(pool.region, "me/"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


# ----------------------------------------------------------------------------- mediators


def offered(pool, *mediators, **kwargs):
    request = pool.approved(**kwargs)
    offers = services.offer_create(actor=pool.coordinator, request=request, mediators=list(mediators))
    return request, offers


def test_mediator_sees_her_offer_without_the_requesters_notes(pool, amira):
    _request, (offer,) = offered(pool, pool.amira, days=10, hour=18, notes="Vater spricht nur Arabisch")
    response = amira.get(url(pool.region, "me/"))
    assert response.status_code == 200
    html = response.content.decode()
    card = html.split(f'data-testid="offer-{offer.pk}"', 1)[1].split("</article>", 1)[0]
    assert "Arabic" in card
    assert "about 90 minutes" in card
    assert "<dd>Dietzenbach</dd>" in card
    assert "<dd>Elterngespräch (Schule, Kita)</dd>" in card
    assert "Vater spricht nur Arabisch" not in html
    assert "Schulstraße" not in html  # the address only once she is booked
    assert '<h2 id="offers-heading">1 open offer</h2>' in html


def test_mediator_accepts_and_sees_what_the_assignment_needs(pool, amira):
    request, (offer,) = offered(pool, pool.amira, days=10, hour=18, contact_phone="06074 555")
    response = amira.post(url(pool.region, f"me/offers/{offer.pk}/accept/"))
    assert response.status_code == 302
    assert response.url == url(pool.region, "me/")
    assert messages_of(response) == [
        f"Thank you! You are booked for {request.number}. The details are under “Your next assignments”."
    ]
    with scopes_disabled():
        booking = Assignment.objects.get(request=request, is_active=True)
        assert Offer.objects.get(pk=offer.pk).status == "accepted"
    assert booking.mediator == pool.amira
    request.refresh_from_db()
    assert request.status == "assigned"

    html = amira.get(url(pool.region, "me/")).content.decode()
    card = html.split(f'data-testid="assignment-{booking.pk}"', 1)[1].split("</article>", 1)[0]
    assert "<dd>Schulstraße 1, Dietzenbach</dd>" in card
    assert '<dd>Frau Weber, <a href="tel:06074 555">06074 555</a></dd>' in card
    assert "<dd>Ernst-Reuter-Schule Dietzenbach</dd>" in card
    assert '<h2 id="offers-heading">0 open offers</h2>' in html


def test_second_mediator_accepting_a_taken_request_is_told_clearly(pool, amira, karim):
    request, (offer_amira, offer_karim) = offered(pool, pool.amira, pool.karim, days=10)
    assert amira.post(url(pool.region, f"me/offers/{offer_amira.pk}/accept/")).status_code == 302
    response = karim.post(url(pool.region, f"me/offers/{offer_karim.pk}/accept/"))
    assert response.status_code == 302
    assert messages_of(response) == ["This offer is no longer open: someone else has taken the appointment."]
    with scopes_disabled():
        assert list(Assignment.objects.filter(request=request).values_list("mediator", flat=True)) == [pool.amira.pk]
    assert f'data-testid="offer-{offer_karim.pk}"' not in karim.get(url(pool.region, "me/")).content.decode()


def test_mediator_declines_with_a_note(pool, amira):
    request, (offer,) = offered(pool, pool.amira, days=10)
    response = amira.post(url(pool.region, f"me/offers/{offer.pk}/decline/"), {"note": "Da bin ich im Urlaub"})
    assert response.status_code == 302
    assert messages_of(response) == [f"You declined {request.number}. Thank you for answering."]
    with scopes_disabled():
        offer = Offer.objects.get(pk=offer.pk)
    assert (offer.status, offer.answer_note) == ("declined", "Da bin ich im Urlaub")
    amira.get(url(pool.region, "me/"))  # the messages above are shown
    response = amira.post(url(pool.region, f"me/offers/{offer.pk}/accept/"))
    assert messages_of(response) == [
        "You have declined this offer already. Please call the office if you can go after all."
    ]
    with scopes_disabled():
        assert not Assignment.objects.filter(request=request).exists()


def test_another_mediators_offer_is_404(pool, karim):
    _request, (offer,) = offered(pool, pool.amira, days=10)
    assert karim.post(url(pool.region, f"me/offers/{offer.pk}/accept/")).status_code == 404
    assert karim.post(url(pool.region, f"me/offers/{offer.pk}/decline/"), {"note": ""}).status_code == 404
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == "open"
    assert karim.get(url(pool.region, f"me/offers/{offer.pk}/accept/")).status_code == 405


def test_past_assignments_show_minutes_and_amount(pool, amira):
    assigned = pool.assigned(days=10, hour=18)
    _into_the_past(assigned)
    html = amira.get(url(pool.region, "me/")).content.decode()
    with scopes_disabled():
        booking = Assignment.objects.get(request=assigned)
    item = html.split(f'data-testid="past-{booking.pk}"', 1)[1].split("</li>", 1)[0]
    assert "awaiting confirmation" in item
    services.request_confirm(actor=pool.secretary, request=assigned, actual_minutes=90)
    html = amira.get(url(pool.region, "me/")).content.decode()
    item = html.split(f'data-testid="past-{booking.pk}"', 1)[1].split("</li>", 1)[0]
    assert "90 min · 52.50 €" in item
    assert f'data-testid="assignment-{booking.pk}"' not in html


def test_a_mediator_account_without_profile_is_told_so(pool, member):
    client = client_for(member("mediator"))
    html = client.get(url(pool.region, "me/")).content.decode()
    assert "Your account is not linked to a mediator profile in this region yet." in html
    assert client.get(url(pool.region, "me/availability/")).status_code == 404


# ----------------------------------------------------------------------------- availability


def slots_of(mediator):
    with scopes_disabled():
        return [(s.weekday, s.starts, s.ends) for s in AvailabilitySlot.objects.filter(mediator=mediator)]


def availability_data(**times):
    """Every field empty except ``times``: {"d0_0": ("08:00", "12:00"), ...}."""
    data = {f"d{day}_{n}_{part}": "" for day in range(7) for n in range(2) for part in ("starts", "ends")}
    for key, (starts, ends) in times.items():
        data[f"{key}_starts"], data[f"{key}_ends"] = starts, ends
    return data


def test_availability_page_shows_her_weekly_times(pool, amira):
    html = amira.get(url(pool.region, "me/availability/")).content.decode()
    assert 'name="d0_0_starts" value="08:00"' in html
    assert 'name="d0_0_ends" value="20:00"' in html
    assert 'name="d0_1_starts" data-testid' in html  # the second row is empty
    assert re.findall(r"<legend>(\w+)</legend>", html) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_mediator_saves_her_weekly_times(pool, amira):
    data = availability_data(d0_0=("08:00", "12:00"), d0_1=("14:00", "18:00"), d5_0=("10:00", "13:00"))
    response = amira.post(url(pool.region, "me/availability/"), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Your usual times are saved."]
    assert slots_of(pool.amira) == [(0, time(8), time(12)), (0, time(14), time(18)), (5, time(10), time(13))]


@pytest.mark.parametrize(
    ("times", "error"),
    [
        ({"d0_0": ("08:00", "12:00"), "d0_1": ("11:00", "14:00")}, "Monday: 08:00–12:00 and 11:00–14:00 overlap."),
        ({"d2_0": ("12:00", "09:00")}, "A time must end after it starts (12:00–09:00)."),
    ],
)
def test_overlapping_or_reversed_times_are_refused(pool, amira, times, error):
    before = slots_of(pool.amira)
    response = amira.post(url(pool.region, "me/availability/"), availability_data(**times))
    assert response.status_code == 200
    errors = response.content.decode().split('data-testid="availability-errors"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", errors) == [error]
    assert slots_of(pool.amira) == before


def test_a_time_with_only_one_end_is_refused(pool, amira):
    before = slots_of(pool.amira)
    response = amira.post(url(pool.region, "me/availability/"), availability_data(d1_0=("09:00", "")))
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "d1_0_ends") == ["Enter when this time ends."]
    assert slots_of(pool.amira) == before


def test_mediator_adds_and_removes_absences(pool, amira, karim):
    first, last = pool.at(20).date(), pool.at(27).date()
    response = amira.post(
        url(pool.region, "me/absences/"),
        {"starts_on": first.isoformat(), "ends_on": last.isoformat(), "note": "Urlaub"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Your absence is saved."]
    with scopes_disabled():
        absence = Absence.objects.get(mediator=pool.amira)
    assert (absence.starts_on, absence.ends_on, absence.note) == (first, last, "Urlaub")

    overlapping = {"starts_on": pool.at(25).date().isoformat(), "ends_on": pool.at(30).date().isoformat()}
    response = amira.post(url(pool.region, "me/absences/"), overlapping)
    assert response.status_code == 200
    errors = response.content.decode().split('data-testid="absence-errors"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", errors) == [f"This overlaps your absence {first:%m/%d/%Y}–{last:%m/%d/%Y}."]
    reversed_days = {"starts_on": pool.at(40).date().isoformat(), "ends_on": pool.at(39).date().isoformat()}
    response = amira.post(url(pool.region, "me/absences/"), reversed_days)
    assert errors_of(response.content.decode(), "ends_on") == ["The absence must end on or after its first day."]
    with scopes_disabled():
        assert Absence.objects.filter(mediator=pool.amira).count() == 1

    assert karim.post(url(pool.region, f"me/absences/{absence.pk}/remove/")).status_code == 404
    response = amira.post(url(pool.region, f"me/absences/{absence.pk}/remove/"))
    assert response.status_code == 302
    assert messages_of(response) == ["The absence is removed."]
    with scopes_disabled():
        assert not Absence.objects.filter(mediator=pool.amira).exists()


def test_times_are_berlin_times(pool, secretary):
    """18:00 on the form is 18:00 in Hessen, whatever the server's clock says."""
    secretary.post(url(pool.region, "my/requests/new/"), request_data(pool))
    with scopes_disabled():
        created = Request.objects.get()
    assert created.starts_at.astimezone(BERLIN).strftime("%H:%M") == "18:00"
