"""Text helpers that know German."""

from django.utils.text import slugify

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(value: str) -> str:
    """Slug that spells umlauts the German way: "Groß-Gerau" -> "gross-gerau"."""
    return slugify(value.translate(_GERMAN))
