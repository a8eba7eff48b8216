"""Funding reports: exact figures per programme, year, commune and organisation, the report to
the state, the CSV and XLSX files, and who may see the pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from wegweiser.funding import exports, reports, services
from wegweiser.funding.models import Application, Organisation, Programme
from wegweiser.funding.reports import Budgeted, Figures

pytestmark = pytest.mark.django_db

D = Decimal


def _proof(grants: Any, application: Application, actuals: list[str]) -> None:
    items = list(application.cost_items.order_by("kind", "position"))
    services.proof_save(
        actor=grants.applicant,
        application=application,
        report="Zwölf Nachmittage Nähkurs mit 14 Frauen aus fünf Ländern.",
        participants=14,
        actuals=dict(zip([i.pk for i in items], actuals, strict=True)),
    )
    services.proof_submit(actor=grants.applicant, application=application)
    services.proof_check(actor=grants.coordinator, application=application, accept=True)


def _system_application(grants: Any, organisation: Organisation, amount: str, title: str) -> Application:
    """An application of another organisation, made by the system (no member account)."""
    application = services.application_create(actor=None, call=grants.call, organisation=organisation, title=title)
    return services.application_update(
        actor=None,
        application=application,
        requested_amount=amount,
        answers={"goal": "Begegnung", "target_group": "Alle", "participants": "30"},
        cost_items=[("cost", "fees", "Honorare", amount)],
    )


@pytest.fixture
def moved(grants: Any, other_region: Any) -> dict[str, Any]:
    """Money in every state, on the 5,000 € micro-projects line of 2026:

    - A (association): approved 2,000, paid 1,200, 200 released;
    - B (association): approved 1,000, paid 1,000, proof of use accepted with 820 spent: 180 reclaimed;
    - C (association): submitted, 500; D: a draft of 300 (not counted); E: rejected, 400;
    - F (an organisation without a commune): approved 700, nothing paid; G: withdrawn, 250 (not counted).

    A 2025 budget with a 3,000 € line and nothing on it; a Kreis programme (not for the state);
    and another region's programme that must never show."""
    with scopes_disabled():
        a = grants.approved("2000.00", title="Sprachcafé für Frauen")
        services.payment_record(actor=grants.coordinator, application=a, amount="1200.00", note="1. Rate")
        services.commitment_release(actor=grants.coordinator, application=a, amount="200.00", note="Weniger Termine")
        b = grants.approved("1000.00", title="Nähkurs")
        services.payment_record(actor=grants.coordinator, application=b, amount="1000.00")
        # Fees 1,120 (planned 1,300) + material 200 − own 300 − third party 200 = 820 spent.
        _proof(grants, b, ["1120.00", "200.00", "300.00", "200.00"])
        c = grants.submitted("500.00", title="Hausaufgabenhilfe")
        d = grants.draft("300.00", title="Kochabend")
        e = grants.in_review("400.00", title="Fahrradkurs")
        services.application_decide(
            actor=grants.coordinator, application=e, decision="reject", reason="Kein Bezug zur Integration"
        )
        frauentreff = Organisation.objects.create(
            region=grants.region,
            name="Frauentreff Kreis Offenbach",
            kind="migrant_organisation",
            contact_name="Leyla Demir",
            email="info@frauentreff.example",
        )
        f = _system_application(grants, frauentreff, "700.00", "Sommerfest der Kulturen")
        services.application_submit(actor=None, application=f)
        services.application_check_completeness(actor=None, application=f, complete=True)
        services.application_check_finances(actor=None, application=f, ok=True)
        services.application_decide(actor=None, application=f, decision="approve")
        g = _system_application(grants, frauentreff, "250.00", "Ausflug")
        services.application_submit(actor=None, application=g)
        services.application_withdraw(actor=None, application=g)

        old = services.budget_save(actor=None, programme=grants.programme, year=2025)
        old_line = services.line_save(
            actor=None, budget=old, name="Mikroprojekte", purpose="micro_projects", amount="3000.00"
        )
        kreis = services.programme_save(
            actor=None,
            region=grants.region,
            name="Integrationsfonds Kreis Offenbach",
            source="kreis",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        kreis_line = services.line_save(
            actor=None,
            budget=services.budget_save(actor=None, programme=kreis, year=2026),
            name="Veranstaltungen",
            purpose="events",
            amount="1500.00",
        )
        elsewhere = services.programme_save(
            actor=None,
            region=other_region,
            name="WIR Stadt Offenbach",
            source="state_wir",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        services.line_save(
            actor=None,
            budget=services.budget_save(actor=None, programme=elsewhere, year=2026),
            name="Mikroprojekte Stadt",
            purpose="micro_projects",
            amount="9999.00",
        )
    return {
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "e": e,
        "f": f,
        "frauentreff": frauentreff,
        "old_line": old_line,
        "kreis": kreis,
        "kreis_line": kreis_line,
    }


ALL = Figures(
    applications=5,
    applied=D("4600.00"),
    approved_count=3,
    approved=D("3700.00"),
    paid=D("2020.00"),
    reclaimed=D("180.00"),
    released=D("200.00"),
)
DIETZENBACH = Figures(4, D("3900.00"), 2, D("3000.00"), D("2020.00"), D("180.00"), D("200.00"))
FRAUENTREFF = Figures(1, D("700.00"), 1, D("700.00"), D("0.00"), D("0.00"), D("0.00"))
LINE_2026 = Budgeted(D("5000.00"), D("3320.00"), D("2020.00"))


# ----------------------------------------------------------------------------- figures


def test_report_sums_exactly_per_programme_year_commune_and_organisation(grants, moved):
    with CaptureQueriesContext(connection) as queries:
        report = reports.funding_report(region=grants.region)

    assert len(queries) == 4
    assert report.total == ALL
    assert report.budgeted == Budgeted(D("9500.00"), D("3320.00"), D("2020.00"))
    assert [(g.name, g.source_label, g.budgeted, g.figures) for g in report.programmes] == [
        ("Integrationsfonds Kreis Offenbach", "District or city", Budgeted(D("1500.00")), Figures()),
        (
            "WIR-Vielfaltszentrum 2025–2027",
            "State of Hessen (WIR)",
            Budgeted(D("8000.00"), D("3320.00"), D("2020.00")),
            ALL,
        ),
    ]
    wir = report.programmes[1]
    assert [(r.line_id, r.name, r.year, r.purpose_label, r.budgeted, r.figures) for r in wir.lines] == [
        (moved["old_line"].pk, "Mikroprojekte", 2025, "Micro-projects", Budgeted(D("3000.00")), Figures()),
        (grants.line.pk, "Mikroprojekte", 2026, "Micro-projects", LINE_2026, ALL),
    ]
    assert wir.lines[1].budgeted.available == D("1680.00")
    assert [(y.year, y.budgeted, y.figures) for y in report.years] == [
        (2025, Budgeted(D("3000.00")), Figures()),
        (2026, Budgeted(D("6500.00"), D("3320.00"), D("2020.00")), ALL),
    ]
    assert [(c.name, c.figures) for c in report.communes] == [
        ("Dietzenbach", DIETZENBACH),
        ("No commune", FRAUENTREFF),
    ]
    assert report.communes[1].key == "commune-none"
    assert [(o.name, o.kind_label, o.commune, o.figures) for o in report.organisations] == [
        ("Deutsch-Syrischer Kulturverein Dietzenbach e.V.", "Registered association", "Dietzenbach", DIETZENBACH),
        ("Frauentreff Kreis Offenbach", "Migrant organisation", "", FRAUENTREFF),
    ]


def test_report_of_one_year_and_one_programme(grants, moved):
    old = reports.funding_report(region=grants.region, year=2025)
    assert [(g.name, [line.line_id for line in g.lines]) for g in old.programmes] == [
        ("WIR-Vielfaltszentrum 2025–2027", [moved["old_line"].pk])
    ]
    assert (old.total, old.communes, old.organisations) == (Figures(), [], [])

    kreis = reports.funding_report(region=grants.region, year=2026, programme=moved["kreis"])
    assert [line.line_id for g in kreis.programmes for line in g.lines] == [moved["kreis_line"].pk]
    assert (kreis.total, kreis.budgeted) == (Figures(), Budgeted(D("1500.00")))


def test_report_of_a_region_without_budgets_is_empty_in_one_query(grants, moved, other_region):
    with scopes_disabled():
        services.programme_save(
            actor=None,
            region=grants.region,
            name="Leer",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
    with CaptureQueriesContext(connection) as queries:
        report = reports.funding_report(region=grants.region, year=2031)
    assert len(queries) == 1
    assert (report.programmes, report.years, report.total, report.budgeted) == ([], [], Figures(), Budgeted())
    with pytest.raises(ValueError, match="programme of another region"):
        reports.funding_report(region=other_region, programme=moved["kreis"])


def test_another_regions_report_shows_none_of_this_region(grants, moved, other_region):
    report = reports.funding_report(region=other_region)
    assert [(g.name, g.budgeted) for g in report.programmes] == [("WIR Stadt Offenbach", Budgeted(D("9999.00")))]
    assert (report.total, report.organisations) == (Figures(), [])


def test_report_years_are_the_budgets_years_newest_first(grants, moved, other_region):
    assert reports.report_years(region=grants.region) == [2026, 2025]
    assert reports.report_years(region=other_region) == [2026]


def test_state_report_holds_the_wir_programmes_year(grants, moved):
    with CaptureQueriesContext(connection) as queries:
        report = reports.state_report(region=grants.region, year=2026)

    assert len(queries) == 9  # five of its own, four for the Sprachpool's year
    assert [p.name for p in report.programmes] == ["WIR-Vielfaltszentrum 2025–2027"]  # not the Kreis programme
    wir = report.programmes[0]
    assert (wir.has_budget, wir.co_financing, wir.co_financing_source, wir.total_funds) == (
        True,
        D("12000.00"),
        "Kreis Offenbach",
        D("17000.00"),
    )
    assert [(line.name, line.budgeted, line.applications, line.approved_count) for line in wir.lines] == [
        ("Mikroprojekte", LINE_2026, 5, 3)
    ]
    assert (wir.applications, wir.approved_count) == (5, 3)
    assert [
        (p.number, p.title, p.organisation, p.commune, p.status_label, p.approved, p.paid, p.reclaimed)
        for p in wir.projects
    ] == [
        (
            moved["a"].number,
            "Sprachcafé für Frauen",
            "Deutsch-Syrischer Kulturverein Dietzenbach e.V.",
            "Dietzenbach",
            "Approved",
            D("2000.00"),
            D("1200.00"),
            D("0.00"),
        ),
        (
            moved["b"].number,
            "Nähkurs",
            "Deutsch-Syrischer Kulturverein Dietzenbach e.V.",
            "Dietzenbach",
            "Closed (proof of use accepted)",
            D("1000.00"),
            D("820.00"),
            D("180.00"),
        ),
        (
            moved["f"].number,
            "Sommerfest der Kulturen",
            "Frauentreff Kreis Offenbach",
            "",
            "Approved",
            D("700.00"),
            D("0.00"),
            D("0.00"),
        ),
    ]
    micro = report.micro
    assert micro == reports.MicroProjects(
        budgeted=LINE_2026,
        applications=5,
        approved_count=3,
        rejected_count=1,
        applied=D("4600.00"),
        approved=D("3700.00"),
        paid=D("2020.00"),
        reclaimed=D("180.00"),
        organisations=2,
    )
    assert report.sprachpool == reports.SprachpoolFigures(0, 0, 0, D("0.0"), D("0.00"), D("0.00"))


def test_state_report_of_a_year_without_budget_or_programme(grants, moved):
    old = reports.state_report(region=grants.region, year=2027)
    assert [(p.name, p.has_budget, p.lines, p.projects) for p in old.programmes] == [
        ("WIR-Vielfaltszentrum 2025–2027", False, [], [])
    ]
    assert old.micro.budgeted == Budgeted()
    assert reports.state_report(region=grants.region, year=2028).programmes == []


# ----------------------------------------------------------------------------- files


def test_commune_csv_is_what_german_excel_opens(grants, moved):
    report = reports.funding_report(region=grants.region)

    assert (
        exports.report_csv(report, "commune")
        == (
            "\ufeff"
            "Commune;Applications;Applied (€);Approved projects;Approved (€);Paid (€);Reclaimed (€);Released (€)\r\n"
            "Dietzenbach;4;3900,00;2;3000,00;2020,00;180,00;200,00\r\n"
            "No commune;1;700,00;1;700,00;0,00;0,00;0,00\r\n"
            "Total;5;4600,00;3;3700,00;2020,00;180,00;200,00\r\n"
        ).encode()
    )


def test_report_xlsx_has_a_sheet_per_grouping_with_numbers(grants, moved):
    report = reports.funding_report(region=grants.region)

    book = openpyxl.load_workbook(io.BytesIO(exports.report_xlsx(report)))

    assert book.sheetnames == ["Programmes", "Years", "Communes", "Organisations"]
    programmes = book["Programmes"]
    assert [[cell.value for cell in row] for row in programmes.iter_rows()] == [
        [
            "Programme",
            "Year",
            "Budget line",
            "Budget (€)",
            "Committed (€)",
            "Available (€)",
            "Applications",
            "Applied (€)",
            "Approved projects",
            "Approved (€)",
            "Paid (€)",
            "Reclaimed (€)",
            "Released (€)",
        ],
        ["Integrationsfonds Kreis Offenbach", 2026, "Veranstaltungen", 1500, 0, 1500, 0, 0, 0, 0, 0, 0, 0],
        ["Integrationsfonds Kreis Offenbach", None, "Subtotal", 1500, 0, 1500, 0, 0, 0, 0, 0, 0, 0],
        ["WIR-Vielfaltszentrum 2025–2027", 2025, "Mikroprojekte", 3000, 0, 3000, 0, 0, 0, 0, 0, 0, 0],
        ["WIR-Vielfaltszentrum 2025–2027", 2026, "Mikroprojekte", 5000, 3320, 1680, 5, 4600, 3, 3700, 2020, 180, 200],
        ["WIR-Vielfaltszentrum 2025–2027", None, "Subtotal", 8000, 3320, 4680, 5, 4600, 3, 3700, 2020, 180, 200],
        ["All programmes", None, "Total", 9500, 3320, 6180, 5, 4600, 3, 3700, 2020, 180, 200],
    ]
    assert programmes["D2"].number_format == "#,##0.00 €"
    assert programmes["G2"].number_format == "General"
    assert all(cell.font.b for cell in programmes[1])
    assert [cell.font.b for cell in programmes[2]] == [False] * 13
    assert all(cell.font.b for cell in programmes[7])
    assert [[cell.value for cell in row] for row in book["Communes"].iter_rows(min_row=2)] == [
        ["Dietzenbach", 4, 3900, 2, 3000, 2020, 180, 200],
        ["No commune", 1, 700, 1, 700, 0, 0, 0],
        ["Total", 5, 4600, 3, 3700, 2020, 180, 200],
    ]
    assert [row[0].value for row in book["Years"].iter_rows(min_row=2)] == [2025, 2026, "Total"]
    assert [row[1].value for row in book["Organisations"].iter_rows(min_row=2)] == [
        "Registered association",
        "Migrant organisation",
        None,
    ]


def test_state_report_xlsx_holds_lines_projects_and_the_summary(grants, moved):
    report = reports.state_report(region=grants.region, year=2026)

    book = openpyxl.load_workbook(io.BytesIO(exports.state_report_xlsx(report)))

    assert book.sheetnames == ["Budget", "Approved projects", "Summary"]
    wir = "WIR-Vielfaltszentrum 2025–2027"
    assert [[cell.value for cell in row] for row in book["Budget"].iter_rows(min_row=2)] == [
        [wir, "Mikroprojekte", "Micro-projects", 5000, 3320, 2020, 1680, 5, 3],
        [wir, "Subtotal", None, 5000, 3320, 2020, 1680, 5, 3],
        ["All programmes", "Total", None, 5000, 3320, 2020, 1680, 5, 3],
    ]
    projects = [[cell.value for cell in row] for row in book["Approved projects"].iter_rows()]
    assert projects[0] == [
        "Programme",
        "Number",
        "Project",
        "Organisation",
        "Commune",
        "Budget line",
        "Status",
        "Approved (€)",
        "Paid (€)",
        "Reclaimed (€)",
    ]
    assert projects[2] == [
        wir,
        moved["b"].number,
        "Nähkurs",
        "Deutsch-Syrischer Kulturverein Dietzenbach e.V.",
        "Dietzenbach",
        "Mikroprojekte",
        "Closed (proof of use accepted)",
        1000,
        820,
        180,
    ]
    assert projects[4] == ["Total", None, None, None, None, None, None, 3700, 2020, 180]
    summary = {(row[0].value, row[1].value): row[2].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary[("Report to the state", "Region")] == "Kreis Offenbach"
    assert summary[("Report to the state", "Year")] == 2026
    assert summary[(wir, "Grant period")] == "01.01.2025–31.12.2027"
    assert summary[(wir, "Co-financing (€)")] == 12000
    assert summary[(wir, "Total funds (€)")] == 17000
    assert summary[("Micro-projects", "Reclaimed (€)")] == 180
    assert summary[("Micro-projects", "Organisations funded")] == 2
    assert summary[("Sprachpool", "Requests")] == 0
    assert book["Summary"]["C4"].number_format == "General"


def test_exports_keep_names_from_becoming_formulas():
    table = exports.Table("=Sheet", ["Name", "Amount"], [(["=HYPERLINK(1)", D("1.50")], False)])
    assert exports.table_csv(table) == "\ufeffName;Amount\r\n'=HYPERLINK(1);1,50\r\n".encode()
    book = openpyxl.load_workbook(io.BytesIO(exports.tables_xlsx([table, table])))
    assert book.sheetnames == ["=Sheet", "=Sheet (2)"]
    assert (book.active["A2"].value, book.active["A2"].data_type) == ("=HYPERLINK(1)", "s")


# ----------------------------------------------------------------------------- pages


def _client(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.cookies["wegweiser_language"] = "en"
    return client


def test_report_page_shows_the_figures(client, grants, moved):
    response = _client(client, grants.coordinator).get(f"/app/{grants.region.slug}/funding/reports/")

    assert response.status_code == 200
    text = response.content.decode()
    line = f"line-{grants.line.pk}"
    for testid, value in [
        ("total-budget", "9.500,00 €"),
        ("total-applied", "4.600,00 €"),
        ("total-approved", "3.700,00 €"),
        ("total-paid", "2.020,00 €"),
        ("total-reclaimed", "180,00 €"),
        ("total-available", "6.180,00 €"),
        (f"{line}-committed", "3.320,00 €"),
        (f"{line}-available", "1.680,00 €"),
        (f"{line}-reclaimed", "180,00 €"),
        (f"{line}-released", "200,00 €"),
        ("commune-none-approved", "700,00 €"),
        (f"organisation-{moved['frauentreff'].pk}-applied", "700,00 €"),
        ("year-2025-applied", "0,00 €"),
        ("commune-total-paid", "2.020,00 €"),
    ]:
        assert f'data-testid="{testid}">{value}<' in text
    assert '<th scope="row">No commune</th>' in text
    assert "WIR Stadt Offenbach" not in text
    assert f'href="/app/{grants.region.slug}/funding/reports/export.csv?group=commune&amp;year=&amp;programme="' in text
    assert "<script" not in text


def test_report_page_filters_by_year_and_programme(client, grants, moved):
    response = _client(client, grants.staff).get(
        f"/app/{grants.region.slug}/funding/reports/", {"year": "2026", "programme": str(moved["kreis"].pk)}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.year, report.programme) == (2026, moved["kreis"])
    assert [line.line_id for g in report.programmes for line in g.lines] == [moved["kreis_line"].pk]
    assert f'?group=commune&amp;year=2026&amp;programme={moved["kreis"].pk}"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"year": "zwanzig"}, {"year": "2019"}, {"programme": "x"}, {"programme": "999999"}, {"programme": "other"}],
)
def test_bad_year_or_programme_is_a_message_not_a_crash(client, grants, moved, other_region, query):
    if query.get("programme") == "other":  # another region's programme is no choice here
        with scopes_disabled():
            query = {"programme": str(Programme.objects.get(region=other_region).pk)}
    response = _client(client, grants.coordinator).get(f"/app/{grants.region.slug}/funding/reports/", query)

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.year, report.programme, report.total) == (None, None, ALL)
    assert (
        '<li class="message error">The year or programme could not be read; showing all years and programmes '
        "instead.</li>" in response.content.decode()
    )


def test_report_exports_are_attachments(client, grants, moved):
    _client(client, grants.coordinator)
    base = f"/app/{grants.region.slug}/funding/reports/"

    csv_response = client.get(f"{base}export.csv", {"group": "commune", "year": "2026"})
    xlsx_response = client.get(f"{base}export.xlsx", {"year": "", "programme": ""})

    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="funding-kreis-offenbach-2026-commune.csv"'
    assert "no-store" in csv_response["Cache-Control"]
    assert csv_response.content == exports.report_csv(
        reports.funding_report(region=grants.region, year=2026), "commune"
    )
    assert xlsx_response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="funding-kreis-offenbach-all-years.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(xlsx_response.content))["Communes"]["B4"].value == 5


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("export.csv?group=gemeinde", "Choose what to group the export by: programme, year, commune or organisation."),
        ("export.csv?group=commune&year=1999", "The year or programme could not be read; choose them again to export."),
        ("export.xlsx?programme=abc", "The year or programme could not be read; choose them again to export."),
    ],
)
def test_an_export_with_bad_parameters_goes_back_to_the_report(client, grants, url, message):
    _client(client, grants.coordinator)
    response = client.get(f"/app/{grants.region.slug}/funding/reports/{url}")
    assert (response.status_code, response.url) == (302, f"/app/{grants.region.slug}/funding/reports/")
    assert f'<li class="message error">{message}</li>' in client.get(response.url).content.decode()


def test_state_report_page_shows_the_year(client, grants, moved):
    response = _client(client, grants.coordinator).get(f"/app/{grants.region.slug}/funding/reports/state/?year=2026")

    assert response.status_code == 200
    text = response.content.decode()
    programme = f"state-programme-{grants.programme.pk}"
    for testid, value in [
        (f"{programme}-amount", "5.000,00 €"),
        (f"{programme}-co-financing", "12.000,00 € (Kreis Offenbach)"),
        (f"{programme}-total", "17.000,00 €"),
        (f"state-line-{grants.line.pk}-available", "1.680,00 €"),
        ("micro-reclaimed", "180,00 €"),
        ("micro-paid", "2.020,00 €"),
        ("micro-approved-count", "3"),
        ("sprachpool-requests", "0"),
    ]:
        assert f'data-testid="{testid}">{value}<' in text
    assert f'<tr data-testid="state-project-{moved["f"].pk}">' in text
    assert f'<tr data-testid="state-project-{moved["c"].pk}">' not in text
    assert "Integrationsfonds Kreis Offenbach" not in text
    assert f'href="/app/{grants.region.slug}/funding/reports/state/export.xlsx?year=2026"' in text


def test_state_report_defaults_to_this_year_and_reads_bad_years_as_this_year(client, grants, moved):
    _client(client, grants.coordinator)
    url = f"/app/{grants.region.slug}/funding/reports/state/"
    this_year = timezone.localdate().year
    assert client.get(url).context["report"].year == this_year

    response = client.get(url, {"year": "neunzehn"})
    assert response.status_code == 200
    assert response.context["report"].year == this_year
    assert (
        '<li class="message error">The year could not be read; showing this year instead.</li>'
        in response.content.decode()
    )


def test_state_report_xlsx_is_an_attachment_and_a_bad_year_goes_back(client, grants, moved):
    _client(client, grants.coordinator)
    url = f"/app/{grants.region.slug}/funding/reports/state/export.xlsx"

    response = client.get(url, {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="state-report-kreis-offenbach-2026.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(response.content))["Budget"]["G2"].value == 1680

    back = client.get(url, {"year": "1800"})
    assert (back.status_code, back.url) == (302, f"/app/{grants.region.slug}/funding/reports/state/")
    assert (
        '<li class="message error">The year could not be read; choose it again to export.</li>'
        in client.get(back.url).content.decode()
    )


URLS = [
    "reports/",
    "reports/export.csv?group=commune",
    "reports/export.xlsx",
    "reports/state/",
    "reports/state/export.xlsx",
]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("staff", 200),
        ("read_only", 200),
        ("ministry", 200),
        ("editor", 403),
        ("applicant", 403),
        ("other_coordinator", 404),
    ],
)
def test_who_may_see_the_reports(client, grants, moved, member, user_factory, other_region, who, status):
    if who == "ministry":
        user = user_factory(is_ministry=True)
    elif who == "other_coordinator":
        user = member("coordinator", region=other_region)
    elif who == "applicant":
        user = grants.applicant
    else:
        user = member(who)
    _client(client, user)
    assert [client.get(f"/app/{grants.region.slug}/funding/{url}").status_code for url in URLS] == [status] * 5


def test_signed_out_visitors_are_sent_to_the_log_in(client, grants):
    response = client.get(f"/app/{grants.region.slug}/funding/reports/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/")
