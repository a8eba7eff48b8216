"""Public URLs of guide content: one place that knows the guide's URL scheme, for the web
guide, the offline guide, PDFs and QR codes, and the API.

An item's URL in a language uses its slug in that language, or its source (German) slug
where it has no translation yet, exactly as the guide itself shows it. A page's URL is the
slug path from the top of the tree. URLs are built whatever the item's status; an item
that is not published answers 404 there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django_scopes import scope

from wegweiser.guide.models import ContentItem, Language, Page, RegionLanguage, Translation
from wegweiser.tenancy.models import Region

_DETAIL_VIEWS = {
    ContentItem.Kind.OFFER: "public:offer_detail",
    ContentItem.Kind.PLACE: "public:place_detail",
    ContentItem.Kind.EVENT: "public:event_detail",
    ContentItem.Kind.NEWS: "public:news_detail",
}


def _code(language: Language | str) -> str:
    return language if isinstance(language, str) else language.code


def absolute(url: str) -> str:
    """``url`` (a path) with the site's address in front, for e-mails, PDFs and QR codes."""
    return f"{settings.SITE_URL}{url}"


def region_url(region: Region) -> str:
    """The region's entry: redirects to the visitor's best language."""
    return reverse("public:guide_region", args=[region.slug])


def guide_url(region: Region, language: Language | str, name: str = "guide_start") -> str:
    """A fixed page of the guide in a language: ``guide_start``, ``offer_list``, ``search``, …"""
    return reverse(f"public:{name}", args=[region.slug, _code(language)])


def page_url(region: Region, language: Language | str, slugs: Sequence[str]) -> str:
    return reverse("public:guide_page", args=[region.slug, _code(language), "/".join(slugs)])


def slug_url(region: Region, language: Language | str, kind: str, slug: str) -> str:
    """The detail URL of a non-page item with ``slug``."""
    if kind == ContentItem.Kind.IMPRINT:
        return guide_url(region, language, "imprint")
    return reverse(_DETAIL_VIEWS[ContentItem.Kind(kind)], args=[region.slug, _code(language), slug])


def _urls(region: Region, items: Sequence[ContentItem], codes: Sequence[str]) -> dict[str, dict[int, str]]:
    """``{code: {item_id: url}}`` (three queries for any number of items and languages)."""
    with scope(region=region):
        source_id = (
            RegionLanguage.objects.filter(region=region, is_source=True).values_list("language_id", flat=True).first()
        )
        parents: dict[int, int | None] = {}
        if any(i.kind == ContentItem.Kind.PAGE for i in items):
            parents = dict(Page.objects.filter(region=region).values_list("pk", "parent_id"))
        needed = {i.pk for i in items}
        for item in items:
            parent = parents.get(item.pk)
            while parent is not None and parent not in needed:
                needed.add(parent)
                parent = parents.get(parent)
        rows = Translation.objects.filter(region=region, item_id__in=needed).filter(
            Q(language__code__in=codes) | Q(language_id=source_id)
        )
        slugs: dict[tuple[int, str], str] = {}
        fallback: dict[int, str] = {}
        for item_id, language_id, code, slug in rows.values_list("item_id", "language_id", "language__code", "slug"):
            slugs[(item_id, code)] = slug
            if language_id == source_id:
                fallback[item_id] = slug

    result: dict[str, dict[int, str]] = {}
    for code in codes:

        def slug_of(item_id: int, code: str = code) -> str:
            return slugs.get((item_id, code)) or fallback.get(item_id) or str(item_id)

        urls: dict[int, str] = {}
        for item in items:
            if item.kind == ContentItem.Kind.PAGE:
                chain: list[str] = []
                node: int | None = item.pk
                while node is not None and len(chain) <= len(parents):  # bounded, even if data had a loop
                    chain.append(slug_of(node))
                    node = parents.get(node)
                urls[item.pk] = page_url(region, code, list(reversed(chain)))
            else:
                urls[item.pk] = slug_url(region, code, item.kind, slug_of(item.pk))
        result[code] = urls
    return result


def item_urls(*, region: Region, language: Language | str, items: Iterable[ContentItem]) -> dict[int, str]:
    """``{item_id: url}`` for items of ``region`` in ``language``."""
    code = _code(language)
    return _urls(region, list(items), [code])[code]


def item_url(*, item: ContentItem, language: Language | str, absolute_url: bool = False) -> str:
    """The public URL of ``item`` in ``language`` (a path, or with ``absolute_url`` the full address)."""
    url = item_urls(region=item.region, language=language, items=[item])[item.pk]
    return absolute(url) if absolute_url else url


def item_url_by_language(*, item: ContentItem, languages: Iterable[Language | str]) -> dict[str, str]:
    """``{code: url}``: the item's URL in each of ``languages`` (for language choosers, hreflang)."""
    codes = [_code(language) for language in languages]
    by_code = _urls(item.region, [item], codes)
    return {code: by_code[code][item.pk] for code in codes}
