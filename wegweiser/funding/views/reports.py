"""The funding reports (per programme, year, commune and organisation, as XLSX and CSV) and the
office's report to the state. Read-only pages: the office, the read-only members and the
ministry see them. A year or programme that cannot be read is reported as a message and the
default is shown instead (all years and programmes; the report to the state: this year)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.funding import exports, reports
from wegweiser.funding.models import Programme
from wegweiser.funding.permissions import VIEW_FUNDING_REPORTS
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import RegionAccess

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _this_year() -> int:
    return timezone.localdate().year


class ReportFilterForm(forms.Form):
    """``?year=&programme=``: both optional (empty: all)."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year of the budget"), coerce=int, required=False)
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=gettext_lazy("All programmes"),
    )

    def __init__(self, *args: Any, region: Region, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("All years")), *((y, str(y)) for y in years)]
        year.empty_value = None
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = Programme.objects.filter(region=region).order_by("name")


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, str(y)) for y in years]


def _filters(request: HttpRequest, region: Region) -> tuple[ReportFilterForm, int | None, Programme | None, bool]:
    """The form, the year and programme asked for (None: all), and whether the input was bad."""
    years = reports.report_years(region=region)
    if "year" not in request.GET and "programme" not in request.GET:
        return ReportFilterForm(region=region, years=years), None, None, False
    form = ReportFilterForm(request.GET, region=region, years=years)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["programme"], False
    return form, None, None, True


def _query(year: int | None, programme: Programme | None) -> str:
    params = {"year": year or "", "programme": programme.pk if programme else ""}
    return urlencode(params)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)  # names and amounts: keep them out of shared caches
    return response


# ----------------------------------------------------------------------------- reports


@region_view(VIEW_FUNDING_REPORTS)
def report(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form, year, programme, is_bad = _filters(request, access.region)
    if is_bad:
        messages.error(request, _("The year or programme could not be read; showing all years and programmes instead."))
    figures = reports.funding_report(region=access.region, year=year, programme=programme)
    return render(
        request,
        "funding/reports/report.html",
        {"form": form, "report": figures, "query": _query(year, programme)},
    )


def _export_filters(request: HttpRequest, access: RegionAccess) -> tuple[int | None, Programme | None] | None:
    _form, year, programme, is_bad = _filters(request, access.region)
    if is_bad:
        messages.error(request, _("The year or programme could not be read; choose them again to export."))
        return None
    return year, programme


def _filename(region: Region, year: int | None, programme: Programme | None, extension: str, group: str = "") -> str:
    parts = ["funding", region.slug, str(year) if year else "all-years"]
    if programme is not None:
        parts.append(f"programme-{programme.pk}")
    if group:
        parts.append(group)
    return f"{'-'.join(parts)}.{extension}"


@region_view(VIEW_FUNDING_REPORTS)
def report_csv(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    group = request.GET.get("group", "programme")
    filters = _export_filters(request, access)
    if group not in exports.GROUPS:
        messages.error(request, _("Choose what to group the export by: programme, year, commune or organisation."))
        filters = None
    if filters is None:
        return redirect("workspace:funding:reports", region_slug=access.region.slug)
    year, programme = filters
    figures = reports.funding_report(region=access.region, year=year, programme=programme)
    response = HttpResponse(exports.report_csv(figures, group), content_type=CSV)
    return _attachment(response, _filename(access.region, year, programme, "csv", group))


@region_view(VIEW_FUNDING_REPORTS)
def report_xlsx(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    filters = _export_filters(request, access)
    if filters is None:
        return redirect("workspace:funding:reports", region_slug=access.region.slug)
    year, programme = filters
    figures = reports.funding_report(region=access.region, year=year, programme=programme)
    response = HttpResponse(exports.report_xlsx(figures), content_type=XLSX)
    return _attachment(response, _filename(access.region, year, programme, "xlsx"))


# ----------------------------------------------------------------------------- report to the state


def _state_year(request: HttpRequest, region: Region) -> tuple[YearForm, int, bool]:
    """The year asked for, or this year; the flag tells whether the input was bad."""
    this_year = _this_year()
    years = sorted({*reports.report_years(region=region), this_year}, reverse=True)
    if "year" not in request.GET:
        return YearForm(years=years, initial={"year": this_year}), this_year, False
    form = YearForm(request.GET, years=years)
    if form.is_valid():
        return form, form.cleaned_data["year"], False
    return form, this_year, True


@region_view(VIEW_FUNDING_REPORTS)
def state_report(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form, year, is_bad = _state_year(request, access.region)
    if is_bad:
        messages.error(request, _("The year could not be read; showing this year instead."))
    figures = reports.state_report(region=access.region, year=year)
    return render(
        request,
        "funding/reports/state_report.html",
        {"form": form, "report": figures, "year_start": date(year, 1, 1), "year_end": date(year, 12, 31)},
    )


@region_view(VIEW_FUNDING_REPORTS)
def state_report_xlsx(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    _form, year, is_bad = _state_year(request, access.region)
    if is_bad:
        messages.error(request, _("The year could not be read; choose it again to export."))
        return redirect("workspace:funding:state_report", region_slug=access.region.slug)
    figures = reports.state_report(region=access.region, year=year)
    response = HttpResponse(exports.state_report_xlsx(figures), content_type=XLSX)
    return _attachment(response, f"state-report-{access.region.slug}-{year}.xlsx")


urlpatterns = [
    path("reports/", report, name="reports"),
    path("reports/export.csv", report_csv, name="reports_csv"),
    path("reports/export.xlsx", report_xlsx, name="reports_xlsx"),
    path("reports/state/", state_report, name="state_report"),
    path("reports/state/export.xlsx", state_report_xlsx, name="state_report_xlsx"),
]
