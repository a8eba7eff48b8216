"""What the two portals read. A requester sees the requests of the institutions she belongs
to (``InstitutionMember.user``); a mediator sees her own offers and assignments
(``Mediator.user``). Every read filters by region and by the person, so another
institution's request or another mediator's offer is simply not found (404 in the views)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wegweiser.accounts.models import User
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    Institution,
    InstitutionMember,
    MediationLanguage,
    Mediator,
    Offer,
    Request,
)
from wegweiser.tenancy.models import Region

# ----------------------------------------------------------------------------- requesters


def requester_institution_list(*, user: User, region: Region, active_only: bool = True) -> list[Institution]:
    """The institutions ``user`` requests for in ``region`` (by name)."""
    institutions = Institution.objects.filter(region=region, members__user=user).distinct().order_by("name")
    if active_only:
        institutions = institutions.filter(is_active=True)
    return list(institutions)


def _requests_of(user: User, region: Region) -> QuerySet[Request]:
    institution_ids = InstitutionMember.objects.filter(region=region, user=user).values("institution_id")
    return Request.objects.filter(region=region, institution_id__in=institution_ids).select_related(
        "language", "institution", "topic", "commune"
    )


@dataclass(frozen=True)
class RequesterRequests:
    to_confirm: list[Request]  # the appointment has begun; the service awaits confirmation
    upcoming: list[Request]  # soonest first
    past: QuerySet[Request]  # latest first (paginated by the view)


def requester_request_list(*, user: User, region: Region, now: datetime) -> RequesterRequests:
    """The requests of ``user``'s institutions: what to confirm, what is coming, what is past."""
    requests = _requests_of(user, region)
    begun = requests.filter(starts_at__lte=now)
    return RequesterRequests(
        to_confirm=list(begun.filter(status=Request.Status.ASSIGNED).order_by("starts_at", "pk")),
        upcoming=list(requests.filter(starts_at__gt=now).order_by("starts_at", "pk")),
        past=begun.exclude(status=Request.Status.ASSIGNED).order_by("-starts_at", "-pk"),
    )


def requester_request_get(*, user: User, region: Region, request_id: int) -> Request | None:
    """One of ``user``'s institutions' requests, or None (another institution's, another region's)."""
    return _requests_of(user, region).filter(pk=request_id).first()


def request_assignment_get(*, request: Request) -> Assignment | None:
    """The request's booking (kept after the confirmation), or None."""
    return request.assignments.filter(is_active=True).select_related("mediator").first()


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime | None
    detail: str = ""
    is_end: bool = False  # rejected, cancelled, not served


def request_timeline(*, request: Request, assignment: Assignment | None) -> list[Step]:
    """What has happened to the request so far, oldest first."""
    steps = [Step(_("Submitted"), request.created_at)]
    status = request.status
    if status == Request.Status.REJECTED:
        steps.append(Step(_("Rejected"), request.decided_at, request.rejection_reason, is_end=True))
    elif request.decided_at is not None:
        steps.append(Step(_("Approved"), request.decided_at))
    if assignment is not None:
        steps.append(Step(_("Mediator assigned"), assignment.created_at))
    if status == Request.Status.COMPLETED and assignment is not None:
        detail = _("%(minutes)s minutes") % {"minutes": assignment.actual_minutes}
        steps.append(Step(_("Service confirmed"), assignment.confirmed_at, detail))
    if status == Request.Status.CANCELLED:
        steps.append(Step(_("Cancelled"), request.cancelled_at, request.cancel_reason, is_end=True))
    if status == Request.Status.UNSERVED:
        detail = request.get_unserved_reason_display()
        if request.unserved_note:
            detail = f"{detail}: {request.unserved_note}"
        steps.append(Step(_("Not served"), request.updated_at, detail, is_end=True))
    return steps


def language_tree() -> list[tuple[MediationLanguage, list[MediationLanguage]]]:
    """Languages by name (in the active language), each with its dialects."""
    languages = list(MediationLanguage.objects.all())
    dialects: dict[int, list[MediationLanguage]] = {}
    for language in languages:
        if language.dialect_of_id is not None:
            dialects.setdefault(language.dialect_of_id, []).append(language)

    def key(language: MediationLanguage) -> str:
        return str(language).casefold()

    return [
        (language, sorted(dialects.get(language.pk, []), key=key))
        for language in sorted(languages, key=key)
        if language.dialect_of_id is None
    ]


# ----------------------------------------------------------------------------- mediators


def mediator_for_user(*, user: User, region: Region) -> Mediator | None:
    """``user``'s mediator profile in ``region`` (None until the office has linked one)."""
    return Mediator.objects.filter(region=region, user=user, erased_at__isnull=True).first()


def mediator_offer_list(*, mediator: Mediator, now: datetime) -> list[Offer]:
    """Offers still waiting for her answer, soonest appointment first."""
    return list(
        Offer.objects.filter(
            region=mediator.region,
            mediator=mediator,
            status=Offer.Status.OPEN,
            request__status=Request.Status.APPROVED,
            request__starts_at__gt=now,
        )
        .select_related("request__language", "request__topic", "request__commune")
        .order_by("request__starts_at", "pk")
    )


def mediator_offer_get(*, mediator: Mediator, offer_id: int) -> Offer | None:
    """Her offer, or None (another mediator's, another region's)."""
    return (
        Offer.objects.filter(region=mediator.region, mediator=mediator, pk=offer_id)
        .select_related("request", "mediator")
        .first()
    )


def _assignments_of(mediator: Mediator) -> QuerySet[Assignment]:
    return Assignment.objects.filter(region=mediator.region, mediator=mediator, is_active=True).select_related(
        "request__language", "request__topic", "request__commune", "request__institution"
    )


def mediator_assignment_upcoming(*, mediator: Mediator, now: datetime) -> list[Assignment]:
    """Bookings not yet over (and not yet confirmed), soonest first."""
    return list(_assignments_of(mediator).filter(ends_at__gt=now, confirmed_at__isnull=True).order_by("starts_at"))


def mediator_assignment_past(*, mediator: Mediator, now: datetime, limit: int = 20) -> list[Assignment]:
    """The latest ``limit`` bookings that are over or confirmed, latest first."""
    past = _assignments_of(mediator).filter(Q(ends_at__lte=now) | Q(confirmed_at__isnull=False))
    return list(past.order_by("-starts_at", "-pk")[:limit])


def mediator_absence_list(*, mediator: Mediator, today: date) -> list[Absence]:
    """Absences that have not ended yet."""
    return list(Absence.objects.filter(mediator=mediator, ends_on__gte=today).order_by("starts_on", "pk"))


def mediator_absence_get(*, mediator: Mediator, absence_id: int) -> Absence | None:
    return Absence.objects.filter(mediator=mediator, pk=absence_id).first()
