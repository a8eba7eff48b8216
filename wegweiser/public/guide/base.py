"""What every guide view shares: the region and language from the URL, the visitor's UI
language, the language chooser, and the guide's own 404 page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django_scopes import scope

from wegweiser.guide.models import ContentItem, Language, Translation
from wegweiser.guide.public_selectors import Guide, Shown, guide_get
from wegweiser.public import links
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import region_get_by_slug

P = ParamSpec("P")
GuideView = Callable[Concatenate[HttpRequest, Guide, P], HttpResponse]

# Languages whose catalogue holds the guide's UI strings; the others see English.
UI_LANGUAGES = frozenset({"de", "en", "ar", "fa", "uk", "tr"})
RTL_UI_LANGUAGES = frozenset({"ar", "fa"})


def ui_language(code: str) -> str:
    """The UI language for content in ``code``: Leichte Sprache gets the German UI."""
    if code in UI_LANGUAGES:
        return code
    if code.startswith("de-"):
        return "de"
    return "en"


def lang_tag(language: Language) -> str:
    """The value of a ``lang``/``hreflang`` attribute for ``language``."""
    return language.bcp47_tag or language.code


@dataclass(frozen=True)
class Alternate:
    """The current page in another language, for the language chooser and hreflang."""

    language: Language
    url: str
    is_current: bool

    @property
    def lang(self) -> str:
        return lang_tag(self.language)


def alternates_for_view(request: HttpRequest, guide: Guide, name: str) -> list[Alternate]:
    """The same fixed page (offers, events, search, …) in each language, with its query."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return [
        Alternate(
            language=lang, url=links.guide_url(guide.region, lang, name) + query, is_current=lang == guide.language
        )
        for lang in guide.languages
    ]


def alternates_for_item(guide: Guide, item: ContentItem) -> list[Alternate]:
    """The item in each language that has a translation of it, else that language's start."""
    translated = set(Translation.objects.filter(item=item).values_list("language_id", flat=True))
    urls = links.item_url_by_language(item=item, languages=[lang for lang in guide.languages if lang.pk in translated])
    return [
        Alternate(
            language=lang,
            url=urls.get(lang.code) or links.guide_url(guide.region, lang),
            is_current=lang == guide.language,
        )
        for lang in guide.languages
    ]


def text_context(guide: Guide, shown: Shown[Any]) -> dict[str, Any]:
    """The shown text and the language it is really in (the source where untranslated)."""
    text_language = guide.source if shown.is_fallback else guide.language
    return {
        "shown": shown,
        "item": shown.item,
        "translation": shown.text,
        "text_lang": lang_tag(text_language),
        "text_dir": text_language.dir,
    }


def crumb(url: str, title: str, lang: str = "") -> dict[str, str]:
    """A breadcrumb: ``lang`` where its title is in another language than the page."""
    return {"url": url, "title": title, "lang": lang}


def _chrome(region: Region | None, language: Language | None, guide: Guide | None) -> dict[str, Any]:
    ui = translation.get_language()
    ui_dir = "rtl" if ui in RTL_UI_LANGUAGES else "ltr"
    page_lang = lang_tag(language) if language else ui
    page_dir = language.dir if language else ui_dir
    return {
        "guide": guide,
        "region": region,
        "language": language,
        "page_lang": page_lang,
        "page_dir": page_dir,
        "ui_lang": ui,
        "ui_dir": ui_dir,
        # Where the UI is in another language than the content (English for Tigrinya), its
        # parts say so, so that screen readers switch voices.
        "ui_differs": language is not None and ui_language(language.code) != language.code,
        "source_lang": lang_tag(guide.source) if guide else "",
    }


def guide_render(
    request: HttpRequest,
    guide: Guide,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    alternates: Iterable[Alternate] | None = None,
    status: int = 200,
) -> HttpResponse:
    full = {**_chrome(guide.region, guide.language, guide), "alternates": list(alternates or []), **(context or {})}
    return render(request, template, full, status=status)


def not_found(
    request: HttpRequest, region: Region | None, language: Language | None, guide: Guide | None
) -> HttpResponse:
    context = {**_chrome(region, language, guide), "alternates": []}
    return render(request, "public/guide/404.html", context, status=404)


def is_clean_segment(value: str) -> bool:
    """A URL segment worth a database look-up (PostgreSQL refuses NUL characters)."""
    return "\x00" not in value


def guide_view(view: GuideView[P]) -> Callable[..., HttpResponse]:
    """Decorate a view taking ``(request, guide, ...)`` under ``<region_slug>/<language_code>/``.

    The view runs in the region's scope with the UI in the content's language (where a
    catalogue exists); an unknown region or language, or a 404 inside, answers with the
    guide's 404 page in that UI.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, region_slug: str, language_code: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not all(is_clean_segment(str(v)) for v in [region_slug, language_code, *args, *kwargs.values()]):
            return not_found(request, None, None, None)
        region = region_get_by_slug(slug=region_slug)
        guide: Guide | None = None
        if region is not None:
            with scope(region=region):
                guide = guide_get(region=region, language_code=language_code)
        if guide is None:
            language = Language.objects.filter(code=language_code).first()
            ui = ui_language(language_code) if language else translation.get_language()
            with translation.override(ui):
                return not_found(request, region, None, None)
        with translation.override(ui_language(guide.language.code)), scope(region=guide.region):
            try:
                response = view(request, guide, *args, **kwargs)
            except Http404:
                response = not_found(request, guide.region, guide.language, guide)
        response.headers.setdefault("Content-Language", lang_tag(guide.language))
        return response

    return wrapped
