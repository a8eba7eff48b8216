"""A public guide page printed: as PDF alone or with its subpages, and as a QR code or
poster that leads to it.

What is printed is what the guide shows (``guide.public_selectors``): published pages only,
each in the guide's language or, where untranslated, in the source language. PDFs come
from HTML templates with print CSS, rendered by WeasyPrint. Arabic-script text is shaped by
HarfBuzz inside WeasyPrint, so it prints joined and right to left as long as the CSS names
a font that has the glyphs: the Noto fonts of Debian's ``fonts-noto-core``
(``scripts/ensure-browser`` installs them). WeasyPrint fetches nothing while printing
(only ``data:`` URIs), so an editor's ``<img src>`` can never make the server call a host.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import segno
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from weasyprint import HTML, URLFetcher

from wegweiser.guide.models import Language, Translation
from wegweiser.guide.public_selectors import Guide, PublicPage, page_tree
from wegweiser.public import links
from wegweiser.public.guide.base import guide_view, lang_tag

# Printing a whole region into one PDF would keep a worker busy for a minute.
SUBTREE_MAX_PAGES = 150
QR_ERROR_LEVEL = "m"


@dataclass(frozen=True)
class Section:
    """One page of a printout, ``depth`` levels below the printed page."""

    node: PublicPage
    language: Language  # the language its text is really in
    depth: int

    @property
    def text(self) -> Translation:
        return self.node.shown.text

    @property
    def is_fallback(self) -> bool:
        return self.node.shown.is_fallback

    @property
    def lang(self) -> str:
        return lang_tag(self.language)

    @property
    def anchor(self) -> str:
        return f"page-{self.node.shown.item.pk}"

    @property
    def heading_level(self) -> int:
        return min(self.depth + 1, 6)


def page_get(guide: Guide, page_id: int) -> PublicPage:
    """The page as the guide shows it; Http404 for another region's id, a draft, archived or
    hidden page, or an id that is no page."""
    node = page_tree(guide).by_id.get(page_id)
    if node is None:
        raise Http404
    return node


def print_sections(guide: Guide, node: PublicPage, *, subtree: bool) -> list[Section]:
    """The page and, with ``subtree``, its published descendants in tree order: at most
    ``SUBTREE_MAX_PAGES``, else ValueError."""
    result: list[Section] = []
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        language = guide.source if current.shown.is_fallback else guide.language
        result.append(Section(node=current, language=language, depth=depth))
        if len(result) > SUBTREE_MAX_PAGES:
            raise ValueError(SUBTREE_MAX_PAGES)
        if subtree:
            stack.extend((child, depth + 1) for child in reversed(current.children))
    return result


def page_url(guide: Guide, node: PublicPage) -> str:
    return links.page_url(guide.region, guide.language, node.path)


def short_url(guide: Guide, node: PublicPage) -> str:
    """An address that survives a renamed page, for posters: it redirects to the page."""
    return reverse("public:page_short", args=[guide.region.slug, guide.language.code, node.shown.item.pk])


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR_LEVEL, micro=False)


def qr_svg(url: str, *, title: str) -> str:
    """A stand-alone SVG file of the QR code for ``url``; ``title`` is its accessible name."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=10, title=title, xmldecl=True, encoding="utf-8")
    return out.getvalue().decode()


def qr_svg_inline(url: str, *, title: str) -> str:
    """The QR code for ``url`` to embed in HTML, sized by CSS."""
    return str(qr_code(url).svg_inline(omitsize=True, title=title, svgclass="qr"))


def _pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, base_url=links.absolute("/"), url_fetcher=fetcher)
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


def _context(guide: Guide, node: PublicPage) -> dict[str, Any]:
    return {
        "region": guide.region,
        "title": node.shown.text.title,
        "page_lang": lang_tag(guide.language),
        "page_dir": guide.language.dir,
        "ui_lang": get_language(),
        "ui_dir": "rtl" if get_language_bidi() else "ltr",
        "today": timezone.localdate(),
        "page_url": links.absolute(page_url(guide, node)),
        "short_url": links.absolute(short_url(guide, node)).split("://", 1)[-1],
    }


def _inline(filename: str) -> str:
    return content_disposition_header(as_attachment=False, filename=filename) or "inline"


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = _inline(filename)
    return response


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_safe
@guide_view
def print_page_view(request: HttpRequest, guide: Guide, page_id: int) -> HttpResponse:
    subtree = request.GET.get("subtree", "0")
    if subtree not in {"0", "1"}:
        return _bad_request(_("“subtree” must be 0 or 1."))
    node = page_get(guide, page_id)
    try:
        sections = print_sections(guide, node, subtree=subtree == "1")
    except ValueError:
        message = _("This part of the guide has more than %(count)d pages. Please print a smaller part.")
        return _bad_request(message % {"count": SUBTREE_MAX_PAGES})
    context = {**_context(guide, node), "sections": sections, "with_contents": len(sections) > 1}
    suffix = "-subpages" if subtree == "1" else ""
    return _pdf_response(render_to_string("public/print/page.html", context), f"{node.shown.slug}{suffix}.pdf")


@require_safe
@guide_view
def page_qr_view(request: HttpRequest, guide: Guide, page_id: int) -> HttpResponse:
    node = page_get(guide, page_id)
    title = _("QR code: %(title)s") % {"title": node.shown.text.title}
    response = HttpResponse(
        qr_svg(links.absolute(page_url(guide, node)), title=title), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = _inline(f"qr-{node.shown.slug}.svg")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@require_safe
@guide_view
def page_poster_view(request: HttpRequest, guide: Guide, page_id: int) -> HttpResponse:
    node = page_get(guide, page_id)
    context = _context(guide, node)
    title = _("QR code: %(title)s") % {"title": context["title"]}
    context["qr"] = qr_svg_inline(context["page_url"], title=title)
    context["summary"] = node.shown.text.summary
    text_language = guide.source if node.shown.is_fallback else guide.language
    context.update(page_lang=lang_tag(text_language), page_dir=text_language.dir)
    return _pdf_response(render_to_string("public/print/poster.html", context), f"poster-{node.shown.slug}.pdf")


@require_safe
@guide_view
def page_short_view(request: HttpRequest, guide: Guide, page_id: int) -> HttpResponse:
    """The short address printed on posters: leads to the page wherever its slug now is."""
    return HttpResponseRedirect(page_url(guide, page_get(guide, page_id)))
