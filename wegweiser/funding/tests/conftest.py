"""A region's funding to test with: the WIR programme 2025–2027 with its 2026 budget and a
micro-projects line of 5,000 €, an open call with a short form and a scoring sheet, an
association that applies, and the people who act. Messages and notifications in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from wegweiser.funding import services
from wegweiser.funding.models import Application, BudgetLine, Call, Organisation, OrganisationMember, Programme
from wegweiser.tenancy.models import Commune, Region


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Grants:
    region: Region
    coordinator: Any
    staff: Any
    applicant: Any  # acts for the association
    programme: Programme
    line: BudgetLine
    call: Call
    association: Organisation

    def draft(self, amount: str = "2000.00", *, title: str = "Sprachcafé für Frauen", **changes: Any) -> Application:
        """A filled-in draft whose cost plan adds up: costs 2,500 − own 300 − third party 200 = amount."""
        application = services.application_create(
            actor=self.applicant, call=self.call, organisation=self.association, title=title
        )
        values: dict[str, Any] = {
            "summary": "Wöchentliches Sprachcafé mit Kinderbetreuung",
            "starts_on": date(2026, 3, 1),
            "ends_on": date(2026, 11, 30),
            "requested_amount": amount,
            "answers": {"goal": "Frauen kommen ins Gespräch", "target_group": "Frauen", "participants": "25"},
            "cost_items": [
                ("cost", "fees", "Honorar Kursleitung", Decimal(amount) + Decimal("300.00")),
                ("cost", "material", "Material", "200.00"),
                ("own", "other", "Eigenanteil Verein", "300.00"),
                ("third_party", "other", "Spende Sparkasse", "200.00"),
            ],
        }
        values.update(changes)
        return services.application_update(actor=self.applicant, application=application, **values)

    def submitted(self, amount: str = "2000.00", **changes: Any) -> Application:
        return services.application_submit(actor=self.applicant, application=self.draft(amount, **changes))

    def in_review(self, amount: str = "2000.00", **changes: Any) -> Application:
        application = self.submitted(amount, **changes)
        services.application_check_completeness(actor=self.staff, application=application, complete=True)
        return services.application_check_finances(actor=self.staff, application=application, ok=True)

    def approved(self, amount: str = "2000.00", **changes: Any) -> Application:
        return services.application_decide(
            actor=self.coordinator, application=self.in_review(amount, **changes), decision="approve"
        )


@pytest.fixture
def grants(region: Region, member: Callable[..., Any]) -> Grants:
    def person(role: str, **fields: Any) -> Any:
        return member(role, language="en", **fields)

    coordinator = person("coordinator", full_name="Clara Koordination")
    staff = person("staff", full_name="Stefan Mitarbeit")
    applicant = person("applicant", full_name="Rana Al-Khatib", email="vorstand@kulturverein.example")
    with scopes_disabled():
        programme = services.programme_save(
            actor=None,
            region=region,
            name="WIR-Vielfaltszentrum 2025–2027",
            source="state_wir",
            starts_on=date(2025, 1, 1),
            ends_on=date(2027, 12, 31),
        )
        budget = services.budget_save(
            actor=None, programme=programme, year=2026, co_financing="12000.00", co_financing_source="Kreis Offenbach"
        )
        line = services.line_save(
            actor=None, budget=budget, name="Mikroprojekte", purpose="micro_projects", amount="5000.00"
        )
        now = timezone.now()
        call = services.call_save(
            actor=None,
            region=region,
            line=line,
            title="Mikroprojekte 2026",
            description="Kleine Projekte von Vereinen und Migrantenorganisationen",
            opens_at=now - timedelta(days=10),
            closes_at=now + timedelta(days=30),
            max_amount="3000.00",
            is_published=True,
        )
        services.form_field_save(
            actor=None, call=call, section="Projekt", key="goal", label="Ziel des Projekts", kind="textarea"
        )
        services.form_field_save(
            actor=None,
            call=call,
            section="Projekt",
            key="target_group",
            label="Zielgruppe",
            kind="choice",
            choices=["Frauen", "Jugendliche", "Familien", "Alle"],
            translations={"en": {"label": "Target group", "section": "Project"}},
        )
        services.form_field_save(
            actor=None, call=call, section="Projekt", key="participants", label="Erwartete Teilnehmende", kind="number"
        )
        services.form_field_save(
            actor=None,
            call=call,
            section="Sonstiges",
            key="remarks",
            label="Anmerkungen",
            kind="textarea",
            required=False,
        )
        services.criterion_save(actor=None, call=call, name="Bedarf und Zielgruppe", max_points=5)
        services.criterion_save(actor=None, call=call, name="Nachhaltigkeit", max_points=5)
        association = Organisation.objects.create(
            region=region,
            name="Deutsch-Syrischer Kulturverein Dietzenbach e.V.",
            kind="association",
            commune=Commune.objects.get(name="Dietzenbach"),
            contact_name="Rana Al-Khatib",
            email="vorstand@kulturverein.example",
        )
        OrganisationMember.objects.create(
            region=region, organisation=association, email=applicant.email, user=applicant
        )
    return Grants(region, coordinator, staff, applicant, programme, line, call, association)
