"""Printing a public page: PDFs (Arabic and Farsi shaped with the right fonts, subtrees in
tree order), QR codes that encode the page's public address, posters, and 404 for anything
the public guide would not show."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from urllib.parse import quote

import pytest
import segno
import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from django_scopes import scopes_disabled
from pypdf import PdfReader

from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, Language, Offer, Page, Translation
from wegweiser.public import print as print_module

SITE = "https://wegweiser.example"
NEEDED_FONTS = ["Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans"]


def installed_font_families() -> set[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


@pytest.fixture(scope="module")
def fonts() -> None:
    missing = [name for name in NEEDED_FONTS if name not in installed_font_families()]
    if missing:
        pytest.fail(
            f"Fonts missing for printing: {', '.join(missing)}. "
            "Install them with: apt-get install fonts-noto-core (make test does this through scripts/ensure-browser)."
        )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def lang():
    return lambda code: Language.objects.get(code=code)


@pytest.fixture
def guide(region, lang):
    """Kreis Offenbach in German (source), Arabic, Farsi and English, with a published tree:

    Ankommen (ar) > Sprachkurse (ar, position 0) > Integrationskurse (ar)
                  > Arbeit und Ausbildung (ar, position 1)
                  > Wohnen (German only, position 2)
                  > Entwurf (draft, position 3)
    """
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=lang("de"), is_source=True)
        for code in ["ar", "fa", "en"]:
            services.region_language_add(actor=None, region=region, language=lang(code))

    def page(title: str, parent: Page | None = None, position: int = 0, status: str = "published", **texts: str):
        item = services.item_create(
            actor=None,
            region=region,
            model=Page,
            title=title,
            body=f"<p>{title} Text</p>",
            parent=parent,
            position=position,
            status=status,
        )
        for code, text in texts.items():
            services.text_save(
                actor=None,
                item=item,
                language=lang(code),
                title=text,
                body=f"<p>{text}: مرحبا بكم في مكتب الاندماج</p>",
            )
        return item

    root = page("Ankommen", ar="الوصول إلى المنطقة")
    # Created out of order: the printout follows the positions, not the ids.
    wohnen = page("Wohnen", root, position=2)
    arbeit = page("Arbeit und Ausbildung", root, position=1, ar="العمل والتدريب")
    sprache = page("Sprachkurse", root, position=0, ar="دورات اللغة")
    integration = page("Integrationskurse", sprache, ar="دورات الاندماج")
    draft = page("Entwurf", root, position=3, status="draft", ar="مسودة")
    farsi = page("Deutschkurse")
    services.text_save(
        actor=None, item=farsi, language=lang("fa"), title="کلاس زبان آلمانی", body="<p>ما به شما کمک می کنیم</p>"
    )
    return {
        "region": region,
        "root": root,
        "wohnen": wohnen,
        "arbeit": arbeit,
        "sprache": sprache,
        "integration": integration,
        "draft": draft,
        "farsi": farsi,
    }


@pytest.fixture
def rendered_html(monkeypatch):
    """The HTML each request handed to WeasyPrint."""
    seen: list[str] = []

    class SpyHTML(weasyprint.HTML):
        def __init__(self, *args, string: str, **kwargs):
            seen.append(string)
            super().__init__(*args, string=string, **kwargs)

    monkeypatch.setattr(print_module, "HTML", SpyHTML)
    return seen


def slug(item: ContentItem, code: str) -> str:
    with scopes_disabled():
        return Translation.objects.get(item=item, language__code=code).slug


def pdf_reader(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def pdf_pages_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def pdf_fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def outline(reader: PdfReader, entries: list) -> list:
    """The PDF's bookmarks as (title, page number), nested like the page tree."""
    return [
        outline(reader, e) if isinstance(e, list) else (e.title, reader.get_destination_page_number(e) + 1)
        for e in entries
    ]


def test_fonts_for_arabic_script_are_installed(fonts):
    assert {"Noto Naskh Arabic", "Noto Sans Arabic"} <= installed_font_families()


def test_german_page_prints_with_title_region_date_and_page_number(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/de/print/{guide['sprache'].pk}.pdf")
    reader = pdf_reader(response)
    assert response["Content-Disposition"] == 'inline; filename="sprachkurse.pdf"'
    assert len(reader.pages) == 1
    text = pdf_pages_text(reader)[0]
    with override("de"):  # the guide's UI follows the content's language
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert "Sprachkurse" in text
    assert "Sprachkurse Text" in text
    assert "Wegweiser · Kreis Offenbach" in text
    assert today in text
    assert "1 / 1" in text
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    assert reader.metadata.title == "Sprachkurse – Kreis Offenbach"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF (PDF/UA-1)
    assert pdf_fonts(reader) == {"Noto-Sans", "Noto-Sans-Bold"}
    (html,) = rendered_html
    assert '<html lang="de-DE" dir="ltr">' in html
    short = f"wegweiser.example/kreis-offenbach/de/qr/{guide['sprache'].pk}/"
    assert f'<a href="{SITE}/kreis-offenbach/de/ankommen/sprachkurse/" dir="ltr">{short}</a>' in html


def test_arabic_page_embeds_an_arabic_font_and_extracts_its_words(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/ar/print/{guide['sprache'].pk}.pdf")
    reader = pdf_reader(response)
    fonts_used = pdf_fonts(reader)
    assert {"Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold"} <= fonts_used
    text = pdf_pages_text(reader)[0]
    assert "دورات اللغة" in text
    assert "مرحبا بكم في مكتب الاندماج" in text
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    (html,) = rendered_html
    assert '<html lang="ar" dir="rtl">' in html
    assert '"Noto Naskh Arabic", "Noto Sans Arabic"' in html


def test_farsi_page_embeds_an_arabic_font_and_extracts_its_words(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/fa/print/{guide['farsi'].pk}.pdf")
    reader = pdf_reader(response)
    assert "Noto-Naskh-Arabic" in pdf_fonts(reader)
    text = pdf_pages_text(reader)[0]
    assert "کلاس زبان آلمانی" in text
    assert "ما به شما کمک می کنیم" in text
    assert reader.trailer["/Root"]["/Lang"] == "fa-IR"
    (html,) = rendered_html
    assert '<html lang="fa-IR" dir="rtl">' in html


def test_subtree_prints_published_descendants_in_tree_order_with_contents(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/ar/print/{guide['root'].pk}.pdf?subtree=1")
    reader = pdf_reader(response)
    assert (
        response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(slug(guide['root'], 'ar'))}-subpages.pdf"
    )
    pages = pdf_pages_text(reader)
    titles = ["دورات اللغة", "دورات الاندماج", "العمل والتدريب", "Wohnen"]
    # Page 1: title and contents; then the root's text; each child of the root on a new page.
    assert "الوصول إلى المنطقة" in pages[0]
    contents = pages[0]
    assert [contents.index(t) for t in titles] == sorted(contents.index(t) for t in titles)
    assert len(pages) == 5
    assert "دورات اللغة" in pages[2]
    assert "دورات الاندماج" in pages[2]
    assert "العمل والتدريب" in pages[3]
    assert "Wohnen" in pages[4]
    assert all("مسودة" not in p for p in pages)
    # Page numbers run right to left in an Arabic document: pypdf reads "1 / 5" as "5 / 1".
    assert [p.rsplit("\n", 1)[-1] for p in pages] == ["5 / 1", "5 / 2", "5 / 3", "5 / 4", "5 / 5"]
    assert outline(reader, reader.outline) == [
        ("الوصول إلى المنطقة", 1),
        [("دورات اللغة", 3), [("دورات الاندماج", 3)], ("العمل والتدريب", 4), ("Wohnen", 5)],
    ]
    (html,) = rendered_html
    assert html.count('data-testid="contents"') == 1
    wohnen = html.split(f'<article class="section depth-1" id="page-{guide["wohnen"].pk}" lang="de-DE" dir="ltr">')[1]
    assert wohnen.split("</article>")[0].count('data-testid="not-translated"') == 1
    assert html.count('data-testid="not-translated"') == 1


def test_untranslated_page_prints_the_german_text_marked_as_such(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/fa/print/{guide['sprache'].pk}.pdf")
    text = pdf_pages_text(pdf_reader(response))[0]
    assert "Sprachkurse Text" in text
    (html,) = rendered_html
    assert '<html lang="fa-IR" dir="rtl">' in html
    assert f'<article class="section depth-0" id="page-{guide["sprache"].pk}" lang="de-DE" dir="ltr">' in html
    assert html.count('data-testid="not-translated"') == 1


def test_subtree_of_a_leaf_is_the_page_alone(client, guide, fonts):
    reader = pdf_reader(client.get(f"/kreis-offenbach/ar/print/{guide['integration'].pk}.pdf?subtree=1"))
    assert len(reader.pages) == 1
    assert "دورات الاندماج" in pdf_pages_text(reader)[0]


def test_subtree_too_large_answers_with_a_message(client, guide, monkeypatch):
    monkeypatch.setattr(print_module, "SUBTREE_MAX_PAGES", 3)
    # The English guide has an English UI, whose strings are the message ids.
    response = client.get(f"/kreis-offenbach/en/print/{guide['root'].pk}.pdf?subtree=1")
    assert response.status_code == 400
    assert response.content.decode() == ("This part of the guide has more than 3 pages. Please print a smaller part.")


def test_bad_subtree_value_answers_with_a_message(client, guide):
    response = client.get(f"/kreis-offenbach/en/print/{guide['root'].pk}.pdf?subtree=yes")
    assert response.status_code == 400
    assert response.content.decode() == "“subtree” must be 0 or 1."


def test_remote_images_are_never_fetched(client, guide, fonts, caplog):
    with scopes_disabled():
        services.text_save(
            actor=None,
            item=guide["sprache"],
            language=Language.objects.get(code="de"),
            title="Sprachkurse",
            body='<p>Bild</p><img src="http://192.0.2.1/secret.png" alt="Plan">',
        )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(f"/kreis-offenbach/de/print/{guide['sprache'].pk}.pdf")
    assert response.status_code == 200
    assert "URI uses disallowed protocol: http://192.0.2.1/secret.png" in caplog.text


def qr_title(ui: str, title: str) -> str:
    with override(ui):
        return gettext("QR code: %(title)s") % {"title": title}


def qr_file(url: str, title: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=10, title=title, xmldecl=True, encoding="utf-8")
    return out.getvalue().decode()


def test_qr_svg_encodes_the_absolute_public_address(client, guide):
    response = client.get(f"/kreis-offenbach/de/qr/{guide['integration'].pk}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    url = f"{SITE}/kreis-offenbach/de/ankommen/sprachkurse/integrationskurse/"
    title = qr_title("de", "Integrationskurse")
    assert response.content.decode() == qr_file(url, title)
    assert response.content.startswith(b"<?xml")
    assert f"<title>{title}</title>".encode() in response.content


def test_qr_svg_of_an_arabic_page_encodes_the_percent_encoded_address(client, guide):
    response = client.get(f"/kreis-offenbach/ar/qr/{guide['sprache'].pk}.svg")
    path = f"/kreis-offenbach/ar/{quote(slug(guide['root'], 'ar'))}/{quote(slug(guide['sprache'], 'ar'))}/"
    assert response.content.decode() == qr_file(SITE + path, qr_title("ar", "دورات اللغة"))


def test_qr_address_falls_back_to_the_german_slug_of_an_untranslated_parent(client, guide, lang):
    child = services.item_create(
        actor=None, region=guide["region"], model=Page, title="Mieten", parent=guide["wohnen"], status="published"
    )
    services.text_save(actor=None, item=child, language=lang("ar"), title="الإيجار")
    response = client.get(f"/kreis-offenbach/ar/qr/{child.pk}.svg")
    path = f"/kreis-offenbach/ar/{quote(slug(guide['root'], 'ar'))}/wohnen/{quote(slug(child, 'ar'))}/"
    assert response.content.decode() == qr_file(SITE + path, qr_title("ar", "الإيجار"))


def test_poster_shows_title_big_qr_and_short_address(client, guide, fonts, rendered_html):
    response = client.get(f"/kreis-offenbach/ar/qr/{guide['sprache'].pk}/poster.pdf")
    reader = pdf_reader(response)
    assert len(reader.pages) == 1
    text = pdf_pages_text(reader)[0]
    assert "دورات اللغة" in text
    assert f"wegweiser.example/kreis-offenbach/ar/qr/{guide['sprache'].pk}/" in text
    assert reader.metadata.title == "دورات اللغة – Kreis Offenbach"
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    (html,) = rendered_html
    path = f"/kreis-offenbach/ar/{quote(slug(guide['root'], 'ar'))}/{quote(slug(guide['sprache'], 'ar'))}/"
    qr = segno.make(SITE + path, error="m", micro=False).svg_inline(
        omitsize=True, title=qr_title("ar", "دورات اللغة"), svgclass="qr"
    )
    assert qr in html
    assert "<h1>دورات اللغة</h1>" in html


def test_short_address_redirects_to_the_page(client, guide):
    response = client.get(f"/kreis-offenbach/de/qr/{guide['integration'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/kreis-offenbach/de/ankommen/sprachkurse/integrationskurse/"


@pytest.fixture
def hidden(guide, region, other_region, lang):
    """Ids the public guide of Kreis Offenbach must not reveal."""
    archived = services.item_create(actor=None, region=region, model=Page, title="Alt", status="archived")
    under_draft = services.item_create(
        actor=None, region=region, model=Page, title="Darunter", parent=guide["draft"], status="published"
    )
    offer = services.item_create(
        actor=None, region=region, model=Offer, title="Kurs", offer_kind="language_course", status="published"
    )
    with scopes_disabled():
        services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    elsewhere = services.item_create(actor=None, region=other_region, model=Page, title="Fremd", status="published")
    return {
        "draft": guide["draft"].pk,
        "archived": archived.pk,
        "under_draft": under_draft.pk,
        "offer": offer.pk,
        "other_region": elsewhere.pk,
        "unknown": 999_999,
    }


URL_PATTERNS = {  # each with its answer for a page that is shown
    "/{region}/{lang}/print/{id}.pdf": 200,
    "/{region}/{lang}/print/{id}.pdf?subtree=1": 200,
    "/{region}/{lang}/qr/{id}.svg": 200,
    "/{region}/{lang}/qr/{id}/poster.pdf": 200,
    "/{region}/{lang}/qr/{id}/": 302,
}


@pytest.mark.parametrize(("pattern", "shown_status"), URL_PATTERNS.items())
def test_what_the_public_guide_does_not_show_answers_404(client, guide, hidden, fonts, pattern, shown_status):
    cases = [("kreis-offenbach", "de", pk) for pk in hidden.values()] + [
        ("no-such-region", "de", guide["sprache"].pk),
        ("kreis-offenbach", "xx", guide["sprache"].pk),
        ("kreis-offenbach", "uk", guide["sprache"].pk),  # a language the region does not offer
        ("offenbach-am-main", "de", guide["sprache"].pk),  # another region's URL for our page
    ]
    for region_slug, code, pk in cases:
        url = pattern.format(region=region_slug, lang=code, id=pk)
        assert client.get(url).status_code == 404, url
    # The other region's page answers under its own region.
    own = pattern.format(region="offenbach-am-main", lang="de", id=hidden["other_region"])
    assert client.get(own).status_code == shown_status


def test_hidden_language_answers_404(client, guide):
    with scopes_disabled():
        guide["region"].languages.filter(language__code="ar").update(is_visible=False)
    assert client.get(f"/kreis-offenbach/ar/print/{guide['sprache'].pk}.pdf").status_code == 404


def test_only_get_is_allowed(client, guide):
    assert client.post(f"/kreis-offenbach/de/print/{guide['sprache'].pk}.pdf").status_code == 405


def test_guide_page_links_to_print_subtree_qr_and_poster(client, guide):
    sprache = guide["sprache"].pk
    url = f"/kreis-offenbach/ar/{quote(slug(guide['root'], 'ar'))}/{quote(slug(guide['sprache'], 'ar'))}/"
    html = client.get(url).content.decode()
    assert f'href="/kreis-offenbach/ar/print/{sprache}.pdf" type="application/pdf" data-testid="print-page"' in html
    assert f'href="/kreis-offenbach/ar/print/{sprache}.pdf?subtree=1"' in html
    assert f'href="/kreis-offenbach/ar/qr/{sprache}/poster.pdf"' in html
    assert f'href="/kreis-offenbach/ar/qr/{sprache}.svg"' in html


def test_guide_page_without_subpages_offers_no_subtree_pdf(client, guide):
    html = client.get("/kreis-offenbach/de/ankommen/sprachkurse/integrationskurse/").content.decode()
    assert html.count('data-testid="print-page"') == 1
    assert html.count('data-testid="print-subtree"') == 0


def test_page_tools_are_empty_for_other_kinds(guide, lang, region):
    offer = services.item_create(
        actor=None, region=region, model=Offer, title="Kurs", offer_kind="language_course", status="published"
    )
    html = render_to_string(
        "public/guide/_page_tools.html", {"region": region, "language": lang("de"), "item": offer, "translation": None}
    )
    assert html.strip() == ""
