"""Two people act at the same instant: the database keeps a mediator from being booked twice
and a request from being assigned twice. The first two tests race real transactions and run
on PostgreSQL (SQLite runs one writer at a time); the last checks the database guard itself on
both databases."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation
from django_scopes import scopes_disabled

from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import Assignment, Offer, Request

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")


def run_at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Start each call in its own thread (own database connection) at the same moment."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        translation.activate("en")  # the active language is per thread: messages read in English
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


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_booking_one_mediator_for_overlapping_times_get_one_booking(pool, member):
    second = member("coordinator", full_name="Zweite Koordination")
    first_request = pool.approved(days=14, hour=10)  # 10:00–11:30
    other_request = pool.approved(days=14, hour=11, minutes=60)  # 11:00–12:00: overlaps

    outcomes = run_at_once(
        lambda: services.assignment_create(actor=pool.coordinator, request=first_request, mediator=pool.amira),
        lambda: services.assignment_create(actor=second, request=other_request, mediator=pool.amira),
    )

    booked = [o for o in outcomes if isinstance(o, Assignment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(booked), len(refused)) == (1, 1), outcomes
    assert refused[0].messages == [
        "Amira Haddad is already booked at this time (including travel time). Choose another mediator."
    ]
    with scopes_disabled():
        assert Assignment.objects.filter(mediator=pool.amira, is_active=True).count() == 1
        statuses = sorted(Request.objects.filter(region=pool.region).values_list("status", flat=True))
    assert statuses == ["approved", "assigned"]  # the refused request is untouched, still looking


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_mediators_accepting_the_same_request_at_once_book_one(pool):
    request = pool.approved(days=14)
    offers = services.offer_create(actor=pool.coordinator, request=request, mediators=[pool.amira, pool.karim])

    outcomes = run_at_once(
        lambda: services.offer_accept(actor=pool.amira.user, offer=offers[0]),
        lambda: services.offer_accept(actor=pool.karim.user, offer=offers[1]),
    )

    booked = [o for o in outcomes if isinstance(o, Assignment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(booked), len(refused)) == (1, 1), outcomes
    assert refused[0].messages == ["This offer is no longer open: someone else has taken the appointment."]
    with scopes_disabled():
        assert Assignment.objects.filter(request=request, is_active=True).count() == 1
        assert sorted(Offer.objects.filter(request=request).values_list("status", flat=True)) == [
            "accepted",
            "withdrawn",
        ]


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_overlapping_bookings(pool):
    """Whatever code writes: the table refuses a second overlapping active block of one
    mediator, also by an update, and accepts one that only touches or is cancelled."""
    request = pool.assigned(days=14, hour=10)  # Amira: blocked 09:30–11:30 (30 min travel buffer)
    other = pool.approved(days=14, hour=16)
    with scopes_disabled():
        first = Assignment.objects.get(request=request)
        assert (first.blocked_from, first.blocked_until) == (
            first.starts_at - timedelta(minutes=30),
            first.starts_at + timedelta(minutes=90),
        )

        def book(offset_minutes: int, *, is_active: bool = True) -> Assignment:
            start = first.blocked_until + timedelta(minutes=offset_minutes)
            with transaction.atomic():
                return Assignment.objects.create(
                    region=pool.region,
                    request=other,
                    mediator=pool.amira,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    blocked_from=start,
                    blocked_until=start + timedelta(hours=1),
                    is_active=is_active,
                )

        with pytest.raises(IntegrityError):
            book(-1)  # 11:29: one minute into the block
        cancelled = book(-30, is_active=False)  # a cancelled booking blocks nothing
        cancelled.is_active = True
        with pytest.raises(IntegrityError), transaction.atomic():
            cancelled.save()  # …until it is made active again
        Assignment.objects.filter(pk=cancelled.pk).delete()
        touching = book(0)  # 11:30–12:30 touches the block and is fine
        assert Assignment.objects.filter(mediator=pool.amira, is_active=True).count() == 2
        assert touching.blocked_from == first.blocked_until
