"""Writes about regions and memberships. Each runs in one transaction, checks the actor's
permission, validates, writes and records one audit entry."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between, snapshot
from wegweiser.core.mail import send_templated_mail
from wegweiser.tenancy.models import Commune, Invitation, Membership, Region, Role
from wegweiser.tenancy.permissions import MANAGE_MEMBERS, MANAGE_REGION
from wegweiser.tenancy.selectors import coordinator_count, permission_require

# Called inside ``invitation_accept``'s transaction, so that an area can link the new member
# to its records (a mediator's profile, an institution) by the invited address. Areas register
# in their ``AppConfig.ready()``, as ``two_factor_policy_register`` does for accounts.
_join_hooks: list[Callable[[Membership, Invitation], None]] = []


def membership_joined_register(hook: Callable[[Membership, Invitation], None]) -> None:
    if hook not in _join_hooks:
        _join_hooks.append(hook)


def _require(actor: User, region: Region, permission: str) -> None:
    """The actor's right, checked after the region lock so that it sees what a concurrent
    change just committed. Platform administrators manage every region's members."""
    if actor.is_active and actor.is_superuser and permission in (MANAGE_MEMBERS, MANAGE_REGION):
        return
    permission_require(actor=actor, region=region, permission=permission)


def _lock_region(region: Region) -> Region:
    """Serialise membership changes per region (a row lock on PostgreSQL), so that two
    coordinators cannot demote each other at the same instant and leave it without one."""
    return Region.objects.select_for_update().get(pk=region.pk)


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    return role


def _clean_communes(region: Region, communes: Iterable[Commune]) -> list[Commune]:
    chosen = list(communes)
    if any(c.region_id != region.pk for c in chosen):
        raise ValidationError({"communes": _("Choose only communes of this region.")})
    return chosen


def region_settings_update(*, actor: User, region: Region, requires_two_factor: bool) -> Region:
    with transaction.atomic(), scope(region=region):
        region = _lock_region(region)
        _require(actor, region, MANAGE_REGION)
        before = snapshot(region, ["requires_two_factor"])
        region.requires_two_factor = requires_two_factor
        region.save(update_fields=["requires_two_factor", "updated_at"])
        changes = changes_between(before, snapshot(region, ["requires_two_factor"]))
        if changes:
            audit_record(
                actor=actor, action="tenancy.region.settings_changed", target=region, region=region, changes=changes
            )
    return region


def invitation_create(
    *, actor: User, region: Region, email: str, role: str, communes: Iterable[Commune] = ()
) -> Invitation:
    """Invite an address into the region. A still-open invitation to the same address is
    replaced; an address that is already an active member is refused."""
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic(), scope(region=region):
        region = _lock_region(region)
        _require(actor, region, MANAGE_MEMBERS)
        role = _clean_role(role)
        chosen = _clean_communes(region, communes)
        if Membership.objects.filter(region=region, user__email__iexact=email, is_active=True).exists():
            raise ValidationError({"email": _("This person is already a member of this region.")})
        for previous in Invitation.objects.filter(
            region=region, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            previous.revoked_at = timezone.now()
            previous.save(update_fields=["revoked_at", "updated_at"])
        invitation = Invitation.objects.create(
            region=region,
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.communes.set(chosen)
        audit_record(
            actor=actor,
            action="tenancy.invitation.created",
            target=invitation,
            region=region,
            changes=changes_between({}, snapshot(invitation, ["email", "role", "communes"])),
            is_personal_data=True,
        )
        existing = User.objects.filter(email__iexact=email).first()
        language = existing.language if existing else settings.LANGUAGE_CODE
        context = {
            "region": region.name,
            "role": invitation.get_role_display(),
            "inviter": actor.display_name,
            "url": settings.SITE_URL + reverse("tenancy:invitation", args=[invitation.token]),
            "expires_at": invitation.expires_at,
        }
        transaction.on_commit(
            lambda: send_templated_mail(
                to=email, template="tenancy/email/invitation", context=context, language=language
            )
        )
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    with transaction.atomic(), scope(region=invitation.region):
        _require(actor, invitation.region, MANAGE_MEMBERS)
        if not invitation.is_open:
            raise ValidationError(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="tenancy.invitation.revoked",
            target=invitation,
            region=invitation.region,
            is_personal_data=True,
        )
    return invitation


def invitation_check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid. Ask your coordinator for a new one."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted. Please sign in."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask your coordinator for a new one."))
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turn the invitation into a membership for ``user``, whose address it was sent to."""
    with transaction.atomic(), scopes_disabled():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation_check_usable(invitation)
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        communes = list(invitation.communes.all())
        membership = Membership.objects.filter(user=user, region=invitation.region).first()
        before = snapshot(membership, ["role", "communes", "is_active"]) if membership else {}
        if membership is None:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(user=user, region=invitation.region, role=invitation.role)
            except IntegrityError:
                raise ValidationError(_("You are already a member of this region.")) from None
        else:
            membership.role = invitation.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active", "updated_at"])
        membership.communes.set(communes)
        for hook in _join_hooks:
            hook(membership, invitation)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        audit_record(
            actor=user,
            action="tenancy.membership.joined",
            target=membership,
            region=invitation.region,
            changes=changes_between(before, snapshot(membership, ["role", "communes", "is_active"])),
            is_personal_data=True,
        )
    return membership


def membership_update(*, actor: User, membership: Membership, role: str, communes: Iterable[Commune]) -> Membership:
    with transaction.atomic(), scope(region=membership.region):
        region = _lock_region(membership.region)
        _require(actor, region, MANAGE_MEMBERS)
        membership.refresh_from_db()
        role = _clean_role(role)
        chosen = _clean_communes(region, communes)
        if (
            membership.role == Role.COORDINATOR
            and role != Role.COORDINATOR
            and membership.is_active
            and coordinator_count(region=region, excluding=membership) == 0
        ):
            raise ValidationError({"role": _("A region needs at least one active coordinator.")})
        before = snapshot(membership, ["role", "communes"])
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        membership.communes.set(chosen)
        changes = changes_between(before, snapshot(membership, ["role", "communes"]))
        if changes:
            audit_record(
                actor=actor,
                action="tenancy.membership.changed",
                target=membership,
                region=region,
                changes=changes,
                is_personal_data=True,
            )
    return membership


def membership_set_active(*, actor: User, membership: Membership, is_active: bool) -> Membership:
    with transaction.atomic(), scope(region=membership.region):
        region = _lock_region(membership.region)
        _require(actor, region, MANAGE_MEMBERS)
        membership.refresh_from_db()
        if not is_active and membership.user_id == actor.pk:
            raise ValidationError(_("You cannot deactivate your own membership."))
        if (
            not is_active
            and membership.role == Role.COORDINATOR
            and coordinator_count(region=region, excluding=membership) == 0
        ):
            raise ValidationError(_("A region needs at least one active coordinator."))
        if membership.is_active == is_active:
            return membership
        before = snapshot(membership, ["is_active"])
        membership.is_active = is_active
        membership.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="tenancy.membership.reactivated" if is_active else "tenancy.membership.deactivated",
            target=membership,
            region=region,
            changes=changes_between(before, snapshot(membership, ["is_active"])),
            is_personal_data=True,
        )
    return membership
