"""The monthly payout list as files for the bookkeeping: CSV and XLSX.

CSV is written the way German Excel (and LibreOffice with a German locale) opens it with a
double click, without an import dialog:

- UTF-8 *with* a byte order mark: without it Excel reads the file as Windows-1252 and turns
  "Müller" into "MÃ¼ller";
- semicolons between fields: German Excel takes the list separator from the locale, where
  the comma is the decimal separator, so comma-separated files land in one column;
- decimal commas without thousands separators ("1234,50"): read as numbers, so the sums
  can be added up again; a decimal point would be read as a date or as text;
- CRLF line ends (the ``csv`` module's default).

Cells that begin with ``= + - @`` would be run as formulas by spreadsheet programs; names
are data, so such text gets a leading apostrophe in the CSV and is stored as text in XLSX.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wegweiser.sprachpool.reports import Amounts, PayoutReport

MONEY_FORMAT = "#,##0.00 €"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def _headers() -> list[str]:
    return [
        _("Funding source"),
        _("Mediator"),
        _("Qualification"),
        _("Assignments"),
        _("Minutes"),
        _("Billed units"),
        _("Fee (€)"),
        _("Travel costs (€)"),
        _("Total (€)"),
    ]


def _rows(report: PayoutReport) -> list[tuple[str, str, str, Amounts, bool]]:
    """(funding source, mediator, qualification, amounts, is_sum) in the order of the list:
    each funding source's mediators and its subtotal, then the grand total."""
    rows: list[tuple[str, str, str, Amounts, bool]] = []
    for group in report.groups:
        for row in group.rows:
            rows.append((group.label, row.mediator_name, row.tier_label, row.amounts, False))
        rows.append((group.label, _("Subtotal"), "", group.subtotal, True))
    rows.append((_("All funding sources"), _("Total"), "", report.total, True))
    return rows


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _german_decimal(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def payout_csv(report: PayoutReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for source, name, tier, amounts, _is_sum in _rows(report):
        writer.writerow(
            [
                _safe_text(source),
                _safe_text(name),
                tier,
                amounts.assignments,
                amounts.minutes,
                amounts.billed_units,
                _german_decimal(amounts.fee),
                _german_decimal(amounts.travel),
                _german_decimal(amounts.total),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


def payout_xlsx(report: PayoutReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = report.month.strftime("%Y-%m")
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = _rows(report)
    for index, (source, name, tier, amounts, is_sum) in enumerate(rows, start=2):
        values: list[str | int | Decimal] = [
            source,
            name,
            tier,
            amounts.assignments,
            amounts.minutes,
            amounts.billed_units,
            amounts.fee,
            amounts.travel,
            amounts.total,
        ]
        is_total = index == len(rows) + 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # openpyxl would otherwise store it as a formula
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
            if is_total or (is_sum and column == 2):
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (28, 32, 30, 12, 10, 12, 14, 16, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
