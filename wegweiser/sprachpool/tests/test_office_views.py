"""The office's pages over HTTP: who may see and do what (404 for other regions, 403 for other
roles), each decision on a request, and bad input refused with nothing saved."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wegweiser.audit.models import AuditEntry
from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    AvailabilitySlot,
    Institution,
    InstitutionMember,
    MediationLanguage,
    Mediator,
    MediatorDocument,
    Offer,
    PoolSettings,
    Request,
    Topic,
)
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.sprachpool.selectors import month_bounds
from wegweiser.sprachpool.tests.conftest import Pool
from wegweiser.tenancy.models import Commune, Invitation, Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scope")]


def url(pool: Pool, name: str, *args: Any, region: Any = None) -> str:
    return reverse(f"workspace:sprachpool:{name}", args=[(region or pool.region).slug, *args])


def browser(user: Any) -> Client:
    """A client signed in as ``user`` that reads the pages in English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def messages_of(response: Any) -> list[str]:
    with translation.override("en"):
        return [str(m) for m in response.context["messages"]]


def errors_of(response: Any, form: str) -> dict[str, list[str]]:
    """The errors of the form ``form`` of the page's context, in English."""
    with translation.override("en"):
        return {name: [str(e) for e in errors] for name, errors in response.context[form].errors.items()}


def formset_errors(response: Any, formset: str) -> tuple[list[dict[str, list[str]]], list[str]]:
    """Each row's errors and the errors of the whole formset, in English."""
    with translation.override("en"):
        found = response.context[formset]
        rows = [{name: [str(e) for e in errors] for name, errors in row.items()} for row in found.errors]
        return rows, [str(e) for e in found.non_form_errors()]


def today() -> date:
    return timezone.now().astimezone(BERLIN).date()


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# ----------------------------------------------------------------------------- pages and access


def pages(pool: Pool) -> dict[str, str]:
    """Every office page (GET) with the text that shows it rendered."""
    request = pool.request()
    return {
        url(pool, "office_home"): "Sprachpool: requests",
        url(pool, "request_detail", request.pk): f"Request {request.number}",
        url(pool, "request_new"): "Enter a request taken by phone",
        url(pool, "mediator_list"): "Language mediators",
        url(pool, "mediator_new"): "Add a mediator",
        url(pool, "mediator_detail", pool.amira.pk): "Amira Haddad",
        url(pool, "mediator_export", pool.amira.pk): "Amira Haddad",
        url(pool, "institution_list"): "Requesting institutions",
        url(pool, "institution_new"): "Add an institution",
        url(pool, "institution_detail", pool.school.pk): "Ernst-Reuter-Schule Dietzenbach",
        url(pool, "pool_settings"): "Sprachpool: rules, rates and topics",
    }


def writes(pool: Pool) -> list[str]:
    """Every office URL that only takes a POST that changes something."""
    request = pool.request()
    absence = services.absence_add(actor=None, mediator=pool.amira, starts_on=today(), ends_on=today())
    document = services.document_save(
        actor=None, mediator=pool.amira, kind="confidentiality", issued_on=None, expires_on=None
    )
    member = InstitutionMember.objects.get(institution=pool.school)
    return [
        *(
            url(pool, f"request_{action}", request.pk)
            for action in ("approve", "reject", "offer", "assign", "release", "cancel", "unserved", "confirm")
        ),
        url(pool, "request_new"),
        url(pool, "mediator_new"),
        url(pool, "mediator_detail", pool.amira.pk),
        url(pool, "office_mediator_languages", pool.amira.pk),
        url(pool, "office_mediator_availability", pool.amira.pk),
        url(pool, "office_absence_add", pool.amira.pk),
        url(pool, "office_absence_remove", pool.amira.pk, absence.pk),
        url(pool, "office_document_add", pool.amira.pk),
        url(pool, "office_document_edit", pool.amira.pk, document.pk),
        url(pool, "mediator_invite", pool.olena.pk),
        url(pool, "mediator_erase", pool.amira.pk),
        url(pool, "institution_new"),
        url(pool, "institution_detail", pool.school.pk),
        url(pool, "office_institution_member_invite", pool.school.pk),
        url(pool, "office_institution_member_remove", pool.school.pk, member.pk),
        url(pool, "pool_settings"),
        url(pool, "office_topic_add"),
        url(pool, "office_topic_edit", pool.allowed.pk),
    ]


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_every_page_renders_for_the_office(pool: Pool, role: str) -> None:
    client = browser(pool.coordinator if role == "coordinator" else pool.staff)
    for address, text in pages(pool).items():
        response = client.get(address)
        assert response.status_code == 200, address
        assert text in response.content.decode(), address


def test_another_regions_coordinator_gets_404_for_every_page_and_write(
    pool: Pool, other_region: Region, member: Callable[..., Any]
) -> None:
    stranger = browser(member("coordinator", region=other_region))
    mine, theirs = f"/{pool.region.slug}/", f"/{other_region.slug}/"
    for address in pages(pool):
        assert stranger.get(address).status_code == 404, address
        if re.search(r"/\d+/", address):  # their own region's address with this region's ids
            assert stranger.get(address.replace(mine, theirs)).status_code == 404, address
    for address in writes(pool):
        assert stranger.post(address, {}).status_code == 404, address
        if re.search(r"/\d+/", address):
            assert stranger.post(address.replace(mine, theirs), {}).status_code == 404, address
    assert sorted(Request.objects.values_list("status", flat=True)) == ["submitted", "submitted"]  # nothing changed


@pytest.mark.parametrize("role", ["requester", "mediator", "editor"])
def test_other_roles_get_403_for_every_page_and_write(pool: Pool, member: Callable[..., Any], role: str) -> None:
    client = browser(member(role))
    for address in pages(pool):
        assert client.get(address).status_code == 403, address
    for address in writes(pool):
        assert client.post(address, {}).status_code == 403, address


def test_read_only_sees_everything_without_buttons_and_may_not_write(pool: Pool, member: Callable[..., Any]) -> None:
    reader = browser(member("read_only"))
    for address, text in pages(pool).items():
        response = reader.get(address)
        if address.endswith(("/new/", "/export/")):  # forms to add, and personal data
            assert response.status_code == 403, address
            continue
        assert response.status_code == 200, address
        html = response.content.decode()
        assert text in html
        for testid in ("approve", "offer", "reject", "request-new", "mediator-new", "institution-new", "save", "erase"):
            assert f'data-testid="{testid}"' not in html, (address, testid)
    for address in writes(pool):
        assert reader.post(address, {"reason": "x"}).status_code == 403, address
    assert sorted(Request.objects.values_list("status", flat=True)) == ["submitted", "submitted"]


def test_staff_sees_the_rules_but_only_a_coordinator_changes_them(pool: Pool) -> None:
    staff = browser(pool.staff)
    html = staff.get(url(pool, "pool_settings")).content.decode()
    assert "Only a coordinator can change the rules, rates and topics." in html
    assert 'data-testid="save"' not in html
    assert staff.post(url(pool, "pool_settings"), {"lead_time_working_days": "9"}).status_code == 403
    assert staff.post(url(pool, "office_topic_add"), {"topic-new-name": "Neu"}).status_code == 403
    assert PoolSettings.objects.get(region=pool.region).lead_time_working_days == 3


# ----------------------------------------------------------------------------- the inbox


def test_inbox_groups_open_requests_with_offer_answers_and_counts(
    pool: Pool, other_region: Region, member: Callable[..., Any]
) -> None:
    submitted = pool.request(days=10)
    looking = pool.approved(days=11)
    services.offer_create(actor=pool.coordinator, request=looking, mediators=[pool.amira, pool.karim])
    offer = Offer.objects.get(request=looking, mediator=pool.karim)
    services.offer_decline(actor=None, offer=offer, note="Urlaub")
    upcoming = pool.assigned(days=12)
    rejected = pool.request(days=13)
    services.request_reject(actor=pool.coordinator, request=rejected, reason="Zu kurzfristig")
    response = browser(pool.coordinator).get(url(pool, "office_home"))
    inbox = response.context["inbox"]
    assert [(g.key, [r.number for r in g.requests]) for g in inbox.groups] == [
        ("to_check", [submitted.number]),
        ("looking", [looking.number]),
        ("upcoming", [upcoming.number]),
        ("to_confirm", []),
    ]
    assert inbox.counts == {
        "submitted": 1,
        "approved": 1,
        "assigned": 1,
        "completed": 0,
        "rejected": 1,
        "cancelled": 0,
        "unserved": 0,
    }
    html = response.content.decode()
    assert 'Karim Mansour: <span class="st st-missing">Declined</span>' in html
    assert 'Amira Haddad: <span class="st st-outdated">Waiting for an answer</span>' in html
    assert rejected.number not in html


def test_inbox_filters_by_status_language_institution_and_dates(pool: Pool) -> None:
    arabic = pool.request(days=10)
    ukrainian = pool.request(days=12, language=pool.ukrainian)
    dialect = pool.request(days=14, language=MediationLanguage.objects.get(code="apc"))
    other_school = services.institution_save(actor=None, region=pool.region, name="Kita Sonnenschein", kind="kita")
    InstitutionMember.objects.create(
        region=pool.region, institution=other_school, email=pool.secretary.email, user=pool.secretary
    )
    kita = pool.request(days=16, institution=other_school)
    services.request_cancel(actor=pool.coordinator, request=kita, reason="Termin entfällt")
    client = browser(pool.coordinator)

    def numbers(**params: Any) -> list[str]:
        inbox = client.get(url(pool, "office_home"), params).context["inbox"]
        return [r.number for g in inbox.groups for r in g.requests]

    assert numbers() == [arabic.number, ukrainian.number, dialect.number]
    assert numbers(language=pool.arabic.pk) == [arabic.number, dialect.number]  # with its dialects
    assert numbers(language=pool.ukrainian.pk) == [ukrainian.number]
    assert numbers(status="cancelled") == [kita.number]
    assert numbers(status="cancelled", institution=pool.school.pk) == []
    assert numbers(starts_on=pool.at(11).date().isoformat(), ends_on=pool.at(12).date().isoformat()) == [
        ukrainian.number
    ]
    response = client.get(url(pool, "office_home"), {"starts_on": "2030-01-02", "ends_on": "2030-01-01"})
    assert errors_of(response, "filters") == {"ends_on": ["The end date must not be before the start date."]}


def test_inbox_and_mediator_list_take_as_many_queries_for_many_rows_as_for_one(pool: Pool) -> None:
    client = browser(pool.coordinator)
    pool.request(days=10)
    pool.approved(days=11)
    pool.assigned(days=12)

    def queries(address: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    few = (queries(url(pool, "office_home")), queries(url(pool, "mediator_list")))
    for days in (13, 14, 15):
        services.offer_create(actor=pool.coordinator, request=pool.approved(days=days), mediators=[pool.karim])
        pool.assigned(mediator=pool.olena, days=days, language=pool.ukrainian)
    for n in range(3):
        services.mediator_save(
            actor=None,
            region=pool.region,
            full_name=f"Neue Person {n}",
            gender="d",
            home_commune=pool.commune("Rodgau"),
            languages=[(pool.ukrainian, "native", False)],
        )
    assert (queries(url(pool, "office_home")), queries(url(pool, "mediator_list"))) == few


# ----------------------------------------------------------------------------- decisions on a request


def test_request_page_shows_the_rule_issues_and_the_ranked_candidates(pool: Pool) -> None:
    request = pool.request(days=1, topic=pool.forbidden)
    response = browser(pool.coordinator).get(url(pool, "request_detail", request.pk))
    html = response.content.decode()
    assert [i.code for i in response.context["detail"].rule_issues] == ["lead_time", "topic"]
    assert 'data-issue="topic"' in html
    assert "Approve as an exception" in html
    assert [c.name for c in response.context["candidates"]] == ["Amira Haddad", "Karim Mansour"]
    assert "Speaks Arabic (verified, native speaker)" in html
    # The rejection is prefilled with the reasons:
    assert response.context["reject_form"].initial["reason"] == "\n".join(
        i.message for i in response.context["detail"].rule_issues
    )


def test_approve_uses_the_regions_default_funding_and_records_it(pool: Pool) -> None:
    services.pool_settings_update(actor=None, region=pool.region, default_funding="kreis")
    request = pool.request()
    client = browser(pool.staff)
    page = client.get(url(pool, "request_detail", request.pk))
    assert page.context["approve_form"].initial == {"funding_source": "kreis"}
    response = client.post(url(pool, "request_approve", request.pk), {"funding_source": "kreis"}, follow=True)
    assert messages_of(response) == [f"Request {request.number} approved. Now find a mediator."]
    request.refresh_from_db()
    assert (request.status, request.funding_source, request.decided_by) == ("approved", "kreis", pool.staff)


def test_approve_against_the_rules_needs_a_reason(pool: Pool) -> None:
    request = pool.request(topic=pool.forbidden)
    client = browser(pool.coordinator)
    response = client.post(url(pool, "request_approve", request.pk), {"funding_source": "wir"})
    assert response.status_code == 200
    assert errors_of(response, "approve_form")["exception_reason"][0] == (
        "This request breaks the rules. Reject it, or give a reason for an exception."
    )
    request.refresh_from_db()
    assert request.status == "submitted"
    response = client.post(
        url(pool, "request_approve", request.pk),
        {"funding_source": "wir", "exception_reason": "Schulleitung bestätigt: kein Rechtsbezug"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"


def test_approve_with_an_unknown_funding_source_is_a_form_error(pool: Pool) -> None:
    request = pool.request()
    response = browser(pool.coordinator).post(url(pool, "request_approve", request.pk), {"funding_source": "lotto"})
    assert errors_of(response, "approve_form") == {
        "funding_source": ["Select a valid choice. lotto is not one of the available choices."]
    }
    request.refresh_from_db()
    assert request.status == "submitted"


def test_reject_with_a_reason(pool: Pool) -> None:
    request = pool.request()
    client = browser(pool.coordinator)
    response = client.post(url(pool, "request_reject", request.pk), {"reject-reason": ""})
    assert errors_of(response, "reject_form") == {"reason": ["This field is required."]}
    response = client.post(url(pool, "request_reject", request.pk), {"reject-reason": "Gerichtstermin"}, follow=True)
    assert messages_of(response) == [f"Request {request.number} rejected; the requester has been told why."]
    request.refresh_from_db()
    assert (request.status, request.rejection_reason) == ("rejected", "Gerichtstermin")


def test_offer_to_several_mediators_then_one_accepts(pool: Pool) -> None:
    request = pool.approved()
    client = browser(pool.coordinator)
    response = client.post(
        url(pool, "request_offer", request.pk), {"mediators": [pool.amira.pk, pool.karim.pk]}, follow=True
    )
    assert messages_of(response) == ["Asked: Amira Haddad, Karim Mansour."]
    assert sorted(Offer.objects.filter(request=request).values_list("mediator__full_name", "status")) == [
        ("Amira Haddad", "open"),
        ("Karim Mansour", "open"),
    ]
    assert response.context["open_offer_ids"] == {pool.amira.pk, pool.karim.pk}
    assert response.content.decode().count('<span class="st st-outdated">asked</span>') == 2
    services.offer_accept(actor=None, offer=Offer.objects.get(request=request, mediator=pool.karim))
    request.refresh_from_db()
    assert request.status == "assigned"
    assert Offer.objects.get(request=request, mediator=pool.amira).status == "withdrawn"


def test_offer_needs_a_mediator_of_this_region(pool: Pool, other_region: Region) -> None:
    request = pool.approved()
    stranger = services.mediator_save(
        actor=None,
        region=other_region,
        full_name="Fremde Person",
        gender="f",
        languages=[(pool.arabic, "native", True)],
    )
    client = browser(pool.coordinator)
    response = client.post(url(pool, "request_offer", request.pk), {})
    assert errors_of(response, "offer_form") == {"mediators": ["Choose at least one mediator."]}
    response = client.post(url(pool, "request_offer", request.pk), {"mediators": [stranger.pk]})
    assert errors_of(response, "offer_form") == {"mediators": ["Choose only this region's entries."]}
    assert Offer.objects.count() == 0


def test_assign_directly(pool: Pool) -> None:
    request = pool.approved()
    response = browser(pool.coordinator).post(
        url(pool, "request_assign", request.pk), {"mediator": pool.karim.pk}, follow=True
    )
    assert messages_of(response) == [f"Karim Mansour is booked for request {request.number}."]
    request.refresh_from_db()
    assert request.status == "assigned"
    assert list(Assignment.objects.filter(request=request, is_active=True).values_list("mediator", flat=True)) == [
        pool.karim.pk
    ]


def test_assign_a_mediator_booked_at_that_time_is_refused(pool: Pool) -> None:
    pool.assigned(mediator=pool.amira, days=15, hour=10)
    request = pool.approved(days=15, hour=11)
    response = browser(pool.coordinator).post(url(pool, "request_assign", request.pk), {"mediator": pool.amira.pk})
    assert response.status_code == 200
    assert errors_of(response, "assign_form") == {
        "__all__": ["Amira Haddad is already booked at this time (including travel time). Choose another mediator."]
    }
    request.refresh_from_db()
    assert request.status == "approved"


def test_release_puts_the_request_back(pool: Pool) -> None:
    request = pool.assigned()
    response = browser(pool.coordinator).post(
        url(pool, "request_release", request.pk), {"release-reason": "Krank"}, follow=True
    )
    assert messages_of(response) == [f"The booking was released; request {request.number} needs a mediator again."]
    request.refresh_from_db()
    assert request.status == "approved"
    assert Assignment.objects.filter(request=request, is_active=True).count() == 0


def test_cancel_ends_the_booking_and_tells_everyone(pool: Pool) -> None:
    request = pool.assigned()
    client = browser(pool.coordinator)
    response = client.post(url(pool, "request_cancel", request.pk), {"cancel-reason": " "})
    assert errors_of(response, "cancel_form") == {"reason": ["This field is required."]}
    response = client.post(url(pool, "request_cancel", request.pk), {"cancel-reason": "Eltern abgesagt"}, follow=True)
    assert messages_of(response) == [f"Request {request.number} cancelled; everyone concerned has been told."]
    request.refresh_from_db()
    assert (request.status, request.cancel_reason) == ("cancelled", "Eltern abgesagt")
    assert Assignment.objects.get(request=request).is_active is False


def test_record_unserved_with_reason_and_note(pool: Pool) -> None:
    request = pool.approved(language=pool.ukrainian)
    client = browser(pool.coordinator)
    response = client.post(url(pool, "request_unserved", request.pk), {"unserved-reason": "other"})
    assert errors_of(response, "unserved_form") == {"note": ["Describe the reason."]}
    response = client.post(url(pool, "request_unserved", request.pk), {"unserved-reason": "nobody"})
    assert list(errors_of(response, "unserved_form")) == ["reason"]
    request.refresh_from_db()
    assert request.status == "approved"
    response = client.post(
        url(pool, "request_unserved", request.pk),
        {"unserved-reason": "no_time", "unserved-note": "Olena im Urlaub"},
        follow=True,
    )
    assert messages_of(response) == [f"Request {request.number} recorded as not served."]
    request.refresh_from_db()
    assert (request.status, request.unserved_reason, request.unserved_note) == (
        "unserved",
        "no_time",
        "Olena im Urlaub",
    )


def test_a_closed_request_cannot_be_decided_again(pool: Pool) -> None:
    request = pool.request()
    services.request_reject(actor=pool.coordinator, request=request, reason="Nein")
    response = browser(pool.coordinator).post(url(pool, "request_approve", request.pk), {"funding_source": "wir"})
    assert errors_of(response, "approve_form") == {
        "__all__": ["This request is now “Rejected”; someone else changed it meanwhile."]
    }


def test_office_confirms_the_service_with_minutes_and_km(pool: Pool) -> None:
    request = pool.assigned()
    begun = timezone.now() - timedelta(hours=3)
    Request.objects.filter(pk=request.pk).update(starts_at=begun)
    Assignment.objects.filter(request=request).update(
        starts_at=begun,
        ends_at=begun + timedelta(minutes=90),
        blocked_from=begun - timedelta(minutes=30),
        blocked_until=begun + timedelta(minutes=90),
    )
    client = browser(pool.coordinator)
    page = client.get(url(pool, "request_detail", request.pk))
    assert page.context["confirm_form"].initial == {"actual_minutes": 90}
    response = client.post(url(pool, "request_confirm", request.pk), {"actual_minutes": "0"})
    assert errors_of(response, "confirm_form") == {
        "actual_minutes": ["Ensure this value is greater than or equal to 1."]
    }
    response = client.post(
        url(pool, "request_confirm", request.pk), {"actual_minutes": "75", "travel_km": "10"}, follow=True
    )
    # certified, 3 started half hours × 17.50 € + 10 km × 0.30 €
    assert messages_of(response) == [f"Request {request.number} confirmed: 75 minutes, 55.50 € for Amira Haddad."]
    assert 'data-testid="total">55.50 €<' in response.content.decode()
    request.refresh_from_db()
    assignment = Assignment.objects.get(request=request)
    assert request.status == "completed"
    assert (assignment.actual_minutes, assignment.travel_km, assignment.total_amount) == (
        75,
        Decimal("10.0"),
        Decimal("55.50"),
    )


# ----------------------------------------------------------------------------- a request taken by phone


def phone_request(pool: Pool, **overrides: Any) -> dict[str, Any]:
    day = pool.at(20).date()
    data = {
        "institution": pool.school.pk,
        "contact_name": "Herr Yilmaz",
        "contact_phone": "06074 1234",
        "language": pool.ukrainian.pk,
        "day": day.isoformat(),
        "at": "14:30",
        "duration_minutes": "60",
        "mode": "phone",
        "commune": "",
        "address": "",
        "call_details": "06074 98765",
        "topic": pool.allowed.pk,
        "preferred_gender": "f",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_office_enters_a_request_taken_by_phone(pool: Pool) -> None:
    response = browser(pool.staff).post(url(pool, "request_new"), phone_request(pool))
    created = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(pool, "request_detail", created.pk)
    assert (
        created.institution,
        created.language,
        created.starts_at,
        created.duration_minutes,
        created.mode,
        created.call_details,
        created.preferred_gender,
        created.requested_by,
        created.status,
    ) == (
        pool.school,
        pool.ukrainian,
        datetime.combine(pool.at(20).date(), time(14, 30), tzinfo=BERLIN),
        60,
        "phone",
        "06074 98765",
        "f",
        pool.staff,
        "submitted",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"day": "2020-01-06"}, "day", "The date is in the past."),
        ({"language": "999999"}, "language", "Choose a language from the list."),
        ({"duration_minutes": "0"}, "duration_minutes", "Ensure this value is greater than or equal to 15."),
        ({"mode": "on_site"}, "address", "Enter the commune and address of the appointment."),
        ({"mode": "phone", "call_details": ""}, "call_details", "Enter the phone number or the video link."),
    ],
)
def test_bad_phone_requests_are_form_errors_and_nothing_is_saved(
    pool: Pool, change: dict[str, str], field: str, message: str
) -> None:
    response = browser(pool.coordinator).post(url(pool, "request_new"), phone_request(pool, **change))
    assert response.status_code == 200
    assert errors_of(response, "form") == {field: [message]}
    assert Request.objects.count() == 0


def test_a_request_for_another_regions_institution_topic_or_commune_is_refused(
    pool: Pool, other_region: Region
) -> None:
    foreign = services.institution_save(actor=None, region=other_region, name="Stadtschule", kind="school")
    topic = services.topic_save(actor=None, region=other_region, name="Elternabend")
    commune = Commune.objects.filter(region=other_region).order_by("pk")[0]
    response = browser(pool.coordinator).post(
        url(pool, "request_new"),
        phone_request(pool, institution=foreign.pk, topic=topic.pk, mode="on_site", commune=commune.pk, address="X"),
    )
    assert errors_of(response, "form") == {
        "institution": ["Choose one of this region's entries."],
        "topic": ["Choose one of this region's entries."],
        "commune": ["Choose one of this region's entries."],
    }
    assert Request.objects.count() == 0


# ----------------------------------------------------------------------------- mediators


def profile(pool: Pool, **overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": "Dilan Kaya",
        "email": "dilan@example.org",
        "phone": "0151 111",
        "gender": "f",
        "german_level": "C1",
        "tier": "certified",
        "home_commune": pool.commune("Rodgau").pk,
        "communes_served": [pool.commune("Rodgau").pk, pool.commune("Dietzenbach").pk],
        "on_site": "on",
        "by_phone": "on",
        "max_hours_per_month": "15",
        "conflict_notes": "Schwester arbeitet im Jugendamt",
        "notes": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def languages(*rows: tuple[Any, str, bool], initial: int = 0) -> dict[str, Any]:
    data = management("languages", len(rows), initial)
    for i, (language, level, verified) in enumerate(rows):
        data[f"languages-{i}-language"] = str(language)
        data[f"languages-{i}-level"] = level
        if verified:
            data[f"languages-{i}-is_verified"] = "on"
    return data


def test_add_a_mediator_with_languages(pool: Pool) -> None:
    kurmanji = MediationLanguage.objects.get(code="kmr")
    data = {
        **profile(pool),
        **languages((kurmanji.pk, "native", True), (pool.arabic.pk, "B2", False), ("", "native", False)),
    }
    response = browser(pool.coordinator).post(url(pool, "mediator_new"), data)
    created = Mediator.objects.get(full_name="Dilan Kaya")
    assert response.status_code == 302
    assert response["Location"] == url(pool, "mediator_detail", created.pk)
    assert (created.tier, created.german_level, created.max_hours_per_month, created.by_video) == (
        "certified",
        "C1",
        15,
        False,
    )
    assert sorted(c.name for c in created.communes_served.all()) == ["Dietzenbach", "Rodgau"]
    assert sorted(created.languages.values_list("language__code", "level", "is_verified")) == [
        ("ar", "B2", False),
        ("kmr", "native", True),
    ]


def test_a_mediator_with_an_unknown_language_is_not_saved(pool: Pool) -> None:
    data = {**profile(pool), **languages(("999999", "native", True))}
    response = browser(pool.coordinator).post(url(pool, "mediator_new"), data)
    assert response.status_code == 200
    assert formset_errors(response, "languages") == ([{"language": ["Choose a language from the list."]}], [])
    assert not Mediator.objects.filter(full_name="Dilan Kaya").exists()


def test_a_mediator_needs_a_language_and_a_way_of_working(pool: Pool) -> None:
    data = {**profile(pool, on_site="", by_phone=""), **languages()}
    response = browser(pool.coordinator).post(url(pool, "mediator_new"), data)
    assert errors_of(response, "form") == {"on_site": ["Choose at least one way of working."]}
    assert formset_errors(response, "languages") == ([], ["Enter at least one language."])
    assert not Mediator.objects.filter(full_name="Dilan Kaya").exists()


def test_edit_the_profile_and_the_languages(pool: Pool) -> None:
    client = browser(pool.coordinator)
    data = profile(pool, full_name="Amira Haddad-Weiß", email="amira@example.org", tier="sworn")
    response = client.post(url(pool, "mediator_detail", pool.amira.pk), data, follow=True)
    assert messages_of(response) == ["Profile of Amira Haddad-Weiß saved."]
    pool.amira.refresh_from_db()
    assert (pool.amira.full_name, pool.amira.tier) == ("Amira Haddad-Weiß", "sworn")
    existing = list(pool.amira.languages.order_by("language__code"))  # apc, ar
    data = languages(*((ml.language_id, ml.level, ml.is_verified) for ml in existing), initial=2)
    data["languages-0-DELETE"] = "on"  # apc
    data["languages-1-level"] = "C2"
    response = client.post(url(pool, "office_mediator_languages", pool.amira.pk), data, follow=True)
    assert messages_of(response) == ["Languages of Amira Haddad-Weiß saved."]
    assert list(pool.amira.languages.values_list("language__code", "level", "is_verified")) == [("ar", "C2", True)]


def test_the_same_language_twice_is_a_form_error(pool: Pool) -> None:
    data = languages((pool.arabic.pk, "native", True), (pool.arabic.pk, "C1", False))
    response = browser(pool.coordinator).post(url(pool, "office_mediator_languages", pool.karim.pk), data)
    assert formset_errors(response, "languages") == ([{}, {}], ["Each language only once, please."])
    assert list(pool.karim.languages.values_list("language__code", "level")) == [("ar", "C1")]


def slots(*rows: tuple[str, str, str]) -> dict[str, str]:
    data = management("slots", len(rows))
    for i, (weekday, starts, ends) in enumerate(rows):
        data.update({f"slots-{i}-weekday": weekday, f"slots-{i}-starts": starts, f"slots-{i}-ends": ends})
    return data


def test_weekly_availability_is_replaced(pool: Pool) -> None:
    response = browser(pool.coordinator).post(
        url(pool, "office_mediator_availability", pool.olena.pk),
        slots(("0", "08:00", "12:00"), ("0", "14:00", "18:00"), ("", "", "")),
        follow=True,
    )
    assert messages_of(response) == ["Available times of Olena Kovalenko saved."]
    assert list(AvailabilitySlot.objects.filter(mediator=pool.olena).values_list("weekday", "starts", "ends")) == [
        (0, time(8), time(12)),
        (0, time(14), time(18)),
    ]


def test_overlapping_availability_is_a_form_error_and_nothing_is_saved(pool: Pool) -> None:
    before = list(AvailabilitySlot.objects.filter(mediator=pool.olena).values_list("weekday", "starts", "ends"))
    response = browser(pool.coordinator).post(
        url(pool, "office_mediator_availability", pool.olena.pk),
        slots(("2", "09:00", "12:00"), ("2", "11:00", "13:00")),
    )
    assert response.status_code == 200
    assert formset_errors(response, "slots") == ([{}, {}], ["Wednesday: 09:00–12:00 and 11:00–13:00 overlap."])
    assert 'data-testid="availability-errors"' in response.content.decode()
    assert list(AvailabilitySlot.objects.filter(mediator=pool.olena).values_list("weekday", "starts", "ends")) == before
    assert len(before) == 5


def test_availability_that_ends_before_it_starts_is_a_form_error(pool: Pool) -> None:
    response = browser(pool.coordinator).post(
        url(pool, "office_mediator_availability", pool.olena.pk), slots(("1", "12:00", "09:00"))
    )
    assert formset_errors(response, "slots") == ([{"ends": ["The time must end after it starts."]}], [])
    assert AvailabilitySlot.objects.filter(mediator=pool.olena).count() == 5


def test_absences_are_added_checked_and_removed(pool: Pool) -> None:
    client = browser(pool.coordinator)
    first, last = today() + timedelta(days=3), today() + timedelta(days=10)
    response = client.post(
        url(pool, "office_absence_add", pool.karim.pk),
        {"absence-starts_on": last.isoformat(), "absence-ends_on": first.isoformat()},
    )
    assert errors_of(response, "absence_form") == {"ends_on": ["The absence must end on or after its first day."]}
    yesterday = today() - timedelta(days=1)
    response = client.post(
        url(pool, "office_absence_add", pool.karim.pk),
        {"absence-starts_on": yesterday.isoformat(), "absence-ends_on": yesterday.isoformat()},
    )
    assert errors_of(response, "absence_form") == {"ends_on": ["The date is in the past."]}
    assert Absence.objects.count() == 0
    response = client.post(
        url(pool, "office_absence_add", pool.karim.pk),
        {"absence-starts_on": first.isoformat(), "absence-ends_on": last.isoformat(), "absence-note": "Urlaub"},
        follow=True,
    )
    assert messages_of(response) == ["Absence of Karim Mansour entered."]
    absence = Absence.objects.get()
    assert (absence.mediator, absence.starts_on, absence.ends_on, absence.note) == (pool.karim, first, last, "Urlaub")
    assert client.post(url(pool, "office_absence_remove", pool.amira.pk, absence.pk)).status_code == 404
    response = client.post(url(pool, "office_absence_remove", pool.karim.pk, absence.pk), follow=True)
    assert messages_of(response) == ["Absence removed."]
    assert Absence.objects.count() == 0


def test_documents_expiring_soon_are_highlighted_and_can_be_renewed(pool: Pool) -> None:
    client = browser(pool.coordinator)
    soon = today() + timedelta(days=10)
    response = client.post(
        url(pool, "office_document_add", pool.karim.pk),
        {
            "document-kind": "police_certificate",
            "document-issued_on": "2024-01-10",
            "document-expires_on": soon.isoformat(),
        },
        follow=True,
    )
    assert messages_of(response) == ["Document saved."]
    document = MediatorDocument.objects.get(mediator=pool.karim)
    html = response.content.decode()
    assert html.count('data-testid="expiring"') == 1
    assert 'data-testid="expired"' not in html
    later = today() + timedelta(days=400)
    prefix = f"document-{document.pk}"
    response = client.post(
        url(pool, "office_document_edit", pool.karim.pk, document.pk),
        {
            f"{prefix}-kind": "police_certificate",
            f"{prefix}-issued_on": "2025-01-10",
            f"{prefix}-expires_on": "2024-01-01",
        },
    )
    with translation.override("en"):
        errors = dict(response.context["document_forms"][document.pk].errors)
        assert {k: list(v) for k, v in errors.items()} == {
            "expires_on": ["A document cannot expire before it was issued."]
        }
    response = client.post(
        url(pool, "office_document_edit", pool.karim.pk, document.pk),
        {
            f"{prefix}-kind": "police_certificate",
            f"{prefix}-issued_on": "2025-01-10",
            f"{prefix}-expires_on": later.isoformat(),
        },
        follow=True,
    )
    document.refresh_from_db()
    assert (document.issued_on, document.expires_on) == (date(2025, 1, 10), later)
    assert 'data-testid="expiring"' not in response.content.decode()
    assert client.post(url(pool, "office_document_edit", pool.amira.pk, document.pk), {}).status_code == 404


def test_mediator_list_filters_and_shows_hours_this_month(pool: Pool, other_region: Region) -> None:
    request = pool.assigned(mediator=pool.karim)
    start, _end = month_bounds(timezone.now())
    inside = start + timedelta(hours=12)
    Assignment.objects.filter(request=request).update(
        starts_at=inside,
        ends_at=inside + timedelta(minutes=90),
        blocked_from=inside - timedelta(minutes=30),
        blocked_until=inside + timedelta(minutes=90),
    )
    services.mediator_save(
        actor=None,
        region=other_region,
        full_name="Fremde Person",
        gender="f",
        languages=[(pool.arabic, "native", True)],
    )
    client = browser(pool.coordinator)

    def rows(**params: Any) -> list[tuple[str, Decimal]]:
        return [
            (r.mediator.full_name, r.hours_this_month)
            for r in client.get(url(pool, "mediator_list"), params).context["rows"]
        ]

    assert rows() == [
        ("Amira Haddad", Decimal("0.0")),
        ("Karim Mansour", Decimal("1.5")),
        ("Olena Kovalenko", Decimal("0.0")),
    ]
    assert rows(language=MediationLanguage.objects.get(code="apc").pk) == [("Amira Haddad", Decimal("0.0"))]
    assert rows(language=pool.ukrainian.pk) == [("Olena Kovalenko", Decimal("0.0"))]
    assert rows(tier="certified") == [("Amira Haddad", Decimal("0.0"))]
    services.mediator_save(actor=None, region=pool.region, mediator=pool.olena, is_active=False)
    assert rows(active="no") == [("Olena Kovalenko", Decimal("0.0"))]
    assert [name for name, _ in rows(active="yes")] == ["Amira Haddad", "Karim Mansour"]


def test_invite_a_mediator_to_log_in(pool: Pool) -> None:
    client = browser(pool.coordinator)
    response = client.post(url(pool, "mediator_invite", pool.olena.pk), follow=True)
    assert messages_of(response) == ["Invitation sent to olena@example.org."]
    assert list(
        Invitation.objects.filter(region=pool.region, email="olena@example.org").values_list("role", flat=True)
    ) == ["mediator"]
    response = client.post(url(pool, "mediator_invite", pool.amira.pk), follow=True)
    assert messages_of(response) == ["This mediator can already log in."]


def test_export_returns_the_mediators_data_as_json_and_is_audited(pool: Pool) -> None:
    response = browser(pool.coordinator).get(url(pool, "mediator_export", pool.amira.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="sprachpool-mediator-{pool.amira.pk}.json"'
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == "Amira Haddad"
    assert data["profile"]["email"] == "amira@example.org"
    assert sorted(lang["language"] for lang in data["languages"]) == ["Arabic", "Arabic (Levantine, e.g. Syrian)"]
    assert AuditEntry.objects.filter(action="sprachpool.mediator.exported", actor=pool.coordinator).count() == 1


def test_erase_needs_a_confirmation_and_anonymises(pool: Pool) -> None:
    client = browser(pool.coordinator)
    response = client.post(url(pool, "mediator_erase", pool.amira.pk), {})
    assert errors_of(response, "erase_form") == {"confirm": ["Tick the box to confirm the erasure."]}
    pool.amira.refresh_from_db()
    assert pool.amira.erased_at is None
    response = client.post(url(pool, "mediator_erase", pool.amira.pk), {"erase-confirm": "on"}, follow=True)
    assert messages_of(response) == ["The mediator's personal data has been erased."]
    pool.amira.refresh_from_db()
    assert (pool.amira.full_name, pool.amira.email, pool.amira.phone, pool.amira.user, pool.amira.is_active) == (
        f"erased-mediator-{pool.amira.pk}",
        "",
        "",
        None,
        False,
    )
    html = response.content.decode()
    assert 'data-testid="erased"' in html
    assert "Amira" not in html
    assert 'data-testid="erase"' not in html  # nothing left to do
    response = client.post(url(pool, "mediator_erase", pool.amira.pk), {"erase-confirm": "on"})
    assert errors_of(response, "erase_form") == {"__all__": ["This mediator's data has already been erased."]}
    response = client.post(url(pool, "mediator_detail", pool.amira.pk), profile(pool), follow=True)
    assert messages_of(response) == ["This mediator's personal data has been erased; nothing can be changed."]
    pool.amira.refresh_from_db()
    assert pool.amira.full_name == f"erased-mediator-{pool.amira.pk}"


# ----------------------------------------------------------------------------- institutions


def institution_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Kita Regenbogen",
        "kind": "kita",
        "commune": "",
        "address": "",
        "email": "",
        "phone": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_add_and_edit_an_institution(pool: Pool, other_region: Region) -> None:
    client = browser(pool.coordinator)
    rodgau = pool.commune("Rodgau")
    response = client.post(url(pool, "institution_new"), institution_data(commune=rodgau.pk))
    created = Institution.objects.get(name="Kita Regenbogen")
    assert response["Location"] == url(pool, "institution_detail", created.pk)
    assert (created.region, created.kind, created.commune) == (pool.region, "kita", rodgau)
    response = client.post(url(pool, "institution_new"), institution_data(name="kita regenbogen"))
    assert errors_of(response, "form") == {"name": ["There is already an institution with this name."]}
    foreign = Commune.objects.filter(region=other_region).order_by("pk")[0]
    response = client.post(url(pool, "institution_detail", created.pk), institution_data(commune=foreign.pk))
    assert errors_of(response, "form") == {"commune": ["Choose one of this region's entries."]}
    response = client.post(url(pool, "institution_detail", created.pk), institution_data(is_active=""), follow=True)
    assert messages_of(response) == ["Kita Regenbogen saved."]
    created.refresh_from_db()
    assert created.is_active is False


def test_invite_and_remove_people_who_request(pool: Pool) -> None:
    client = browser(pool.coordinator)
    address = url(pool, "office_institution_member_invite", pool.school.pk)
    response = client.post(address, {"invite-email": "kein-mail"})
    assert errors_of(response, "invite_form") == {"email": ["Enter a valid email address."]}
    response = client.post(address, {"invite-email": "Leitung@Schule.example"}, follow=True)
    assert messages_of(response) == ["Invitation sent to leitung@schule.example."]
    member = InstitutionMember.objects.get(email="leitung@schule.example")
    assert (member.institution, member.user) == (pool.school, None)
    assert Invitation.objects.filter(email="leitung@schule.example", role="requester").count() == 1
    response = client.post(address, {"invite-email": "leitung@schule.example"})
    assert errors_of(response, "invite_form") == {"email": ["This person can already request for this institution."]}
    response = client.post(url(pool, "office_institution_member_remove", pool.school.pk, member.pk), follow=True)
    assert messages_of(response) == ["leitung@schule.example can no longer request for this institution."]
    assert list(InstitutionMember.objects.filter(institution=pool.school).values_list("email", flat=True)) == [
        pool.secretary.email
    ]


def test_institution_list_shows_this_regions_institutions_only(pool: Pool, other_region: Region) -> None:
    services.institution_save(actor=None, region=other_region, name="Stadtschule Offenbach", kind="school")
    pool.request()
    response = browser(pool.staff).get(url(pool, "institution_list"))
    assert [(i.name, i.member_count, i.open_request_count) for i in response.context["institutions"]] == [
        ("Ernst-Reuter-Schule Dietzenbach", 1, 1)
    ]
    assert "Stadtschule Offenbach" not in response.content.decode()


# ----------------------------------------------------------------------------- settings


def settings_data(**overrides: Any) -> dict[str, str]:
    data = {
        "lead_time_working_days": "5",
        "max_duration_minutes": "120",
        "travel_buffer_minutes": "45",
        "billing_unit": "hour",
        "rate_trained": "13.00",
        "rate_certified": "18.00",
        "rate_sworn": "31.50",
        "travel_billing": "flat",
        "travel_rate_per_km": "0.30",
        "travel_flat": "6.00",
        "default_funding": "kreis",
        "document_reminder_days": "60",
    }
    data.update(overrides)
    return data


def test_coordinator_changes_the_rules_and_rates(pool: Pool) -> None:
    client = browser(pool.coordinator)
    response = client.post(url(pool, "pool_settings"), settings_data(lead_time_working_days="31"))
    assert errors_of(response, "form") == {"lead_time_working_days": ["Ensure this value is less than or equal to 30."]}
    assert PoolSettings.objects.get(region=pool.region).lead_time_working_days == 3
    response = client.post(url(pool, "pool_settings"), settings_data(), follow=True)
    assert messages_of(response) == ["Rules and rates saved."]
    saved = PoolSettings.objects.get(region=pool.region)
    assert (
        saved.lead_time_working_days,
        saved.billing_unit,
        saved.rate_sworn,
        saved.travel_flat,
        saved.default_funding,
    ) == (
        5,
        "hour",
        Decimal("31.50"),
        Decimal("6.00"),
        "kreis",
    )


def test_coordinator_adds_and_edits_topics(pool: Pool) -> None:
    client = browser(pool.coordinator)
    response = client.post(
        url(pool, "office_topic_add"),
        {"topic-new-name": "Asylverfahren", "topic-new-hint": "BAMF-Anhörung"},
        follow=True,
    )
    assert messages_of(response) == ["Topic “Asylverfahren” saved."]
    created = Topic.objects.get(region=pool.region, name="Asylverfahren")
    assert (created.is_allowed, created.hint) == (False, "BAMF-Anhörung")
    response = client.post(
        url(pool, "office_topic_add"), {"topic-new-name": "gerichtstermin", "topic-new-is_allowed": "on"}
    )
    assert errors_of(response, "new_topic_form") == {"name": ["There is already a topic with this name."]}
    prefix = f"topic-{pool.forbidden.pk}"
    response = client.post(
        url(pool, "office_topic_edit", pool.forbidden.pk),
        {f"{prefix}-name": "Gerichtstermin", f"{prefix}-is_allowed": "on", f"{prefix}-hint": ""},
        follow=True,
    )
    pool.forbidden.refresh_from_db()
    assert (pool.forbidden.is_allowed, pool.forbidden.hint) == (True, "")


def test_a_large_pool_lists_the_best_candidates_and_the_rest_on_demand(pool: Pool) -> None:
    from wegweiser.sprachpool.tests.conftest import mediator_make

    for n in range(28):
        mediator_make(
            pool.region,
            name=f"Arabisch {n:02d}",
            email=f"ar{n}@example.org",
            gender="m",
            tier="trained",
            home="Rodgau",
            languages=[("ar", "B2", False)],
        )
    request = pool.approved(days=14)
    client = browser(pool.coordinator)
    response = client.get(url(pool, "request_detail", request.pk))
    shown = response.context["candidates"]
    assert (len(shown), response.context["candidates_hidden"]) == (25, 5)
    assert shown[0].name == "Amira Haddad"
    assert "Show 5 more" in response.content.decode()
    everyone = client.get(url(pool, "request_detail", request.pk) + "?all=1").context["candidates"]
    assert len(everyone) == 30
    assert {c.name for c in everyone} - {c.name for c in shown} == {c.name for c in everyone[25:]}
