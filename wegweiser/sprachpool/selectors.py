"""Reads of a region's Sprachpool for the office: the inbox of requests, one request with its
offers, assignments and rule issues, the mediators with their hours this month, and the
institutions. Each function filters by region itself and returns in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_scopes import scope

from wegweiser.sprachpool import rules
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    Institution,
    InstitutionMember,
    MediationLanguage,
    Mediator,
    MediatorDocument,
    MediatorLanguage,
    Offer,
    PoolSettings,
    Request,
    Topic,
)
from wegweiser.sprachpool.rules import BERLIN, RuleIssue
from wegweiser.tenancy.models import Region

# ----------------------------------------------------------------------------- helpers


def berlin_today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(BERLIN).date()


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The Berlin calendar month containing ``now``: [first day 00:00, next month's first day)."""
    today = now.astimezone(BERLIN).date()
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(first, time(0), tzinfo=BERLIN), datetime.combine(following, time(0), tzinfo=BERLIN)


def _booked_minutes(region: Region, now: datetime, mediator_ids: list[int] | None = None) -> dict[int, int]:
    """``{mediator_id: minutes}`` booked in ``now``'s month (served minutes once confirmed)."""
    start, end = month_bounds(now)
    rows = Assignment.objects.filter(region=region, is_active=True, starts_at__gte=start, starts_at__lt=end)
    if mediator_ids is not None:
        rows = rows.filter(mediator_id__in=mediator_ids)
    minutes: dict[int, int] = defaultdict(int)
    for mediator_id, starts_at, ends_at, actual in rows.values_list(
        "mediator_id", "starts_at", "ends_at", "actual_minutes"
    ):
        minutes[mediator_id] += actual if actual is not None else int((ends_at - starts_at).total_seconds() // 60)
    return dict(minutes)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# ----------------------------------------------------------------------------- reference data


def mediation_language_list() -> QuerySet[MediationLanguage]:
    """All languages, each followed by its dialects (Arabisch, Arabisch (irakisch), …)."""
    return (
        MediationLanguage.objects.select_related("dialect_of")
        .annotate(family=Coalesce("dialect_of__name_de", "name_de"))
        .order_by("family", F("dialect_of").asc(nulls_first=True), "name_de")
    )


def topic_list(*, region: Region) -> QuerySet[Topic]:
    return Topic.objects.filter(region=region).order_by("position", "name")


def institution_choices(*, region: Region, active_only: bool = True) -> QuerySet[Institution]:
    qs = Institution.objects.filter(region=region)
    return qs.filter(is_active=True) if active_only else qs


def mediator_choices(*, region: Region) -> QuerySet[Mediator]:
    """The mediators the office may ask or book: active and not erased."""
    return Mediator.objects.filter(region=region, is_active=True, erased_at__isnull=True)


# ----------------------------------------------------------------------------- requests


def request_list(
    *,
    region: Region,
    statuses: tuple[str, ...] = (),
    language: MediationLanguage | None = None,
    institution: Institution | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> QuerySet[Request]:
    """The region's requests, soonest first; a language includes its dialects; the dates are
    Berlin calendar days, both inclusive."""
    qs = Request.objects.filter(region=region)
    if statuses:
        qs = qs.filter(status__in=statuses)
    if language is not None:
        qs = qs.filter(Q(language=language) | Q(language__dialect_of=language))
    if institution is not None:
        qs = qs.filter(institution=institution)
    if starts_on is not None:
        qs = qs.filter(starts_at__gte=datetime.combine(starts_on, time(0), tzinfo=BERLIN))
    if ends_on is not None:
        qs = qs.filter(starts_at__lt=datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=BERLIN))
    return qs.select_related("institution", "language", "topic", "commune").order_by("starts_at", "pk")


@dataclass(frozen=True)
class InboxGroup:
    key: str  # to_check, looking, upcoming, to_confirm, closed
    requests: list[Request]


@dataclass(frozen=True)
class Inbox:
    groups: list[InboxGroup]
    counts: dict[str, int]  # status -> requests of the region in that status (all dates)


INBOX_KEYS = ("to_check", "looking", "upcoming", "to_confirm")


def office_inbox(
    *,
    region: Region,
    status: str = "",
    language: MediationLanguage | None = None,
    institution: Institution | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    now: datetime | None = None,
) -> Inbox:
    """What needs the office: submitted requests to check, approved ones looking for a mediator
    (with the answers to their offers), upcoming assignments and those awaiting confirmation.
    Without a status only open requests are listed; a closed status lists those instead."""
    now = now or timezone.now()
    with scope(region=region):
        statuses = (status,) if status else tuple(Request.OPEN)
        qs = request_list(
            region=region,
            statuses=statuses,
            language=language,
            institution=institution,
            starts_on=starts_on,
            ends_on=ends_on,
        ).prefetch_related(
            Prefetch("offers", queryset=Offer.objects.select_related("mediator").order_by("created_at", "pk")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(is_active=True).select_related("mediator"),
                to_attr="active_assignments",
            ),
        )
        grouped: dict[str, list[Request]] = defaultdict(list)
        for request in qs:
            grouped[_inbox_key(request, now)].append(request)
        counts = dict(
            Request.objects.filter(region=region)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    keys = [*INBOX_KEYS, "closed"] if status else list(INBOX_KEYS)
    return Inbox(
        groups=[InboxGroup(key, grouped.get(key, [])) for key in keys if not status or grouped.get(key)],
        counts={s: counts.get(s, 0) for s in Request.Status.values},
    )


def _inbox_key(request: Request, now: datetime) -> str:
    if request.status == Request.Status.SUBMITTED:
        return "to_check"
    if request.status == Request.Status.APPROVED:
        return "looking"
    if request.status == Request.Status.ASSIGNED:
        return "upcoming" if request.starts_at >= now else "to_confirm"
    return "closed"


@dataclass(frozen=True)
class RequestDetail:
    request: Request
    pool: PoolSettings
    offers: list[Offer]
    assignments: list[Assignment]  # newest first
    assignment: Assignment | None  # the active one
    rule_issues: list[RuleIssue]
    has_begun: bool


def request_get(*, region: Region, request_id: int) -> Request | None:
    return Request.objects.filter(region=region, pk=request_id).first()


def request_detail(*, region: Region, request_id: int, now: datetime | None = None) -> RequestDetail | None:
    """One request of ``region`` with everything the office decides on; None for another region's."""
    from wegweiser.sprachpool.services import pool_settings_get

    now = now or timezone.now()
    with scope(region=region):
        request = (
            Request.objects.filter(region=region, pk=request_id)
            .select_related("institution", "language", "topic", "commune", "requested_by", "decided_by")
            .first()
        )
        if request is None:
            return None
        pool = pool_settings_get(region=region)
        offers = list(request.offers.select_related("mediator").order_by("created_at", "pk"))
        assignments = list(
            request.assignments.select_related("mediator", "assigned_by", "confirmed_by").order_by("-created_at", "-pk")
        )
    return RequestDetail(
        request=request,
        pool=pool,
        offers=offers,
        assignments=assignments,
        assignment=next((a for a in assignments if a.is_active), None),
        rule_issues=rules.request_rule_issues(request, pool, now=now),
        has_begun=request.starts_at <= now,
    )


# ----------------------------------------------------------------------------- mediators


@dataclass(frozen=True)
class MediatorRow:
    mediator: Mediator
    minutes_this_month: int
    hours_this_month: Decimal
    documents_due: int  # documents expired or expiring within the reminder period

    @property
    def is_over_maximum(self) -> bool:
        return self.minutes_this_month > self.mediator.max_hours_per_month * 60


def mediator_list(
    *,
    region: Region,
    language: MediationLanguage | None = None,
    is_active: bool | None = None,
    tier: str = "",
    now: datetime | None = None,
) -> list[MediatorRow]:
    """The region's mediators (erased ones last) with the hours booked this month; a language
    includes its dialects."""
    from wegweiser.sprachpool.services import pool_settings_get

    now = now or timezone.now()
    with scope(region=region):
        qs = Mediator.objects.filter(region=region).select_related("home_commune")
        if language is not None:
            qs = qs.filter(Q(languages__language=language) | Q(languages__language__dialect_of=language)).distinct()
        if is_active is not None:
            qs = qs.filter(is_active=is_active)
        if tier:
            qs = qs.filter(tier=tier)
        due_before = berlin_today(now) + timedelta(days=pool_settings_get(region=region).document_reminder_days)
        qs = qs.annotate(
            documents_due=Count("documents", filter=Q(documents__expires_on__lte=due_before), distinct=True)
        ).prefetch_related(
            Prefetch("languages", queryset=MediatorLanguage.objects.select_related("language")),
        )
        mediators = list(qs.order_by(F("erased_at").asc(nulls_first=True), "full_name"))
        minutes = _booked_minutes(region, now, [m.pk for m in mediators])
    return [
        MediatorRow(
            mediator=m,
            minutes_this_month=minutes.get(m.pk, 0),
            hours_this_month=hours(minutes.get(m.pk, 0)),
            documents_due=m.documents_due,
        )
        for m in mediators
    ]


@dataclass(frozen=True)
class DocumentRow:
    document: MediatorDocument
    is_expired: bool
    is_expiring: bool  # within the region's reminder period, not yet expired


@dataclass(frozen=True)
class MediatorDetail:
    mediator: Mediator
    minutes_this_month: int
    hours_this_month: Decimal
    absences: list[Absence]  # current and future
    documents: list[DocumentRow]
    offers: list[Offer]  # newest first
    assignments: list[Assignment]  # newest first
    reminder_days: int


def mediator_get(*, region: Region, mediator_id: int) -> Mediator | None:
    return (
        Mediator.objects.filter(region=region, pk=mediator_id)
        .select_related("home_commune", "user")
        .prefetch_related("communes_served")
        .first()
    )


def mediator_detail(*, region: Region, mediator_id: int, now: datetime | None = None) -> MediatorDetail | None:
    """One mediator of ``region`` with her languages, times, documents and history."""
    from wegweiser.sprachpool.services import pool_settings_get

    now = now or timezone.now()
    today = berlin_today(now)
    with scope(region=region):
        mediator = mediator_get(region=region, mediator_id=mediator_id)
        if mediator is None:
            return None
        reminder_days = pool_settings_get(region=region).document_reminder_days
        documents = [
            DocumentRow(
                document=d,
                is_expired=d.expires_on is not None and d.expires_on < today,
                is_expiring=d.expires_on is not None and today <= d.expires_on <= today + timedelta(days=reminder_days),
            )
            for d in mediator.documents.all()
        ]
        offers = list(
            mediator.offers.select_related("request__language", "request__institution").order_by("-created_at", "-pk")
        )
        assignments = list(
            mediator.assignments.select_related("request__language", "request__institution").order_by(
                "-starts_at", "-pk"
            )
        )
        absences = list(mediator.absences.filter(ends_on__gte=today))
        minutes = _booked_minutes(region, now, [mediator.pk]).get(mediator.pk, 0)
    return MediatorDetail(
        mediator=mediator,
        minutes_this_month=minutes,
        hours_this_month=hours(minutes),
        documents=documents,
        offers=offers,
        assignments=assignments,
        reminder_days=reminder_days,
        absences=absences,
    )


# ----------------------------------------------------------------------------- institutions


def institution_list(*, region: Region) -> QuerySet[Institution]:
    """The region's institutions with their number of members and of open requests."""
    return (
        Institution.objects.filter(region=region)
        .select_related("commune")
        .annotate(
            member_count=Count("members", distinct=True),
            open_request_count=Count("requests", filter=Q(requests__status__in=Request.OPEN), distinct=True),
        )
        .order_by("-is_active", "name")
    )


def institution_get(*, region: Region, institution_id: int) -> Institution | None:
    return Institution.objects.filter(region=region, pk=institution_id).select_related("commune").first()


def institution_member_list(*, institution: Institution) -> QuerySet[InstitutionMember]:
    return InstitutionMember.objects.filter(region_id=institution.region_id, institution=institution).select_related(
        "user"
    )
