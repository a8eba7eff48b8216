"""The Sprachpool's services: a request's way from submission to pay, the region's rules,
bad input refused with nothing saved, who may do what, and the mediator's personal data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from wegweiser.audit.models import AuditEntry
from wegweiser.notifications.models import Notification
from wegweiser.sprachpool import rules, services
from wegweiser.sprachpool.models import Assignment, MediationLanguage, Mediator, Offer, PoolSettings, Request, Topic
from wegweiser.sprachpool.rules import BERLIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scope")]


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


# ----------------------------------------------------------------------------- rules


def test_working_days_skip_weekends_and_hessian_holidays():
    # Thu 2 Apr 2026 → Tue 7 Apr: Good Friday (3rd) and Easter Monday (6th) are holidays in Hessen.
    assert rules.working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    # Corpus Christi (4 Jun 2026) is a holiday in Hessen; Wed 3 → Mon 8 June: Fri 5 and Mon 8.
    assert rules.working_days_between(date(2026, 6, 3), date(2026, 6, 8)) == 2
    assert rules.working_days_between(date(2026, 6, 8), date(2026, 6, 8)) == 0
    assert rules.is_working_day(date(2026, 10, 3)) is False  # German Unity Day (a Saturday anyway)
    assert rules.is_working_day(date(2026, 12, 24)) is True  # Christmas Eve is not a public holiday


def test_distance_between_communes_is_road_estimate(pool):
    dietzenbach, seligenstadt = pool.commune("Dietzenbach"), pool.commune("Seligenstadt")
    assert rules.distance_km(dietzenbach, dietzenbach) == 0.0
    assert round(rules.distance_km(dietzenbach, seligenstadt), 1) == 19.0
    assert rules.distance_km(dietzenbach, None) is None


@pytest.mark.parametrize(
    ("unit", "travel", "minutes", "km", "expected"),
    [
        ("half_hour", "per_km", 90, Decimal("24.0"), ("3", "52.50", "7.20", "59.70")),
        ("half_hour", "per_km", 91, Decimal("24.0"), ("4", "70.00", "7.20", "77.20")),  # a started half hour
        ("hour", "flat", 61, None, ("2", "35.00", "5.00", "40.00")),
        ("hour", "none", 30, Decimal("10"), ("1", "17.50", "0.00", "17.50")),
    ],
)
def test_compensation_per_started_unit_exact_to_the_cent(pool, unit, travel, minutes, km, expected):
    settings = PoolSettings(region=pool.region, billing_unit=unit, travel_billing=travel)
    pay = rules.compensation(pool=settings, tier="certified", minutes=minutes, mode="on_site", travel_km=km)
    assert (str(pay.units), str(pay.fee), str(pay.travel), str(pay.total)) == expected


def test_no_travel_costs_by_phone(pool):
    settings = PoolSettings(region=pool.region, travel_billing="flat")
    pay = rules.compensation(pool=settings, tier="sworn", minutes=45, mode="phone", travel_km=Decimal("20"))
    assert (pay.units, pay.fee, pay.travel, pay.travel_km, pay.total) == (
        2,
        Decimal("60.00"),
        Decimal("0.00"),
        None,
        Decimal("60.00"),
    )


# ----------------------------------------------------------------------------- the whole way


def test_request_from_submission_to_pay(pool, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = pool.request(days=14, hour=18)
    assert (request.number, request.status, request.requested_by) == (
        f"{request.starts_at.astimezone(BERLIN).year}-0001",
        "submitted",
        pool.secretary,
    )
    assert titles(pool.coordinator) == [
        f"New request {request.number}: Arabic on {request.starts_at.astimezone(BERLIN):%d.%m.%Y} 18:00"
    ]
    assert [m.to for m in mail.outbox] == [[pool.coordinator.email], [pool.staff.email]]

    services.request_approve(actor=pool.coordinator, request=request, funding_source="wir")
    offers = services.offer_create(actor=pool.coordinator, request=request, mediators=[pool.amira, pool.karim])
    assert [o.status for o in offers] == ["open", "open"]
    assert titles(pool.amira.user)[-1].startswith("Can you interpret Arabic on ")

    services.offer_decline(actor=pool.karim.user, offer=offers[1], note="Elternabend bei meinen Kindern")
    assignment = services.offer_accept(actor=pool.amira.user, offer=offers[0])
    request.refresh_from_db()
    assert (request.status, assignment.mediator, assignment.funding_source) == ("assigned", pool.amira, "wir")
    assert titles(pool.secretary)[-1].startswith(f"Mediator found for {request.number} (Arabic, ")
    assert titles(pool.coordinator)[-2:] == [
        f"Karim Mansour declined request {request.number}",
        f"Amira Haddad accepted request {request.number}",
    ]

    after = request.starts_at + timedelta(hours=2)
    confirmed = services.request_confirm(actor=pool.secretary, request=request, actual_minutes=90, now=after)
    request.refresh_from_db()
    assert request.status == "completed"
    # certified: 17.50 € per started half hour; on site in her own commune: 0 km.
    assert (confirmed.billed_units, confirmed.fee_amount, confirmed.travel_km, confirmed.total_amount) == (
        3,
        Decimal("52.50"),
        Decimal("0.0"),
        Decimal("52.50"),
    )
    actions = list(
        AuditEntry.objects.filter(target_type="sprachpool.request", target_id=str(request.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "sprachpool.request.submitted",
        "sprachpool.request.approved",
        "sprachpool.offer.created",
        "sprachpool.offer.declined",
        "sprachpool.offer.accepted",
        "sprachpool.request.confirmed",
    ]


def test_travel_defaults_to_the_estimated_way_there_and_back(pool):
    request = pool.assigned(pool.karim, days=14)  # Karim lives in Seligenstadt, the school is in Dietzenbach
    assignment = services.request_confirm(
        actor=pool.coordinator, request=request, actual_minutes=60, now=request.starts_at + timedelta(hours=1)
    )
    # trained: 12.50 € per half hour × 2; 2 × 19.04 km ≈ 38.1 km × 0.30 €/km = 11.43 €
    assert (assignment.travel_km, assignment.fee_amount, assignment.travel_amount, assignment.total_amount) == (
        Decimal("38.1"),
        Decimal("25.00"),
        Decimal("11.43"),
        Decimal("36.43"),
    )


def test_first_to_accept_is_booked_the_others_are_told(pool):
    request = pool.approved()
    amira_offer, karim_offer = services.offer_create(
        actor=pool.coordinator, request=request, mediators=[pool.amira, pool.karim]
    )
    services.offer_accept(actor=pool.karim.user, offer=karim_offer)
    with pytest.raises(ValidationError) as error:
        services.offer_accept(actor=pool.amira.user, offer=amira_offer)
    assert error.value.messages == ["This offer is no longer open: someone else has taken the appointment."]
    amira_offer.refresh_from_db()
    assert amira_offer.status == "withdrawn"
    assert titles(pool.amira.user)[-1].startswith("No longer needed: Arabic on ")


def test_a_mediator_booked_elsewhere_cannot_accept_an_overlapping_offer(pool):
    pool.assigned(pool.amira, days=14, hour=10)
    request = pool.approved(days=14, hour=11, minutes=30)
    (offer,) = services.offer_create(actor=pool.coordinator, request=request, mediators=[pool.amira])
    with pytest.raises(ValidationError) as error:
        services.offer_accept(actor=pool.amira.user, offer=offer)
    assert error.value.messages == [
        "Amira Haddad is already booked at this time (including travel time). Choose another mediator."
    ]
    offer.refresh_from_db()
    request.refresh_from_db()
    assert (offer.status, request.status) == ("open", "approved")  # nothing half-written


def test_travel_buffer_applies_before_appointments_on_site_only(pool):
    pool.assigned(pool.amira, days=14, hour=10)  # on site 10:00–11:30
    phone_call = pool.approved(
        days=14, hour=11, minutes=30, mode="phone", commune=None, address="", call_details="06074 12345"
    )
    with pytest.raises(ValidationError):  # 11:00 overlaps the appointment itself
        services.assignment_create(actor=pool.coordinator, request=phone_call, mediator=pool.amira)
    phone_call = pool.approved(
        days=14, hour=12, minutes=30, mode="phone", commune=None, address="", call_details="06074 12345"
    )
    services.assignment_create(actor=pool.coordinator, request=phone_call, mediator=pool.amira)  # 12:00–12:30
    too_close = pool.approved(days=14, starts_at=pool.at(14, 12, 45), minutes=60)  # on site: would leave 15 min
    with pytest.raises(ValidationError):
        services.assignment_create(actor=pool.coordinator, request=too_close, mediator=pool.amira)
    in_time = pool.approved(days=14, starts_at=pool.at(14, 13, 0), minutes=60)  # on site: 30 min to get there
    services.assignment_create(actor=pool.coordinator, request=in_time, mediator=pool.amira)
    with scopes_disabled():
        assert Assignment.objects.filter(mediator=pool.amira, is_active=True).count() == 3


def test_cancellation_tells_everyone_concerned(pool):
    request = pool.assigned(pool.amira)
    services.offer_create(actor=pool.coordinator, request=pool.approved(days=20), mediators=[pool.karim])
    services.request_cancel(actor=pool.secretary, request=request, reason="Elternabend fällt aus")
    request.refresh_from_db()
    assert (request.status, request.cancel_reason) == ("cancelled", "Elternabend fällt aus")
    with scopes_disabled():
        assert Assignment.objects.get(request=request).is_active is False
    expected = f"Cancelled: appointment {request.number} on {request.starts_at.astimezone(BERLIN):%d.%m.%Y %H:%M}"
    for user in (pool.amira.user, pool.coordinator, pool.staff, pool.secretary):
        assert titles(user)[-1] == expected
    assert expected not in titles(pool.karim.user)


def test_releasing_an_assignment_frees_the_mediator_and_reopens_the_request(pool):
    request = pool.assigned(pool.amira)
    services.assignment_release(actor=pool.coordinator, request=request, reason="krank")
    request.refresh_from_db()
    assert request.status == "approved"
    services.assignment_create(actor=pool.coordinator, request=request, mediator=pool.karim)
    with scopes_disabled():
        assert list(Assignment.objects.filter(request=request).values_list("mediator__full_name", "is_active")) == [
            ("Amira Haddad", False),
            ("Karim Mansour", True),
        ]


def test_unserved_requests_keep_their_reason(pool):
    request = pool.approved()
    services.offer_create(actor=pool.coordinator, request=request, mediators=[pool.karim])
    services.request_mark_unserved(actor=pool.coordinator, request=request, reason="no_answer")
    request.refresh_from_db()
    assert (request.status, request.unserved_reason) == ("unserved", "no_answer")
    with scopes_disabled():
        assert Offer.objects.get(request=request).status == "withdrawn"
    with pytest.raises(ValidationError) as error:
        services.request_mark_unserved(actor=pool.coordinator, request=pool.approved(days=15), reason="other")
    assert error.value.message_dict == {"note": ["Describe the reason."]}


def test_request_numbers_count_per_region_and_year(pool):
    first, second = pool.request(days=14), pool.request(days=15)
    year = first.starts_at.astimezone(BERLIN).year
    assert (first.number, second.number) == (f"{year}-0001", f"{year}-0002")


# ----------------------------------------------------------------------------- rules at approval


def test_approval_of_a_request_against_the_rules_needs_an_exceptional_reason(pool):
    request = pool.request(days=1, minutes=240, topic=pool.forbidden)
    with pytest.raises(ValidationError) as error:
        services.request_approve(actor=pool.coordinator, request=request, funding_source="wir")
    messages = error.value.message_dict["exception_reason"]
    assert messages[0] == "This request breaks the rules. Reject it, or give a reason for an exception."
    assert messages[1].startswith("Only ")
    assert messages[1].endswith(" working days between the request and the appointment; the rule is 3.")
    assert messages[2:] == [
        "240 minutes are more than the maximum of 180 minutes.",
        "The topic “Gerichtstermin” is not served by the pool (e.g. appointments with legal consequences).",
    ]
    request.refresh_from_db()
    assert request.status == "submitted"
    services.request_approve(
        actor=pool.coordinator, request=request, funding_source="kreis", exception_reason="Kinderschutz, dringend"
    )
    request.refresh_from_db()
    assert (request.status, request.funding_source) == ("approved", "kreis")
    entry = AuditEntry.objects.get(action="sprachpool.request.approved")
    assert entry.changes["exception"] == {
        "before": ["lead_time", "duration", "topic"],
        "after": "Kinderschutz, dringend",
    }


def test_rejection_needs_a_reason_and_tells_the_requester(pool):
    request = pool.request(topic=pool.forbidden)
    with pytest.raises(ValidationError):
        services.request_reject(actor=pool.coordinator, request=request, reason="  ")
    services.request_reject(actor=pool.coordinator, request=request, reason="Bitte beeidigte Dolmetscher beauftragen")
    request.refresh_from_db()
    assert request.status == "rejected"
    assert titles(pool.secretary) == [f"Request {request.number} was not accepted"]
    with pytest.raises(ValidationError) as error:
        services.request_approve(actor=pool.coordinator, request=request, funding_source="wir")
    assert error.value.messages == ["This request is now “Rejected”; someone else changed it meanwhile."]


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"starts_at": datetime(2020, 1, 6, 10, tzinfo=BERLIN)},
            {"starts_at": ["The appointment must be in the future."]},
        ),
        ({"duration_minutes": 0}, {"duration_minutes": ["The appointment must end after it starts."]}),
        ({"address": ""}, {"address": ["Enter the commune and address of the appointment."]}),
        ({"mode": "phone", "call_details": ""}, {"call_details": ["Enter the phone number or the video link."]}),
        ({"mode": "fax"}, {"mode": ["Choose how the mediation takes place."]}),
        ({"contact_name": " "}, {"contact_name": ["Enter a contact person."]}),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_saved(pool, change, errors):
    with pytest.raises(ValidationError) as error:
        pool.request(**change)
    assert error.value.message_dict == errors
    with scopes_disabled():
        assert Request.objects.count() == 0
    assert Notification.objects.count() == 0


def test_another_regions_topic_or_commune_is_refused(pool, other_region):
    with scopes_disabled():
        foreign_topic = Topic.objects.create(region=other_region, name="Fremd")
        foreign_commune = other_region.communes.first()
    for change in ({"topic": foreign_topic}, {"commune": foreign_commune}):
        with pytest.raises(ValidationError) as error:
            pool.request(**change)
        assert error.value.messages == ["Choose one of this region's entries."]
    with scopes_disabled():
        assert Request.objects.count() == 0


def test_overlapping_availability_is_refused_and_the_old_pattern_kept(pool):
    with pytest.raises(ValidationError) as error:
        services.availability_set(
            actor=pool.coordinator,
            mediator=pool.amira,
            slots=[(0, time(9), time(12)), (0, time(11), time(14)), (2, time(15), time(14))],
        )
    assert error.value.message_dict == {
        "slots": ["A time must end after it starts (15:00–14:00).", "Monday: 09:00–12:00 and 11:00–14:00 overlap."]
    }
    with scopes_disabled():
        assert pool.amira.availability.count() == 5


def test_absence_must_not_end_before_it_starts(pool):
    with pytest.raises(ValidationError) as error:
        services.absence_add(
            actor=pool.amira.user, mediator=pool.amira, starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 4)
        )
    assert error.value.message_dict == {"ends_on": ["The absence must end on or after its first day."]}


def test_absences_must_not_overlap(pool):
    services.absence_add(
        actor=pool.amira.user, mediator=pool.amira, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8)
    )
    with pytest.raises(ValidationError) as error:
        services.absence_add(
            actor=pool.amira.user, mediator=pool.amira, starts_on=date(2027, 1, 8), ends_on=date(2027, 1, 10)
        )
    assert error.value.message_dict == {"starts_on": ["This overlaps the absence 04.01.2027–08.01.2027."]}
    assert pool.amira.absences.count() == 1


def test_a_declined_offer_cannot_be_accepted_later(pool):
    (offer,) = services.offer_create(actor=pool.coordinator, request=pool.approved(), mediators=[pool.amira])
    services.offer_decline(actor=pool.amira.user, offer=offer)
    with pytest.raises(ValidationError) as error:
        services.offer_accept(actor=pool.amira.user, offer=offer)
    assert error.value.messages == ["You have declined this offer."]


def test_mediator_needs_a_language_and_a_way_of_working(pool):
    with pytest.raises(ValidationError) as error:
        services.mediator_save(actor=pool.coordinator, region=pool.region, full_name="Neu", gender="f", languages=[])
    assert error.value.message_dict == {"languages": ["Enter at least one language."]}
    with pytest.raises(ValidationError) as error:
        services.mediator_save(
            actor=pool.coordinator,
            region=pool.region,
            full_name="Neu",
            gender="f",
            on_site=False,
            by_phone=False,
            by_video=False,
            languages=[(pool.arabic, "native", False)],
        )
    assert error.value.message_dict == {"on_site": ["Choose at least one way of working."]}
    with scopes_disabled():
        assert Mediator.objects.filter(full_name="Neu").count() == 0


def test_confirmation_before_the_appointment_or_with_nonsense_minutes_is_refused(pool):
    request = pool.assigned()
    with pytest.raises(ValidationError) as error:
        services.request_confirm(actor=pool.secretary, request=request, actual_minutes=90)
    assert error.value.messages == ["The service can be confirmed once the appointment has begun."]
    with pytest.raises(ValidationError) as error:
        services.request_confirm(actor=pool.secretary, request=request, actual_minutes=0, now=request.ends_at)
    assert error.value.message_dict == {"actual_minutes": ["Enter the actual duration in minutes (1 to 600)."]}


# ----------------------------------------------------------------------------- who may do what


def test_only_the_office_decides(pool, member):
    request = pool.request()
    for actor in (pool.secretary, pool.amira.user, member("read_only"), member("editor")):
        with pytest.raises(PermissionDenied):
            services.request_approve(actor=actor, request=request, funding_source="wir")
    services.request_approve(actor=pool.staff, request=request, funding_source="wir")


def test_requesters_act_only_for_their_own_institution(pool, member):
    other_school = services.institution_save(
        actor=pool.coordinator, region=pool.region, name="Andere Schule", kind="school"
    )
    with pytest.raises(PermissionDenied):
        pool.request(institution=other_school)
    stranger = member("requester")
    request = pool.request()
    with pytest.raises(PermissionDenied):
        services.request_cancel(actor=stranger, request=request, reason="x")


def test_a_mediator_answers_only_her_own_offers(pool):
    request = pool.approved()
    (offer,) = services.offer_create(actor=pool.coordinator, request=request, mediators=[pool.amira])
    with pytest.raises(PermissionDenied):
        services.offer_accept(actor=pool.karim.user, offer=offer)
    with pytest.raises(PermissionDenied):
        services.offer_accept(actor=pool.coordinator, offer=offer)


def test_a_mediator_keeps_her_own_availability_only(pool):
    services.availability_set(actor=pool.amira.user, mediator=pool.amira, slots=[(1, time(9), time(13))])
    with pytest.raises(PermissionDenied):
        services.availability_set(actor=pool.amira.user, mediator=pool.karim, slots=[(1, time(9), time(13))])


def test_a_coordinator_of_another_region_cannot_touch_this_pool(pool, member, other_region):
    outsider = member("coordinator", region=other_region)
    with pytest.raises(PermissionDenied):
        services.request_approve(actor=outsider, request=pool.request(), funding_source="wir")
    with pytest.raises(PermissionDenied):
        services.mediator_save(actor=outsider, region=pool.region, mediator=pool.amira, full_name="X")


# ----------------------------------------------------------------------------- invitations


def test_invited_mediator_and_secretary_are_linked_when_they_accept(pool, user_factory):
    from wegweiser.tenancy.services import invitation_accept

    mediator = services.mediator_save(
        actor=pool.coordinator,
        region=pool.region,
        full_name="Dariush Rahimi",
        email="dariush@example.org",
        gender="m",
        languages=[(MediationLanguage.objects.get(code="prs"), "native", True)],
    )
    invitation = services.mediator_invite(actor=pool.coordinator, mediator=mediator)
    assert invitation is not None
    assert invitation.role == "mediator"
    member = services.institution_member_invite(
        actor=pool.coordinator, institution=pool.school, email="Lehrer@Schule.example"
    )
    user = user_factory(email="dariush@example.org")
    invitation_accept(invitation=invitation, user=user)
    teacher = user_factory(email="lehrer@schule.example")
    with scopes_disabled():
        from wegweiser.tenancy.models import Invitation

        invitation_accept(invitation=Invitation.objects.get(email="lehrer@schule.example"), user=teacher)
        mediator.refresh_from_db()
        member.refresh_from_db()
    assert (mediator.user, member.user) == (user, teacher)
    request = services.request_submit(
        actor=teacher,
        institution=pool.school,
        language=pool.arabic,
        topic=pool.allowed,
        starts_at=pool.at(14),
        duration_minutes=60,
        mode="video",
        call_details="https://video.example/raum",
        contact_name="Herr Lehrer",
    )
    assert request.requested_by == teacher


# ----------------------------------------------------------------------------- personal data


def test_export_lists_what_is_kept_about_the_mediator(pool):
    request = pool.assigned(pool.amira)
    data = services.mediator_export(actor=pool.coordinator, mediator=pool.amira)
    assert data["profile"]["full_name"] == "Amira Haddad"
    assert data["languages"] == [
        {"language": "Arabic", "level": "native", "verified": True},
        {"language": "Arabic (Levantine, e.g. Syrian)", "level": "native", "verified": True},
    ]
    assert len(data["availability"]) == 5
    assert [(a["request"], a["active"]) for a in data["assignments"]] == [(request.number, True)]
    assert AuditEntry.objects.filter(action="sprachpool.mediator.exported", is_personal_data=True).count() == 1


def test_erasure_keeps_anonymous_figures_and_frees_future_appointments(pool):
    done = pool.assigned(pool.amira, days=14)
    services.request_confirm(
        actor=pool.secretary, request=done, actual_minutes=90, now=done.starts_at + timedelta(hours=2)
    )
    future = pool.assigned(pool.amira, days=20)
    services.mediator_erase(actor=pool.coordinator, mediator=pool.amira)
    with scopes_disabled():
        amira = Mediator.objects.get(pk=pool.amira.pk)
        assert (amira.full_name, amira.email, amira.phone, amira.user, amira.is_active) == (
            f"erased-mediator-{amira.pk}",
            "",
            "",
            None,
            False,
        )
        assert amira.availability.count() == amira.documents.count() == 0
        assert [ml.language.code for ml in amira.languages.all()] == ["ar", "apc"]  # for the statistics
        kept = Assignment.objects.get(request=done)
        assert (kept.total_amount, kept.actual_minutes) == (Decimal("52.50"), 90)
        future.refresh_from_db()
        assert future.status == "approved"
        assert not Assignment.objects.filter(request=future, is_active=True).exists()
    assert not AuditEntry.objects.filter(target_label="Amira Haddad").exists()
    with pytest.raises(ValidationError):
        services.mediator_erase(actor=pool.coordinator, mediator=amira)


# ----------------------------------------------------------------------------- reminders


def test_reminders_go_out_once_the_day_before(pool):
    request = pool.assigned(pool.amira, days=14, hour=9)
    the_day_before = request.starts_at - timedelta(hours=20)
    assert services.reminders_send(region=pool.region, now=the_day_before) == {"appointments": 1, "documents": 0}
    assert services.reminders_send(region=pool.region, now=the_day_before) == {"appointments": 0, "documents": 0}
    reminder = f"Reminder: Arabic tomorrow, {request.starts_at.astimezone(BERLIN):%d.%m.%Y} 09:00"
    assert titles(pool.amira.user)[-1] == reminder
    assert titles(pool.secretary)[-1] == reminder


def test_expiring_documents_are_reminded_once(pool):
    today = date.today()
    services.document_save(
        actor=pool.coordinator,
        mediator=pool.karim,
        kind="police_certificate",
        issued_on=None,
        expires_on=today + timedelta(days=20),
    )
    services.document_save(
        actor=pool.coordinator,
        mediator=pool.olena,
        kind="confidentiality",
        issued_on=None,
        expires_on=today + timedelta(days=200),
    )
    now = datetime.combine(today, time(8), tzinfo=BERLIN)
    assert services.reminders_send(region=pool.region, now=now) == {"appointments": 0, "documents": 1}
    assert services.reminders_send(region=pool.region, now=now) == {"appointments": 0, "documents": 0}
    assert titles(pool.coordinator)[-1] == (
        f"Police certificate of Karim Mansour expires on {today + timedelta(days=20):%d.%m.%Y}"
    )
    assert titles(pool.karim.user)[-1] == titles(pool.coordinator)[-1]
