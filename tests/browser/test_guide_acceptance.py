"""Issue 3's "done when", as a new user would try it after `make run` (on the demo data):
an editor changes a German page and sees its English translation marked outdated, then
updates it; a visitor on a phone-sized browser reads the page in Arabic right to left, saves
the region for offline use, loses the network, and still browses and searches."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Browser, Page, expect

from wegweiser.demo.seed import DEMO_PASSWORD, demo_seed
from wegweiser.guide.models import ContentItem, Event, Offer, Place, Translation
from wegweiser.public.links import item_url
from wegweiser.tenancy.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_updates_a_translation_and_a_visitor_reads_it_offline_in_arabic(
    page: Page, browser: Browser, site: str, sign_in, assert_accessible
):
    demo_seed()
    with scopes_disabled():
        region = Region.objects.get(slug="kreis-offenbach")
        item = ContentItem.objects.get(region=region, external_id="demo:page:sprachkurse")

    # The editor signs in (German) and switches to English, so that the assertions below
    # do not depend on the catalogue's wording.
    editor = page
    sign_in(editor, "redaktion@kreis-offenbach.example", DEMO_PASSWORD)
    editor.get_by_role("button", name="English").click()
    editor.goto(f"{site}/app/kreis-offenbach/guide/items/{item.pk}/")
    translations = editor.get_by_test_id("item-translations")
    expect(translations.locator('[data-language="en"]')).to_have_text("up to date")
    body = editor.get_by_label("Text (HTML)")
    body.fill(body.input_value() + "<p>Neu: ein Abendkurs in Rodgau.</p>")
    editor.get_by_role("button", name="Save").click()
    expect(translations.locator('[data-language="en"]')).to_have_text("outdated")

    translations.get_by_role("link", name="English").click()
    expect(editor.get_by_test_id("source-text")).to_contain_text("Neu: ein Abendkurs in Rodgau.")
    english = editor.get_by_label("Text (HTML)")
    english.fill(english.input_value() + "<p>New: an evening course in Rodgau.</p>")
    editor.get_by_role("button", name="Save translation").click()
    expect(editor.get_by_test_id("translation-status")).to_have_text("up to date")
    with scope(region=region):
        assert Translation.objects.get(item=item, language__code="en").status == "up_to_date"

    # The visitor: a phone, Arabic.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar", service_workers="allow")
    phone.set_default_timeout(15_000)
    visitor = phone.new_page()
    with scope(region=region):
        page_url = item_url(item=item, language="ar")
        urls = [
            item_url(
                item=ContentItem.objects.filter(region=region, kind=kind, status="published").first(), language="ar"
            )
            for kind in (Offer.KIND, Place.KIND, Event.KIND)
        ]
        arabic_title = Translation.objects.get(item=item, language__code="ar").title
    visitor.goto(site + page_url)
    expect(visitor.locator("html")).to_have_attribute("dir", "rtl")
    expect(visitor.locator("html")).to_have_attribute("lang", "ar")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(arabic_title)
    assert_accessible(visitor)
    assert visitor.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    assert visitor.evaluate("navigator.serviceWorker.ready.then(() => true)") is True
    visitor.reload()
    visitor.get_by_test_id("offline-save").click()
    expect(visitor.get_by_test_id("offline-status")).to_have_attribute("data-state", "saved", timeout=60_000)

    phone.set_offline(True)
    for url in [page_url, *urls, "/kreis-offenbach/ar/"]:
        visitor.goto(site + url)
        expect(visitor.get_by_test_id("offline-page")).to_have_count(0)
        expect(visitor.get_by_role("heading", level=1)).to_have_count(1)
    visitor.goto(f"{site}/kreis-offenbach/ar/search/?q={quote(arabic_title)}")
    expect(visitor.get_by_test_id("offline-results").get_by_role("link").first).to_have_text(arabic_title)
    phone.close()
