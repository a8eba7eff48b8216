"""Reads for the public guide: only published items, each with its text in the chosen
language or, where that is missing, the source (German) text marked as a fallback.

Callers run inside ``django_scopes.scope(region=...)``. Lists take a fixed number of
queries whatever their length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db.models import QuerySet
from django_scopes import scopes_disabled

from wegweiser.core.html import html_to_text
from wegweiser.guide import search
from wegweiser.guide.models import (
    ContentItem,
    Event,
    EventCategory,
    GuideState,
    Imprint,
    Language,
    NewsItem,
    Offer,
    Page,
    Place,
    RegionLanguage,
    TargetGroup,
    Translation,
)
from wegweiser.guide.schedule import Occurrence, occurrences_between
from wegweiser.tenancy.models import Commune, Region

ItemT = TypeVar("ItemT", bound=ContentItem)
PUBLISHED = ContentItem.Status.PUBLISHED


@dataclass(frozen=True)
class Guide:
    """A region's public guide in one language."""

    region: Region
    language: Language
    source: Language
    languages: list[Language]  # visible ones, source first

    @property
    def is_source(self) -> bool:
        return self.language.pk == self.source.pk


@dataclass(frozen=True)
class Shown(Generic[ItemT]):
    """An item as a visitor sees it: its text in the guide's language, or the source text."""

    item: ItemT
    text: Translation
    is_fallback: bool

    @property
    def slug(self) -> str:
        return self.text.slug

    @property
    def is_machine(self) -> bool:
        return not self.is_fallback and self.text.status == Translation.Status.MACHINE


def guide_region_slugs() -> set[str]:
    """Slugs of the regions whose guide can be opened: a visible language and published content."""
    with scopes_disabled():
        with_language = set(RegionLanguage.objects.filter(is_visible=True).values_list("region_id", flat=True))
        with_content = set(ContentItem.objects.filter(status=PUBLISHED).values_list("region_id", flat=True).distinct())
    return set(Region.objects.filter(pk__in=with_language & with_content).values_list("slug", flat=True))


def guide_languages(*, region: Region) -> tuple[Language | None, list[Language]]:
    """The region's source language and its visible languages (source first)."""
    rows = list(RegionLanguage.objects.filter(region=region).select_related("language"))
    source = next((rl.language for rl in rows if rl.is_source), None)
    visible = [rl.language for rl in rows if rl.is_visible or rl.is_source]
    return source, visible


def guide_get(*, region: Region, language_code: str) -> Guide | None:
    """The guide of ``region`` in the language with ``language_code``, if the region offers it."""
    source, languages = guide_languages(region=region)
    language = next((lang for lang in languages if lang.code == language_code), None)
    if source is None or language is None:
        return None
    return Guide(region=region, language=language, source=source, languages=languages)


def shown_list(guide: Guide, items: Iterable[ItemT]) -> list[Shown[ItemT]]:
    """Attach texts to ``items`` (one query); items without any text are left out."""
    items = list(items)
    texts: dict[tuple[int, int], Translation] = {
        (t.item_id, t.language_id): t
        for t in Translation.objects.filter(
            region=guide.region, item__in=[i.pk for i in items], language__in=[guide.language, guide.source]
        )
    }
    result: list[Shown[ItemT]] = []
    for item in items:
        own = texts.get((item.pk, guide.language.pk))
        fallback = texts.get((item.pk, guide.source.pk))
        if own is not None:
            result.append(Shown(item=item, text=own, is_fallback=False))
        elif fallback is not None:
            result.append(Shown(item=item, text=fallback, is_fallback=True))
    return result


def published(*, region: Region, model: type[ItemT]) -> QuerySet[ItemT]:
    return model.objects.filter(region=region, status=PUBLISHED)


def _by_title(shown: list[Shown[ItemT]]) -> list[Shown[ItemT]]:
    return sorted(shown, key=lambda s: s.text.title.casefold())


def item_get_by_slug(guide: Guide, *, model: type[ItemT], slug: str) -> Shown[ItemT] | None:
    """A published item by its slug in the guide's language, else by its source slug."""
    for language in dict.fromkeys([guide.language, guide.source]):
        item_ids = Translation.objects.filter(
            region=guide.region, language=language, slug=slug, item__kind=model.KIND
        ).values_list("item_id", flat=True)
        item = published(region=guide.region, model=model).filter(pk__in=item_ids).first()
        if item is not None:
            return shown_get(guide, item)
    return None


# Pages ---------------------------------------------------------------------------------


@dataclass
class PublicPage:
    shown: Shown[Page]
    source_slug: str
    parent: PublicPage | None = None
    children: list[PublicPage] = field(default_factory=list)

    @property
    def path(self) -> tuple[str, ...]:
        node: PublicPage | None = self
        slugs: list[str] = []
        while node is not None:
            slugs.append(node.shown.slug)
            node = node.parent
        return tuple(reversed(slugs))

    @property
    def ancestors(self) -> list[PublicPage]:
        chain: list[PublicPage] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


@dataclass
class PublicTree:
    roots: list[PublicPage]
    by_id: dict[int, PublicPage]

    def find(self, slugs: Sequence[str]) -> PublicPage | None:
        """The page at this slug path; a segment may also be the page's source slug."""
        level, node = self.roots, None
        for slug in slugs:
            node = next((n for n in level if n.shown.slug == slug), None) or next(
                (n for n in level if n.source_slug == slug), None
            )
            if node is None:
                return None
            level = node.children
        return node


def page_tree(guide: Guide) -> PublicTree:
    """The published page tree (three queries). A page below an unpublished page is hidden."""
    pages = list(published(region=guide.region, model=Page).order_by("position", "pk"))
    shown = {s.item.pk: s for s in shown_list(guide, pages)}
    source_slugs = dict(
        Translation.objects.filter(region=guide.region, language=guide.source, item__kind=Page.KIND).values_list(
            "item_id", "slug"
        )
    )
    nodes = {
        p.pk: PublicPage(shown=shown[p.pk], source_slug=source_slugs.get(p.pk, "")) for p in pages if p.pk in shown
    }
    roots: list[PublicPage] = []
    for page in pages:
        node = nodes.get(page.pk)
        if node is None:
            continue
        if page.parent_id is None:
            roots.append(node)
        elif page.parent_id in nodes:
            node.parent = nodes[page.parent_id]
            nodes[page.parent_id].children.append(node)
    reachable: dict[int, PublicPage] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable[node.shown.item.pk] = node
        stack.extend(node.children)
    return PublicTree(roots=roots, by_id=reachable)


# Offers and places -----------------------------------------------------------------------


@dataclass(frozen=True)
class OfferFilterOptions:
    communes: list[Commune]
    offer_kinds: list[tuple[str, str]]
    target_groups: list[TargetGroup]
    languages: list[Language]


def offer_filter_options(*, region: Region) -> OfferFilterOptions:
    """Only values that published offers of the region actually use."""
    offers = published(region=region, model=Offer)
    kinds = set(offers.values_list("offer_kind", flat=True))
    return OfferFilterOptions(
        communes=list(Commune.objects.filter(region=region, pk__in=offers.values("commune_id")).order_by("name")),
        offer_kinds=[(value, str(label)) for value, label in Offer.OfferKind.choices if value in kinds],
        target_groups=list(TargetGroup.objects.filter(pk__in=offers.values("target_groups")).order_by("code")),
        languages=list(Language.objects.filter(pk__in=offers.values("languages_spoken")).order_by("native_name")),
    )


def offer_list(
    guide: Guide,
    *,
    commune: Commune | None = None,
    offer_kind: str = "",
    target_group: TargetGroup | None = None,
    language_spoken: Language | None = None,
) -> list[Shown[Offer]]:
    """Published offers matching every given filter, by title."""
    offers = published(region=guide.region, model=Offer).select_related("commune", "location")
    if commune is not None:
        offers = offers.filter(commune=commune)
    if offer_kind:
        offers = offers.filter(offer_kind=offer_kind)
    if target_group is not None:
        offers = offers.filter(target_groups=target_group)
    if language_spoken is not None:
        offers = offers.filter(languages_spoken=language_spoken)
    return _by_title(shown_list(guide, offers.distinct()))


def offer_get(guide: Guide, *, slug: str) -> Shown[Offer] | None:
    shown = item_get_by_slug(guide, model=Offer, slug=slug)
    if shown is None:
        return None
    offer = (
        published(region=guide.region, model=Offer)
        .select_related("commune", "location")
        .prefetch_related("target_groups", "languages_spoken")
        .get(pk=shown.item.pk)
    )
    return Shown(item=offer, text=shown.text, is_fallback=shown.is_fallback)


def place_list(guide: Guide) -> list[Shown[Place]]:
    return _by_title(shown_list(guide, published(region=guide.region, model=Place).select_related("commune")))


def shown_get(guide: Guide, item: ItemT | None) -> Shown[ItemT] | None:
    """``item`` with its text, when it is published (e.g. an offer's place)."""
    if item is None or item.status != PUBLISHED:
        return None
    found = shown_list(guide, [item])
    return found[0] if found else None


# Events and news ---------------------------------------------------------------------------


def event_category_list(*, region: Region) -> QuerySet[EventCategory]:
    """The categories that published events use."""
    used = published(region=region, model=Event).values("categories")
    return EventCategory.objects.filter(region=region, pk__in=used).order_by("german_name")


def event_occurrence_list(
    guide: Guide, *, start: datetime, end: datetime, category: EventCategory | None = None
) -> list[tuple[Occurrence, Shown[Event]]]:
    """Every occurrence of a published event in ``[start, end)``, by time."""
    events = published(region=guide.region, model=Event).select_related("location").filter(starts_at__lt=end)
    if category is not None:
        events = events.filter(categories=category)
    shown = {s.item.pk: s for s in shown_list(guide, events)}
    occurrences = occurrences_between([s.item for s in shown.values()], start=start, end=end)
    return [(o, shown[o.event.pk]) for o in occurrences]


def event_get(guide: Guide, *, slug: str) -> Shown[Event] | None:
    shown = item_get_by_slug(guide, model=Event, slug=slug)
    if shown is None:
        return None
    event = (
        published(region=guide.region, model=Event)
        .select_related("location")
        .prefetch_related("categories")
        .get(pk=shown.item.pk)
    )
    return Shown(item=event, text=shown.text, is_fallback=shown.is_fallback)


def event_list(guide: Guide) -> list[Shown[Event]]:
    """Every published event (for the calendar feed)."""
    return shown_list(guide, published(region=guide.region, model=Event).select_related("location").order_by("pk"))


def news_list(guide: Guide, *, limit: int | None = None) -> list[Shown[NewsItem]]:
    news = published(region=guide.region, model=NewsItem).order_by("-published_at", "-pk")
    return shown_list(guide, news[:limit] if limit else news)


def imprint_get(guide: Guide) -> Shown[Imprint] | None:
    imprint = published(region=guide.region, model=Imprint).order_by("pk").first()
    return shown_get(guide, imprint)


# Search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    item_id: int
    slugs: tuple[str, ...]  # a page's slug path, else the item's slug
    title: str
    summary: str
    is_fallback: bool  # the text is the source text


def _search_entries(guide: Guide) -> list[tuple[search.Document, SearchHit]]:
    entries: list[tuple[tuple[str, ...], Shown[ContentItem]]] = [
        (node.path, node.shown)  # type: ignore[misc]
        for node in page_tree(guide).by_id.values()
    ]
    for model in (Offer, Place, Event):
        entries.extend(((s.slug,), s) for s in shown_list(guide, published(region=guide.region, model=model)))
    result = []
    for slugs, shown in entries:
        text = shown.text
        key = f"{shown.item.kind}:{shown.item.pk}"
        body = " ".join([text.summary, html_to_text(text.body), *(str(v) for v in text.fields.values())])
        hit = SearchHit(
            kind=shown.item.kind,
            item_id=shown.item.pk,
            slugs=slugs,
            title=text.title,
            summary=text.summary,
            is_fallback=shown.is_fallback,
        )
        result.append((search.Document(key=key, title=text.title, text=body), hit))
    return result


def search_index_get(guide: Guide) -> tuple[list[search.Indexed], dict[str, SearchHit]]:
    """The guide's search index (published pages, offers, places, events; untranslated ones
    by their source text), cached per region, language and change number."""
    seq = GuideState.objects.filter(region=guide.region).values_list("seq", flat=True).first() or 0
    key = f"public-search:{guide.region.pk}:{guide.language.code}:{seq}"
    cached: tuple[list[search.Indexed], dict[str, SearchHit]] | None = cache.get(key)
    if cached is None:
        entries = _search_entries(guide)
        cached = (search.index(d for d, _hit in entries), {d.key: hit for d, hit in entries})
        cache.set(key, cached, 60 * 60 * 24)
    return cached


def guide_search(guide: Guide, query: str, limit: int = 50) -> list[SearchHit]:
    indexed, hits = search_index_get(guide)
    return [hits[document.key] for document in search.search(indexed, query, limit=limit)]
