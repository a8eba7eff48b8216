import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.demo.seed import DEMO_PASSWORD
from wegweiser.sprachpool.models import Assignment, Mediator, Request
from wegweiser.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_prints_every_login(hessen, capsys):
    call_command("demo_seed")
    call_command("demo_seed")
    out = capsys.readouterr().out
    assert out.count("koordination@kreis-offenbach.example") == 2
    assert f"Passwort für alle / password for all: {DEMO_PASSWORD}" in out
    assert out.count("amira.haddad@sprachpool.example") == 2
    assert User.objects.count() == 16
    assert out.count("verein@kulturverein-dietzenbach.example") == 2
    with scopes_disabled():
        roles = sorted(Membership.objects.filter(region__slug="kreis-offenbach").values_list("role", flat=True))
        assert sorted(set(roles)) == [
            "applicant",
            "coordinator",
            "editor",
            "mediator",
            "read_only",
            "requester",
            "staff",
        ]
        assert Mediator.objects.filter(region__slug="kreis-offenbach").count() == 12
        assert Mediator.objects.get(user__email="amira.haddad@sprachpool.example").full_name == "Amira Haddad"
        statuses = Request.objects.filter(region__slug="kreis-offenbach").values_list("status", flat=True)
        assert sorted(set(statuses)) == ["approved", "assigned", "completed", "submitted", "unserved"]
        assert Assignment.objects.filter(total_amount__isnull=False).count() == 6
        assert Membership.objects.filter(region__slug="offenbach-am-main").count() == 4
        staff = Membership.objects.get(user__email="mitarbeit@kreis-offenbach.example")
        assert sorted(c.name for c in staff.communes.all()) == ["Dietzenbach", "Rodgau"]
    assert User.objects.get(email="ministerium@hessen.example").is_ministry is True
    assert User.objects.get(email="admin@wegweiser.example").is_superuser is True
    assert User.objects.get(email="lesen@offenbach.example").check_password(DEMO_PASSWORD)
