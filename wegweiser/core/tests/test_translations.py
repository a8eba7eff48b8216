"""The German catalogue is complete, keeps its placeholders and is compiled.

Refresh the catalogues with `make messages` (makemessages + scripts/compile-messages).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DE_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
LANGUAGES = ["de", "en"]

# %(name)s as written by blocktranslate and by gettext in Python; {name} and {{ name }} just in case.
_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\{\s*(\w+)\s*\}\}|\{(\w+)\}")
_POSITIONAL = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _placeholders(text: str) -> tuple[frozenset[str], int]:
    named = frozenset(next(g for g in m.groups() if g) for m in _NAMED.finditer(text))
    positional = len(_POSITIONAL.findall(text.replace("%%", "")))
    return named, positional


def _key(entry: polib._BaseEntry) -> tuple[str | None, str, str | None, tuple[str, ...]]:
    if entry.msgid_plural:
        translations = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    else:
        translations = (entry.msgstr,)
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None, translations)


@pytest.fixture(scope="module")
def de_po() -> polib.POFile:
    return polib.pofile(str(DE_PO))


def test_german_catalogue_is_complete(de_po: polib.POFile) -> None:
    assert len(de_po) > 0
    assert [e.msgid for e in de_po.untranslated_entries()] == []
    assert [e.msgid for e in de_po.fuzzy_entries()] == []
    assert not de_po.metadata_is_fuzzy
    assert de_po.metadata.get("Language") == "de"
    assert "nplurals=2" in de_po.metadata.get("Plural-Forms", "")


def test_german_translations_keep_placeholders(de_po: polib.POFile) -> None:
    mismatches = []
    for entry in de_po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = _placeholders(entry.msgid_plural)
            if _placeholders(entry.msgid) != expected:  # "%(n)s entry" / "%(n)s entries" agree
                mismatches.append((entry.msgid, entry.msgid_plural))
            translations = list(entry.msgstr_plural.values())
        else:
            expected = _placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if _placeholders(text) != expected:
                mismatches.append((entry.msgid, text))
    assert mismatches == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language: str) -> None:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run .venv/bin/python scripts/compile-messages"
    expected = {_key(e) for e in polib.pofile(str(po_path)).translated_entries()}
    compiled = {_key(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    assert compiled == expected, "django.mo is stale: run .venv/bin/python scripts/compile-messages"


def test_django_serves_german() -> None:
    with translation.override("de"):
        assert translation.gettext("Sign in") == "Anmelden"
        assert translation.gettext("Audit log") == "Protokoll"
        assert translation.gettext("Coordinator") == "Koordination"
        assert translation.ngettext("%(n)s entry", "%(n)s entries", 2) % {"n": 2} == "2 Einträge"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"
