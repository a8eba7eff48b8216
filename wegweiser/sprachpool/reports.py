"""Reads for the Sprachpool's money and figures: the monthly payout list, the statistics of a
period and the dashboard card. Each runs a fixed number of queries, whatever the number of
requests (the grouping happens in SQL).

Periods are calendar days in Europe/Berlin and refer to the appointment's date, not to when
a request was entered or confirmed: a payout list for March holds the services given in
March. Money is ``Decimal`` throughout. SQLite sums decimals as floating point numbers, so
every sum is rounded back to the cent (exact for any realistic amount: the float error stays
far below half a cent); PostgreSQL sums them exactly anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.sprachpool.models import Assignment, FundingSource, Institution, Request, Tier
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Region

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _money_sum(name: str) -> Sum:
    # Wider than the column: a year's costs may exceed what one assignment can hold.
    return Sum(name, output_field=DecimalField(max_digits=14, decimal_places=2))


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(CENT, ROUND_HALF_UP)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_next(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _berlin_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=BERLIN)


def _as_month(value: date | datetime) -> date:
    """A ``TruncMonth`` value (a datetime in Berlin time, or a date) as the month's first day."""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return value.replace(day=1)


def _funding_label(code: str) -> str:
    return str(FundingSource(code).label) if code in FundingSource.values else _("No funding source")


def _funding_order(code: str) -> tuple[int, str]:
    values = list(FundingSource.values)
    return (values.index(code), code) if code in values else (len(values), code)


@dataclass(frozen=True)
class Amounts:
    """Confirmed assignments summed up: how many, how long, and what they cost."""

    assignments: int = 0
    minutes: int = 0
    billed_units: int = 0
    fee: Decimal = ZERO
    travel: Decimal = ZERO
    total: Decimal = ZERO

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            assignments=self.assignments + other.assignments,
            minutes=self.minutes + other.minutes,
            billed_units=self.billed_units + other.billed_units,
            fee=self.fee + other.fee,
            travel=self.travel + other.travel,
            total=self.total + other.total,
        )

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Amounts:
        return cls(
            assignments=row["n"],
            minutes=row["minutes"] or 0,
            billed_units=row["units"] or 0,
            fee=_money(row["fee"]),
            travel=_money(row["travel"]),
            total=_money(row["total"]),
        )


AMOUNT_AGGREGATES = {
    "n": Count("pk"),
    "minutes": Sum("actual_minutes"),
    "units": Sum("billed_units"),
    "fee": _money_sum("fee_amount"),
    "travel": _money_sum("travel_amount"),
    "total": _money_sum("total_amount"),
}


def _confirmed(region: Region, start: date, end: date) -> Any:
    """Confirmed active assignments whose appointment lies in ``start`` … ``end`` (inclusive)."""
    return Assignment.objects.filter(
        region=region,
        is_active=True,
        confirmed_at__isnull=False,
        starts_at__gte=_berlin_midnight(start),
        starts_at__lt=_berlin_midnight(end + timedelta(days=1)),
    )


# ----------------------------------------------------------------------------- payouts


@dataclass(frozen=True)
class PayoutRow:
    mediator_id: int
    mediator_name: str
    tier: str
    amounts: Amounts

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label) if self.tier in Tier.values else self.tier


@dataclass(frozen=True)
class PayoutGroup:
    funding_source: str
    rows: list[PayoutRow]
    subtotal: Amounts

    @property
    def label(self) -> str:
        return _funding_label(self.funding_source)


@dataclass(frozen=True)
class PayoutReport:
    region: Region
    month: date  # the first day
    groups: list[PayoutGroup]
    total: Amounts


def payout_list(*, region: Region, month: date) -> PayoutReport:
    """What each mediator earned in ``month`` (appointments in that month, Berlin time,
    confirmed and not cancelled), per funding source, with subtotals and the grand total.
    One query."""
    first = month_start(month)
    with scope(region=region):
        rows = list(
            _confirmed(region, first, month_next(first) - timedelta(days=1))
            .values("funding_source", "mediator_id", "mediator__full_name", "mediator__tier")
            .annotate(**AMOUNT_AGGREGATES)
            .order_by("funding_source", "mediator__full_name", "mediator_id")
        )
    by_source: dict[str, list[PayoutRow]] = defaultdict(list)
    for row in rows:
        by_source[row["funding_source"]].append(
            PayoutRow(
                mediator_id=row["mediator_id"],
                mediator_name=row["mediator__full_name"],
                tier=row["mediator__tier"],
                amounts=Amounts.of_row(row),
            )
        )
    groups = [
        PayoutGroup(funding_source=source, rows=group, subtotal=_sum(r.amounts for r in group))
        for source, group in sorted(by_source.items(), key=lambda item: _funding_order(item[0]))
    ]
    return PayoutReport(region=region, month=first, groups=groups, total=_sum(g.subtotal for g in groups))


def _sum(amounts: Iterable[Amounts]) -> Amounts:
    result = Amounts()
    for item in amounts:
        result += item
    return result


# ----------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class RequestCounts:
    """Requests, and how many of them were served (completed) or could not be served."""

    total: int = 0
    served: int = 0
    unserved: int = 0

    def __add__(self, other: RequestCounts) -> RequestCounts:
        return RequestCounts(self.total + other.total, self.served + other.served, self.unserved + other.unserved)

    @property
    def served_percent(self) -> Decimal | None:
        """Served among the requests that were decided either way (open, cancelled and
        rejected requests do not count); None when there are none."""
        decided = self.served + self.unserved
        if not decided:
            return None
        return (Decimal(100 * self.served) / decided).quantize(Decimal("0.1"), ROUND_HALF_UP)


COUNT_AGGREGATES = {
    "n": Count("pk"),
    "served": Count("pk", filter=Q(status=Request.Status.COMPLETED)),
    "unserved": Count("pk", filter=Q(status=Request.Status.UNSERVED)),
}


def _counts(row: dict[str, Any]) -> RequestCounts:
    return RequestCounts(total=row["n"], served=row["served"], unserved=row["unserved"])


@dataclass(frozen=True)
class DialectFigure:
    code: str
    name: str
    counts: RequestCounts


@dataclass(frozen=True)
class LanguageFigure:
    """A language with its dialects rolled up into ``counts``; ``own`` are the requests
    for the language itself (no dialect given), ``dialects`` those for each dialect."""

    code: str
    name: str
    counts: RequestCounts
    own: RequestCounts
    dialects: list[DialectFigure]


@dataclass(frozen=True)
class InstitutionFigure:
    institution_id: int
    name: str
    kind: str
    counts: RequestCounts

    @property
    def kind_label(self) -> str:
        return str(Institution.Kind(self.kind).label) if self.kind in Institution.Kind.values else self.kind


@dataclass(frozen=True)
class CodeCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class CostFigure:
    funding_source: str
    amounts: Amounts

    @property
    def label(self) -> str:
        return _funding_label(self.funding_source)


@dataclass(frozen=True)
class MonthFigure:
    month: date
    counts: RequestCounts
    amounts: Amounts


@dataclass(frozen=True)
class Statistics:
    region: Region
    start: date
    end: date
    counts: RequestCounts
    languages: list[LanguageFigure]
    institutions: list[InstitutionFigure]
    statuses: list[CodeCount]
    unserved_reasons: list[CodeCount]
    costs: list[CostFigure]
    amounts: Amounts  # all confirmed assignments of the period
    months: list[MonthFigure] = field(default_factory=list)


def statistics(*, region: Region, start: date, end: date) -> Statistics:
    """The region's requests with their appointment in ``start`` … ``end`` (inclusive,
    Berlin time): by language, institution and status, served and unserved with reasons,
    the hours and costs of the confirmed assignments per funding source, and per month.
    Four queries."""
    if end < start:
        raise ValueError("end must not be before start")
    german = (get_language() or "de").startswith("de")
    with scope(region=region):
        requests = Request.objects.filter(
            region=region,
            starts_at__gte=_berlin_midnight(start),
            starts_at__lt=_berlin_midnight(end + timedelta(days=1)),
        )
        language_rows = list(
            requests.values(
                "language__code",
                "language__name_de",
                "language__name_en",
                "language__dialect_of__code",
                "language__dialect_of__name_de",
                "language__dialect_of__name_en",
            )
            .annotate(**COUNT_AGGREGATES)
            .order_by()
        )
        institution_rows = list(
            requests.values("institution_id", "institution__name", "institution__kind")
            .annotate(**COUNT_AGGREGATES)
            .order_by("-n", "institution__name", "institution_id")
        )
        status_rows = list(
            requests.annotate(month=TruncMonth("starts_at", tzinfo=BERLIN))
            .values("month", "status", "unserved_reason")
            .annotate(n=Count("pk"))
            .order_by()
        )
        money_rows = list(
            _confirmed(region, start, end)
            .annotate(month=TruncMonth("starts_at", tzinfo=BERLIN))
            .values("month", "funding_source")
            .annotate(**AMOUNT_AGGREGATES)
            .order_by()
        )

    statuses: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    month_counts: dict[date, RequestCounts] = defaultdict(RequestCounts)
    for row in status_rows:
        statuses[row["status"]] += row["n"]
        if row["status"] == Request.Status.UNSERVED:
            reasons[row["unserved_reason"] or Request.UnservedReason.OTHER] += row["n"]
        month_counts[_as_month(row["month"])] += RequestCounts(
            total=row["n"],
            served=row["n"] if row["status"] == Request.Status.COMPLETED else 0,
            unserved=row["n"] if row["status"] == Request.Status.UNSERVED else 0,
        )

    costs: dict[str, Amounts] = defaultdict(Amounts)
    month_amounts: dict[date, Amounts] = defaultdict(Amounts)
    for row in money_rows:
        amounts = Amounts.of_row(row)
        costs[row["funding_source"]] += amounts
        month_amounts[_as_month(row["month"])] += amounts

    months = []
    month = month_start(start)
    while month <= end:
        months.append(MonthFigure(month, month_counts.get(month, RequestCounts()), month_amounts.get(month, Amounts())))
        month = month_next(month)

    return Statistics(
        region=region,
        start=start,
        end=end,
        counts=_sum_counts(m.counts for m in months),
        languages=_languages(language_rows, german=german),
        institutions=[
            InstitutionFigure(
                institution_id=row["institution_id"],
                name=row["institution__name"],
                kind=row["institution__kind"],
                counts=_counts(row),
            )
            for row in institution_rows
        ],
        statuses=[CodeCount(code, str(label), statuses.get(code, 0)) for code, label in Request.Status.choices],
        unserved_reasons=[
            CodeCount(code, str(label), reasons.get(code, 0)) for code, label in Request.UnservedReason.choices
        ],
        costs=[
            CostFigure(source, amounts) for source, amounts in sorted(costs.items(), key=lambda i: _funding_order(i[0]))
        ],
        amounts=_sum(costs.values()),
        months=months,
    )


def _sum_counts(counts: Iterable[RequestCounts]) -> RequestCounts:
    result = RequestCounts()
    for item in counts:
        result += item
    return result


def _languages(rows: list[dict[str, Any]], *, german: bool) -> list[LanguageFigure]:
    """Roll dialects up into their language; most requested first."""
    suffix = "de" if german else "en"
    names: dict[str, str] = {}
    own: dict[str, RequestCounts] = defaultdict(RequestCounts)
    dialects: dict[str, list[DialectFigure]] = defaultdict(list)
    for row in rows:
        parent = row["language__dialect_of__code"]
        if parent is None:
            names[row["language__code"]] = row[f"language__name_{suffix}"]
            own[row["language__code"]] += _counts(row)
        else:
            names.setdefault(parent, row[f"language__dialect_of__name_{suffix}"])
            dialects[parent].append(
                DialectFigure(code=row["language__code"], name=row[f"language__name_{suffix}"], counts=_counts(row))
            )
    figures = []
    for code, name in names.items():
        subs = sorted(dialects.get(code, []), key=lambda d: (-d.counts.total, d.name))
        mine = own.get(code, RequestCounts())
        figures.append(
            LanguageFigure(
                code=code,
                name=name,
                counts=_sum_counts([mine, *(d.counts for d in subs)]),
                own=mine,
                dialects=subs,
            )
        )
    return sorted(figures, key=lambda f: (-f.counts.total, f.name))


# ----------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class DashboardCard:
    """This month's figures and the last months' requests, for the workspace dashboard."""

    month: MonthFigure
    months: list[MonthFigure]

    @property
    def max_requests(self) -> int:
        return max((m.counts.total for m in self.months), default=0)


def dashboard_card(*, region: Region, today: date | None = None, months: int = 6) -> DashboardCard:
    """Four queries (``statistics`` over the last ``months`` months, this one included)."""
    today = today or datetime.now(tz=BERLIN).date()
    first = month_start(today)
    for _step in range(months - 1):
        first = month_start(first - timedelta(days=1))
    figures = statistics(region=region, start=first, end=month_next(today) - timedelta(days=1))
    return DashboardCard(month=figures.months[-1], months=figures.months)
