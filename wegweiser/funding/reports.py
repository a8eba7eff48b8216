"""Reads for the funding reports: what was applied for, approved, paid, reclaimed and released,
per programme (and budget line), per year of the budget, per commune and per organisation; and
the office's own report to the state (zahlenmäßiger Nachweis) for one year.

Each runs a fixed number of queries, whatever the number of applications: the sums are built
in SQL (``GROUP BY`` budget line and organisation) and only the few grouped rows are rolled up
in Python. The figures:

- applied: Σ requested amount of the applications handed in (submitted or later, neither a
  draft nor withdrawn);
- approved: Σ approved amount (approved, approved in part, closed);
- paid: Σ payments − Σ reclaims (ledger); reclaimed: Σ reclaims; released: Σ releases.

An application counts on the budget line it was booked on (``line``, else its call's line),
the same rule the services use. Money is ``Decimal``; SQLite sums decimals as floating point
numbers, so every sum is rounded back to the cent (PostgreSQL sums them exactly anyway).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, DecimalField, F, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.funding.models import (
    Application,
    Budget,
    BudgetLine,
    LedgerEntry,
    Organisation,
    Programme,
    Source,
)
from wegweiser.tenancy.models import Region

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

#: Handed in: everything but drafts and withdrawn applications.
NOT_APPLIED = (Application.Status.DRAFT, Application.Status.WITHDRAWN)


def _money_sum(name: str, **kwargs: Any) -> Sum:
    # Wider than the column: a programme's sums may exceed what one amount can hold.
    return Sum(name, output_field=DecimalField(max_digits=16, decimal_places=2), **kwargs)


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _line_key() -> Coalesce:
    """The budget line an application counts on (as the services book it)."""
    return Coalesce(F("line"), F("call__line"), output_field=IntegerField())


@dataclass(frozen=True)
class Figures:
    """What happened to the money of some applications."""

    applications: int = 0  # handed in
    applied: Decimal = ZERO
    approved_count: int = 0
    approved: Decimal = ZERO
    paid: Decimal = ZERO  # payments − reclaims
    reclaimed: Decimal = ZERO
    released: Decimal = ZERO

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            applications=self.applications + other.applications,
            applied=self.applied + other.applied,
            approved_count=self.approved_count + other.approved_count,
            approved=self.approved + other.approved,
            paid=self.paid + other.paid,
            reclaimed=self.reclaimed + other.reclaimed,
            released=self.released + other.released,
        )


def _sum(figures: Iterable[Figures]) -> Figures:
    result = Figures()
    for item in figures:
        result += item
    return result


@dataclass(frozen=True)
class Budgeted:
    """A budget line's (or several lines') own figures: what it holds and what is committed."""

    amount: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed

    def __add__(self, other: Budgeted) -> Budgeted:
        return Budgeted(self.amount + other.amount, self.committed + other.committed, self.paid + other.paid)


def _sum_budgeted(items: Iterable[Budgeted]) -> Budgeted:
    result = Budgeted()
    for item in items:
        result += item
    return result


# ----------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class LineRow:
    line_id: int
    name: str
    purpose: str
    year: int
    budgeted: Budgeted
    figures: Figures

    @property
    def purpose_label(self) -> str:
        return _label(BudgetLine.Purpose, self.purpose)

    @property
    def key(self) -> str:
        """Names the row in pages (ids, test ids)."""
        return f"line-{self.line_id}"


@dataclass(frozen=True)
class ProgrammeGroup:
    programme_id: int
    name: str
    source: str
    lines: list[LineRow]
    budgeted: Budgeted
    figures: Figures

    @property
    def source_label(self) -> str:
        return _label(Source, self.source)

    @property
    def key(self) -> str:
        return f"programme-{self.programme_id}"


@dataclass(frozen=True)
class YearRow:
    year: int
    budgeted: Budgeted
    figures: Figures

    @property
    def key(self) -> str:
        return f"year-{self.year}"


@dataclass(frozen=True)
class CommuneRow:
    commune_id: int | None  # None: organisations without a commune
    name: str
    figures: Figures

    @property
    def key(self) -> str:
        return f"commune-{self.commune_id or 'none'}"


@dataclass(frozen=True)
class OrganisationRow:
    organisation_id: int | None  # None: ledger entries without an application
    name: str
    kind: str
    commune: str
    figures: Figures

    @property
    def kind_label(self) -> str:
        return _label(Organisation.Kind, self.kind) if self.kind else ""

    @property
    def key(self) -> str:
        return f"organisation-{self.organisation_id or 'none'}"


@dataclass(frozen=True)
class FundingReport:
    region: Region
    year: int | None  # None: all years
    programme: Programme | None  # None: all programmes
    programmes: list[ProgrammeGroup]
    years: list[YearRow]
    communes: list[CommuneRow]
    organisations: list[OrganisationRow]
    budgeted: Budgeted
    total: Figures


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def report_years(*, region: Region) -> list[int]:
    """The years that have a budget, newest first (one query)."""
    with scope(region=region):
        return list(Budget.objects.filter(region=region).order_by("-year").values_list("year", flat=True).distinct())


def funding_report(*, region: Region, year: int | None = None, programme: Programme | None = None) -> FundingReport:
    """The region's funding figures, optionally of one budget year and one programme, grouped
    four ways with totals. Four queries (one when there is no budget line)."""
    if programme is not None and programme.region_id != region.pk:
        raise ValueError("programme of another region")
    with scope(region=region):
        lines = BudgetLine.objects.filter(region=region).select_related("budget__programme")
        if year is not None:
            lines = lines.filter(budget__year=year)
        if programme is not None:
            lines = lines.filter(budget__programme=programme)
        line_list = list(lines.order_by("budget__programme__name", "budget__programme_id", "budget__year", "name"))
        line_ids = [line.pk for line in line_list]
        cells: dict[tuple[int, int | None], Figures] = defaultdict(Figures)
        organisations: dict[int, Any] = {}
        if line_ids:
            for row in (
                Application.objects.filter(region=region)
                .exclude(status__in=NOT_APPLIED)
                .annotate(line_key=_line_key())
                .filter(line_key__in=line_ids)
                .values("line_key", "organisation_id")
                .annotate(
                    n=Count("pk"),
                    applied=_money_sum("requested_amount"),
                    approved_n=Count("pk", filter=Q(status__in=Application.GRANTED)),
                    approved=_money_sum("approved_amount", filter=Q(status__in=Application.GRANTED)),
                )
                .order_by()
            ):
                cells[(row["line_key"], row["organisation_id"])] += Figures(
                    applications=row["n"],
                    applied=_money(row["applied"]),
                    approved_count=row["approved_n"],
                    approved=_money(row["approved"]),
                )
            kind = LedgerEntry.Kind
            for row in (
                LedgerEntry.objects.filter(region=region, line_id__in=line_ids)
                .values("line_id", "application__organisation_id")
                .annotate(
                    payments=_money_sum("amount", filter=Q(kind=kind.PAYMENT)),
                    reclaims=_money_sum("amount", filter=Q(kind=kind.RECLAIM)),
                    releases=_money_sum("amount", filter=Q(kind=kind.RELEASE)),
                )
                .order_by()
            ):
                reclaimed = _money(row["reclaims"])
                cells[(row["line_id"], row["application__organisation_id"])] += Figures(
                    paid=_money(row["payments"]) - reclaimed, reclaimed=reclaimed, released=_money(row["releases"])
                )
            organisation_ids = {org for _line, org in cells if org is not None}
            organisations = {
                row["pk"]: row
                for row in Organisation.objects.filter(region=region, pk__in=organisation_ids).values(
                    "pk", "name", "kind", "commune_id", "commune__name"
                )
            }

    by_line: dict[int, Figures] = defaultdict(Figures)
    by_organisation: dict[int | None, Figures] = defaultdict(Figures)
    for (line_id, organisation_id), figures in cells.items():
        by_line[line_id] += figures
        by_organisation[organisation_id] += figures

    groups: list[ProgrammeGroup] = []
    years: dict[int, list[LineRow]] = defaultdict(list)
    for line in line_list:
        line_row = LineRow(
            line_id=line.pk,
            name=line.name,
            purpose=line.purpose,
            year=line.budget.year,
            budgeted=Budgeted(line.amount, line.committed, line.paid),
            figures=by_line.get(line.pk, Figures()),
        )
        years[line_row.year].append(line_row)
        owner = line.budget.programme
        if not groups or groups[-1].programme_id != owner.pk:
            groups.append(ProgrammeGroup(owner.pk, owner.name, owner.source, [], Budgeted(), Figures()))
        groups[-1].lines.append(line_row)
    groups = [
        ProgrammeGroup(
            g.programme_id,
            g.name,
            g.source,
            g.lines,
            _sum_budgeted(r.budgeted for r in g.lines),
            _sum(r.figures for r in g.lines),
        )
        for g in groups
    ]

    communes: dict[int | None, CommuneRow] = {}
    organisation_rows: list[OrganisationRow] = []
    for organisation_id, figures in by_organisation.items():
        org = organisations.get(organisation_id) if organisation_id is not None else None
        commune_id = org["commune_id"] if org else None
        commune_name = (org["commune__name"] if org else None) or ""
        previous = communes.get(commune_id)
        communes[commune_id] = CommuneRow(
            commune_id,
            commune_name or _("No commune"),
            (previous.figures if previous else Figures()) + figures,
        )
        organisation_rows.append(
            OrganisationRow(
                organisation_id=organisation_id,
                name=org["name"] if org else _("No organisation"),
                kind=org["kind"] if org else "",
                commune=commune_name,
                figures=figures,
            )
        )

    return FundingReport(
        region=region,
        year=year,
        programme=programme,
        programmes=groups,
        years=[
            YearRow(y, _sum_budgeted(r.budgeted for r in rows), _sum(r.figures for r in rows))
            for y, rows in sorted(years.items())
        ],
        communes=sorted(communes.values(), key=lambda c: (c.commune_id is None, c.name.casefold())),
        organisations=sorted(organisation_rows, key=lambda o: (o.organisation_id is None, o.name.casefold())),
        budgeted=_sum_budgeted(g.budgeted for g in groups),
        total=_sum(by_line.values()),
    )


# ----------------------------------------------------------------------------- report to the state


@dataclass(frozen=True)
class StateLine:
    line_id: int
    name: str
    purpose: str
    budgeted: Budgeted
    applications: int
    approved_count: int
    rejected_count: int
    applied: Decimal
    approved: Decimal

    @property
    def purpose_label(self) -> str:
        return _label(BudgetLine.Purpose, self.purpose)


@dataclass(frozen=True)
class Project:
    """An approved project and its money."""

    application_id: int
    number: str
    title: str
    organisation: str
    commune: str
    line: str
    status: str
    approved: Decimal
    paid: Decimal  # payments − reclaims
    reclaimed: Decimal

    @property
    def status_label(self) -> str:
        return _label(Application.Status, self.status)


@dataclass(frozen=True)
class StateProgramme:
    programme_id: int
    name: str
    starts_on: date
    ends_on: date
    has_budget: bool
    co_financing: Decimal
    co_financing_source: str
    lines: list[StateLine]
    projects: list[Project]

    @property
    def budgeted(self) -> Budgeted:
        return _sum_budgeted(line.budgeted for line in self.lines)

    @property
    def applications(self) -> int:
        return sum(line.applications for line in self.lines)

    @property
    def approved_count(self) -> int:
        return sum(line.approved_count for line in self.lines)

    @property
    def total_funds(self) -> Decimal:
        """The grant and the co-financing together."""
        return self.budgeted.amount + self.co_financing


@dataclass(frozen=True)
class MicroProjects:
    """The micro-project funds passed on to local organisations."""

    budgeted: Budgeted
    applications: int
    approved_count: int
    rejected_count: int
    applied: Decimal
    approved: Decimal
    paid: Decimal
    reclaimed: Decimal
    organisations: int  # distinct grantees


@dataclass(frozen=True)
class SprachpoolFigures:
    requests: int
    served: int
    unserved: int
    hours: Decimal
    costs: Decimal  # all confirmed assignments
    costs_wir: Decimal  # of them paid from WIR funds


@dataclass(frozen=True)
class StateReport:
    region: Region
    year: int
    programmes: list[StateProgramme]
    micro: MicroProjects
    sprachpool: SprachpoolFigures | None = None

    @property
    def budgeted(self) -> Budgeted:
        return _sum_budgeted(p.budgeted for p in self.programmes)

    @property
    def co_financing(self) -> Decimal:
        return sum((p.co_financing for p in self.programmes), ZERO)


def state_report(*, region: Region, year: int) -> StateReport:
    """The office's report to the state for ``year``: every programme of the state's WIR
    funding whose grant period covers the year (or that has a budget for it), with the year's
    budget lines (amount, committed, paid, available), co-financing, applications and the
    approved projects; a summary of the micro-projects; the Sprachpool's figures of the year
    when the Sprachpool is installed. Five queries, and the Sprachpool's four."""
    with scope(region=region):
        programmes = list(
            Programme.objects.filter(region=region, source=Source.STATE_WIR)
            .filter(
                Q(starts_on__year__lte=year, ends_on__year__gte=year) | Q(budgets__year=year),
            )
            .distinct()
            .order_by("name", "pk")
        )
        budgets = {
            b.programme_id: b
            for b in Budget.objects.filter(region=region, year=year, programme__in=[p.pk for p in programmes])
        }
        lines = list(BudgetLine.objects.filter(region=region, budget__in=list(budgets.values())).order_by("name"))
        line_ids = [line.pk for line in lines]
        counts: dict[int, dict[str, Any]] = {}
        projects: list[dict[str, Any]] = []
        if line_ids:
            counts = {
                row["line_key"]: row
                for row in Application.objects.filter(region=region)
                .exclude(status__in=NOT_APPLIED)
                .annotate(line_key=_line_key())
                .filter(line_key__in=line_ids)
                .values("line_key")
                .annotate(
                    n=Count("pk"),
                    approved_n=Count("pk", filter=Q(status__in=Application.GRANTED)),
                    rejected_n=Count("pk", filter=Q(status=Application.Status.REJECTED)),
                    applied=_money_sum("requested_amount"),
                    approved=_money_sum("approved_amount", filter=Q(status__in=Application.GRANTED)),
                )
                .order_by()
            }
            projects = list(
                Application.objects.filter(region=region, status__in=Application.GRANTED)
                .annotate(line_key=_line_key())
                .filter(line_key__in=line_ids)
                .values(
                    "pk",
                    "number",
                    "title",
                    "status",
                    "approved_amount",
                    "line_key",
                    "organisation_id",
                    "organisation__name",
                    "organisation__commune__name",
                )
                .annotate(
                    payments=_money_sum("entries__amount", filter=Q(entries__kind=LedgerEntry.Kind.PAYMENT)),
                    reclaims=_money_sum("entries__amount", filter=Q(entries__kind=LedgerEntry.Kind.RECLAIM)),
                )
                .order_by("number")
            )

    line_of = {line.pk: line for line in lines}
    state_lines: dict[int, list[StateLine]] = defaultdict(list)  # by budget
    for line in lines:
        row = counts.get(line.pk, {})
        state_lines[line.budget_id].append(
            StateLine(
                line_id=line.pk,
                name=line.name,
                purpose=line.purpose,
                budgeted=Budgeted(line.amount, line.committed, line.paid),
                applications=row.get("n", 0),
                approved_count=row.get("approved_n", 0),
                rejected_count=row.get("rejected_n", 0),
                applied=_money(row.get("applied")),
                approved=_money(row.get("approved")),
            )
        )
    state_projects: dict[int, list[Project]] = defaultdict(list)  # by budget
    micro_grantees: set[int] = set()
    micro_paid = micro_reclaimed = ZERO
    for row in projects:
        line = line_of[row["line_key"]]
        reclaimed = _money(row["reclaims"])
        project = Project(
            application_id=row["pk"],
            number=row["number"],
            title=row["title"],
            organisation=row["organisation__name"],
            commune=row["organisation__commune__name"] or "",
            line=line.name,
            status=row["status"],
            approved=_money(row["approved_amount"]),
            paid=_money(row["payments"]) - reclaimed,
            reclaimed=reclaimed,
        )
        state_projects[line.budget_id].append(project)
        if line.purpose == BudgetLine.Purpose.MICRO_PROJECTS:
            micro_grantees.add(row["organisation_id"])
            micro_paid += project.paid
            micro_reclaimed += project.reclaimed

    result = []
    for programme in programmes:
        budget = budgets.get(programme.pk)
        result.append(
            StateProgramme(
                programme_id=programme.pk,
                name=programme.name,
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
                has_budget=budget is not None,
                co_financing=budget.co_financing if budget else ZERO,
                co_financing_source=budget.co_financing_source if budget else "",
                lines=state_lines.get(budget.pk, []) if budget else [],
                projects=state_projects.get(budget.pk, []) if budget else [],
            )
        )
    micro_lines = [
        line for rows in state_lines.values() for line in rows if line.purpose == BudgetLine.Purpose.MICRO_PROJECTS
    ]
    micro = MicroProjects(
        budgeted=_sum_budgeted(line.budgeted for line in micro_lines),
        applications=sum(line.applications for line in micro_lines),
        approved_count=sum(line.approved_count for line in micro_lines),
        rejected_count=sum(line.rejected_count for line in micro_lines),
        applied=sum((line.applied for line in micro_lines), ZERO),
        approved=sum((line.approved for line in micro_lines), ZERO),
        paid=micro_paid,
        reclaimed=micro_reclaimed,
        organisations=len(micro_grantees),
    )
    return StateReport(region=region, year=year, programmes=result, micro=micro, sprachpool=_sprachpool(region, year))


def _sprachpool(region: Region, year: int) -> SprachpoolFigures | None:
    """The Sprachpool's year, when the app is installed (it is optional for funding)."""
    if not apps.is_installed("wegweiser.sprachpool"):
        return None
    try:
        from wegweiser.sprachpool.reports import statistics
    except ImportError:  # pragma: no cover - an installation without the Sprachpool's reports
        return None
    figures = statistics(region=region, start=date(year, 1, 1), end=date(year, 12, 31))
    return SprachpoolFigures(
        requests=figures.counts.total,
        served=figures.counts.served,
        unserved=figures.counts.unserved,
        hours=figures.amounts.hours,
        costs=figures.amounts.total,
        costs_wir=sum((c.amounts.total for c in figures.costs if c.funding_source == "wir"), ZERO),
    )
