"""Demo funding for Kreis Offenbach: the office's WIR grant 2025–2027 with its 2026 budget of
48,316 € in five lines and 12,000 € co-financing by the Kreis, a Kreis programme, the open call
"Mikroprojekte 2026" with a form in two sections (and English translations) and a scoring sheet,
four organisations, and applications in every state: a draft, a submitted one, one in review
with a review, one approved with its first tranche paid, one closed with 180 € reclaimed after
the proof of use, and a rejected one. Made with the services, as if people had worked with it.
Idempotent: skipped when the region has programmes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.utils import timezone
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.funding import services
from wegweiser.funding.models import Application, Call, Organisation, Programme
from wegweiser.tenancy.models import Commune, Membership, Region, Role

PASSWORD = "Wegweiser-Demo-2026"  # noqa: S105 - the demo accounts' password (see demo.seed)
APPLICANT_LOGIN = "verein@kulturverein-dietzenbach.example"

LINES = [  # name, purpose, amount: together the 48,316 € the state granted for 2026
    ("Mikroprojekte", "micro_projects", "5000.00"),
    ("Integrationslotsen-Aufwandsentschädigungen", "lotsen", "6000.00"),
    ("Sprachpool-Einsätze", "sprachpool", "12000.00"),
    ("Veranstaltungen", "events", "3000.00"),
    ("Personal", "staff", "22316.00"),
]
# section, key, label, help text, kind, required, choices, English (section, label, help text)
QUESTIONS: list[tuple[str, str, str, str, str, bool, list[str], tuple[str, str, str]]] = [
    (
        "Projekt",
        "goal",
        "Ziel des Projekts",
        "Was soll sich für die Teilnehmenden ändern?",
        "textarea",
        True,
        [],
        ("Project", "Aim of the project", "What should change for the participants?"),
    ),
    (
        "Projekt",
        "target_group",
        "Zielgruppe",
        "",
        "choice",
        True,
        ["Frauen", "Jugendliche", "Familien", "Alle"],
        ("Project", "Target group", ""),
    ),
    (
        "Projekt",
        "participants",
        "Erwartete Teilnehmende",
        "Eine Schätzung genügt.",
        "number",
        True,
        [],
        ("Project", "Expected participants", "An estimate is enough."),
    ),
    (
        "Projekt",
        "languages",
        "Sprachen im Projekt",
        "Zum Beispiel Deutsch und Arabisch.",
        "text",
        True,
        [],
        ("Project", "Languages in the project", "For example German and Arabic."),
    ),
    (
        "Umsetzung",
        "partners",
        "Kooperationspartner",
        "Vereine, Schulen, Kommunen, mit denen Sie zusammenarbeiten.",
        "textarea",
        False,
        [],
        ("Implementation", "Partners", "Associations, schools, communes you work with."),
    ),
    (
        "Umsetzung",
        "sustainability",
        "Wie geht es nach dem Projekt weiter?",
        "",
        "textarea",
        True,
        [],
        ("Implementation", "What happens after the project?", ""),
    ),
]
CRITERIA = [("Bedarf und Zielgruppe", 5), ("Beitrag zur Teilhabe", 5), ("Nachhaltigkeit und Kooperation", 5)]
# name, kind, commune, contact, e-mail, register number, address
ORGANISATIONS = [
    (
        "Deutsch-Syrischer Kulturverein Dietzenbach e.V.",
        "association",
        "Dietzenbach",
        "Rana Al-Khatib",
        APPLICANT_LOGIN,
        "VR 2451",
        "Offenbacher Straße 12, 63128 Dietzenbach",
    ),
    (
        "Afghanischer Frauenverein Rodgau e.V.",
        "migrant_organisation",
        "Rodgau",
        "Mariam Sadat",
        "vorstand@afghanischer-frauenverein-rodgau.example",
        "VR 3107",
        "Ludwigstraße 4, 63110 Rodgau",
    ),
    (
        "Gemeinde Hainburg",
        "commune",
        "Hainburg",
        "Thomas Becker",
        "integration@hainburg.example",
        "",
        "Hauptstraße 58, 63512 Hainburg",
    ),
    (
        "Eritreische Gemeinschaft Langen e.V.",
        "migrant_organisation",
        "Langen (Hessen)",
        "Semere Tesfamariam",
        "vorstand@eritreische-gemeinschaft-langen.example",
        "VR 1988",
        "Bahnstraße 21, 63225 Langen",
    ),
]


def funding_demo_seed(region: Region) -> list[tuple[str, str, str]]:
    """Returns the demo logins it made: (e-mail, name, what)."""
    logins = [
        (
            APPLICANT_LOGIN,
            "Rana Al-Khatib",
            "Antragsteller (Deutsch-Syrischer Kulturverein) – Kreis Offenbach",
        )
    ]
    with scopes_disabled():
        if Programme.objects.filter(region=region).exists():
            return logins
        wir = services.programme_save(
            actor=None,
            region=region,
            name="WIR-Vielfaltszentrum 2025–2027",
            description="Landesprogramm WIR: Vielfaltszentrum, Integrationslotsen, Sprachpool und Mikroprojekte.",
            source="state_wir",
            starts_on=date(2025, 1, 1),
            ends_on=date(2027, 12, 31),
        )
        budget = services.budget_save(
            actor=None, programme=wir, year=2026, co_financing="12000.00", co_financing_source="Kreis Offenbach"
        )
        lines = {
            name: services.line_save(actor=None, budget=budget, name=name, purpose=purpose, amount=amount)
            for name, purpose, amount in LINES
        }
        kreis = services.programme_save(
            actor=None,
            region=region,
            name="Integrationsfonds Kreis Offenbach",
            description="Freiwillige Leistung des Kreises für Integrationsprojekte.",
            source="kreis",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        services.line_save(
            actor=None,
            budget=services.budget_save(actor=None, programme=kreis, year=2026),
            name="Projektförderung",
            purpose="other",
            amount="10000.00",
        )
        call = _call(region, lines["Mikroprojekte"])
        organisations = [_organisation(region, *row) for row in ORGANISATIONS]
        _applications(region, call, organisations)
    return logins


def _call(region: Region, line: Any) -> Call:
    now = timezone.now()
    call = services.call_save(
        actor=None,
        region=region,
        line=line,
        title="Mikroprojekte 2026",
        description=(
            "Der Kreis Offenbach fördert kleine Projekte, die Begegnung und Teilhabe vor Ort stärken: "
            "Sprachcafés, Kulturfeste, Elternabende, Ausflüge, Workshops."
        ),
        eligibility="Vereine, Migrantenorganisationen und Kommunen im Kreis Offenbach.",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(weeks=4),
        max_amount="3000.00",
        is_published=True,
    )
    for section, key, label, help_text, kind, required, choices, english in QUESTIONS:
        services.form_field_save(
            actor=None,
            call=call,
            section=section,
            key=key,
            label=label,
            help_text=help_text,
            kind=kind,
            required=required,
            choices=choices,
            translations={"en": {"section": english[0], "label": english[1], "help_text": english[2]}},
        )
    for name, points in CRITERIA:
        services.criterion_save(actor=None, call=call, name=name, max_points=points)
    return call


def _organisation(
    region: Region, name: str, kind: str, commune: str, contact: str, email: str, register: str, address: str
) -> Organisation:
    """Registered online like any organisation; the demo confirms the e-mail address itself."""
    organisation = services.organisation_register(
        region=region,
        name=name,
        kind=kind,
        contact_name=contact,
        email=email,
        password=PASSWORD,
        commune=Commune.objects.get(region=region, name=commune),
        address=address,
        register_number=register,
        phone="06074 8180-0",
    )
    user = User.objects.get(email=email)
    services.organisation_activate(
        token=signing.dumps({"user": user.pk, "region": region.pk}, salt=services.ACTIVATION_SALT)
    )
    return organisation


def _applications(region: Region, call: Call, organisations: list[Organisation]) -> None:
    kulturverein, frauenverein, hainburg, eritreer = organisations
    year = timezone.localdate().year

    def apply(
        organisation: Organisation, title: str, amount: str, answers: dict[str, str], costs: list[Any], **extra: Any
    ) -> Application:
        actor = organisation.members.get().user
        application = services.application_create(actor=actor, call=call, organisation=organisation, title=title)
        return services.application_update(
            actor=actor,
            application=application,
            requested_amount=amount,
            answers=answers,
            cost_items=costs,
            **extra,
        )

    def submit(application: Application) -> Application:
        return services.application_submit(actor=application.organisation.members.get().user, application=application)

    def in_review(application: Application) -> Application:
        services.application_check_completeness(actor=None, application=submit(application), complete=True)
        return services.application_check_finances(actor=None, application=application, ok=True)

    # A draft, half filled in.
    apply(
        kulturverein,
        "Hausaufgabenhilfe auf Arabisch und Deutsch",
        "1200.00",
        {"goal": "Kinder aus syrischen Familien schaffen den Übergang in die weiterführende Schule."},
        [("cost", "fees", "Honorare Lernbegleitung", "1200.00")],
        summary="Zweimal pro Woche Lernbegleitung in der Stadtbibliothek",
    )
    # Submitted, waiting for the completeness check.
    submit(
        apply(
            eritreer,
            "Kulturfest in Langen",
            "1500.00",
            {
                "goal": "Nachbarinnen und Nachbarn lernen die eritreische Gemeinschaft kennen.",
                "target_group": "Alle",
                "participants": "250",
                "languages": "Deutsch, Tigrinya",
                "sustainability": "Das Fest soll jährlich stattfinden.",
            },
            [
                ("cost", "fees", "Honorare Musik", "800.00"),
                ("cost", "other", "Technik und Bühne", "400.00"),
                ("cost", "catering", "Verpflegung", "500.00"),
                ("own", "other", "Eigenanteil Verein", "200.00"),
            ],
            summary="Ein Nachmittag mit Musik, Essen und Spielen auf dem Lutherplatz",
            starts_on=date(year + 1, 6, 13),
            ends_on=date(year + 1, 6, 13),
        )
    )
    # In review, with one reviewer's scores.
    cafe = in_review(
        apply(
            hainburg,
            "Willkommenscafé im Bürgerhaus",
            "1000.00",
            {
                "goal": "Neu Zugezogene finden Kontakte und Ansprechpersonen in Hainburg.",
                "target_group": "Familien",
                "participants": "40",
                "languages": "Deutsch, Ukrainisch, Arabisch",
                "partners": "Evangelische Kirchengemeinde, Sportverein",
                "sustainability": "Ehrenamtliche übernehmen das Café nach einem Jahr.",
            },
            [
                ("cost", "fees", "Honorar Moderation", "500.00"),
                ("cost", "catering", "Verpflegung", "400.00"),
                ("cost", "publicity", "Flyer in vier Sprachen", "200.00"),
                ("own", "other", "Eigenanteil Gemeinde", "100.00"),
            ],
            summary="Einmal im Monat ein offenes Café mit Sprachmittlerinnen",
            starts_on=date(year + 1, 1, 15),
            ends_on=date(year + 1, 12, 15),
        )
    )
    reviewer = (
        Membership.objects.filter(region=region, is_active=True, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if reviewer is not None:
        services.review_save(
            actor=reviewer.user,
            application=cafe,
            scores=dict(zip([c.pk for c in call.criteria.all()], [4, 4, 3], strict=True)),
            comment="Guter Ansatz; Verstetigung mit den Ehrenamtlichen noch genauer beschreiben.",
        )
    # Approved, the first tranche paid.
    sewing = in_review(
        apply(
            frauenverein,
            "Nähwerkstatt für Frauen",
            "1500.00",
            {
                "goal": "Frauen lernen Nähen, üben Deutsch und knüpfen Kontakte.",
                "target_group": "Frauen",
                "participants": "15",
                "languages": "Deutsch, Dari, Paschtu",
                "sustainability": "Die Werkstatt wird danach vom Verein weitergeführt.",
            },
            [
                ("cost", "fees", "Honorar Kursleitung", "1000.00"),
                ("cost", "material", "Miete Nähmaschinen und Stoffe", "400.00"),
                ("cost", "rooms", "Raummiete", "300.00"),
                ("own", "other", "Eigenanteil Verein", "200.00"),
            ],
            summary="Zwanzig Nachmittage Nähwerkstatt mit Kinderbetreuung",
            starts_on=date(year, 9, 1),
            ends_on=date(year + 1, 2, 28),
        )
    )
    services.application_decide(actor=None, application=sewing, decision="approve")
    services.payment_record(actor=None, application=sewing, amount="750.00", note="1. Rate")
    # Closed: the proof of use accepted, 180 € of the 1,200 € paid reclaimed.
    cafe_for_women = in_review(
        apply(
            kulturverein,
            "Sprachcafé für Frauen",
            "1200.00",
            {
                "goal": "Frauen kommen ins Gespräch und üben Deutsch im Alltag.",
                "target_group": "Frauen",
                "participants": "20",
                "languages": "Deutsch, Arabisch",
                "partners": "Stadtbibliothek Dietzenbach",
                "sustainability": "Zwei Teilnehmerinnen leiten das Café inzwischen selbst.",
            },
            [
                ("cost", "fees", "Honorar Kursleitung", "1000.00"),
                ("cost", "fees", "Kinderbetreuung", "300.00"),
                ("cost", "material", "Material", "100.00"),
                ("own", "other", "Eigenanteil Verein", "100.00"),
                ("third_party", "other", "Spende Sparkasse", "100.00"),
            ],
            summary="Wöchentliches Sprachcafé mit Kinderbetreuung",
            starts_on=date(year, 3, 1),
            ends_on=date(year, 10, 31),
        )
    )
    services.application_decide(actor=None, application=cafe_for_women, decision="approve")
    services.payment_record(actor=None, application=cafe_for_women, amount="1200.00", note="Gesamtbetrag")
    applicant = kulturverein.members.get().user
    items = list(cafe_for_women.cost_items.order_by("kind", "position"))
    actual = ["1000.00", "120.00", "100.00", "100.00", "100.00"]  # less childcare needed: 180 € unspent
    services.proof_save(
        actor=applicant,
        application=cafe_for_women,
        report=(
            "32 Treffen mit durchschnittlich 14 Frauen. Die Kinderbetreuung wurde seltener gebraucht als "
            "geplant, weil viele Kinder inzwischen die Kita besuchen."
        ),
        participants=23,
        actuals=dict(zip([item.pk for item in items], actual, strict=True)),
    )
    services.proof_submit(actor=applicant, application=cafe_for_women)
    services.proof_check(actor=None, application=cafe_for_women, accept=True, note="Belege vollständig.")
    # Rejected, with the reason.
    football = in_review(
        apply(
            eritreer,
            "Fußballturnier der Nationen",
            "800.00",
            {
                "goal": "Jugendliche verschiedener Herkunft spielen zusammen.",
                "target_group": "Jugendliche",
                "participants": "80",
                "languages": "Deutsch",
                "sustainability": "Einmaliges Turnier.",
            },
            [
                ("cost", "rooms", "Platzmiete", "300.00"),
                ("cost", "material", "Trikots", "400.00"),
                ("cost", "catering", "Verpflegung", "200.00"),
                ("own", "other", "Eigenanteil Verein", "100.00"),
            ],
            summary="Ein Turniertag auf dem Sportplatz Oberlinden",
            starts_on=date(year + 1, 5, 16),
            ends_on=date(year + 1, 5, 16),
        )
    )
    services.application_decide(
        actor=None,
        application=football,
        decision="reject",
        reason="Sportveranstaltungen fördert der Kreis aus dem Integrationsfonds; bitte dort beantragen.",
    )
