"""Search in the guide, through the shared algorithm (``wegweiser.guide.search``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from wegweiser.guide.models import ContentItem
from wegweiser.guide.public_selectors import Guide, guide_search
from wegweiser.public import links
from wegweiser.public.guide.base import alternates_for_view, guide_render, guide_view, lang_tag

QUERY_MAX = 200


@guide_view
def search_view(request: HttpRequest, guide: Guide) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    results = []
    if query:
        for hit in guide_search(guide, query):
            if hit.kind == ContentItem.Kind.PAGE:
                url = links.page_url(guide.region, guide.language, hit.slugs)
            else:
                url = links.slug_url(guide.region, guide.language, hit.kind, hit.slugs[0])
            text_language = guide.source if hit.is_fallback else guide.language
            results.append(
                {
                    "url": url,
                    "hit": hit,
                    "kind": ContentItem.Kind(hit.kind).label,
                    "lang": lang_tag(text_language),
                    "dir": text_language.dir,
                }
            )
    return guide_render(
        request,
        guide,
        "public/guide/search.html",
        {"query": query, "results": results},
        alternates=alternates_for_view(request, guide, "search"),
    )
