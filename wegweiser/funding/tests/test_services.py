"""Funding services: from the draft to the proof of use, never over budget, bad input refused
with nothing saved, and only the right people deciding."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wegweiser.audit.models import AuditEntry
from wegweiser.funding import services
from wegweiser.funding.models import BudgetLine, LedgerEntry
from wegweiser.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scope")]


def line_figures(line: BudgetLine) -> tuple[Decimal, Decimal, Decimal]:
    line.refresh_from_db()
    return line.committed, line.paid, line.available


def assert_line_matches_its_ledger(line: BudgetLine) -> None:
    line.refresh_from_db()
    sums = {kind: Decimal(0) for kind in ("commitment", "payment", "release", "reclaim")}
    for kind, amount in LedgerEntry.objects.filter(line=line).values_list("kind", "amount"):
        sums[kind] += amount
    assert line.committed == sums["commitment"] - sums["release"] - sums["reclaim"]
    assert line.paid == sums["payment"] - sums["reclaim"]


def test_from_draft_to_proof_of_use(grants):
    application = grants.draft("2000.00")
    assert application.number == f"F{timezone.localdate().year}-001"
    services.application_submit(actor=grants.applicant, application=application)
    assert Notification.objects.filter(user=grants.coordinator).values_list("title", flat=True)[0] == (
        f"New application {application.number}: Sprachcafé für Frauen"
    )
    services.application_check_completeness(actor=grants.staff, application=application, complete=True)
    services.review_save(
        actor=grants.staff,
        application=application,
        scores={c.pk: p for c, p in zip(grants.call.criteria.all(), [4, 3], strict=True)},
        comment="Guter Bedarf",
    )
    services.application_check_finances(actor=grants.staff, application=application, ok=True)
    services.application_decide(actor=grants.coordinator, application=application, decision="approve")
    assert line_figures(grants.line) == (Decimal("2000.00"), Decimal("0.00"), Decimal("3000.00"))

    services.payment_record(actor=grants.coordinator, application=application, amount="1500.00", note="1. Rate")
    assert line_figures(grants.line) == (Decimal("2000.00"), Decimal("1500.00"), Decimal("3000.00"))

    # Actual: costs 2,100 (fees 1,900 + material 200) − own 300 − third party 200 = 1,600 eligible.
    items = list(application.cost_items.order_by("kind", "position"))
    actual = dict(zip([i.pk for i in items], ["1900.00", "200.00", "300.00", "200.00"], strict=True))
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Zwanzig Treffen mit 18 Frauen, Kinderbetreuung durch Ehrenamtliche.",
        participants=18,
        actuals=actual,
    )
    services.proof_submit(actor=grants.applicant, application=application)
    settlement = services.proof_settlement(application)
    assert (settlement.eligible, settlement.due, settlement.reclaim, settlement.release, settlement.still_to_pay) == (
        Decimal("1600.00"),
        Decimal("1600.00"),
        Decimal("0.00"),
        Decimal("400.00"),
        Decimal("100.00"),
    )
    services.proof_check(actor=grants.coordinator, application=application, accept=True)
    # 400 € freed; 100 € still to pay: the application stays open until the last payment.
    assert line_figures(grants.line) == (Decimal("1600.00"), Decimal("1500.00"), Decimal("3400.00"))
    application.refresh_from_db()
    assert application.status == "approved"
    services.payment_record(actor=grants.coordinator, application=application, amount="100.00")
    application.refresh_from_db()
    assert application.status == "closed"
    assert list(LedgerEntry.objects.filter(application=application).values_list("kind", "amount")) == [
        ("commitment", Decimal("2000.00")),
        ("payment", Decimal("1500.00")),
        ("release", Decimal("400.00")),
        ("payment", Decimal("100.00")),
    ]
    assert AuditEntry.objects.filter(action__startswith="funding.ledger.").count() == 4
    assert_line_matches_its_ledger(grants.line)


def test_unspent_paid_money_is_reclaimed_and_returns_to_the_budget(grants):
    application = grants.approved("2000.00")
    services.payment_record(actor=grants.coordinator, application=application, amount="2000.00")
    items = list(application.cost_items.order_by("kind", "position"))
    # costs 1,700 + 120 − 300 − 200 = 1,320 eligible: 680 € back.
    actual = dict(zip([i.pk for i in items], ["1700.00", "120.00", "300.00", "200.00"], strict=True))
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Das Projekt lief von März bis November.",
        participants=12,
        actuals=actual,
    )
    services.proof_submit(actor=grants.applicant, application=application)
    services.proof_check(actor=grants.coordinator, application=application, accept=True)
    assert line_figures(grants.line) == (Decimal("1320.00"), Decimal("1320.00"), Decimal("3680.00"))
    application.refresh_from_db()
    assert (application.status, application.proof.reclaimed_amount) == ("closed", Decimal("680.00"))
    held = services.application_money(application)
    assert (held.committed, held.paid, held.reclaimed, held.released) == (
        Decimal("1320.00"),
        Decimal("1320.00"),
        Decimal("680.00"),
        Decimal("0.00"),
    )
    assert_line_matches_its_ledger(grants.line)


def test_corrections_send_the_proof_back(grants):
    application = grants.approved()
    items = {i.pk: i.planned for i in application.cost_items.all()}
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Kurz, aber genug Zeichen hier.",
        participants=3,
        actuals=items,
    )
    services.proof_submit(actor=grants.applicant, application=application)
    with pytest.raises(ValidationError):
        services.proof_check(actor=grants.coordinator, application=application, accept=False)
    proof = services.proof_check(
        actor=grants.coordinator, application=application, accept=False, note="Belege für das Honorar fehlen"
    )
    assert proof.status == "corrections"
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Mit Belegen: zwanzig Treffen.",
        participants=3,
        actuals=items,
    )


# ----------------------------------------------------------------------------- never over budget


def test_an_approval_beyond_the_available_budget_is_refused_and_nothing_saved(grants):
    grants.approved("3000.00")
    second = grants.in_review("2500.00", title="Hausaufgabenhilfe")
    with pytest.raises(ValidationError) as error:
        services.application_decide(actor=grants.coordinator, application=second, decision="approve")
    assert error.value.message_dict == {
        "amount": ["This exceeds what is available in “Mikroprojekte”: 2.000,00 € left."]
    }
    second.refresh_from_db()
    assert (second.status, second.approved_amount) == ("in_review", None)
    assert line_figures(grants.line) == (Decimal("3000.00"), Decimal("0.00"), Decimal("2000.00"))
    assert LedgerEntry.objects.count() == 1
    # In part, it fits.
    services.application_decide(
        actor=grants.coordinator, application=second, decision="partial", amount="2000.00", reason="Budget erschöpft"
    )
    assert line_figures(grants.line) == (Decimal("5000.00"), Decimal("0.00"), Decimal("0.00"))


def test_a_line_cannot_shrink_below_its_commitments(grants):
    grants.approved("3000.00")
    with pytest.raises(ValidationError) as error:
        services.line_save(
            actor=grants.coordinator,
            budget=grants.line.budget,
            name="Mikroprojekte",
            purpose="micro_projects",
            amount="2999.99",
            line=grants.line,
        )
    assert error.value.message_dict == {"amount": ["3.000,00 € are already committed; the line cannot be smaller."]}
    assert line_figures(grants.line)[2] == Decimal("2000.00")


def test_payments_never_exceed_the_grant(grants):
    application = grants.approved("2000.00")
    services.payment_record(actor=grants.coordinator, application=application, amount="1200.00")
    with pytest.raises(ValidationError) as error:
        services.payment_record(actor=grants.coordinator, application=application, amount="800.01")
    assert error.value.message_dict == {"amount": ["Only 800,00 € of the grant are still unpaid."]}


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Amounts cannot be negative."),
        ("12,5x", "Enter an amount in euros, e.g. 1250.00."),
        ("10.001", "Amounts have at most two decimal places (cents)."),
        ("NaN", "Enter an amount in euros, e.g. 1250.00."),
    ],
)
def test_bad_amounts_are_refused(grants, amount, message):
    application = grants.draft()
    with pytest.raises(ValidationError) as error:
        services.application_update(actor=grants.applicant, application=application, requested_amount=amount)
    assert error.value.message_dict == {"requested_amount": [message]}
    application.refresh_from_db()
    assert application.requested_amount == Decimal("2000.00")


def test_a_cost_plan_that_does_not_add_up_cannot_be_submitted(grants):
    application = grants.draft("2000.00")
    services.application_update(actor=grants.applicant, application=application, requested_amount="2100.00")
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=grants.applicant, application=application)
    assert error.value.message_dict == {
        "cost_items": [
            "The cost plan does not add up: costs of 2.500,00 € minus own contribution 300,00 € and third-party "
            "funds 200,00 € leave 2.000,00 €, but you apply for 2.100,00 €."
        ]
    }
    application.refresh_from_db()
    assert application.status == "draft"


def test_applications_after_the_deadline_are_refused(grants):
    application = grants.draft()
    later = grants.call.closes_at + timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=grants.applicant, application=application, now=later)
    deadline = timezone.localtime(grants.call.closes_at).strftime("%d.%m.%Y %H:%M")
    assert error.value.message_dict == {
        "__all__": [f"The deadline of this call was {deadline}; applications can no longer be submitted."]
    }
    application.refresh_from_db()
    assert (application.status, application.submitted_at) == ("draft", None)


def test_required_answers_and_the_maximum_amount_are_checked_on_submission(grants):
    with pytest.raises(ValidationError) as error:
        grants.draft("2000.00", answers={"target_group": "Niemand", "participants": "viele"})
    assert error.value.message_dict == {
        "target_group": ["Choose one of the options."],
        "participants": ["Enter a number."],
    }
    application = grants.draft("3500.00", answers={"goal": ""})
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=grants.applicant, application=application)
    assert error.value.message_dict == {
        "goal": ["Please answer this question."],
        "target_group": ["Please answer this question."],
        "participants": ["Please answer this question."],
        "requested_amount": ["At most 3.000,00 € per application."],
    }


def test_a_decision_needs_the_right(grants, member):
    application = grants.in_review()
    for actor in (grants.staff, grants.applicant, member("read_only"), member("editor")):
        with pytest.raises(PermissionDenied):
            services.application_decide(actor=actor, application=application, decision="approve")
    application.refresh_from_db()
    assert application.status == "in_review"
    assert LedgerEntry.objects.count() == 0


def test_partial_approval_and_rejection_need_a_reason(grants):
    application = grants.in_review("2000.00")
    with pytest.raises(ValidationError) as error:
        services.application_decide(actor=grants.coordinator, application=application, decision="reject")
    assert error.value.message_dict == {"reason": ["Give the applicant a reason."]}
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            actor=grants.coordinator, application=application, decision="partial", amount="2000.00", reason="x"
        )
    assert error.value.message_dict == {"amount": ["In part means less than requested."]}


def test_applicants_act_only_for_their_own_organisation(grants, member):
    stranger = member("applicant")
    with pytest.raises(PermissionDenied):
        services.application_create(actor=stranger, call=grants.call, organisation=grants.association, title="X")
    application = grants.draft()
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=stranger, application=application)


def test_a_submitted_application_is_frozen(grants):
    application = grants.submitted()
    with pytest.raises(ValidationError) as error:
        services.application_update(actor=grants.applicant, application=application, title="Neu")
    assert error.value.messages == ["A submitted application can no longer be changed."]


def test_incomplete_applications_go_back_and_can_be_submitted_again_after_the_deadline(grants):
    application = grants.submitted()
    services.application_check_completeness(
        actor=grants.staff, application=application, complete=False, note="Satzung fehlt."
    )
    later = grants.call.closes_at + timedelta(days=2)
    application.refresh_from_db()
    assert application.status == "incomplete"
    assert Notification.objects.filter(user=grants.applicant).values_list("title", flat=True)[0] == (
        f"Application {application.number}: documents missing"
    )
    services.application_update(actor=grants.applicant, application=application, summary="Mit Satzung")
    services.application_submit(actor=grants.applicant, application=application, now=later)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_scores_stay_within_the_sheet(grants):
    application = grants.in_review()
    first, second = grants.call.criteria.all()
    with pytest.raises(ValidationError) as error:
        services.review_save(actor=grants.staff, application=application, scores={first.pk: 6, second.pk: 2})
    assert error.value.message_dict == {"scores": ["“Bedarf und Zielgruppe”: 0 to 5 points."]}
    review = services.review_save(actor=grants.staff, application=application, scores={first.pk: 5, second.pk: 2})
    assert review.total == 7


def test_registration_waits_for_the_confirmed_address(grants, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_register(
            region=grants.region,
            name="Afghanischer Frauenverein Rodgau e.V.",
            kind="association",
            contact_name="Mariam Sadat",
            email="Mariam@Frauenverein.example",
            password="ein langes Passwort 2026",
        )
    member = organisation.members.get()
    assert (member.email, member.user.is_active) == ("mariam@frauenverein.example", False)
    token = mailoutbox[0].body.split("/activate/")[1].split("/")[0]
    user = services.organisation_activate(token=token)
    assert user.is_active is True
    with pytest.raises(ValidationError):
        services.organisation_activate(token=token + "x")
    with pytest.raises(ValidationError) as error:
        services.organisation_register(
            region=grants.region,
            name="Noch ein Verein",
            kind="association",
            contact_name="M",
            email="mariam@frauenverein.example",
            password="ein langes Passwort 2026",
        )
    assert error.value.message_dict == {"email": ["There is already an account with this address. Please sign in."]}


def test_registering_again_before_confirming_sends_the_link_again(
    grants, mailoutbox, django_capture_on_commit_callbacks
):
    values = {
        "region": grants.region,
        "name": "Eritreische Gemeinschaft Langen e.V.",
        "kind": "association",
        "contact_name": "Yonas Tesfay",
        "email": "yonas@gemeinschaft.example",
        "password": "ein langes Passwort 2026",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_register(**values)
    with pytest.raises(ValidationError) as error:
        services.organisation_register(**values)
    assert error.value.message_dict == {
        "email": ["This address is registered but not confirmed yet. We have sent the confirmation link again."]
    }
    assert [m.to for m in mailoutbox] == [["yonas@gemeinschaft.example"]] * 2
    token = mailoutbox[1].body.split("/activate/")[1].split("/")[0]
    assert services.organisation_activate(token=token).is_active is True
