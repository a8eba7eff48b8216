"""Payouts (with CSV and XLSX exports) and statistics with charts.

The charts are inline SVG drawn by the templates (``_bar_chart.html``, ``_column_chart.html``):
no JavaScript, and each chart has a table with the same figures next to it for screen readers
and for copying. A period that cannot be read is reported as a form error and the default
period is shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.sprachpool import exports, reports, services
from wegweiser.sprachpool.permissions import VIEW_PAYOUTS, VIEW_STATISTICS
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

MAX_PERIOD_DAYS = 10 * 366
FIRST_YEAR, LAST_YEAR = 2000, 2100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> date:
    return timezone.now().astimezone(BERLIN).date()


class MonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        error_messages={"invalid": gettext_lazy("Enter a month as year and month, e.g. 2026-03.")},
    )

    def clean_month(self) -> date:
        month: date = self.cleaned_data["month"]
        if not _is_sensible(month):
            raise forms.ValidationError(_year_error())
        return month


def _is_sensible(day: date) -> bool:
    # Far-off years make no sense here and would overflow the month arithmetic.
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _year_error() -> str:
    return _("Choose a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


class PeriodForm(forms.Form):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (``from`` is a Python keyword, hence the fields
    are added by name)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", gettext_lazy("From")), ("to", gettext_lazy("To"))):
            self.fields[name] = forms.DateField(
                label=label, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("from", "to"):
            day = data.get(name)
            if day and not _is_sensible(day):
                self.add_error(name, _year_error())  # which also drops it from ``data``
        start, end = data.get("from"), data.get("to")
        if start and end:
            if end < start:
                self.add_error("to", _("The end date is before the start date."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("to", _("Choose a period of at most ten years."))
        return data


def _month_from(request: HttpRequest) -> tuple[MonthForm, date, bool]:
    """The month asked for, or this month; the flag tells whether the input was bad."""
    default = reports.month_start(_today())
    if "month" not in request.GET:
        return MonthForm(initial={"month": default}), default, False
    form = MonthForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["month"], False
    return form, default, True


def _month_query(month: date) -> str:
    return f"?month={month:%Y-%m}"


# ----------------------------------------------------------------------------- payouts


@region_view(VIEW_PAYOUTS)
def payouts(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form, month, is_bad = _month_from(request)
    if is_bad:
        messages.error(request, _("The month could not be read; showing this month instead."))
    report = reports.payout_list(region=access.region, month=month)
    return render(
        request,
        "sprachpool/reports/payouts.html",
        {
            "form": form,
            "report": report,
            "month_query": _month_query(month),
            "previous_query": _month_query(reports.month_start(month - timedelta(days=1))),
            "next_query": _month_query(reports.month_next(month)),
        },
    )


def _export(request: HttpRequest, access: RegionAccess, extension: str) -> HttpResponse:
    _form, month, is_bad = _month_from(request)
    if is_bad or "month" not in request.GET:
        messages.error(request, _("Choose the month to export."))
        return redirect("workspace:sprachpool:payouts", region_slug=access.region.slug)
    report = reports.payout_list(region=access.region, month=month)
    services.payouts_exported(actor=request.user, region=access.region, month=month, fmt=extension)  # type: ignore[arg-type]
    if extension == "csv":
        response = HttpResponse(exports.payout_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.payout_xlsx(report), content_type=XLSX)
    filename = f"sprachpool-{access.region.slug}-{month:%Y-%m}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)  # names and amounts: keep them out of shared caches
    return response


@region_view(VIEW_PAYOUTS)
def payouts_csv(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return _export(request, access, "csv")


@region_view(VIEW_PAYOUTS)
def payouts_xlsx(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return _export(request, access, "xlsx")


# ----------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal
    text: str


@dataclass(frozen=True)
class Chart:
    label: str  # what a screen reader announces; the table next to it has the figures
    bars: list[Bar]

    @property
    def max(self) -> int | Decimal:
        return max((bar.value for bar in self.bars), default=0)


def _euro(value: Decimal) -> str:
    return f"{number_format(value, 2, force_grouping=True)} €"


def _default_period() -> tuple[date, date]:
    today = _today()
    return date(today.year, 1, 1), date(today.year, 12, 31)


@region_view(VIEW_STATISTICS)
def statistics(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    start, end = _default_period()
    if "from" in request.GET or "to" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        else:
            messages.error(request, _("The period could not be read; showing this year instead."))
    else:
        form = PeriodForm(initial={"from": start, "to": end})
    figures = reports.statistics(region=access.region, start=start, end=end)
    period = f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"
    charts = {
        "months": Chart(
            _("Requests per month, %(period)s") % {"period": period},
            [Bar(date_format(m.month, "m/y"), m.counts.total, str(m.counts.total)) for m in figures.months],
        ),
        "languages": Chart(
            _("Requests by language, %(period)s") % {"period": period},
            [Bar(f.name, f.counts.total, str(f.counts.total)) for f in figures.languages],
        ),
        "institutions": Chart(
            _("Requests by institution, %(period)s") % {"period": period},
            [Bar(f.name, f.counts.total, str(f.counts.total)) for f in figures.institutions],
        ),
        "outcomes": Chart(
            _("Served and not served requests, %(period)s") % {"period": period},
            [Bar(_("Served"), figures.counts.served, str(figures.counts.served))]
            + [Bar(r.label, r.count, str(r.count)) for r in figures.unserved_reasons],
        ),
        "costs": Chart(
            _("Costs by funding source, %(period)s") % {"period": period},
            [Bar(c.label, c.amounts.total, _euro(c.amounts.total)) for c in figures.costs],
        ),
    }
    return render(
        request,
        "sprachpool/reports/statistics.html",
        {"form": form, "figures": figures, "charts": charts, "period": period},
    )


urlpatterns = [
    path("payouts/", payouts, name="payouts"),
    path("payouts/export.csv", payouts_csv, name="payouts_csv"),
    path("payouts/export.xlsx", payouts_xlsx, name="payouts_xlsx"),
    path("statistics/", statistics, name="statistics"),
]
