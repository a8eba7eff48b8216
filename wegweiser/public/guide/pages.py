"""The guide's start, its page tree, news and imprint."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django_scopes import scope

from wegweiser.guide.models import Language, NewsItem
from wegweiser.guide.public_selectors import (
    Guide,
    event_occurrence_list,
    guide_languages,
    imprint_get,
    item_get_by_slug,
    news_list,
    page_tree,
)
from wegweiser.guide.schedule import add_days, today_start
from wegweiser.guide.services import RESERVED_PAGE_SLUGS
from wegweiser.public import links
from wegweiser.public.guide.base import (
    alternates_for_item,
    alternates_for_view,
    crumb,
    guide_render,
    guide_view,
    is_clean_segment,
    lang_tag,
    not_found,
    text_context,
)
from wegweiser.public.guide.feedback import feedback_context
from wegweiser.tenancy.selectors import region_get_by_slug

# The guide's own first path segments (some answered by other parts of the public app).
RESERVED_SEGMENTS = RESERVED_PAGE_SLUGS | {"feedback"}
START_NEWS = 3
START_EVENTS = 5
START_EVENT_DAYS = 92


def best_language(accept_language: str, languages: list[Language], default: Language) -> Language:
    """The first of the visitor's languages (Accept-Language, by preference) that the guide has."""
    by_code = {lang.code.lower(): lang for lang in languages}
    by_tag = {lang_tag(lang).lower(): lang for lang in languages}
    for tag, _quality in parse_accept_lang_header(accept_language[:500]):
        tag = tag.lower()
        found = by_code.get(tag) or by_tag.get(tag) or by_code.get(tag.split("-")[0])
        if found is not None:
            return found
    return default


def region_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    """/<region>/: to the guide in the visitor's best language."""
    region = region_get_by_slug(slug=region_slug) if is_clean_segment(region_slug) else None
    source: Language | None = None
    languages: list[Language] = []
    if region is not None:
        with scope(region=region):
            source, languages = guide_languages(region=region)
    if region is None or source is None:
        return not_found(request, region, None, None)
    language = best_language(request.headers.get("Accept-Language", ""), languages, source)
    response = HttpResponseRedirect(links.guide_url(region, language))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@guide_view
def start_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    start = today_start()
    events = event_occurrence_list(guide, start=start, end=add_days(start, START_EVENT_DAYS))
    return guide_render(
        request,
        guide,
        "public/guide/start.html",
        {
            "section": "start",
            "roots": page_tree(guide).roots,
            "news": news_list(guide, limit=START_NEWS),
            "occurrences": events[:START_EVENTS],
        },
        alternates=alternates_for_view(request, guide, "guide_start"),
    )


@guide_view
def page_view(request: HttpRequest, guide: Guide, page_path: str) -> HttpResponse:
    slugs = [s for s in page_path.split("/") if s]
    if not slugs or slugs[0] in RESERVED_SEGMENTS:
        raise Http404
    node = page_tree(guide).find(slugs)
    if node is None:
        raise Http404
    if node.path != tuple(slugs):
        return HttpResponseRedirect(links.page_url(guide.region, guide.language, node.path))
    return guide_render(
        request,
        guide,
        "public/guide/page.html",
        {
            **text_context(guide, node.shown),
            **feedback_context(),
            "node": node,
            "crumbs": [
                crumb(
                    links.page_url(guide.region, guide.language, a.path),
                    a.shown.text.title,
                    lang_tag(guide.source) if a.shown.is_fallback else "",
                )
                for a in node.ancestors
            ],
        },
        alternates=alternates_for_item(guide, node.shown.item),
    )


@guide_view
def news_list_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    return guide_render(
        request,
        guide,
        "public/guide/news_list.html",
        {"news": news_list(guide), "section": "news"},
        alternates=alternates_for_view(request, guide, "news_list"),
    )


@guide_view
def news_detail_view(request: HttpRequest, guide: Guide, slug: str) -> HttpResponse:
    shown = item_get_by_slug(guide, model=NewsItem, slug=slug)
    if shown is None:
        raise Http404
    if shown.slug != slug:
        return HttpResponseRedirect(links.slug_url(guide.region, guide.language, shown.item.kind, shown.slug))
    return guide_render(
        request,
        guide,
        "public/guide/news_detail.html",
        {
            **text_context(guide, shown),
            "section": "news",
            "crumbs": [crumb(links.guide_url(guide.region, guide.language, "news_list"), _("News"))],
        },
        alternates=alternates_for_item(guide, shown.item),
    )


@guide_view
def imprint_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    shown = imprint_get(guide)
    if shown is None:
        raise Http404
    return guide_render(
        request,
        guide,
        "public/guide/imprint.html",
        text_context(guide, shown),
        alternates=alternates_for_view(request, guide, "imprint"),
    )
