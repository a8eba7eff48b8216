"""Writes about accounts. Personal data changes are always audit-logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between, snapshot

PROFILE_FIELDS = ["full_name", "language"]
BACKUP_CODE_COUNT = 10


def user_create(*, email: str, full_name: str, password: str, language: str = "de") -> User:
    email = User.objects.normalize_email(email).strip().lower()
    user = User(email=email, full_name=full_name.strip(), language=language)
    validate_password(password, user)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("An account with this e-mail address already exists.")})
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError({"email": _("An account with this e-mail address already exists.")}) from None
        audit_record(
            actor=user,
            action="accounts.user.created",
            target=user,
            changes=changes_between({}, snapshot(user, ["email", "full_name", "language"])),
            is_personal_data=True,
        )
    return user


def user_profile_update(*, actor: User, user: User, full_name: str, language: str) -> User:
    if actor.pk != user.pk and not actor.is_superuser:
        raise ValidationError(_("You can only change your own profile."))
    if language not in User.Language.values:
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    with transaction.atomic():
        before = snapshot(user, PROFILE_FIELDS)
        user.full_name = full_name.strip()
        user.language = language
        user.save(update_fields=PROFILE_FIELDS)
        changes = changes_between(before, snapshot(user, PROFILE_FIELDS))
        if changes:
            audit_record(
                actor=actor, action="accounts.user.profile_changed", target=user, changes=changes, is_personal_data=True
            )
    return user


def user_password_changed(*, actor: User, user: User, how: str) -> None:
    """Record that the password changed (never the password): ``how`` is changed or reset."""
    audit_record(actor=actor, action=f"accounts.user.password_{how}", target=user, is_personal_data=True)


def user_language_set(*, user: User, language: str) -> None:
    if language in User.Language.values and user.language != language:
        user_profile_update(actor=user, user=user, full_name=user.full_name, language=language)


def two_factor_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for ``user`` to scan; replaces an earlier unconfirmed one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def two_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a first code; returns fresh one-time backup codes."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("Start the set-up again."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError({"token": _("This code is not valid. Check the time on your phone and try again.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user)
        audit_record(
            actor=user,
            action="accounts.two_factor.enabled",
            target=user,
            changes={"two_factor": {"before": False, "after": True}},
            is_personal_data=True,
        )
    return codes


def _backup_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


_two_factor_policies: list[Callable[[User], bool]] = []


def two_factor_policy_register(policy: Callable[[User], bool]) -> None:
    """Let another app say when a user must use 2FA (tenancy: a region of theirs requires
    it), without accounts knowing about regions."""
    if policy not in _two_factor_policies:
        _two_factor_policies.append(policy)


def two_factor_required(user: User) -> bool:
    return any(policy(user) for policy in _two_factor_policies)


def two_factor_disable(*, actor: User, user: User) -> None:
    if two_factor_required(user):
        raise ValidationError(_("A region you work in requires two-factor authentication; it cannot be turned off."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action="accounts.two_factor.disabled",
            target=user,
            changes={"two_factor": {"before": True, "after": False}},
            is_personal_data=True,
        )


def user_has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def user_export(*, user: User) -> dict[str, Any]:
    """Everything Wegweiser keeps about the person (GDPR Art. 15), as JSON-ready data."""
    from wegweiser.audit.models import AuditEntry
    from wegweiser.tenancy.models import Membership

    with scopes_disabled():
        memberships = [
            {
                "region": m.region.name,
                "role": m.role,
                "communes": sorted(c.name for c in m.communes.all()),
                "is_active": m.is_active,
                "since": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("region").prefetch_related("communes")
        ]
        activity = [
            {"time": e.created_at.isoformat(), "action": e.action, "target": e.target_label, "changes": e.changes}
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ]
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "two_factor": user_has_two_factor(user),
            "is_ministry": user.is_ministry,
        },
        "memberships": memberships,
        "activity": activity,
    }


def user_erase(*, actor: User, user: User) -> User:
    """Erase the person's data (GDPR Art. 17): the account stays as an anonymous shell so
    that audit entries and statistics keep their shape, but nothing identifies the person."""
    if not actor.is_superuser:
        raise ValidationError(_("Only platform administrators can erase accounts."))
    from wegweiser.audit.models import AuditEntry
    from wegweiser.tenancy.models import Invitation, Membership

    with transaction.atomic(), scopes_disabled():
        old_email = user.email
        membership_ids = [str(pk) for pk in Membership.objects.filter(user=user).values_list("pk", flat=True)]
        user.email = f"erased-{user.pk}@erased.invalid"
        user.full_name = ""
        user.is_active = False
        user.is_ministry = False
        user.erased_at = timezone.now()
        user.set_unusable_password()
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        Membership.objects.filter(user=user).update(is_active=False)
        Invitation.objects.filter(email__iexact=old_email).update(email=user.email)
        AuditEntry.objects.filter(actor=user).update(actor_label=f"erased-{user.pk}")
        # Entries about the person keep what happened, not who it was.
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk)).update(
            target_label=f"erased-{user.pk}", changes={}
        )
        AuditEntry.objects.filter(target_type="tenancy.membership", target_id__in=membership_ids).update(
            target_label=f"erased-{user.pk}"
        )
        AuditEntry.objects.filter(target_type="tenancy.invitation", target_label__istartswith=old_email).update(
            target_label=f"erased-{user.pk}", changes={}
        )
        audit_record(actor=actor, action="accounts.user.erased", target=user, is_personal_data=True)
    return user
