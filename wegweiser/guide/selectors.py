"""Reads of the guide's content. Whole-region reads take a fixed number of queries,
whatever the number of items (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from wegweiser.guide.models import ContentItem, Language, Page, RegionLanguage, Translation
from wegweiser.tenancy.models import Region

STATUSES = [*Translation.Status.values, Translation.MISSING]


def region_language_list(*, region: Region, visible_only: bool = False) -> list[RegionLanguage]:
    qs = RegionLanguage.objects.filter(region=region).select_related("language")
    if visible_only:
        qs = qs.filter(is_visible=True)
    return list(qs)


def region_source_language(*, region: Region) -> Language | None:
    rl = RegionLanguage.objects.filter(region=region, is_source=True).select_related("language").first()
    return rl.language if rl else None


def translation_status_map(*, region: Region, kind: str | None = None) -> dict[int, dict[str, str]]:
    """``{item_id: {language_code: status}}`` for every item of the region, from one query.
    Languages without a row are missing."""
    qs = Translation.objects.filter(region=region)
    if kind:
        qs = qs.filter(item__kind=kind)
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for item_id, code, status in qs.values_list("item_id", "language__code", "status"):
        result[item_id][code] = status
    return dict(result)


def translation_status_counts(*, region: Region, kind: str | None = None) -> dict[str, dict[str, int]]:
    """Per language, how many items are up to date, outdated, machine-translated, in review
    or missing: two queries for the whole region."""
    items = ContentItem.objects.filter(region=region).exclude(status=ContentItem.Status.ARCHIVED)
    if kind:
        items = items.filter(kind=kind)
    total = items.count()
    counts: dict[str, dict[str, int]] = {
        rl.language.code: dict.fromkeys(STATUSES, 0) for rl in region_language_list(region=region)
    }
    rows = Translation.objects.filter(region=region, item__in=items).values_list("language__code", "status")
    for code, status in rows:
        if code in counts:
            counts[code][status] += 1
    for per_status in counts.values():
        per_status[Translation.MISSING] = total - sum(per_status[s] for s in Translation.Status.values)
    return counts


@dataclass
class PageNode:
    page: Page
    translation: Translation | None
    children: list[PageNode] = field(default_factory=list)
    depth: int = 0


def page_tree(*, region: Region, language: Language, public: bool = False) -> list[PageNode]:
    """The region's page tree with each page's text in ``language`` (None where missing):
    two queries for any size. ``public`` leaves out drafts, archived pages and their subtrees."""
    pages = Page.objects.filter(region=region).order_by("position", "pk")
    if public:
        pages = pages.filter(status=ContentItem.Status.PUBLISHED)
    else:
        pages = pages.exclude(status=ContentItem.Status.ARCHIVED)
    page_list = list(pages)
    texts = {
        t.item_id: t
        for t in Translation.objects.filter(region=region, language=language, item__in=[p.pk for p in page_list])
    }
    nodes = {p.pk: PageNode(page=p, translation=texts.get(p.pk)) for p in page_list}
    roots: list[PageNode] = []
    for p in page_list:
        node = nodes[p.pk]
        if p.parent_id is None:
            roots.append(node)
        elif p.parent_id in nodes:
            nodes[p.parent_id].children.append(node)
        # else: the parent is hidden (draft/archived), so is this subtree
    stack = [(n, 0) for n in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((c, depth + 1) for c in node.children)
    return roots


def translation_get(*, item: ContentItem, language: Language) -> Translation | None:
    return Translation.objects.filter(item=item, language=language).first()


def translations_by_language(*, item: ContentItem) -> dict[str, Translation]:
    return {t.language.code: t for t in Translation.objects.filter(item=item).select_related("language")}


def item_list(*, region: Region, kind: str, include_archived: bool = False) -> QuerySet[ContentItem]:
    qs = ContentItem.objects.filter(region=region, kind=kind)
    if not include_archived:
        qs = qs.exclude(status=ContentItem.Status.ARCHIVED)
    return qs.order_by("pk")
