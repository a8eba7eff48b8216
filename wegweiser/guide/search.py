"""Search that forgives German compounds, inflection and typos, the same on SQLite,
PostgreSQL and (ported line by line to JavaScript) in the offline guide.

The algorithm, kept simple enough to port exactly:

1. ``normalize``: Unicode NFKC, lower case, ``ß`` -> ``ss``, umlauts folded (ä -> a, …),
   Arabic/Persian letter variants unified and diacritics removed; every run of characters
   that are not letters or digits separates tokens.
2. ``stem``: a token of five or more characters loses one German ending, the longest of
   ``ern, en, er, es, e, n, s`` that leaves at least four characters.
3. A query token *matches* a document token when the stemmed query token is contained in
   the stemmed document token (so "kurs" finds "Deutschkurse", "Sprachkurs" finds
   "Sprachkurse"), or, for query stems of five or more characters, when their edit distance
   (Damerau–Levenshtein) is at most 1, or at most 2 from nine characters on ("Sprachkurz").
4. A document matches when every query token matches one of its tokens. Its score adds,
   per query token, 3 for a match in the title and 1 for a match in the text only, plus 1
   when the match is exact rather than by containment or edit distance. Results are ordered
   by score, then title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        # Arabic script: alef forms, teh marbuta, alef maksura and Persian yeh/kaf unified
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
    }
)
_SPLIT = re.compile(r"[^\w]+|_+")
ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")


def normalize(text: str) -> list[str]:
    """Lower-cased, folded tokens of ``text``."""
    folded = unicodedata.normalize("NFKC", text or "").lower().translate(_FOLD)
    # Drop combining marks (Arabic harakat, accents) after decomposing.
    decomposed = unicodedata.normalize("NFD", folded)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [token for token in _SPLIT.split(plain) if token]


def stem(token: str) -> str:
    if len(token) < 5:
        return token
    for ending in ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent transpositions), giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_typos(query_stem: str) -> int:
    if len(query_stem) >= 9:
        return 2
    if len(query_stem) >= 5:
        return 1
    return 0


def token_match(query_stem: str, doc_stems: Iterable[str]) -> int:
    """0: no match; 1: by containment or typo; 2: exact."""
    best = 0
    typos = _allowed_typos(query_stem)
    for doc in doc_stems:
        if doc == query_stem:
            return 2
        if query_stem in doc or (typos and best == 0 and edit_distance(query_stem, doc, typos) <= typos):
            best = 1
    return best


@dataclass(frozen=True)
class Document:
    """Something findable: its key (e.g. a URL), title and text."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Indexed:
    document: Document
    title_stems: frozenset[str]
    text_stems: frozenset[str]


def index(documents: Iterable[Document]) -> list[Indexed]:
    return [
        Indexed(
            document=d,
            title_stems=frozenset(stem(t) for t in normalize(d.title)),
            text_stems=frozenset(stem(t) for t in normalize(d.text)),
        )
        for d in documents
    ]


def search(indexed: Sequence[Indexed], query: str, limit: int = 50) -> list[Document]:
    """The documents matching every query token, best first."""
    query_stems = list(dict.fromkeys(stem(t) for t in normalize(query)))
    if not query_stems:
        return []
    scored: list[tuple[int, str, Document]] = []
    for entry in indexed:
        score = 0
        for q in query_stems:
            in_title = token_match(q, entry.title_stems)
            in_text = token_match(q, entry.text_stems) if not in_title else 0
            if not in_title and not in_text:
                break
            score += (3 if in_title else 1) + (1 if 2 in (in_title, in_text) else 0)
        else:
            scored.append((score, entry.document.title.lower(), entry.document))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [document for _score, _title, document in scored[:limit]]
