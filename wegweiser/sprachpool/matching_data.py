"""The facts ``matching`` decides on, read from the database in a fixed number of queries
whatever the size of the pool: the mediators who speak the languages in question with their
languages, weekly times, absences, bookings and minutes per month, and the requests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import product
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django_scopes import scope

from wegweiser.sprachpool.matching import BERLIN, MediatorFacts, Proposal, Ranked, RequestFacts, propose, rank
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    AvailabilitySlot,
    MediationLanguage,
    Mediator,
    MediatorLanguage,
    Mode,
    PoolSettings,
    Request,
)
from wegweiser.tenancy.models import Commune, Region

# The default of PoolSettings.travel_buffer_minutes, for a region that never changed its settings.
DEFAULT_BUFFER = 30


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), BERLIN)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_span(year: int, month: int) -> tuple[datetime, datetime]:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return _midnight(date(year, month, 1)), _midnight(following)


def _rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query as the database driver gives them, without
    Django's conversion of each value (for the thousands of rows of a large pool that costs
    more than the query). Only for integers, text and booleans (0 and 1 on SQLite), and
    times through ``_minute``."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _minute(value: time | str) -> int:
    """Minutes after midnight of a time column: ``datetime.time`` (PostgreSQL) or
    ``"HH:MM:SS"`` (SQLite)."""
    if isinstance(value, str):
        return int(value[:2]) * 60 + int(value[3:5])
    return value.hour * 60 + value.minute


def travel_buffer(*, region: Region) -> int:
    with scope(region=region):
        found = PoolSettings.objects.filter(region=region).values_list("travel_buffer_minutes", flat=True).first()
    return DEFAULT_BUFFER if found is None else found


def mediator_facts(
    *,
    region: Region,
    at_month: date,
    window: tuple[datetime, datetime] | None = None,
    language_ids: Collection[int] | None = None,
    weekdays: Collection[int] | None = None,
    exclude_request_id: int | None = None,
) -> list[MediatorFacts]:
    """The region's active mediators, in eight queries. Given ``language_ids``, only those who
    speak one of them, with only those languages; given ``weekdays``, only their weekly times
    on those days. Minutes are counted for ``at_month`` and every month ``window`` touches;
    bookings and absences only within ``window`` (default: ``at_month``).
    ``exclude_request_id``: leave out that request's own booking (when choosing again)."""
    return _mediator_facts(
        region=region,
        at_month=at_month,
        window=window,
        language_ids=language_ids,
        weekdays=weekdays,
        exclude_request_id=exclude_request_id,
        communes=_communes(region),
    )


Places = dict[int, tuple[str, tuple[float, float] | None]]


def _communes(region: Region | int) -> Places:
    """The region's communes: id -> (name, centre). One query, a few dozen rows."""
    with scope(region=region):
        rows = Commune.objects.filter(region=region).values_list("pk", "name", "latitude", "longitude")
        return {
            pk: (name, (float(lat), float(lon)) if lat is not None and lon is not None else None)
            for pk, name, lat, lon in rows
        }


def _mediator_facts(
    *,
    region: Region,
    at_month: date,
    window: tuple[datetime, datetime] | None,
    language_ids: Collection[int] | None,
    weekdays: Collection[int] | None,
    exclude_request_id: int | None,
    communes: Places,
) -> list[MediatorFacts]:
    if language_ids is not None and not language_ids:
        return []
    first_day = date(at_month.year, at_month.month, 1)
    if window is None:
        window = _month_span(first_day.year, first_day.month)
    last_day = max(first_day, (window[1] - timedelta(microseconds=1)).astimezone(BERLIN).date())  # end excluded
    months = _months(min(first_day, window[0].astimezone(BERLIN).date()), last_day)
    with scope(region=region):
        people = Mediator.objects.filter(region=region, is_active=True, erased_at__isnull=True)
        if language_ids is not None:
            speakers = MediatorLanguage.objects.filter(language_id__in=list(language_ids)).values("mediator_id")
            people = people.filter(pk__in=speakers)
        rows = _rows(
            people.order_by().values_list(
                "pk",
                "full_name",
                "gender",
                "tier",
                "on_site",
                "by_phone",
                "by_video",
                "max_hours_per_month",
                "conflict_notes",
                "home_commune_id",
            )
        )
        # The mediators' ids as a subquery compiled once: compiling it again for each query
        # below, or binding the ids one by one, costs more than the queries themselves.
        ids = RawSQL(*people.order_by().values("pk").query.sql_with_params())  # noqa: S611 - Django's own SQL
        languages: dict[int, dict[int, tuple[str, bool]]] = defaultdict(dict)
        spoken = MediatorLanguage.objects.filter(mediator_id__in=ids).order_by()
        if language_ids is not None:
            spoken = spoken.filter(language_id__in=list(language_ids))
        for mediator_id, language_id, level, verified in _rows(
            spoken.values_list("mediator_id", "language_id", "level", "is_verified")
        ):
            languages[mediator_id][language_id] = (level, bool(verified))
        slots: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        times = AvailabilitySlot.objects.filter(mediator_id__in=ids)
        if weekdays is not None:
            times = times.filter(weekday__in=list(weekdays))
        for mediator_id, weekday, starts, ends in _rows(
            times.order_by().values_list("mediator_id", "weekday", "starts", "ends")
        ):
            slots[mediator_id].append((weekday, _minute(starts), _minute(ends)))
        absences: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for mediator_id, starts_on, ends_on in (
            Absence.objects.filter(
                mediator_id__in=ids,
                ends_on__gte=window[0].astimezone(BERLIN).date(),
                starts_on__lte=window[1].astimezone(BERLIN).date(),
            )
            .order_by()
            .values_list("mediator_id", "starts_on", "ends_on")
        ):
            absences[mediator_id].append((starts_on, ends_on))
        bookings = Assignment.objects.filter(region=region, is_active=True, mediator_id__in=ids)
        if exclude_request_id is not None:
            bookings = bookings.exclude(request_id=exclude_request_id)
        busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        for mediator_id, blocked_from, blocked_until in (
            bookings.filter(blocked_until__gt=window[0], blocked_from__lt=window[1])
            .order_by()
            .values_list("mediator_id", "blocked_from", "blocked_until")
        ):
            busy[mediator_id].append((blocked_from, blocked_until))
        # Booked minutes count against the maximum; once confirmed, the actual minutes.
        spans = [_month_span(*month) for month in months]
        worked = Coalesce("actual_minutes", "request__duration_minutes")
        sums = {
            f"m{n}": Sum(worked, filter=Q(starts_at__gte=start, starts_at__lt=end))
            for n, (start, end) in enumerate(spans)
        }
        minutes: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
        for mediator_id, *per_month in _rows(
            bookings.filter(starts_at__gte=spans[0][0], starts_at__lt=spans[-1][1])
            .order_by()
            .values("mediator_id")
            .annotate(**sums)
            .values_list("mediator_id", *sums)
        ):
            minutes[mediator_id] = {month: value for month, value in zip(months, per_month, strict=True) if value}
        served: dict[int, set[int]] = defaultdict(set)
        for mediator_id, commune_id in _rows(
            Mediator.communes_served.through.objects.filter(mediator_id__in=ids).values_list(
                "mediator_id", "commune_id"
            )
        ):
            served[mediator_id].add(commune_id)
    modes = {
        flags: frozenset(mode for mode, yes in zip((Mode.ON_SITE, Mode.PHONE, Mode.VIDEO), flags, strict=True) if yes)
        for flags in product((False, True), repeat=3)
    }
    none: tuple[()] = ()
    return [
        MediatorFacts(
            id=pk,
            name=name,
            gender=gender,
            tier=tier,
            home=communes[home_id][1] if home_id in communes else None,
            modes=modes[bool(on_site), bool(phone), bool(video)],
            languages=languages.get(pk, {}),
            slots=tuple(sorted(slots[pk])) if pk in slots else none,
            absences=tuple(sorted(absences[pk])) if pk in absences else none,
            busy=tuple(sorted(busy[pk])) if pk in busy else none,
            minutes_by_month=minutes.get(pk, {}),
            max_minutes=max_hours * 60,
            communes_served=frozenset(served[pk]) if pk in served else frozenset(),
            conflict_notes=notes,
            home_commune_id=home_id,
            home_name=communes[home_id][0] if home_id in communes else "",
        )
        for pk, name, gender, tier, on_site, phone, video, max_hours, notes, home_id in rows
    ]


def _language_table() -> dict[int, tuple[int | None, str]]:
    """Every language and dialect: id -> (the language it is a dialect of, name in the
    current language). One query; the table is small reference data."""
    german = (get_language() or "de").startswith("de")
    return {
        pk: (parent, name_de if german else name_en)
        for pk, parent, name_de, name_en in MediationLanguage.objects.values_list(
            "pk", "dialect_of_id", "name_de", "name_en"
        )
    }


def _request_facts(
    *,
    pk: int,
    language_id: int,
    starts_at: datetime,
    minutes: int,
    mode: str,
    commune_id: int | None,
    preferred_gender: str,
    institution_id: int | None,
    languages: dict[int, tuple[int | None, str]],
    communes: Places,
) -> RequestFacts:
    parent = languages.get(language_id, (None, ""))[0]
    dialects = frozenset(pk for pk, (of, _name) in languages.items() if of == language_id)
    related = dialects | ({parent} if parent is not None else set()) | {language_id}
    commune_name, place = communes.get(commune_id, ("", None)) if commune_id is not None else ("", None)
    return RequestFacts(
        id=pk,
        language_id=language_id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        mode=mode,
        language_parent_id=parent,
        dialect_ids_of_language=dialects,
        commune_id=commune_id,
        place=place,
        preferred_gender=preferred_gender,
        institution_id=institution_id,
        language_names={i: languages[i][1] for i in related if i in languages},
        commune_name=commune_name,
    )


def _one_request_facts(request: Request, communes: Places) -> RequestFacts:
    return _request_facts(
        pk=request.pk,
        language_id=request.language_id,
        starts_at=request.starts_at,
        minutes=request.duration_minutes,
        mode=request.mode,
        commune_id=request.commune_id,
        preferred_gender=request.preferred_gender,
        institution_id=request.institution_id,
        languages=_language_table(),
        communes=communes,
    )


def request_facts(request: Request) -> RequestFacts:
    """The facts of one request: two queries (the languages, the region's communes)."""
    return _one_request_facts(request, _communes(request.region_id))


def candidate_list(*, request: Request) -> list[Ranked]:
    """The region's mediators who speak the request's language (or a related one), ranked:
    eligible first, each with the reasons. Eleven queries, whatever the size of the pool."""
    region = request.region
    communes = _communes(region)
    facts = _one_request_facts(request, communes)
    buffer = travel_buffer(region=region)
    local = request.starts_at.astimezone(BERLIN)
    day = _midnight(local.date())
    window = (min(day, request.starts_at - timedelta(minutes=buffer)), max(day + timedelta(days=1), facts.ends_at))
    mediators = _mediator_facts(
        region=region,
        at_month=local.date(),
        window=window,
        language_ids={facts.language_id, *facts.related_language_ids},
        weekdays={local.weekday()},
        exclude_request_id=request.pk,
        communes=communes,
    )
    return rank(facts, mediators, buffer_minutes=buffer)


def open_requests_of_week(*, region: Region, week_start: date) -> list[RequestFacts]:
    """The approved requests (looking for a mediator) from ``week_start`` for seven days:
    three queries."""
    return _week_requests(region, week_start, _communes(region))


def _week_requests(region: Region, week_start: date, communes: Places) -> list[RequestFacts]:
    start, end = _midnight(week_start), _midnight(week_start + timedelta(days=7))
    languages = _language_table()
    with scope(region=region):
        rows = (
            Request.objects.filter(
                region=region, status=Request.Status.APPROVED, starts_at__gte=start, starts_at__lt=end
            )
            .order_by("starts_at", "pk")
            .values_list(
                "pk",
                "language_id",
                "starts_at",
                "duration_minutes",
                "mode",
                "commune_id",
                "preferred_gender",
                "institution_id",
            )
        )
        return [
            _request_facts(
                pk=pk,
                language_id=language_id,
                starts_at=starts_at,
                minutes=minutes,
                mode=mode,
                commune_id=commune_id,
                preferred_gender=gender,
                institution_id=institution_id,
                languages=languages,
                communes=communes,
            )
            for pk, language_id, starts_at, minutes, mode, commune_id, gender, institution_id in rows
        ]


@dataclass(frozen=True)
class WeekPlan:
    """The week's approved requests, the pool as facts, and the proposed assignment."""

    requests: list[RequestFacts]
    mediators: list[MediatorFacts]
    buffer_minutes: int
    proposal: Proposal


def week_plan(*, region: Region, week_start: date) -> WeekPlan:
    """The proposed assignment of the week's approved requests (see ``matching.propose``),
    for the coordinator to review: eleven queries, whatever the number of requests."""
    communes = _communes(region)
    requests = _week_requests(region, week_start, communes)
    buffer = travel_buffer(region=region)
    start, end = _midnight(week_start), _midnight(week_start + timedelta(days=7))
    mediators = _mediator_facts(
        region=region,
        at_month=week_start,
        window=(start - timedelta(days=1), end + timedelta(days=1)),
        language_ids={i for r in requests for i in (r.language_id, *r.related_language_ids)},
        weekdays=None,
        exclude_request_id=None,
        communes=communes,
    )
    return WeekPlan(requests, mediators, buffer, propose(requests, mediators, buffer_minutes=buffer))


def batch_proposal(*, region: Region, week_start: date) -> Proposal:
    return week_plan(region=region, week_start=week_start).proposal
