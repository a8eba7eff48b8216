"""The region's rules for requests, as plain functions: working days with Hessian public
holidays, distances between communes, the checks a request must pass, and the pay."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _

from wegweiser.sprachpool.models import Mode, PoolSettings, Request
from wegweiser.tenancy.models import Commune

BERLIN = ZoneInfo("Europe/Berlin")
ROAD_FACTOR = 1.3  # road distance ≈ straight line × 1.3 (typical for German road networks)
CENT = Decimal("0.01")


@lru_cache(maxsize=16)
def _hessian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DE", subdiv="HE", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _hessian_holidays(day.year)


def working_days_between(first: date, last: date) -> int:
    """Working days after ``first`` up to and including ``last`` (0 when last <= first)."""
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def distance_km(a: Commune | None, b: Commune | None) -> float | None:
    """Estimated road distance between two communes' centres, or None when unknown."""
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    if a.pk == b.pk:
        return 0.0
    return haversine_km((float(a.latitude), float(a.longitude)), (float(b.latitude), float(b.longitude))) * ROAD_FACTOR  # type: ignore[arg-type]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class RuleIssue:
    code: str  # lead_time, duration, topic
    message: str


def request_rule_issues(request: Request, pool: PoolSettings, *, now: datetime) -> list[RuleIssue]:
    """What speaks against approving ``request`` under the region's rules (empty: nothing)."""
    issues = []
    received = (request.created_at or now).astimezone(BERLIN).date()
    days = working_days_between(received, request.starts_at.astimezone(BERLIN).date())
    if days < pool.lead_time_working_days:
        issues.append(
            RuleIssue(
                "lead_time",
                _("Only %(days)s working days between the request and the appointment; the rule is %(rule)s.")
                % {"days": days, "rule": pool.lead_time_working_days},
            )
        )
    if request.duration_minutes > pool.max_duration_minutes:
        issues.append(
            RuleIssue(
                "duration",
                _("%(minutes)s minutes are more than the maximum of %(max)s minutes.")
                % {"minutes": request.duration_minutes, "max": pool.max_duration_minutes},
            )
        )
    if not request.topic.is_allowed:
        issues.append(
            RuleIssue(
                "topic",
                _("The topic “%(topic)s” is not served by the pool (e.g. appointments with legal consequences).")
                % {"topic": request.topic.name},
            )
        )
    return issues


@dataclass(frozen=True)
class Pay:
    units: int
    rate: Decimal
    fee: Decimal
    travel_km: Decimal | None
    travel: Decimal
    total: Decimal


def compensation(*, pool: PoolSettings, tier: str, minutes: int, mode: str, travel_km: Decimal | None) -> Pay:
    """The mediator's pay for ``minutes`` of service: per started unit (half hour or hour) at
    the tier's rate, plus travel for appointments on site. Exact to the cent."""
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    unit = 30 if pool.billing_unit == PoolSettings.BillingUnit.HALF_HOUR else 60
    units = -(-minutes // unit)  # started units
    rate = pool.rate_for(tier)
    fee = (rate * units).quantize(CENT, ROUND_HALF_UP)
    travel = Decimal("0.00")
    km = travel_km if mode == Mode.ON_SITE else None
    if mode == Mode.ON_SITE:
        if pool.travel_billing == PoolSettings.TravelBilling.PER_KM and km is not None:
            travel = (pool.travel_rate_per_km * km).quantize(CENT, ROUND_HALF_UP)
        elif pool.travel_billing == PoolSettings.TravelBilling.FLAT:
            travel = pool.travel_flat.quantize(CENT)
    return Pay(units=units, rate=rate, fee=fee, travel_km=km, travel=travel, total=fee + travel)
