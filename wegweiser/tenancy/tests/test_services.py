from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from wegweiser.audit.models import AuditEntry
from wegweiser.tenancy import services
from wegweiser.tenancy.models import Commune, Invitation, Membership

pytestmark = pytest.mark.django_db(transaction=False)


def _communes(*ags):
    with scopes_disabled():
        return list(Commune.objects.filter(ags__in=ags).order_by("ags"))


def _audit(region, action):
    with scope(region=region):
        return list(AuditEntry.objects.filter(action=action))


def test_coordinator_invites_with_role_and_communes(region, member, django_capture_on_commit_callbacks):
    coordinator = member("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=coordinator,
            region=region,
            email=" New.Person@Example.org ",
            role="editor",
            communes=_communes("06438001"),
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.role == "editor"
    with scope(region=region):
        assert [c.name for c in invitation.communes.all()] == ["Dietzenbach"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert f"/invitation/{invitation.token}/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Einladung zu Wegweiser – Kreis Offenbach"
    [entry] = _audit(region, "tenancy.invitation.created")
    assert entry.actor == coordinator
    assert entry.changes == {
        "email": {"before": None, "after": "new.person@example.org"},
        "role": {"before": None, "after": "editor"},
        "communes": {"before": None, "after": ["Dietzenbach"]},
    }
    assert entry.is_personal_data is True


def test_invite_of_existing_member_is_refused_and_nothing_saved(region, member, django_capture_on_commit_callbacks):
    coordinator = member("coordinator")
    member("staff", email="already@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as info:
        services.invitation_create(actor=coordinator, region=region, email="Already@example.org", role="staff")
    assert info.value.message_dict == {"email": ["Diese Person ist bereits Mitglied dieser Region."]}
    with scope(region=region):
        assert Invitation.objects.count() == 0
    assert mail.outbox == []
    assert _audit(region, "tenancy.invitation.created") == []


def test_invite_with_role_outside_allowed_set_is_refused(region, member):
    coordinator = member("coordinator")
    with pytest.raises(ValidationError) as info:
        services.invitation_create(actor=coordinator, region=region, email="x@example.org", role="ministry")
    assert list(info.value.message_dict) == ["role"]
    with scope(region=region):
        assert Invitation.objects.count() == 0


def test_invite_limited_to_commune_of_other_region_is_refused(region, member):
    coordinator = member("coordinator")
    with pytest.raises(ValidationError) as info:
        services.invitation_create(
            actor=coordinator, region=region, email="x@example.org", role="staff", communes=_communes("06413000")
        )
    assert list(info.value.message_dict) == ["communes"]
    with scope(region=region):
        assert Invitation.objects.count() == 0


@pytest.mark.parametrize("role", ["staff", "editor", "read_only"])
def test_only_coordinators_invite(region, member, role):
    actor = member(role)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=actor, region=region, email="x@example.org", role="staff")


def test_coordinator_of_other_region_cannot_invite_here(region, other_region, member):
    outsider = member("coordinator", region=other_region)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=outsider, region=region, email="x@example.org", role="staff")


def test_second_invite_replaces_the_open_one(region, member):
    coordinator = member("coordinator")
    first = services.invitation_create(actor=coordinator, region=region, email="x@example.org", role="staff")
    second = services.invitation_create(actor=coordinator, region=region, email="X@example.org", role="editor")
    with scope(region=region):
        first.refresh_from_db()
        assert first.revoked_at is not None
        assert [i.pk for i in Invitation.objects.filter(revoked_at__isnull=True)] == [second.pk]


def test_accepting_creates_membership_once(region, member, user_factory):
    coordinator = member("coordinator")
    invitation = services.invitation_create(
        actor=coordinator, region=region, email="new@example.org", role="staff", communes=_communes("06438011")
    )
    user = user_factory(email="new@example.org")
    membership = services.invitation_accept(invitation=invitation, user=user)
    with scope(region=region):
        assert (membership.role, membership.is_active) == ("staff", True)
        assert [c.name for c in membership.communes.all()] == ["Rodgau"]
    with pytest.raises(ValidationError) as info:
        services.invitation_accept(invitation=invitation, user=user)
    assert info.value.messages == ["Diese Einladung wurde bereits angenommen. Bitte melden Sie sich an."]
    [entry] = _audit(region, "tenancy.membership.joined")
    assert entry.actor == user


def test_expired_or_foreign_invitation_cannot_be_accepted(region, member, user_factory):
    coordinator = member("coordinator")
    invitation = services.invitation_create(actor=coordinator, region=region, email="new@example.org", role="staff")
    stranger = user_factory(email="stranger@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=stranger)
    with scopes_disabled():
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=user_factory(email="new@example.org"))
    with scopes_disabled():
        assert Membership.objects.filter(region=region).count() == 1  # only the coordinator


def test_role_change_is_audited_with_before_and_after(region, member):
    coordinator = member("coordinator")
    staff = member("staff")
    with scopes_disabled():
        membership = Membership.objects.get(user=staff)
    services.membership_update(
        actor=coordinator, membership=membership, role="editor", communes=_communes("06438001", "06438002")
    )
    [entry] = _audit(region, "tenancy.membership.changed")
    assert entry.changes == {
        "role": {"before": "staff", "after": "editor"},
        "communes": {"before": [], "after": ["Dietzenbach", "Dreieich"]},
    }
    assert entry.target_id == str(membership.pk)


def test_last_coordinator_cannot_be_demoted_or_deactivated(region, member):
    coordinator = member("coordinator")
    with scopes_disabled():
        membership = Membership.objects.get(user=coordinator)
    with pytest.raises(ValidationError) as info:
        services.membership_update(actor=coordinator, membership=membership, role="staff", communes=[])
    assert info.value.message_dict == {"role": ["Eine Region braucht mindestens eine aktive Koordination."]}
    with pytest.raises(ValidationError) as info:
        services.membership_set_active(actor=coordinator, membership=membership, is_active=False)
    assert info.value.messages == ["Sie können Ihre eigene Mitgliedschaft nicht deaktivieren."]
    with scopes_disabled():
        membership.refresh_from_db()
        assert (membership.role, membership.is_active) == ("coordinator", True)


def test_coordinator_deactivates_and_reactivates_a_member(region, member):
    coordinator = member("coordinator")
    second = member("coordinator")
    with scopes_disabled():
        membership = Membership.objects.get(user=second)
    services.membership_set_active(actor=coordinator, membership=membership, is_active=False)
    with scopes_disabled():
        membership.refresh_from_db()
    assert membership.is_active is False
    [entry] = _audit(region, "tenancy.membership.deactivated")
    assert entry.changes == {"is_active": {"before": True, "after": False}}
    # Now the first is the last active coordinator: not deactivatable by anyone.
    with scopes_disabled():
        first = Membership.objects.get(user=coordinator)
    with pytest.raises(ValidationError):
        services.membership_update(actor=coordinator, membership=first, role="staff", communes=[])
    services.membership_set_active(actor=coordinator, membership=membership, is_active=True)
    assert len(_audit(region, "tenancy.membership.reactivated")) == 1


def test_membership_limited_to_commune_of_other_region_is_refused(region, member):
    coordinator = member("coordinator")
    staff = member("staff")
    with scopes_disabled():
        membership = Membership.objects.get(user=staff)
    with pytest.raises(ValidationError) as info:
        services.membership_update(
            actor=coordinator, membership=membership, role="staff", communes=_communes("06413000")
        )
    assert list(info.value.message_dict) == ["communes"]
    with scopes_disabled():
        membership.refresh_from_db()
        assert list(membership.communes.all()) == []


def test_region_two_factor_setting_is_audited(region, member):
    coordinator = member("coordinator")
    services.region_settings_update(actor=coordinator, region=region, requires_two_factor=True)
    region.refresh_from_db()
    assert region.requires_two_factor is True
    [entry] = _audit(region, "tenancy.region.settings_changed")
    assert entry.changes == {"requires_two_factor": {"before": False, "after": True}}
    with pytest.raises(PermissionDenied):
        services.region_settings_update(actor=member("staff"), region=region, requires_two_factor=False)


def test_platform_administrator_invites_a_first_coordinator_from_the_command_line(region, user_factory):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    user_factory(email="admin@example.org", is_superuser=True)
    call_command("invite", "kreis-offenbach", "erste@example.org", "--by", "admin@example.org")
    with scope(region=region):
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("erste@example.org", "coordinator")
    with pytest.raises(CommandError, match=r"^Bitte wählen Sie eine der angebotenen Rollen\.$"):
        call_command("invite", "kreis-offenbach", "x@example.org", "--role", "chef", "--by", "admin@example.org")
    with pytest.raises(CommandError, match="Unbekannte Region: nirgendwo"):
        call_command("invite", "nirgendwo", "x@example.org", "--by", "admin@example.org")
    staff = user_factory(email="staff@example.org")
    with pytest.raises(CommandError, match=r"^Dazu sind Sie in dieser Region nicht berechtigt\.$"):
        call_command("invite", "kreis-offenbach", "x@example.org", "--by", staff.email)
    with scope(region=region):
        assert Invitation.objects.count() == 1


def test_a_mail_server_that_is_down_does_not_undo_or_break_the_invitation(
    region, member, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    coordinator = member("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(actor=coordinator, region=region, email="x@example.org", role="staff")
    with scope(region=region):
        assert Invitation.objects.get().pk == invitation.pk
    assert "Could not send tenancy/email/invitation to x@example.org" in caplog.text
