"""Two coordinators act at the same instant: the database keeps the region's invariants.

Runs on PostgreSQL (row locks); SQLite serialises writers anyway and is skipped.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django_scopes import scopes_disabled

from wegweiser.tenancy import services
from wegweiser.tenancy.models import Invitation, Membership

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_at_once(*calls):
    """Start each call in its own thread (own database connection) at the same moment."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_coordinators_demoting_each_other_leave_one(region, member):
    anna = member("coordinator", email="anna@example.org")
    ben = member("coordinator", email="ben@example.org")
    with scopes_disabled():
        anna_m = Membership.objects.get(user=anna)
        ben_m = Membership.objects.get(user=ben)

    outcomes = run_at_once(
        lambda: services.membership_update(actor=anna, membership=ben_m, role="staff", communes=[]),
        lambda: services.membership_update(actor=ben, membership=anna_m, role="staff", communes=[]),
    )

    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert len(failures) == 1
    # Whoever comes second was demoted a moment ago and may no longer manage members.
    assert isinstance(failures[0], PermissionDenied)
    with scopes_disabled():
        roles = sorted(Membership.objects.filter(region=region).values_list("role", flat=True))
    assert roles == ["coordinator", "staff"]


def test_two_invites_to_the_same_address_leave_one_open(region, member):
    anna = member("coordinator")
    ben = member("coordinator")
    outcomes = run_at_once(
        lambda: services.invitation_create(actor=anna, region=region, email="neu@example.org", role="staff"),
        lambda: services.invitation_create(actor=ben, region=region, email="neu@example.org", role="editor"),
    )
    assert [type(o).__name__ for o in outcomes] == ["Invitation", "Invitation"]
    with scopes_disabled():
        assert Invitation.objects.filter(region=region, revoked_at__isnull=True).count() == 1
        assert Invitation.objects.filter(region=region).count() == 2
