"""Money as the office writes it: ``{{ amount|euro }}`` → "1.234,50 €", whatever the UI language
(amounts in German documents and on German-speaking desks; the English UI keeps them too, so
that figures read the same in letters, exports and pages)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()

CENT = Decimal("0.01")


def euro_text(value: Any) -> str:
    """German notation with two decimals and the euro sign; "–" for no value."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        return str(value)
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{text} €"


@register.filter
def euro(value: Any) -> str:
    return euro_text(value)
