"""Pages in Integreat's shape. Integreat's page ids are per language: a page's ``id`` is the
id of its text (``Translation``) in that language, and a page appears in a language only
where it has a text in it (no fallback to the German text, as in Integreat).

``page_index`` is computed once per region, language and content state and kept per
process (``api.cache.remembered``); ``pages/``, ``page/``, ``children/`` and ``parents/`` all read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wegweiser.api.cache import remembered
from wegweiser.api.v3.common import Json, item_paths, link, modified, normalise_path
from wegweiser.core.html import html_to_text
from wegweiser.guide.models import Page, Translation
from wegweiser.guide.public_selectors import Guide, published
from wegweiser.public import links

MAX_DEPTH = 10


@dataclass
class PageIndex:
    """The published page tree of a guide, with the Integreat output of every page that has
    a text in the guide's language."""

    entries: dict[int, Json] = field(default_factory=dict)  # page id -> output
    children: dict[int | None, list[int]] = field(default_factory=dict)  # None: the roots
    parents: dict[int, int | None] = field(default_factory=dict)
    by_path: dict[str, int] = field(default_factory=dict)

    def preorder(self, below: int | None, levels: int) -> list[int]:
        """Page ids below ``below`` (None: the roots) down to ``levels`` levels, in tree order."""
        result: list[int] = []
        if levels <= 0:
            return result
        for child in self.children.get(below, []):
            result.append(child)
            result.extend(self.preorder(child, levels - 1))
        return result

    def output(self, page_ids: list[int]) -> list[Json]:
        return [self.entries[pk] for pk in page_ids if pk in self.entries]


def page_index(guide: Guide) -> PageIndex:
    return remembered(f"v3:{guide.language.code}:page-index", guide.region.pk, lambda: _page_index_build(guide))


def _page_index_build(guide: Guide) -> PageIndex:
    pages = list(published(region=guide.region, model=Page).order_by("position", "pk"))
    by_id = {page.pk: page for page in pages}
    index = PageIndex()
    children: dict[int | None, list[int]] = defaultdict(list)
    for page in pages:
        if page.parent_id is None or page.parent_id in by_id:
            children[page.parent_id].append(page.pk)
    # Only pages reachable from the top through published pages are shown.
    reachable: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        pk = stack.pop()
        if pk in index.parents:  # bounded, even if data had a loop
            continue
        index.parents[pk] = by_id[pk].parent_id
        reachable.append(pk)
        stack.extend(reversed(children.get(pk, [])))
    index.children = {parent: [pk for pk in kids if pk in index.parents] for parent, kids in children.items()}
    items = [by_id[pk] for pk in reachable]
    texts: dict[tuple[int, int], Translation] = {
        (t.item_id, t.language_id): t
        for t in Translation.objects.filter(
            region=guide.region, item_id__in=reachable, language__in=[lang.pk for lang in guide.languages]
        )
    }
    paths = {lang.code: item_paths(guide.region, lang, items) for lang in guide.languages}

    def text_id(pk: int) -> int | None:
        own = texts.get((pk, guide.language.pk)) or texts.get((pk, guide.source.pk))
        return own.pk if own else None

    code = guide.language.code
    for page in items:
        text = texts.get((page.pk, guide.language.pk))
        if text is None:
            continue
        path = paths[code][page.pk]
        parent = (
            {"id": 0, "url": None, "path": None}
            if page.parent_id is None
            else link(paths[code][page.parent_id], text_id(page.parent_id))
        )
        index.entries[page.pk] = {
            "id": text.pk,
            "url": links.absolute(path),
            "path": path,
            "title": text.title,
            **modified(text.updated_at),
            "excerpt": html_to_text(text.body) or text.summary,
            "content": text.body,
            "parent": parent,
            "order": page.position,
            "available_languages": {
                other.code: link(paths[other.code][page.pk], texts[(page.pk, other.pk)].pk)
                for other in guide.languages
                if other.pk != guide.language.pk and (page.pk, other.pk) in texts
            },
            "thumbnail": None,
            "organization": None,
            "embedded_offers": [],
            "hash": None,
        }
        index.by_path[normalise_path(path)] = page.pk
    return index


def pages_payload(index: PageIndex) -> list[Json]:
    return index.output(index.preorder(None, MAX_DEPTH * 100))


def children_payload(index: PageIndex, page_id: int | None, depth: int) -> list[Json]:
    """Integreat's ``children/``: without a page the top-level pages and ``depth - 1`` levels
    below them; with a page, the page and ``depth`` levels below it."""
    if page_id is None:
        return index.output(index.preorder(None, depth))
    return index.output([page_id, *index.preorder(page_id, depth)])


def parents_payload(index: PageIndex, page_id: int) -> list[Json]:
    """The page's ancestors, top-level page first."""
    chain: list[int] = []
    node = index.parents.get(page_id)
    while node is not None and node not in chain:
        chain.append(node)
        node = index.parents.get(node)
    return index.output(list(reversed(chain)))
