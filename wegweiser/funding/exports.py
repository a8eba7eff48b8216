"""The funding reports as files: CSV (one grouping) and XLSX (one sheet per grouping), and the
office's report to the state as XLSX.

The conventions are the Sprachpool's payout export's (``wegweiser/sprachpool/exports.py``):
CSV that German Excel opens with a double click (UTF-8 with a byte order mark, semicolons,
decimal commas without thousands separators, CRLF), XLSX with real numbers in a euro format,
and names that begin like a formula (``= + - @``) kept as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wegweiser.funding.reports import Budgeted, Figures, FundingReport, StateReport

MONEY_FORMAT = "#,##0.00 €"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
GROUPS = ("programme", "year", "commune", "organisation")
SHEET_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")

Cell = str | int | float | Decimal | None  # Decimal: euros; float: other fractions


@dataclass(frozen=True)
class Table:
    """A sheet: its title, the header row and the rows (cells, and whether it is a sum)."""

    title: str
    headers: list[str]
    rows: list[tuple[list[Cell], bool]]
    widths: Sequence[int] = ()


def _figure_headers() -> list[str]:
    return [
        _("Applications"),
        _("Applied (€)"),
        _("Approved projects"),
        _("Approved (€)"),
        _("Paid (€)"),
        _("Reclaimed (€)"),
        _("Released (€)"),
    ]


def _figures(f: Figures) -> list[Cell]:
    return [f.applications, f.applied, f.approved_count, f.approved, f.paid, f.reclaimed, f.released]


def _budget_headers() -> list[str]:
    return [_("Budget (€)"), _("Committed (€)"), _("Available (€)")]


def _budgeted(b: Budgeted) -> list[Cell]:
    return [b.amount, b.committed, b.available]


def report_table(report: FundingReport, group: str) -> Table:
    """One grouping of the report as a table, with subtotals and the total."""
    rows: list[tuple[list[Cell], bool]] = []
    if group == "programme":
        for programme in report.programmes:
            for line in programme.lines:
                rows.append(
                    ([programme.name, line.year, line.name, *_budgeted(line.budgeted), *_figures(line.figures)], False)
                )
            rows.append(
                (
                    [programme.name, None, _("Subtotal"), *_budgeted(programme.budgeted), *_figures(programme.figures)],
                    True,
                )
            )
        rows.append(
            ([_("All programmes"), None, _("Total"), *_budgeted(report.budgeted), *_figures(report.total)], True)
        )
        headers = [_("Programme"), _("Year"), _("Budget line"), *_budget_headers(), *_figure_headers()]
        return Table(_("Programmes"), headers, rows, (34, 8, 34, 14, 14, 14, 13, 14, 13, 14, 14, 14, 14))
    if group == "year":
        for year in report.years:
            rows.append(([year.year, *_budgeted(year.budgeted), *_figures(year.figures)], False))
        rows.append(([_("Total"), *_budgeted(report.budgeted), *_figures(report.total)], True))
        headers = [_("Year"), *_budget_headers(), *_figure_headers()]
        return Table(_("Years"), headers, rows, (10, 14, 14, 14, 13, 14, 13, 14, 14, 14, 14))
    if group == "commune":
        for commune in report.communes:
            rows.append(([commune.name, *_figures(commune.figures)], False))
        rows.append(([_("Total"), *_figures(report.total)], True))
        return Table(_("Communes"), [_("Commune"), *_figure_headers()], rows, (28, 13, 14, 13, 14, 14, 14, 14))
    if group == "organisation":
        for organisation in report.organisations:
            rows.append(
                (
                    [organisation.name, organisation.kind_label, organisation.commune, *_figures(organisation.figures)],
                    False,
                )
            )
        rows.append(([_("Total"), None, None, *_figures(report.total)], True))
        headers = [_("Organisation"), _("Kind"), _("Commune"), *_figure_headers()]
        return Table(_("Organisations"), headers, rows, (40, 26, 22, 13, 14, 13, 14, 14, 14, 14))
    raise ValueError(f"Unknown grouping {group!r}")


# ----------------------------------------------------------------------------- writing


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_cell(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return _safe_text(value)
    return value


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.headers)
    for cells, _is_sum in table.rows:
        writer.writerow([_csv_cell(cell) for cell in cells])
    return (BOM + buffer.getvalue()).encode("utf-8")


def report_csv(report: FundingReport, group: str) -> bytes:
    return table_csv(report_table(report, group))


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of ``[]:*?/\\``; titles must be unique."""
    base = title.translate(SHEET_FORBIDDEN)[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    workbook.remove(first)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, (cells, is_sum) in enumerate(table.rows, start=2):
            for column, value in enumerate(cells, start=1):
                cell = sheet.cell(row=index, column=column, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # openpyxl would otherwise store it as a formula
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                if is_sum:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: FundingReport) -> bytes:
    return tables_xlsx([report_table(report, group) for group in GROUPS])


# ----------------------------------------------------------------------------- report to the state


def state_tables(report: StateReport) -> list[Table]:
    """The report to the state: the budget lines, the approved projects, and a summary."""
    lines: list[tuple[list[Cell], bool]] = []
    projects: list[tuple[list[Cell], bool]] = []
    for programme in report.programmes:
        for line in programme.lines:
            b = line.budgeted
            lines.append(
                (
                    [
                        programme.name,
                        line.name,
                        line.purpose_label,
                        b.amount,
                        b.committed,
                        b.paid,
                        b.available,
                        line.applications,
                        line.approved_count,
                    ],
                    False,
                )
            )
        b = programme.budgeted
        lines.append(
            (
                [
                    programme.name,
                    _("Subtotal"),
                    None,
                    b.amount,
                    b.committed,
                    b.paid,
                    b.available,
                    programme.applications,
                    programme.approved_count,
                ],
                True,
            )
        )
        for p in programme.projects:
            projects.append(
                (
                    [
                        programme.name,
                        p.number,
                        p.title,
                        p.organisation,
                        p.commune,
                        p.line,
                        p.status_label,
                        p.approved,
                        p.paid,
                        p.reclaimed,
                    ],
                    False,
                )
            )
    b = report.budgeted
    lines.append(
        (
            [
                _("All programmes"),
                _("Total"),
                None,
                b.amount,
                b.committed,
                b.paid,
                b.available,
                sum(p.applications for p in report.programmes),
                sum(p.approved_count for p in report.programmes),
            ],
            True,
        )
    )
    all_projects = [p for programme in report.programmes for p in programme.projects]
    projects.append(
        (
            [
                _("Total"),
                None,
                None,
                None,
                None,
                None,
                None,
                sum((p.approved for p in all_projects), Decimal("0.00")),
                sum((p.paid for p in all_projects), Decimal("0.00")),
                sum((p.reclaimed for p in all_projects), Decimal("0.00")),
            ],
            True,
        )
    )

    summary: list[tuple[list[Cell], bool]] = [
        ([_("Report to the state"), _("Region"), report.region.name], False),
        ([_("Report to the state"), _("Year"), report.year], False),
    ]
    for programme in report.programmes:
        period = f"{programme.starts_on:%d.%m.%Y}–{programme.ends_on:%d.%m.%Y}"
        summary += [
            ([programme.name, _("Grant period"), period], False),
            ([programme.name, _("Grant (€)"), programme.budgeted.amount], False),
            ([programme.name, _("Co-financing (€)"), programme.co_financing], False),
            ([programme.name, _("Co-financed by"), programme.co_financing_source], False),
            ([programme.name, _("Total funds (€)"), programme.total_funds], True),
        ]
    micro = report.micro
    section = _("Micro-projects")
    summary += [
        ([section, _("Budget (€)"), micro.budgeted.amount], False),
        ([section, _("Applications"), micro.applications], False),
        ([section, _("Approved projects"), micro.approved_count], False),
        ([section, _("Rejected applications"), micro.rejected_count], False),
        ([section, _("Organisations funded"), micro.organisations], False),
        ([section, _("Applied (€)"), micro.applied], False),
        ([section, _("Approved (€)"), micro.approved], False),
        ([section, _("Paid (€)"), micro.paid], False),
        ([section, _("Reclaimed (€)"), micro.reclaimed], False),
        ([section, _("Available (€)"), micro.budgeted.available], True),
    ]
    if report.sprachpool is not None:
        pool = report.sprachpool
        section = _("Sprachpool")
        summary += [
            ([section, _("Requests"), pool.requests], False),
            ([section, _("Served"), pool.served], False),
            ([section, _("Not served"), pool.unserved], False),
            ([section, _("Hours of mediation"), float(pool.hours)], False),
            ([section, _("Costs (€)"), pool.costs], False),
            ([section, _("Of which WIR funds (€)"), pool.costs_wir], False),
        ]
    return [
        Table(
            _("Budget"),
            [
                _("Programme"),
                _("Budget line"),
                _("Purpose"),
                _("Amount (€)"),
                _("Committed (€)"),
                _("Paid (€)"),
                _("Available (€)"),
                _("Applications"),
                _("Approved projects"),
            ],
            lines,
            (34, 34, 26, 14, 14, 14, 14, 13, 13),
        ),
        Table(
            _("Approved projects"),
            [
                _("Programme"),
                _("Number"),
                _("Project"),
                _("Organisation"),
                _("Commune"),
                _("Budget line"),
                _("Status"),
                _("Approved (€)"),
                _("Paid (€)"),
                _("Reclaimed (€)"),
            ],
            projects,
            (34, 12, 34, 40, 22, 26, 20, 14, 14, 14),
        ),
        Table(_("Summary"), [_("Section"), _("Item"), _("Value")], summary, (34, 30, 30)),
    ]


def state_report_xlsx(report: StateReport) -> bytes:
    return tables_xlsx(state_tables(report))
