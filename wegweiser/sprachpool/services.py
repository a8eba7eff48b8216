"""Every change to a region's Sprachpool: one transaction, the actor's permission, validation,
one audit entry, notifications after commit. Views, commands and the demo call these.

Races are settled by the database: a request's row is locked while its state changes (two
coordinators approving, assigning or cancelling at once), and the assignment table refuses a
second active assignment per request and overlapping blocks of one mediator (see models).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between, snapshot
from wegweiser.notifications.services import notify
from wegweiser.sprachpool import rules
from wegweiser.sprachpool.models import (
    Absence,
    Assignment,
    AvailabilitySlot,
    FundingSource,
    Institution,
    InstitutionMember,
    Level,
    MediationLanguage,
    Mediator,
    MediatorDocument,
    MediatorLanguage,
    Mode,
    Offer,
    PoolSettings,
    Request,
    Topic,
)
from wegweiser.sprachpool.permissions import CONFIGURE_POOL, MANAGE_POOL, MEDIATE, REQUEST_MEDIATION
from wegweiser.tenancy.models import Commune, Invitation, Membership, Region, Role
from wegweiser.tenancy.selectors import (
    office_user_list,
    permission_require,
    region_access_get,
    region_objects_require,
)

# ----------------------------------------------------------------------------- helpers


def pool_settings_get(*, region: Region) -> PoolSettings:
    """The region's rules and rates (the defaults until a coordinator changes them)."""
    with scope(region=region):
        found = PoolSettings.objects.filter(region=region).first()
        if found is None:
            try:
                with transaction.atomic():
                    found = PoolSettings.objects.create(region=region)
            except IntegrityError:  # created by a concurrent request
                found = PoolSettings.objects.get(region=region)
    return found


def _institution_users(institution: Institution) -> list[User]:
    return [m.user for m in institution.members.select_related("user") if m.user is not None]


def _requester_users(request: Request) -> list[User | None]:
    return [request.requested_by, *_institution_users(request.institution)]


def _language_name(language: MediationLanguage) -> str:
    """The language's name in whichever language a notification is rendered (German or English)."""
    return lazy(language.__str__, str)()


def _lock(model: type[Model], pk: int) -> Any:
    return model._default_manager.select_for_update().get(pk=pk)


def _request_url(request: Request, view: str = "office") -> str:
    """The page a notification links to: the office's, the requester's or the mediator's."""
    from django.urls import NoReverseMatch, reverse

    try:
        if view == "mediator":
            return reverse("workspace:sprachpool:mediator_home", args=[request.region.slug])
        name = "my_request_detail" if view == "requester" else "request_detail"
        return reverse(f"workspace:sprachpool:{name}", args=[request.region.slug, request.pk])
    except NoReverseMatch:  # pages not mounted (a partial install): the notification has no link
        return ""


def _is_institution_member(user: User | None, institution: Institution) -> bool:
    return user is not None and institution.members.filter(user=user).exists()


def _require_requester_or_office(actor: User | None, request: Request) -> None:
    """The office, or a member of the requesting institution."""
    if actor is None:
        return
    access = region_access_get(user=actor, region=request.region)
    if access is None:
        raise PermissionDenied(_("You are not allowed to do this in this region."))
    if access.can(MANAGE_POOL):
        return
    if access.can(REQUEST_MEDIATION) and _is_institution_member(actor, request.institution):
        return
    raise PermissionDenied(_("You are not allowed to do this in this region."))


# ----------------------------------------------------------------------------- settings, topics


POOL_SETTINGS_FIELDS = [
    "lead_time_working_days",
    "max_duration_minutes",
    "travel_buffer_minutes",
    "billing_unit",
    "rate_trained",
    "rate_certified",
    "rate_sworn",
    "travel_billing",
    "travel_rate_per_km",
    "travel_flat",
    "default_funding",
    "document_reminder_days",
]


def pool_settings_update(*, actor: User | None, region: Region, **values: Any) -> PoolSettings:
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=CONFIGURE_POOL)
        pool: PoolSettings = _lock(PoolSettings, pool_settings_get(region=region).pk)
        unknown = set(values) - set(POOL_SETTINGS_FIELDS)
        if unknown:
            raise ValueError(f"Unknown settings: {sorted(unknown)}")
        before = snapshot(pool, POOL_SETTINGS_FIELDS)
        for name, value in values.items():
            setattr(pool, name, value)
        pool.full_clean()
        pool.save()
        audit_record(
            actor=actor,
            action="sprachpool.settings.updated",
            target=pool,
            region=region,
            changes=changes_between(before, snapshot(pool, POOL_SETTINGS_FIELDS)),
        )
    return pool


def topic_save(
    *,
    actor: User | None,
    region: Region,
    name: str,
    is_allowed: bool = True,
    hint: str = "",
    topic: Topic | None = None,
) -> Topic:
    """Create a topic, or change ``topic``."""
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=CONFIGURE_POOL)
        region_objects_require(region, topic=topic)
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": _("Enter a name.")})
        clash = Topic.objects.filter(region=region, name__iexact=name)
        if topic is not None:
            clash = clash.exclude(pk=topic.pk)
        if clash.exists():
            raise ValidationError({"name": _("There is already a topic with this name.")})
        before = snapshot(topic, ["name", "is_allowed", "hint"]) if topic else {}
        if topic is None:
            position = (Topic.objects.filter(region=region).aggregate(m=Max("position"))["m"] or 0) + 1
            topic = Topic(region=region, position=position)
        topic.name, topic.is_allowed, topic.hint = name, is_allowed, hint.strip()
        topic.save()
        audit_record(
            actor=actor,
            action="sprachpool.topic.saved",
            target=topic,
            region=region,
            changes=changes_between(before, snapshot(topic, ["name", "is_allowed", "hint"])),
        )
    return topic


# ----------------------------------------------------------------------------- institutions

INSTITUTION_FIELDS = ["name", "kind", "commune", "address", "email", "phone", "is_active"]


def institution_save(
    *, actor: User | None, region: Region, institution: Institution | None = None, **values: Any
) -> Institution:
    """Create an institution, or change ``institution``."""
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        region_objects_require(region, institution=institution, commune=values.get("commune"))
        values["name"] = " ".join(str(values.get("name", "")).split())
        clash = Institution.objects.filter(region=region, name__iexact=values["name"])
        if institution is not None:
            clash = clash.exclude(pk=institution.pk)
        if clash.exists():
            raise ValidationError({"name": _("There is already an institution with this name.")})
        before = snapshot(institution, INSTITUTION_FIELDS) if institution else {}
        institution = institution or Institution(region=region)
        for name, value in values.items():
            if name not in INSTITUTION_FIELDS:
                raise ValueError(f"Unknown field {name!r}")
            setattr(institution, name, value)
        institution.full_clean(exclude=["region"])
        institution.save()
        audit_record(
            actor=actor,
            action="sprachpool.institution.saved",
            target=institution,
            region=region,
            changes=changes_between(before, snapshot(institution, INSTITUTION_FIELDS)),
        )
    return institution


def _invite(*, actor: User | None, region: Region, email: str, role: str) -> Invitation | None:
    """Invite ``email`` in ``role``; None when the person is already a member (linked at once)."""
    from wegweiser.tenancy.services import invitation_create

    with scopes_disabled():
        member = Membership.objects.filter(region=region, user__email__iexact=email, is_active=True).first()
    if member is not None:
        if member.role != role:
            raise ValidationError({"email": _("This address belongs to a member of the office; use another address.")})
        return None
    if actor is None:
        raise ValidationError(_("Invitations need a person who sends them."))
    return invitation_create(actor=actor, region=region, email=email, role=role)


def institution_member_invite(*, actor: User | None, institution: Institution, email: str) -> InstitutionMember:
    """Let ``email`` request mediators for ``institution``: an invitation to log in, or,
    for someone who already requests for another institution here, access at once."""
    region = institution.region
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        if InstitutionMember.objects.filter(institution=institution, email__iexact=email).exists():
            raise ValidationError({"email": _("This person can already request for this institution.")})
        invitation = _invite(actor=actor, region=region, email=email, role=Role.REQUESTER)
        user = None if invitation else User.objects.filter(email__iexact=email).first()
        member = InstitutionMember.objects.create(region=region, institution=institution, email=email, user=user)
        audit_record(
            actor=actor,
            action="sprachpool.institution_member.invited",
            target=member,
            region=region,
            changes=changes_between({}, {"email": email, "institution": str(institution)}),
            is_personal_data=True,
        )
    return member


def institution_member_remove(*, actor: User | None, member: InstitutionMember) -> None:
    region = member.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        audit_record(
            actor=actor,
            action="sprachpool.institution_member.removed",
            target=member,
            region=region,
            changes=changes_between({"email": member.email}, {}),
            is_personal_data=True,
        )
        member.delete()


def member_link(membership: Membership, invitation: Invitation) -> None:
    """Called when an invitation is accepted: link the new account to the mediator profile or
    the institutions that were waiting for its address (registered in ``apps.py``)."""
    user, region = membership.user, membership.region
    with scope(region=region):
        if membership.role == Role.MEDIATOR:
            Mediator.objects.filter(
                region=region, email__iexact=invitation.email, user__isnull=True, erased_at__isnull=True
            ).update(user=user)
        if membership.role == Role.REQUESTER:
            InstitutionMember.objects.filter(region=region, email__iexact=invitation.email, user__isnull=True).update(
                user=user
            )


# ----------------------------------------------------------------------------- mediators

MEDIATOR_FIELDS = [
    "full_name",
    "email",
    "phone",
    "gender",
    "german_level",
    "tier",
    "home_commune",
    "on_site",
    "by_phone",
    "by_video",
    "max_hours_per_month",
    "conflict_notes",
    "notes",
    "is_active",
]
LanguageChoice = tuple[MediationLanguage, str, bool]  # language, level, verified


def mediator_save(
    *,
    actor: User | None,
    region: Region,
    mediator: Mediator | None = None,
    languages: Sequence[LanguageChoice] | None = None,
    communes_served: Iterable[Commune] | None = None,
    **values: Any,
) -> Mediator:
    """Create a mediator, or change ``mediator``; ``languages`` replaces her languages."""
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        region_objects_require(region, mediator=mediator, home_commune=values.get("home_commune"))
        served = list(communes_served) if communes_served is not None else None
        if served is not None and any(c.region_id != region.pk for c in served):
            raise ValidationError({"communes_served": _("Choose only communes of this region.")})
        fields = [*MEDIATOR_FIELDS, "communes_served"]
        before = {**snapshot(mediator, fields), "languages": _language_labels(mediator)} if mediator else {}
        mediator = mediator or Mediator(region=region)
        for name, value in values.items():
            if name not in MEDIATOR_FIELDS:
                raise ValueError(f"Unknown field {name!r}")
            setattr(mediator, name, value.strip() if isinstance(value, str) else value)
        if not (mediator.on_site or mediator.by_phone or mediator.by_video):
            raise ValidationError({"on_site": _("Choose at least one way of working.")})
        mediator.full_clean(exclude=["region", "user"])
        mediator.save()
        if served is not None:
            mediator.communes_served.set(served)
        if languages is not None:
            _languages_set(mediator, languages)
        audit_record(
            actor=actor,
            action="sprachpool.mediator.saved",
            target=mediator,
            region=region,
            changes=changes_between(before, {**snapshot(mediator, fields), "languages": _language_labels(mediator)}),
            is_personal_data=True,
        )
    return mediator


def _language_labels(mediator: Mediator) -> list[str]:
    return sorted(
        f"{ml.language.code}:{ml.level}{':verified' if ml.is_verified else ''}"
        for ml in mediator.languages.select_related("language")
    )


def _languages_set(mediator: Mediator, languages: Sequence[LanguageChoice]) -> None:
    codes = [language.pk for language, _level, _verified in languages]
    if len(codes) != len(set(codes)):
        raise ValidationError({"languages": _("Each language only once, please.")})
    if not languages:
        raise ValidationError({"languages": _("Enter at least one language.")})
    for _language, level, _verified in languages:
        if level not in Level.values:
            raise ValidationError({"languages": _("Choose a level from the list.")})
    mediator.languages.all().delete()
    MediatorLanguage.objects.bulk_create(
        MediatorLanguage(mediator=mediator, language=language, level=level, is_verified=verified)
        for language, level, verified in languages
    )


def _require_mediator_or_office(actor: User | None, mediator: Mediator) -> None:
    """The office, or the mediator herself (she keeps her availability current)."""
    if actor is None:
        return
    access = region_access_get(user=actor, region=mediator.region)
    if access is not None and (access.can(MANAGE_POOL) or (access.can(MEDIATE) and mediator.user_id == actor.pk)):
        return
    raise PermissionDenied(_("You are not allowed to do this in this region."))


def availability_set(
    *, actor: User | None, mediator: Mediator, slots: Sequence[tuple[int, time, time]]
) -> list[AvailabilitySlot]:
    """Replace the weekly pattern. Slots on one day must not overlap; each ends after it starts."""
    errors = []
    for weekday, starts, ends in slots:
        if not 0 <= weekday <= 6:
            errors.append(_("Choose a weekday."))
        elif ends <= starts:
            errors.append(_("A time must end after it starts (%(from)s–%(until)s).") % _span(starts, ends))
    ordered = sorted(slots)
    for (day_a, start_a, end_a), (day_b, start_b, end_b) in pairwise(ordered):
        if day_a == day_b and start_b < end_a:
            errors.append(
                _("%(day)s: %(first)s and %(second)s overlap.")
                % {
                    "day": AvailabilitySlot.Weekday(day_a).label,
                    "first": _span_text(start_a, end_a),
                    "second": _span_text(start_b, end_b),
                }
            )
    if errors:
        raise ValidationError({"slots": errors})
    region = mediator.region
    with transaction.atomic(), scope(region=region):
        _require_mediator_or_office(actor, mediator)
        mediator = _lock(Mediator, mediator.pk)
        before = [str(s) for s in mediator.availability.all()]
        mediator.availability.all().delete()
        created = AvailabilitySlot.objects.bulk_create(
            AvailabilitySlot(mediator=mediator, weekday=d, starts=s, ends=e) for d, s, e in ordered
        )
        audit_record(
            actor=actor,
            action="sprachpool.mediator.availability_changed",
            target=mediator,
            region=region,
            changes=changes_between({"availability": before}, {"availability": [str(s) for s in created]}),
            is_personal_data=True,
        )
    return created


def _span(starts: time, ends: time) -> dict[str, str]:
    return {"from": starts.strftime("%H:%M"), "until": ends.strftime("%H:%M")}


def _span_text(starts: time, ends: time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def absence_add(*, actor: User | None, mediator: Mediator, starts_on: date, ends_on: date, note: str = "") -> Absence:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The absence must end on or after its first day.")})
    region = mediator.region
    with transaction.atomic(), scope(region=region):
        _require_mediator_or_office(actor, mediator)
        _lock(Mediator, mediator.pk)
        clash = mediator.absences.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if clash is not None:
            raise ValidationError(
                {
                    "starts_on": _("This overlaps the absence %(from)s–%(until)s.")
                    % {"from": f"{clash.starts_on:%d.%m.%Y}", "until": f"{clash.ends_on:%d.%m.%Y}"}
                }
            )
        absence = Absence.objects.create(mediator=mediator, starts_on=starts_on, ends_on=ends_on, note=note.strip())
        audit_record(
            actor=actor,
            action="sprachpool.mediator.absence_added",
            target=mediator,
            region=region,
            changes=changes_between({}, {"absence": str(absence)}),
            is_personal_data=True,
        )
    return absence


def absence_remove(*, actor: User | None, absence: Absence) -> None:
    mediator = absence.mediator
    with transaction.atomic(), scope(region=mediator.region):
        _require_mediator_or_office(actor, mediator)
        audit_record(
            actor=actor,
            action="sprachpool.mediator.absence_removed",
            target=mediator,
            region=mediator.region,
            changes=changes_between({"absence": str(absence)}, {}),
            is_personal_data=True,
        )
        absence.delete()


def document_save(
    *,
    actor: User | None,
    mediator: Mediator,
    kind: str,
    issued_on: date | None,
    expires_on: date | None,
    note: str = "",
    document: MediatorDocument | None = None,
) -> MediatorDocument:
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("A document cannot expire before it was issued.")})
    if kind not in MediatorDocument.Kind.values:
        raise ValidationError({"kind": _("Choose a document from the list.")})
    region = mediator.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        if document is not None and document.mediator_id != mediator.pk:
            raise ValidationError(_("This document belongs to someone else."))
        fields = ["kind", "issued_on", "expires_on", "note"]
        before = snapshot(document, fields) if document else {}
        document = document or MediatorDocument(mediator=mediator)
        document.kind, document.issued_on, document.expires_on, document.note = kind, issued_on, expires_on, note
        document.reminded_at = None  # a renewed date deserves a new reminder
        document.save()
        audit_record(
            actor=actor,
            action="sprachpool.mediator.document_saved",
            target=mediator,
            region=region,
            changes=changes_between(before, snapshot(document, fields)),
            is_personal_data=True,
        )
    return document


def mediator_invite(*, actor: User | None, mediator: Mediator) -> Invitation | None:
    """Invite the mediator to log in (to keep her availability current and answer offers)."""
    region = mediator.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        if not mediator.email:
            raise ValidationError({"email": _("Enter the mediator's e-mail address first.")})
        if mediator.user_id is not None:
            raise ValidationError(_("This mediator can already log in."))
        invitation = _invite(actor=actor, region=region, email=mediator.email, role=Role.MEDIATOR)
        if invitation is None:
            mediator.user = User.objects.get(email__iexact=mediator.email)
            mediator.save(update_fields=["user", "updated_at"])
        audit_record(actor=actor, action="sprachpool.mediator.invited", target=mediator, region=region)
    return invitation


def mediator_export(*, actor: User | None, mediator: Mediator) -> dict[str, Any]:
    """Everything kept about the mediator (GDPR Art. 15), JSON-ready."""
    region = mediator.region
    with scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        data = {
            "profile": {
                **{
                    name: (str(getattr(mediator, name)) if getattr(mediator, name) is not None else None)
                    for name in MEDIATOR_FIELDS
                },
                "communes_served": sorted(c.name for c in mediator.communes_served.all()),
                "region": region.name,
                "created_at": mediator.created_at.isoformat(),
            },
            "languages": [
                {"language": ml.language.name_en, "level": ml.level, "verified": ml.is_verified}
                for ml in mediator.languages.select_related("language")
            ],
            "availability": [str(s) for s in mediator.availability.all()],
            "absences": [
                {"from": a.starts_on.isoformat(), "until": a.ends_on.isoformat(), "note": a.note}
                for a in mediator.absences.all()
            ],
            "documents": [
                {
                    "kind": d.kind,
                    "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                    "expires_on": d.expires_on.isoformat() if d.expires_on else None,
                    "note": d.note,
                }
                for d in mediator.documents.all()
            ],
            "offers": [
                {"request": o.request.number, "status": o.status, "sent_at": o.created_at.isoformat()}
                for o in mediator.offers.select_related("request")
            ],
            "assignments": [
                {
                    "request": a.request.number,
                    "starts_at": a.starts_at.isoformat(),
                    "language": a.request.language.name_en,
                    "active": a.is_active,
                    "actual_minutes": a.actual_minutes,
                    "total_amount": str(a.total_amount) if a.total_amount is not None else None,
                }
                for a in mediator.assignments.select_related("request__language")
            ],
        }
        audit_record(
            actor=actor, action="sprachpool.mediator.exported", target=mediator, region=region, is_personal_data=True
        )
    return data


def mediator_erase(*, actor: User | None, mediator: Mediator) -> Mediator:
    """Erase the mediator's personal data (GDPR Art. 17). The profile stays as an anonymous
    shell with language, qualification and commune, so that the statistics (hours, costs,
    languages served) keep their figures; open offers and future assignments end."""
    region = mediator.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        mediator = _lock(Mediator, mediator.pk)
        if mediator.erased_at is not None:
            raise ValidationError(_("This mediator's data has already been erased."))
        now = timezone.now()
        future = list(mediator.assignments.filter(is_active=True, starts_at__gt=now).select_related("request"))
        for assignment in future:
            _assignment_end(assignment, now)
            request = assignment.request
            request.status = Request.Status.APPROVED
            request.save(update_fields=["status", "updated_at"])
            notify(
                users=office_user_list(region=region),
                region=region,
                kind="sprachpool.assignment.cancelled",
                title=gettext_lazy("Request %(number)s needs a mediator again"),
                body=gettext_lazy("The assigned mediator left the pool."),
                params={"number": request.number},
                url=_request_url(request),
            )
        mediator.offers.filter(status=Offer.Status.OPEN).update(status=Offer.Status.WITHDRAWN, answered_at=now)
        label = f"erased-mediator-{mediator.pk}"
        mediator.full_name = label
        mediator.email = mediator.phone = mediator.conflict_notes = mediator.notes = ""
        mediator.user = None
        mediator.is_active = False
        mediator.erased_at = now
        mediator.save()
        mediator.availability.all().delete()
        mediator.absences.all().delete()
        mediator.documents.all().delete()
        from wegweiser.audit.models import AuditEntry

        AuditEntry.objects.filter(target_type="sprachpool.mediator", target_id=str(mediator.pk)).update(
            target_label=label, changes={}
        )
        audit_record(
            actor=actor, action="sprachpool.mediator.erased", target=mediator, region=region, is_personal_data=True
        )
    return mediator


# ----------------------------------------------------------------------------- requests

REQUEST_FIELDS = [
    "institution",
    "contact_name",
    "contact_phone",
    "language",
    "starts_at",
    "duration_minutes",
    "mode",
    "commune",
    "address",
    "call_details",
    "topic",
    "preferred_gender",
    "notes",
]


def _next_number(region: Region, year: int) -> str:
    prefix = f"{year}-"
    numbers = Request.objects.filter(region=region, number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n.removeprefix(prefix)) for n in numbers), default=0)
    return f"{prefix}{last + 1:04d}"


def request_submit(
    *,
    actor: User | None,
    institution: Institution,
    language: MediationLanguage,
    topic: Topic,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    contact_name: str,
    contact_phone: str = "",
    commune: Commune | None = None,
    address: str = "",
    call_details: str = "",
    preferred_gender: str = "",
    notes: str = "",
    now: datetime | None = None,
) -> Request:
    """A requester (for her institution) or the office (taking a call) asks for a mediator.
    Hard errors refuse it; rule issues (lead time, topic, duration) are for the office."""
    region = institution.region
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if starts_at <= now:
        errors["starts_at"] = _("The appointment must be in the future.")
    if duration_minutes <= 0:
        errors["duration_minutes"] = _("The appointment must end after it starts.")
    elif duration_minutes > 600:
        errors["duration_minutes"] = _("An appointment can last at most 10 hours.")
    if mode not in Mode.values:
        errors["mode"] = _("Choose how the mediation takes place.")
    elif mode == Mode.ON_SITE and (commune is None or not address.strip()):
        errors["address"] = _("Enter the commune and address of the appointment.")
    elif mode != Mode.ON_SITE and not call_details.strip():
        errors["call_details"] = _("Enter the phone number or the video link.")
    if preferred_gender not in ("", "f", "m", "d"):
        errors["preferred_gender"] = _("Choose a gender from the list.")
    if not contact_name.strip():
        errors["contact_name"] = _("Enter a contact person.")
    if not institution.is_active:
        errors["institution"] = _("This institution may not request mediators at present.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(region=region):
        region_objects_require(region, topic=topic, commune=commune, institution=institution)
        if actor is not None:
            access = region_access_get(user=actor, region=region)
            is_office = access is not None and access.can(MANAGE_POOL)
            is_member = (
                access is not None and access.can(REQUEST_MEDIATION) and _is_institution_member(actor, institution)
            )
            if not (is_office or is_member):
                raise PermissionDenied(_("You may only request mediators for your own institution."))
        Region.objects.select_for_update().get(pk=region.pk)  # numbers are given one at a time
        request = Request.objects.create(
            region=region,
            number=_next_number(region, starts_at.astimezone(rules.BERLIN).year),
            institution=institution,
            requested_by=actor,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            language=language,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            mode=mode,
            commune=commune if mode == Mode.ON_SITE else None,
            address=address.strip() if mode == Mode.ON_SITE else "",
            call_details=call_details.strip() if mode != Mode.ON_SITE else "",
            topic=topic,
            preferred_gender=preferred_gender,
            notes=notes.strip(),
        )
        audit_record(
            actor=actor,
            action="sprachpool.request.submitted",
            target=request,
            region=region,
            changes=changes_between({}, snapshot(request, REQUEST_FIELDS)),
        )
        notify(
            users=office_user_list(region=region),
            region=region,
            kind="sprachpool.request.submitted",
            title=gettext_lazy("New request %(number)s: %(language)s on %(date)s"),
            body=gettext_lazy("%(institution)s asks for a mediator (%(topic)s)."),
            params={
                "number": request.number,
                "language": _language_name(language),
                "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
                "institution": institution.name,
                "topic": topic.name,
            },
            url=_request_url(request),
        )
    return request


def _locked_request(request: Request, *statuses: str) -> Request:
    locked: Request = _lock(Request, request.pk)
    if statuses and locked.status not in statuses:
        raise ValidationError(
            _("This request is now “%(status)s”; someone else changed it meanwhile.")
            % {"status": locked.get_status_display()}
        )
    return locked


def request_approve(
    *,
    actor: User | None,
    request: Request,
    funding_source: str,
    exception_reason: str = "",
    now: datetime | None = None,
) -> Request:
    """The office accepts the request and chooses who pays. A request that breaks the
    region's rules is approved only as an exception, with a reason."""
    region = request.region
    if funding_source not in FundingSource.values:
        raise ValidationError({"funding_source": _("Choose who pays.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        request = _locked_request(request, Request.Status.SUBMITTED)
        issues = rules.request_rule_issues(request, pool_settings_get(region=region), now=now or timezone.now())
        if issues and not exception_reason.strip():
            raise ValidationError(
                {
                    "exception_reason": [
                        _("This request breaks the rules. Reject it, or give a reason for an exception."),
                        *(issue.message for issue in issues),
                    ]
                }
            )
        request.status = Request.Status.APPROVED
        request.funding_source = funding_source
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save()
        changes = changes_between({"status": "submitted"}, {"status": "approved", "funding_source": funding_source})
        if issues:
            changes["exception"] = {"before": [i.code for i in issues], "after": exception_reason.strip()}
        audit_record(actor=actor, action="sprachpool.request.approved", target=request, region=region, changes=changes)
    return request


def request_reject(*, actor: User | None, request: Request, reason: str) -> Request:
    region = request.region
    if not reason.strip():
        raise ValidationError({"reason": _("Give the requester a reason.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        request = _locked_request(request, Request.Status.SUBMITTED, Request.Status.APPROVED)
        if request.offers.filter(status=Offer.Status.OPEN).exists():
            request.offers.filter(status=Offer.Status.OPEN).update(
                status=Offer.Status.WITHDRAWN, answered_at=timezone.now()
            )
        request.status = Request.Status.REJECTED
        request.rejection_reason = reason.strip()
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save()
        audit_record(
            actor=actor,
            action="sprachpool.request.rejected",
            target=request,
            region=region,
            changes=changes_between({}, {"status": "rejected", "reason": request.rejection_reason}),
        )
        notify(
            users=_requester_users(request),
            region=region,
            kind="sprachpool.request.rejected",
            title=gettext_lazy("Request %(number)s was not accepted"),
            body=gettext_lazy("Reason: %(reason)s"),
            params={"number": request.number, "reason": request.rejection_reason},
            url=_request_url(request, "requester"),
        )
    return request


def _assignment_end(assignment: Assignment, now: datetime) -> None:
    assignment.is_active = False
    assignment.cancelled_at = now
    assignment.save(update_fields=["is_active", "cancelled_at", "updated_at"])


def request_cancel(*, actor: User | None, request: Request, reason: str) -> Request:
    """Cancelled by the requester or the office before the appointment; everyone concerned
    (office, requester, the assigned mediator and those with an open offer) is told."""
    region = request.region
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the cancellation.")})
    with transaction.atomic(), scope(region=region):
        _require_requester_or_office(actor, request)
        request = _locked_request(request, *Request.OPEN)
        now = timezone.now()
        mediators = [o.mediator for o in request.offers.filter(status=Offer.Status.OPEN).select_related("mediator")]
        request.offers.filter(status=Offer.Status.OPEN).update(status=Offer.Status.WITHDRAWN, answered_at=now)
        for assignment in request.assignments.filter(is_active=True).select_related("mediator"):
            mediators.append(assignment.mediator)
            _assignment_end(assignment, now)
        request.status = Request.Status.CANCELLED
        request.cancelled_at = now
        request.cancel_reason = reason.strip()
        request.save()
        audit_record(
            actor=actor,
            action="sprachpool.request.cancelled",
            target=request,
            region=region,
            changes=changes_between({}, {"status": "cancelled", "reason": request.cancel_reason}),
        )
        params = {
            "number": request.number,
            "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
            "reason": request.cancel_reason,
        }
        title = gettext_lazy("Cancelled: appointment %(number)s on %(date)s")
        body = gettext_lazy("Reason: %(reason)s")
        kind = "sprachpool.request.cancelled"
        notify(
            users=[*office_user_list(region=region), *_requester_users(request)],
            region=region,
            kind=kind,
            title=title,
            body=body,
            params=params,
            url=_request_url(request),
        )
        notify(
            users=[m.user for m in mediators],
            region=region,
            kind=kind,
            title=title,
            body=body,
            params=params,
            url=_request_url(request, "mediator"),
        )
    return request


def request_mark_unserved(*, actor: User | None, request: Request, reason: str, note: str = "") -> Request:
    """The office could not serve the request; the reason feeds the statistics."""
    region = request.region
    if reason not in Request.UnservedReason.values:
        raise ValidationError({"reason": _("Choose why the request could not be served.")})
    if reason == Request.UnservedReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describe the reason.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        request = _locked_request(request, *Request.OPEN)
        now = timezone.now()
        request.offers.filter(status=Offer.Status.OPEN).update(status=Offer.Status.WITHDRAWN, answered_at=now)
        for assignment in request.assignments.filter(is_active=True):
            _assignment_end(assignment, now)
        request.status = Request.Status.UNSERVED
        request.unserved_reason = reason
        request.unserved_note = note.strip()
        request.save()
        audit_record(
            actor=actor,
            action="sprachpool.request.unserved",
            target=request,
            region=region,
            changes=changes_between({}, {"status": "unserved", "reason": reason, "note": request.unserved_note}),
        )
        notify(
            users=_requester_users(request),
            region=region,
            kind="sprachpool.request.unserved",
            title=gettext_lazy("No mediator for request %(number)s"),
            body=gettext_lazy("We are sorry: %(reason)s."),
            params={"number": request.number, "reason": Request.UnservedReason(request.unserved_reason).label},
            url=_request_url(request, "requester"),
        )
    return request


# ----------------------------------------------------------------------------- offers, assignments


def offer_create(*, actor: User | None, request: Request, mediators: Sequence[Mediator]) -> list[Offer]:
    """Ask one or several mediators; each is told and answers on her phone."""
    region = request.region
    if not mediators:
        raise ValidationError({"mediators": _("Choose at least one mediator.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        request = _locked_request(request, Request.Status.APPROVED)
        if request.starts_at <= timezone.now():
            raise ValidationError(_("The appointment has already begun."))
        offers = []
        for mediator in mediators:
            region_objects_require(region, mediator=mediator)
            if not mediator.is_active:
                raise ValidationError({"mediators": _("%(name)s is not active.") % {"name": mediator.full_name}})
            if request.offers.filter(mediator=mediator, status=Offer.Status.OPEN).exists():
                continue
            offers.append(Offer.objects.create(region=region, request=request, mediator=mediator))
        audit_record(
            actor=actor,
            action="sprachpool.offer.created",
            target=request,
            region=region,
            changes=changes_between({}, {"offered_to": sorted(o.mediator.full_name for o in offers)}),
        )
        for offer in offers:
            notify(
                users=[offer.mediator.user],
                region=region,
                kind="sprachpool.offer.created",
                title=gettext_lazy("Can you interpret %(language)s on %(date)s?"),
                body=gettext_lazy("%(duration)s minutes, %(place)s. Please accept or decline in Wegweiser."),
                params={
                    "language": _language_name(request.language),
                    "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
                    "duration": request.duration_minutes,
                    "place": request.commune.name if request.commune else Mode(request.mode).label,
                },
                url=_request_url(request, "mediator"),
            )
    return offers


def _assign(*, actor: User | None, request: Request, mediator: Mediator) -> Assignment:
    """Book ``mediator`` for the locked ``request``. The database refuses a second active
    assignment of the request and an overlap with another booking of the mediator."""
    pool = pool_settings_get(region=request.region)
    buffer = timedelta(minutes=pool.travel_buffer_minutes if request.mode == Mode.ON_SITE else 0)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                region=request.region,
                request=request,
                mediator=mediator,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
                blocked_from=request.starts_at - buffer,
                blocked_until=request.ends_at,
                assigned_by=actor,
                funding_source=request.funding_source,
            )
    except IntegrityError as error:
        if "sprachpool_assignment_no_overlap" in str(error):  # the constraint's (PG) or trigger's (SQLite) name
            raise ValidationError(
                _("%(name)s is already booked at this time (including travel time). Choose another mediator.")
                % {"name": mediator.full_name}
            ) from None
        raise ValidationError(_("This request has just been assigned to someone else.")) from None
    request.status = Request.Status.ASSIGNED
    request.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    others = list(request.offers.filter(status=Offer.Status.OPEN).exclude(mediator=mediator).select_related("mediator"))
    request.offers.filter(status=Offer.Status.OPEN).exclude(mediator=mediator).update(
        status=Offer.Status.WITHDRAWN, answered_at=now
    )
    params = {
        "number": request.number,
        "language": _language_name(request.language),
        "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
        "mediator": mediator.full_name,
    }
    notify(
        users=_requester_users(request),
        region=request.region,
        kind="sprachpool.assignment.created",
        title=gettext_lazy("Mediator found for %(number)s (%(language)s, %(date)s)"),
        body=gettext_lazy("%(mediator)s will interpret."),
        params=params,
        url=_request_url(request, "requester"),
    )
    notify(
        users=[mediator.user],
        region=request.region,
        kind="sprachpool.assignment.created",
        title=gettext_lazy("You are booked: %(language)s on %(date)s"),
        params=params,
        url=_request_url(request, "mediator"),
    )
    notify(
        users=[o.mediator.user for o in others],
        region=request.region,
        kind="sprachpool.offer.withdrawn",
        title=gettext_lazy("No longer needed: %(language)s on %(date)s"),
        body=gettext_lazy("Another mediator took this appointment. Thank you!"),
        params=params,
        url=_request_url(request, "mediator"),
    )
    return assignment


def assignment_create(*, actor: User | None, request: Request, mediator: Mediator) -> Assignment:
    """The office books a mediator directly (e.g. agreed on the phone)."""
    region = request.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        region_objects_require(region, mediator=mediator)
        if not mediator.is_active:
            raise ValidationError(_("%(name)s is not active.") % {"name": mediator.full_name})
        request = _locked_request(request, Request.Status.APPROVED)
        assignment = _assign(actor=actor, request=request, mediator=mediator)
        request.offers.filter(mediator=mediator, status=Offer.Status.OPEN).update(
            status=Offer.Status.ACCEPTED, answered_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="sprachpool.assignment.created",
            target=request,
            region=region,
            changes=changes_between({}, {"mediator": mediator.full_name}),
        )
    return assignment


def assignment_release(*, actor: User | None, request: Request, reason: str) -> Request:
    """The office takes the booking back (the mediator fell ill); the request looks again."""
    region = request.region
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_POOL)
        request = _locked_request(request, Request.Status.ASSIGNED)
        assignment = request.assignments.select_related("mediator").get(is_active=True)
        _assignment_end(assignment, timezone.now())
        request.status = Request.Status.APPROVED
        request.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="sprachpool.assignment.released",
            target=request,
            region=region,
            changes=changes_between({"mediator": assignment.mediator.full_name}, {"reason": reason.strip()}),
        )
        notify(
            users=[assignment.mediator.user],
            region=region,
            kind="sprachpool.assignment.cancelled",
            title=gettext_lazy("Cancelled: appointment %(number)s on %(date)s"),
            body=gettext_lazy("Reason: %(reason)s"),
            params={
                "number": request.number,
                "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
                "reason": reason.strip(),
            },
            url=_request_url(request, "mediator"),
        )
    return request


def _own_offer(actor: User | None, offer: Offer) -> None:
    if actor is None:
        return
    access = region_access_get(user=actor, region=offer.region)
    if access is None or not access.can(MEDIATE) or offer.mediator.user_id != actor.pk:
        raise PermissionDenied(_("This offer is not addressed to you."))


def offer_accept(*, actor: User | None, offer: Offer) -> Assignment:
    """The mediator says yes. The first to accept is booked; the others are told."""
    region = offer.region
    with transaction.atomic(), scope(region=region):
        _own_offer(actor, offer)
        request = _locked_request(offer.request)
        offer = _lock(Offer, offer.pk)
        if offer.status == Offer.Status.DECLINED:
            raise ValidationError(_("You have declined this offer."))
        if offer.status != Offer.Status.OPEN or request.status != Request.Status.APPROVED:
            raise ValidationError(_("This offer is no longer open: someone else has taken the appointment."))
        offer.status = Offer.Status.ACCEPTED
        offer.answered_at = timezone.now()
        offer.save(update_fields=["status", "answered_at", "updated_at"])
        assignment = _assign(actor=actor, request=request, mediator=offer.mediator)
        audit_record(
            actor=actor,
            action="sprachpool.offer.accepted",
            target=request,
            region=region,
            changes=changes_between({}, {"mediator": offer.mediator.full_name}),
        )
        notify(
            users=office_user_list(region=region),
            region=region,
            kind="sprachpool.offer.accepted",
            title=gettext_lazy("%(mediator)s accepted request %(number)s"),
            params={"mediator": offer.mediator.full_name, "number": request.number},
            url=_request_url(request),
        )
    return assignment


def offer_decline(*, actor: User | None, offer: Offer, note: str = "") -> Offer:
    region = offer.region
    with transaction.atomic(), scope(region=region):
        _own_offer(actor, offer)
        offer = _lock(Offer, offer.pk)
        if offer.status != Offer.Status.OPEN:
            raise ValidationError(_("This offer is no longer open."))
        offer.status = Offer.Status.DECLINED
        offer.answered_at = timezone.now()
        offer.answer_note = note.strip()[:300]
        offer.save(update_fields=["status", "answered_at", "answer_note", "updated_at"])
        audit_record(
            actor=actor,
            action="sprachpool.offer.declined",
            target=offer.request,
            region=region,
            changes=changes_between({}, {"mediator": offer.mediator.full_name, "note": offer.answer_note}),
        )
        notify(
            users=office_user_list(region=region),
            region=region,
            kind="sprachpool.offer.declined",
            title=gettext_lazy("%(mediator)s declined request %(number)s"),
            body=offer.answer_note,
            params={"mediator": offer.mediator.full_name, "number": offer.request.number},
            url=_request_url(offer.request),
        )
    return offer


def request_confirm(
    *,
    actor: User | None,
    request: Request,
    actual_minutes: int,
    travel_km: Decimal | None = None,
    now: datetime | None = None,
) -> Assignment:
    """The institution (or the office) confirms the service with its actual duration; the
    mediator's pay is computed with the rates in force now. ``travel_km`` (both ways) defaults
    to the estimated road distance there and back."""
    region = request.region
    if not 1 <= actual_minutes <= 600:
        raise ValidationError({"actual_minutes": _("Enter the actual duration in minutes (1 to 600).")})
    if travel_km is not None and not Decimal(0) <= travel_km <= Decimal(1000):
        raise ValidationError({"travel_km": _("Enter the kilometres travelled (0 to 1000).")})
    with transaction.atomic(), scope(region=region):
        _require_requester_or_office(actor, request)
        request = _locked_request(request, Request.Status.ASSIGNED)
        if request.starts_at > (now or timezone.now()):
            raise ValidationError(_("The service can be confirmed once the appointment has begun."))
        assignment = request.assignments.select_related("mediator__home_commune").get(is_active=True)
        if travel_km is None and request.mode == Mode.ON_SITE:
            one_way = rules.distance_km(assignment.mediator.home_commune, request.commune)
            travel_km = Decimal(str(round(one_way * 2, 1))) if one_way is not None else None
        pay = rules.compensation(
            pool=pool_settings_get(region=region),
            tier=assignment.mediator.tier,
            minutes=actual_minutes,
            mode=request.mode,
            travel_km=travel_km,
        )
        assignment.actual_minutes = actual_minutes
        assignment.confirmed_at = timezone.now()
        assignment.confirmed_by = actor
        assignment.billed_units = pay.units
        assignment.rate = pay.rate
        assignment.travel_km = pay.travel_km
        assignment.fee_amount = pay.fee
        assignment.travel_amount = pay.travel
        assignment.total_amount = pay.total
        assignment.funding_source = request.funding_source
        assignment.save()
        request.status = Request.Status.COMPLETED
        request.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="sprachpool.request.confirmed",
            target=request,
            region=region,
            changes=changes_between(
                {},
                {
                    "actual_minutes": actual_minutes,
                    "travel_km": pay.travel_km,
                    "total_amount": pay.total,
                    "mediator": assignment.mediator.full_name,
                },
            ),
        )
    return assignment


def payouts_exported(*, actor: User | None, region: Region, month: date, fmt: str) -> None:
    """A payout list (names and amounts: personal data) left the system: note who took it."""
    from wegweiser.sprachpool.permissions import VIEW_PAYOUTS

    with transaction.atomic():
        permission_require(actor=actor, region=region, permission=VIEW_PAYOUTS)
        audit_record(
            actor=actor,
            action="sprachpool.payouts.exported",
            region=region,
            changes={"month": {"before": None, "after": f"{month:%Y-%m}"}, "format": {"before": None, "after": fmt}},
            is_personal_data=True,
        )


# ----------------------------------------------------------------------------- reminders


def reminders_send(*, region: Region, now: datetime | None = None) -> dict[str, int]:
    """Daily: remind mediators and requesters of tomorrow's appointments, and the office and
    mediators of documents that lapse within the region's reminder period. Each reminder is
    sent once (``reminded_at``); run it as often as you like."""
    now = now or timezone.now()
    tomorrow = now.astimezone(rules.BERLIN).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(0, 0), tzinfo=rules.BERLIN)
    counts = {"appointments": 0, "documents": 0}
    with transaction.atomic(), scope(region=region):
        due = Assignment.objects.filter(
            region=region,
            is_active=True,
            reminded_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        ).select_related("request__language", "request__institution", "request__requested_by", "mediator__user")
        for assignment in due.select_for_update(of=("self",)):
            request = assignment.request
            params = {
                "number": request.number,
                "language": _language_name(request.language),
                "date": request.starts_at.astimezone(rules.BERLIN).strftime("%d.%m.%Y %H:%M"),
                "place": f"{request.address}, {request.commune.name}" if request.commune else request.call_details,
                "mediator": assignment.mediator.full_name,
            }
            title = gettext_lazy("Reminder: %(language)s tomorrow, %(date)s")
            body = gettext_lazy("Appointment %(number)s at %(place)s with %(mediator)s.")
            kind = "sprachpool.assignment.reminder"
            notify(
                users=[assignment.mediator.user],
                region=region,
                kind=kind,
                title=title,
                body=body,
                params=params,
                url=_request_url(request, "mediator"),
            )
            notify(
                users=_requester_users(request),
                region=region,
                kind=kind,
                title=title,
                body=body,
                params=params,
                url=_request_url(request, "requester"),
            )
            assignment.reminded_at = now
            assignment.save(update_fields=["reminded_at", "updated_at"])
            counts["appointments"] += 1
        days = pool_settings_get(region=region).document_reminder_days
        lapsing = MediatorDocument.objects.filter(
            mediator__region=region,
            mediator__is_active=True,
            reminded_at__isnull=True,
            expires_on__isnull=False,
            expires_on__lte=now.astimezone(rules.BERLIN).date() + timedelta(days=days),
        ).select_related("mediator__user")
        for document in lapsing:
            mediator = document.mediator
            doc_params: dict[str, Any] = {
                "document": MediatorDocument.Kind(document.kind).label,
                "name": mediator.full_name,
                "date": document.expires_on.strftime("%d.%m.%Y") if document.expires_on else "",
            }
            notify(
                users=[*office_user_list(region=region), mediator.user],
                region=region,
                kind="sprachpool.document.expiring",
                title=gettext_lazy("%(document)s of %(name)s expires on %(date)s"),
                body=gettext_lazy("Please ask for a renewed document in good time."),
                params=doc_params,
                url="",
            )
            document.reminded_at = now
            document.save(update_fields=["reminded_at", "updated_at"])
            counts["documents"] += 1
    return counts
