"""Money in German notation for the applicant pages: ``{{ amount|euro }}`` → "1.234,50 €"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


def euro_text(value: Any) -> str:
    """``1234.5`` → ``1.234,50 €``; empty for None or what is not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    if not amount.is_finite():
        return ""
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{text} €"


@register.filter
def euro(value: Any) -> str:
    return euro_text(value)
