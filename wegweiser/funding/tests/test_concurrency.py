"""Two reviewers approve at the same instant: the budget line's check constraint lets only
what fits through. Races real transactions on PostgreSQL; the constraint itself is checked
on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django_scopes import scopes_disabled

from wegweiser.funding import services
from wegweiser.funding.models import Application, BudgetLine, LedgerEntry
from wegweiser.sprachpool.tests.test_concurrency import run_at_once


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_never_exceed_the_budget(grants, member):
    second = member("coordinator", language="en", full_name="Zweite Koordination")
    first_app = grants.in_review("3000.00", title="Sprachcafé")
    second_app = grants.in_review("2500.00", title="Hausaufgabenhilfe")  # 3,000 + 2,500 > 5,000

    outcomes = run_at_once(
        lambda: services.application_decide(actor=grants.coordinator, application=first_app, decision="approve"),
        lambda: services.application_decide(actor=second, application=second_app, decision="approve"),
    )

    approved = [o for o in outcomes if isinstance(o, Application)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(approved), len(refused)) == (1, 1), outcomes
    left = {Decimal("3000.00"): "2.000,00", Decimal("2500.00"): "2.500,00"}[approved[0].approved_amount]
    assert refused[0].message_dict == {"amount": [f"This exceeds what is available in “Mikroprojekte”: {left} € left."]}
    with scopes_disabled():
        line = BudgetLine.objects.get(pk=grants.line.pk)
        assert line.committed == approved[0].approved_amount
        assert list(LedgerEntry.objects.values_list("amount", flat=True)) == [approved[0].approved_amount]
        statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["approved", "in_review"]


@pytest.mark.django_db
def test_the_database_refuses_commitments_beyond_the_line(grants):
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=grants.line.pk).update(committed=F("committed") + Decimal("5000.01"))
        BudgetLine.objects.filter(pk=grants.line.pk).update(committed=F("committed") + Decimal("5000.00"))
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=grants.line.pk).update(amount=Decimal("4999.99"))
        assert BudgetLine.objects.get(pk=grants.line.pk).available == Decimal("0.00")
