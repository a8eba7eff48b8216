import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from wegweiser.accounts import services as account_services
from wegweiser.audit.models import AuditEntry
from wegweiser.audit.services import audit_record, changes_between, snapshot
from wegweiser.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def test_records_actor_time_action_target_and_changes(region, member):
    actor = member("coordinator", email="coord@example.org")
    with scopes_disabled():
        target = Membership.objects.get(user=actor)
    entry = audit_record(
        actor=actor,
        action="tenancy.membership.changed",
        target=target,
        region=region,
        changes={"role": {"before": "staff", "after": "coordinator"}},
    )
    entry.refresh_from_db()
    assert entry.actor == actor
    assert entry.actor_label == "coord@example.org"
    assert entry.action == "tenancy.membership.changed"
    assert (entry.target_type, entry.target_id) == ("tenancy.membership", str(target.pk))
    assert entry.target_label == str(target)
    assert entry.changes == {"role": {"before": "staff", "after": "coordinator"}}
    assert entry.region == region
    assert entry.created_at is not None


@pytest.mark.parametrize("action", ["", "nodots", "Tenancy.Changed", "a..b", "a.b c"])
def test_action_must_be_a_dotted_code(hessen, action):
    with pytest.raises(ValueError, match="dotted lower-case code"):
        audit_record(actor=None, action=action)


def test_system_actor_is_labelled(hessen):
    entry = audit_record(actor=None, action="core.system.ran")
    assert (entry.actor, entry.actor_label) == (None, "system")


def test_changes_between_keeps_only_changed_fields_in_json_form():
    before = {"a": 1, "b": Decimal("1.50"), "c": datetime.date(2026, 1, 2), "d": ["x"]}
    after = {"a": 1, "b": Decimal("2.00"), "c": datetime.date(2026, 1, 3), "d": ["x"], "e": True}
    assert changes_between(before, after) == {
        "b": {"before": "1.50", "after": "2.00"},
        "c": {"before": "2026-01-02", "after": "2026-01-03"},
        "e": {"before": None, "after": True},
    }


def test_snapshot_reads_many_to_many_as_sorted_labels(region, member):
    user = member("staff", communes=["06438011", "06438001"])
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
        assert snapshot(membership, ["role", "communes"]) == {"role": "staff", "communes": ["Dietzenbach", "Rodgau"]}


def test_platform_admin_changes_in_django_admin_are_logged(client, user_factory):
    admin = user_factory(is_superuser=True)
    person = user_factory(email="p@example.org", full_name="Paula")
    client.force_login(admin)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": "p@example.org",
            "full_name": "Paula Neu",
            "language": "de",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with scope(region=None):
        [entry] = AuditEntry.objects.filter(action="admin.accounts.user.changed")
    assert entry.actor == admin
    assert entry.is_personal_data is True
    assert entry.changes == {"full_name": {"before": "Paula", "after": "Paula Neu"}}


def test_erasure_keeps_the_log_but_not_the_person(region, member, user_factory):
    admin = user_factory(is_superuser=True)
    person = member("staff", email="weg@example.org", full_name="Wera Weg")
    account_services.user_profile_update(actor=person, user=person, full_name="Wera W.", language="de")
    account_services.user_erase(actor=admin, user=person)
    person.refresh_from_db()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert (person.full_name, person.is_active, person.has_usable_password()) == ("", False, False)
    with scopes_disabled():
        assert Membership.objects.get(user=person).is_active is False
        texts = " ".join(f"{e.actor_label} {e.target_label} {e.changes}" for e in AuditEntry.objects.all())
        assert "Wera" not in texts
        assert "weg@example.org" not in texts
        assert AuditEntry.objects.filter(action="accounts.user.erased", actor=admin).count() == 1


def test_only_platform_admins_erase(member):
    staff = member("coordinator")
    other = member("staff")
    with pytest.raises(ValidationError, match="Plattform-Administration"):
        account_services.user_erase(actor=staff, user=other)
