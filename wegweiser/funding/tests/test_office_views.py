"""The office's funding pages over HTTP: who may see and do what (404 for other regions, 403
for other roles), each step from the completeness check to the proof of use, the budget that
is never exceeded, the decision letter as PDF, and bad input refused with nothing saved."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from wegweiser.audit.models import AuditEntry
from wegweiser.funding import services
from wegweiser.funding.models import (
    Application,
    Budget,
    BudgetLine,
    Call,
    Criterion,
    FormField,
    LedgerEntry,
    Programme,
    Review,
)
from wegweiser.funding.tests.conftest import Grants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scope")]


def url(grants: Grants, name: str, *args: Any, region: Any = None) -> str:
    return reverse(f"workspace:funding:{name}", args=[(region or grants.region).slug, *args])


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


def line_figures(line: BudgetLine) -> tuple[Decimal, Decimal, Decimal]:
    line.refresh_from_db()
    return line.committed, line.paid, line.available


@dataclass
class Pages:
    """One of each thing a page is about, and every page (name, args) of the office."""

    grants: Grants
    application: Application  # approved, paid in part, proof of use submitted

    @property
    def gets(self) -> list[tuple[str, list[Any]]]:
        g, a = self.grants, self.application
        budget = g.line.budget
        question = g.call.fields.get(key="goal")
        criterion = g.call.criteria.first()
        assert criterion is not None
        return [
            ("office_home", []),
            ("programme_new", []),
            ("programme_edit", [g.programme.pk]),
            ("budget_new", [g.programme.pk]),
            ("budget_edit", [budget.pk]),
            ("line_new", [budget.pk]),
            ("line_edit", [g.line.pk]),
            ("line_ledger", [g.line.pk]),
            ("call_list", []),
            ("call_new", []),
            ("call_edit", [g.call.pk]),
            ("call_field_new", [g.call.pk]),
            ("call_field_edit", [g.call.pk, question.pk]),
            ("call_field_translate", [g.call.pk, question.pk]),
            ("call_criterion_new", [g.call.pk]),
            ("call_criterion_edit", [g.call.pk, criterion.pk]),
            ("application_list", []),
            ("application_detail", [a.pk]),
            ("application_letter", [a.pk]),
        ]

    @property
    def posts(self) -> list[tuple[str, list[Any]]]:
        a = self.application.pk
        return [
            ("application_completeness", [a]),
            ("application_review", [a]),
            ("application_finances", [a]),
            ("application_decide", [a]),
            ("application_payment", [a]),
            ("application_release", [a]),
            ("application_proof_check", [a]),
        ]


def proof_submitted(grants: Grants, application: Application) -> Application:
    """Paid 1,500 €, then actual costs 2,100 − own 300 − third party 200 = 1,600 € eligible."""
    services.payment_record(actor=grants.coordinator, application=application, amount="1500.00", note="1. Rate")
    items = list(application.cost_items.order_by("kind", "position"))
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Zwanzig Treffen mit 18 Frauen, Kinderbetreuung durch Ehrenamtliche.",
        participants=18,
        actuals=dict(zip([i.pk for i in items], ["1900.00", "200.00", "300.00", "200.00"], strict=True)),
    )
    services.proof_submit(actor=grants.applicant, application=application)
    return application


@pytest.fixture
def pages(grants: Grants) -> Pages:
    return Pages(grants, proof_submitted(grants, grants.approved()))


# ----------------------------------------------------------------------------- access


def test_every_page_opens_for_the_coordinator(pages: Pages) -> None:
    client = browser(pages.grants.coordinator)
    for name, args in pages.gets:
        response = client.get(url(pages.grants, name, *args))
        assert (name, response.status_code) == (name, 200)


def test_another_regions_coordinator_gets_404_everywhere(pages: Pages, member: Any, other_region: Any) -> None:
    client = browser(member("coordinator", region=other_region))
    for name, args in pages.gets:
        assert (name, client.get(url(pages.grants, name, *args)).status_code) == (name, 404)
    for name, args in pages.posts:
        assert (name, client.post(url(pages.grants, name, *args), {}).status_code) == (name, 404)
    # Their own region's address with this region's ids: not found either.
    response = client.get(url(pages.grants, "application_detail", pages.application.pk, region=other_region))
    assert response.status_code == 404


def test_applicants_get_403_on_every_office_page(pages: Pages) -> None:
    client = browser(pages.grants.applicant)
    for name, args in pages.gets:
        assert (name, client.get(url(pages.grants, name, *args)).status_code) == (name, 403)
    for name, args in pages.posts:
        assert (name, client.post(url(pages.grants, name, *args), {}).status_code) == (name, 403)


@pytest.mark.parametrize("reader", ["read_only", "ministry"])
def test_readers_see_everything_but_change_nothing(pages: Pages, member: Any, user_factory: Any, reader: str) -> None:
    user = user_factory(is_ministry=True) if reader == "ministry" else member("read_only")
    client = browser(user)
    readable = ["office_home", "programme_edit", "line_ledger", "call_list", "call_edit", "application_list"]
    for name, args in pages.gets:
        expected = 200 if name in readable or name in ("application_detail", "application_letter") else 403
        assert (name, client.get(url(pages.grants, name, *args)).status_code) == (name, expected)
    detail = client.get(url(pages.grants, "application_detail", pages.application.pk))
    html = detail.content.decode()
    assert 'data-testid="proof"' in html
    for form in ("payment-form", "release-form", "proof-check-form", "decide-form"):
        assert f'data-testid="{form}"' not in html
    programme = client.get(url(pages.grants, "programme_edit", pages.grants.programme.pk))
    assert programme.context["form"].fields["name"].disabled is True
    assert 'data-testid="save"' not in programme.content.decode()
    for name, args in pages.posts:
        assert (name, client.post(url(pages.grants, name, *args), {}).status_code) == (name, 403)
    for name, args in [("programme_edit", [pages.grants.programme.pk]), ("call_edit", [pages.grants.call.pk])]:
        assert (name, client.post(url(pages.grants, name, *args), {"name": "X"}).status_code) == (name, 403)
    assert LedgerEntry.objects.filter(kind="payment").count() == 1


def test_staff_review_but_cannot_decide_or_pay(grants: Grants) -> None:
    application = grants.in_review()
    client = browser(grants.staff)
    page = client.get(url(grants, "application_detail", application.pk)).content.decode()
    assert 'data-testid="review-form"' in page
    assert 'data-testid="decide-form"' not in page
    first, second = grants.call.criteria.order_by("position")
    response = client.post(
        url(grants, "application_review", application.pk),
        {f"review-criterion_{first.pk}": "4", f"review-criterion_{second.pk}": "3", "review-comment": "Guter Bedarf"},
    )
    assert response.status_code == 302
    review = Review.objects.get(application=application)
    assert (review.reviewer, review.total, review.scores, review.comment) == (
        grants.staff,
        7,
        {str(first.pk): 4, str(second.pk): 3},
        "Guter Bedarf",
    )
    assert (
        client.post(url(grants, "application_decide", application.pk), {"decide-decision": "approve"}).status_code
        == 403
    )
    assert client.post(url(grants, "application_payment", application.pk), {"payment-amount": "100"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "in_review"
    assert LedgerEntry.objects.count() == 0


# ----------------------------------------------------------------------------- overview and ledger


def test_the_home_page_shows_the_lines_figures_and_what_needs_action(grants: Grants) -> None:
    approved = grants.approved("2000.00")
    services.payment_record(actor=grants.coordinator, application=approved, amount="500.00")
    waiting = grants.submitted("1000.00", title="Nähcafé")
    response = browser(grants.coordinator).get(url(grants, "office_home"))
    html = response.content.decode()
    row = html.split(f'data-line="{grants.line.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num" data-figure="amount">5.000,00 €</td>' in row
    assert '<td class="num" data-figure="committed">2.000,00 €</td>' in row
    assert '<td class="num" data-figure="paid">500,00 €</td>' in row
    assert '<td class="num" data-figure="available">3.000,00 €</td>' in row
    assert 'max="5000.00" value="2000.00"' in row
    action = response.context["action"]
    assert ([a.number for a in action.submitted], action.in_review, action.proofs) == ([waiting.number], [], [])
    assert [c.title for c in response.context["open_calls"]] == ["Mikroprojekte 2026"]


def test_the_ledger_shows_every_entry_with_running_sums(pages: Pages) -> None:
    grants = pages.grants
    response = browser(grants.coordinator).get(url(grants, "line_ledger", grants.line.pk))
    rows = [(r.entry.kind, r.entry.amount, r.committed, r.paid) for r in response.context["ledger"].rows]
    assert rows == [
        ("commitment", Decimal("2000.00"), Decimal("2000.00"), Decimal("0.00")),
        ("payment", Decimal("1500.00"), Decimal("2000.00"), Decimal("1500.00")),
    ]


# ----------------------------------------------------------------------------- programmes and budgets


def test_programme_budget_and_line_are_created_through_the_forms(grants: Grants) -> None:
    client = browser(grants.coordinator)
    response = client.post(
        url(grants, "programme_new"),
        {
            "name": "Mikroprojektmittel Kreis",
            "description": "",
            "source": "kreis",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "funding_rate": "80",
            "is_active": "on",
        },
    )
    programme = Programme.objects.get(name="Mikroprojektmittel Kreis")
    assert response["Location"] == url(grants, "programme_edit", programme.pk)
    assert (programme.region, programme.source, programme.funding_rate) == (grants.region, "kreis", Decimal("80.00"))
    response = client.post(
        url(grants, "budget_new", programme.pk),
        {"year": "2026", "co_financing": "1.250,50", "co_financing_source": "Stadt"},
    )
    budget = Budget.objects.get(programme=programme)
    assert (response.status_code, budget.year, budget.co_financing) == (302, 2026, Decimal("1250.50"))
    response = client.post(
        url(grants, "line_new", budget.pk), {"name": "Veranstaltungen", "purpose": "events", "amount": "5000"}
    )
    line = BudgetLine.objects.get(budget=budget)
    assert (response.status_code, line.name, line.amount, line.committed) == (
        302,
        "Veranstaltungen",
        Decimal("5000.00"),
        Decimal("0.00"),
    )
    assert list(
        AuditEntry.objects.filter(action__in=["funding.programme.saved", "funding.budget.saved", "funding.line.saved"])
        .order_by("pk")
        .values_list("action", flat=True)
    )[-3:] == ["funding.programme.saved", "funding.budget.saved", "funding.line.saved"]


def test_a_budget_outside_the_grant_period_and_a_negative_line_are_form_errors(grants: Grants) -> None:
    client = browser(grants.coordinator)
    response = client.post(url(grants, "budget_new", grants.programme.pk), {"year": "2030", "co_financing": ""})
    assert errors_of(response, "form") == {"year": ["The year must lie within the programme's grant period."]}
    response = client.post(
        url(grants, "line_new", grants.line.budget.pk), {"name": "Lotsen", "purpose": "lotsen", "amount": "-5"}
    )
    assert errors_of(response, "form") == {"amount": ["Amounts cannot be negative."]}
    assert BudgetLine.objects.count() == 1
    assert Budget.objects.count() == 1


def test_a_line_cannot_be_set_below_what_is_committed(grants: Grants) -> None:
    grants.approved("3000.00")
    response = browser(grants.coordinator).post(
        url(grants, "line_edit", grants.line.pk),
        {"name": "Mikroprojekte", "purpose": "micro_projects", "amount": "2500"},
    )
    assert response.status_code == 200
    assert errors_of(response, "form") == {"amount": ["3.000,00 € are already committed; the line cannot be smaller."]}
    assert line_figures(grants.line) == (Decimal("3000.00"), Decimal("0.00"), Decimal("2000.00"))
    response = browser(grants.coordinator).post(
        url(grants, "line_edit", grants.line.pk),
        {"name": "Mikroprojekte", "purpose": "micro_projects", "amount": "3000"},
    )
    assert response.status_code == 302
    assert line_figures(grants.line) == (Decimal("3000.00"), Decimal("0.00"), Decimal("0.00"))


# ----------------------------------------------------------------------------- calls and the form builder


def test_a_call_is_created_with_its_period_and_eligible_kinds(grants: Grants) -> None:
    response = browser(grants.coordinator).post(
        url(grants, "call_new"),
        {
            "line": str(grants.line.pk),
            "title": "Mikroprojekte Herbst",
            "description": "",
            "eligibility": "Vereine im Kreis",
            "opens_at": "2026-09-01T08:00",
            "closes_at": "2026-10-15T23:59",
            "max_amount": "1.500,00",
            "eligible_kinds": ["association", "migrant_organisation"],
            "is_published": "on",
        },
    )
    call = Call.objects.get(title="Mikroprojekte Herbst")
    assert response["Location"] == url(grants, "call_edit", call.pk)
    assert (
        timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M %Z"),
        timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M %Z"),
        call.max_amount,
        call.eligible_kinds,
        call.is_published,
    ) == (
        "2026-09-01 08:00 CEST",
        "2026-10-15 23:59 CEST",
        Decimal("1500.00"),
        ["association", "migrant_organisation"],
        True,
    )


def test_a_deadline_before_the_opening_and_another_regions_line_are_refused(grants: Grants) -> None:
    response = browser(grants.coordinator).post(
        url(grants, "call_new"),
        {"line": "999999", "title": "X", "opens_at": "2026-09-01T08:00", "closes_at": "2026-08-01T08:00"},
    )
    assert errors_of(response, "form") == {
        "line": ["Choose one of this region's entries."],
        "closes_at": ["The deadline must come after the opening."],
    }
    assert Call.objects.count() == 1


def test_the_form_builder_adds_a_question_the_applicants_form_then_asks(grants: Grants) -> None:
    client = browser(grants.coordinator)
    response = client.post(
        url(grants, "call_field_new", grants.call.pk),
        {
            "section": "Projekt",
            "key": "languages",
            "label": "In welchen Sprachen?",
            "help_text": "Alle Sprachen der Teilnehmenden",
            "kind": "choice",
            "required": "on",
            "choices": "Arabisch\nDari\n\nArabisch\nUkrainisch",
            "max_length": "",
        },
    )
    assert response["Location"] == url(grants, "call_edit", grants.call.pk) + "#questions"
    question = grants.call.fields.get(key="languages")
    assert (
        question.section,
        question.label,
        question.kind,
        question.required,
        question.choices,
        question.position,
    ) == (
        "Projekt",
        "In welchen Sprachen?",
        "choice",
        True,
        ["Arabisch", "Dari", "Ukrainisch"],
        5,
    )
    assert [f.key for f in grants.call.fields.all()] == ["goal", "target_group", "participants", "remarks", "languages"]
    page = client.get(url(grants, "call_edit", grants.call.pk))
    assert 'data-question="languages"' in page.content.decode()
    # The applicant's submission now needs the answer.
    application = grants.draft()
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=grants.applicant, application=application)
    assert error.value.message_dict == {"languages": ["Please answer this question."]}


def test_a_duplicate_key_and_a_choice_without_options_are_form_errors(grants: Grants) -> None:
    client = browser(grants.coordinator)
    response = client.post(
        url(grants, "call_field_new", grants.call.pk),
        {"section": "Projekt", "key": "goal", "label": "Noch ein Ziel", "kind": "text"},
    )
    assert errors_of(response, "form") == {"key": ["Another question of this call has this key."]}
    response = client.post(
        url(grants, "call_field_new", grants.call.pk),
        {"section": "Projekt", "key": "kind", "label": "Art", "kind": "choice", "choices": " \n"},
    )
    assert errors_of(response, "form") == {"choices": ["A choice needs at least one option."]}
    assert grants.call.fields.count() == 4


def test_translations_of_a_question_are_saved(grants: Grants) -> None:
    question = grants.call.fields.get(key="target_group")
    response = browser(grants.coordinator).post(
        url(grants, "call_field_translate", grants.call.pk, question.pk),
        {
            "en_section": "Project",
            "en_label": "Target group",
            "en_help_text": "Who takes part?",
            "ar_label": "الفئة المستهدفة",
            "uk_label": "",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.translations == {
        "en": {"section": "Project", "label": "Target group", "help_text": "Who takes part?"},
        "ar": {"label": "الفئة المستهدفة"},
    }
    assert question.text("ar") == ("Projekt", "الفئة المستهدفة", "")


def test_a_criterion_is_added_to_the_scoring_sheet(grants: Grants) -> None:
    client = browser(grants.coordinator)
    response = client.post(
        url(grants, "call_criterion_new", grants.call.pk), {"name": "Vernetzung", "max_points": "10"}
    )
    assert response.status_code == 302
    assert list(grants.call.criteria.values_list("name", "max_points")) == [
        ("Bedarf und Zielgruppe", 5),
        ("Nachhaltigkeit", 5),
        ("Vernetzung", 10),
    ]
    response = client.post(url(grants, "call_criterion_new", grants.call.pk), {"name": "Zu viel", "max_points": "101"})
    assert errors_of(response, "form") == {"max_points": ["Ensure this value is less than or equal to 100."]}
    assert Criterion.objects.count() == 3


# ----------------------------------------------------------------------------- applications


def test_the_list_filters_by_call_status_commune_and_organisation(grants: Grants) -> None:
    first = grants.submitted("1000.00")
    second = grants.in_review("1500.00", title="Nähcafé")
    grants.draft(title="Entwurf")
    client = browser(grants.coordinator)

    def numbers(query: dict[str, Any]) -> list[str]:
        return [a.number for a in client.get(url(grants, "application_list"), query).context["applications"]]

    assert numbers({}) == [second.number, first.number]
    assert numbers({"status": "in_review"}) == [second.number]
    assert numbers({"call": grants.call.pk, "organisation": grants.association.pk}) == [second.number, first.number]
    commune = grants.association.commune
    assert commune is not None
    assert numbers({"commune": commune.pk}) == [second.number, first.number]
    other = type(commune).objects.filter(region=grants.region).exclude(pk=commune.pk).first()
    assert other is not None
    assert numbers({"commune": other.pk}) == []


def test_the_detail_shows_answers_cost_plan_and_reviews(grants: Grants) -> None:
    application = grants.in_review()
    first, second = grants.call.criteria.order_by("position")
    services.review_save(actor=grants.staff, application=application, scores={first.pk: 4, second.pk: 3})
    services.review_save(actor=grants.coordinator, application=application, scores={first.pk: 5, second.pk: 5})
    response = browser(grants.coordinator).get(url(grants, "application_detail", application.pk))
    detail = response.context["detail"]
    assert [(s, [(a.label, a.value) for a in answers]) for s, answers in detail.sections] == [
        (
            "Projekt",
            [
                ("Ziel des Projekts", "Frauen kommen ins Gespräch"),
                ("Zielgruppe", "Frauen"),
                ("Erwartete Teilnehmende", "25"),
            ],
        ),
        ("Sonstiges", [("Anmerkungen", None)]),
    ]
    assert (detail.plan.costs, detail.plan.own, detail.plan.third_party, detail.plan.gap, detail.adds_up) == (
        Decimal("2500.00"),
        Decimal("300.00"),
        Decimal("200.00"),
        Decimal("2000.00"),
        True,
    )
    assert (detail.average, [a for _c, a in detail.criterion_averages]) == (
        Decimal("8.5"),
        [Decimal("4.5"), Decimal("4.0")],
    )
    html = response.content.decode()
    assert '<td class="num" data-sum="costs">2.500,00 €</td>' in html
    assert '<td class="num" data-testid="average">8.5</td>' in html


def test_the_completeness_check_sends_an_incomplete_application_back(grants: Grants) -> None:
    application = grants.submitted()
    client = browser(grants.staff)
    response = client.post(url(grants, "application_completeness", application.pk), {"completeness-complete": "no"})
    assert errors_of(response, "completeness_form") == {"note": ["Tell the applicant what is missing."]}
    response = client.post(
        url(grants, "application_completeness", application.pk),
        {"completeness-complete": "no", "completeness-note": "Satzung fehlt."},
    )
    assert messages_of(client.get(response["Location"])) == [
        f"Application {application.number} went back to the applicant to complete."
    ]
    application.refresh_from_db()
    assert (application.status, application.completeness_note) == ("incomplete", "Satzung fehlt.")


def test_an_approval_over_http_commits_the_amount(grants: Grants) -> None:
    application = grants.in_review()
    client = browser(grants.coordinator)
    response = client.post(url(grants, "application_decide", application.pk), {"decide-decision": "approve"})
    assert response["Location"] == url(grants, "application_detail", application.pk) + "#decision"
    assert messages_of(client.get(response["Location"])) == [
        f"Application {application.number} approved: 2.000,00 € committed."
    ]
    application.refresh_from_db()
    assert (application.status, application.approved_amount, application.decided_by) == (
        "approved",
        Decimal("2000.00"),
        grants.coordinator,
    )
    assert line_figures(grants.line) == (Decimal("2000.00"), Decimal("0.00"), Decimal("3000.00"))
    assert list(LedgerEntry.objects.values_list("kind", "amount")) == [("commitment", Decimal("2000.00"))]


def test_an_approval_over_the_available_budget_is_refused_and_nothing_saved(grants: Grants) -> None:
    grants.approved("3000.00")
    second = grants.in_review("2500.00", title="Nähcafé")
    response = browser(grants.coordinator).post(
        url(grants, "application_decide", second.pk), {"decide-decision": "approve"}
    )
    assert response.status_code == 200
    assert errors_of(response, "decide_form") == {
        "__all__": ["This exceeds what is available in “Mikroprojekte”: 2.000,00 € left."]
    }
    assert "This exceeds what is available in “Mikroprojekte”: 2.000,00 € left." in response.content.decode()
    second.refresh_from_db()
    assert (second.status, second.approved_amount, second.decided_at) == ("in_review", None, None)
    assert line_figures(grants.line) == (Decimal("3000.00"), Decimal("0.00"), Decimal("2000.00"))
    assert LedgerEntry.objects.count() == 1


def test_a_partial_approval_needs_an_amount_and_a_reason(grants: Grants) -> None:
    application = grants.in_review()
    client = browser(grants.coordinator)
    response = client.post(url(grants, "application_decide", application.pk), {"decide-decision": "partial"})
    assert errors_of(response, "decide_form") == {"amount": ["Enter the amount approved."]}
    response = client.post(
        url(grants, "application_decide", application.pk), {"decide-decision": "partial", "decide-amount": "1500"}
    )
    assert errors_of(response, "decide_form") == {"reason": ["Give the applicant a reason."]}
    assert LedgerEntry.objects.count() == 0
    response = client.post(
        url(grants, "application_decide", application.pk),
        {"decide-decision": "partial", "decide-amount": "1.500,00", "decide-reason": "Material ist nicht förderfähig."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == ("partially_approved", Decimal("1500.00"))
    assert line_figures(grants.line) == (Decimal("1500.00"), Decimal("0.00"), Decimal("3500.00"))


def test_payments_are_booked_and_negative_amounts_refused(grants: Grants) -> None:
    application = grants.approved()
    client = browser(grants.coordinator)
    response = client.post(
        url(grants, "application_payment", application.pk),
        {"payment-amount": "-100", "payment-booked_on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert errors_of(response, "payment_form") == {"amount": ["Amounts cannot be negative."]}
    response = client.post(
        url(grants, "application_payment", application.pk),
        {"payment-amount": "2500", "payment-booked_on": "2026-03-02"},
    )
    assert errors_of(response, "payment_form") == {"amount": ["Only 2.000,00 € of the grant are still unpaid."]}
    assert LedgerEntry.objects.filter(kind="payment").count() == 0
    response = client.post(
        url(grants, "application_payment", application.pk),
        {"payment-amount": "1.200,00", "payment-booked_on": "2026-03-02", "payment-note": "1. Rate"},
    )
    assert messages_of(client.get(response["Location"])) == [f"Payment of 1.200,00 € to {application.number} booked."]
    entry = LedgerEntry.objects.get(kind="payment")
    assert (entry.amount, entry.booked_on, entry.note, entry.created_by) == (
        Decimal("1200.00"),
        date(2026, 3, 2),
        "1. Rate",
        grants.coordinator,
    )
    assert line_figures(grants.line) == (Decimal("2000.00"), Decimal("1200.00"), Decimal("3000.00"))


def test_unpaid_money_is_released_back_to_the_line(grants: Grants) -> None:
    application = grants.approved()
    client = browser(grants.coordinator)
    response = client.post(url(grants, "application_release", application.pk), {"release-amount": "500"})
    assert errors_of(response, "release_form") == {"note": ["This field is required."]}
    response = client.post(
        url(grants, "application_release", application.pk),
        {"release-amount": "500", "release-note": "Ein Termin fällt aus"},
    )
    assert response.status_code == 302
    assert line_figures(grants.line) == (Decimal("1500.00"), Decimal("0.00"), Decimal("3500.00"))


def test_the_proof_of_use_is_accepted_with_its_settlement(pages: Pages) -> None:
    grants, application = pages.grants, pages.application
    client = browser(grants.coordinator)
    page = client.get(url(grants, "application_detail", application.pk))
    settlement = page.context["detail"].settlement
    assert (settlement.eligible, settlement.due, settlement.reclaim, settlement.release, settlement.still_to_pay) == (
        Decimal("1600.00"),
        Decimal("1600.00"),
        Decimal("0.00"),
        Decimal("400.00"),
        Decimal("100.00"),
    )
    assert '<td class="num" data-settlement="release">400,00 €</td>' in page.content.decode()
    action = client.get(url(grants, "office_home")).context["action"]
    assert ([a.number for a in action.proofs], action.submitted, action.in_review) == ([application.number], [], [])
    response = client.post(url(grants, "application_proof_check", application.pk), {"proof-accept": "corrections"})
    assert errors_of(response, "proof_check_form") == {"note": ["Tell the grantee what to correct."]}
    response = client.post(url(grants, "application_proof_check", application.pk), {"proof-accept": "accept"})
    assert messages_of(client.get(response["Location"])) == ["Proof of use accepted."]
    application.refresh_from_db()
    assert (application.status, application.proof.status) == ("approved", "accepted")
    assert line_figures(grants.line) == (Decimal("1600.00"), Decimal("1500.00"), Decimal("3400.00"))


# ----------------------------------------------------------------------------- the decision letter


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_decision_letter_is_a_pdf_with_the_grant(grants: Grants) -> None:
    application = grants.approved()
    response = browser(grants.coordinator).get(url(grants, "application_letter", application.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="Zuwendungsbescheid-{application.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Deutsch-Syrischer Kulturverein Dietzenbach e.V." in text
    assert "2.000,00 €" in text
    assert "Zuwendungsbescheid" in text
    assert "WIR-Vielfaltszentrum Kreis Offenbach" in text
    assert application.number in text
    assert "Clara Koordination" in text
    assert "Innerhalb von 3 Monaten nach Ende des Projekts, also bis zum 28.02.2027" in " ".join(text.split())


def test_a_rejection_letter_gives_the_reason(grants: Grants) -> None:
    application = services.application_decide(
        actor=grants.coordinator,
        application=grants.in_review(),
        decision="reject",
        reason="Kein Bezug zur Integration.",
    )
    response = browser(grants.coordinator).get(url(grants, "application_letter", application.pk))
    text = " ".join(pdf_text(response.content).split())
    assert ("Ablehnungsbescheid" in text, "Zuwendungsbescheid" in text) == (True, False)
    assert "Kein Bezug zur Integration." in text


def test_there_is_no_letter_before_the_decision(grants: Grants) -> None:
    application = grants.in_review()
    response = browser(grants.coordinator).get(url(grants, "application_letter", application.pk))
    assert response.status_code == 404
    page = browser(grants.coordinator).get(url(grants, "application_detail", application.pk))
    assert 'data-testid="letter"' not in page.content.decode()


def test_form_builder_writes_are_forbidden_to_staff(grants: Grants) -> None:
    client = browser(grants.staff)
    response = client.post(
        url(grants, "call_field_new", grants.call.pk), {"section": "S", "key": "x", "label": "X", "kind": "text"}
    )
    assert response.status_code == 403
    assert FormField.objects.filter(key="x").exists() is False
