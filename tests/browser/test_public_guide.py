"""The public guide in a real browser: axe-core finds no violations (also in Arabic), a phone
never scrolls sideways, right-to-left mirrors, and everything works with the keyboard."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from wegweiser.public.tests.guide_content import GuideContent, guide_content_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KO = "/kreis-offenbach"
AR_START = f"{KO}/ar/{quote('الخطوات-الأولى')}/"
PAGES = [
    f"{KO}/de/",
    f"{KO}/de/erste-schritte/sprachkurse/",
    AR_START,
    f"{KO}/ar/",
    f"{KO}/de/offers/",
    f"{KO}/ar/offers/?commune=06438011",
    f"{KO}/de/offers/integrationskurs-rodgau/",
    f"{KO}/de/places/",
    f"{KO}/de/places/rathaus-dietzenbach/",
    f"{KO}/ar/places/rathaus-dietzenbach/",
    f"{KO}/de/events/",
    f"{KO}/de/events/{quote('sprachcafé')}/",
    f"{KO}/de/news/",
    f"{KO}/de/search/?q=Sprachkurs",
    f"{KO}/ru/",
    f"{KO}/ar/nicht-da/",
]


@pytest.fixture
def content(region) -> GuideContent:
    return guide_content_build(region)


def test_guide_pages_pass_axe(page: Page, site, content, assert_accessible):
    for path in PAGES:
        page.goto(site + path)
        assert_accessible(page)
    # The language chooser, opened.
    page.goto(site + AR_START)
    page.locator(".g-langs summary").click()
    assert_accessible(page)


def test_phone_never_scrolls_sideways(browser: Browser, site, content):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar", is_mobile=True)
    phone = context.new_page()
    for path in PAGES:
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0, path
    context.close()


def test_arabic_is_right_to_left_and_mirrored(page: Page, site, content):
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(site + AR_START + "sprachkurse/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    brand = page.locator(".g-brand").bounding_box()
    assert brand["x"] > 500  # the brand sits on the right
    arrow = page.evaluate("getComputedStyle(document.querySelector('.crumbs li + li'), '::before').transform")
    assert arrow == "matrix(-1, 0, 0, 1, 0, 0)"
    # The untranslated German text keeps its own direction.
    expect(page.locator("div.content")).to_have_attribute("lang", "de-DE")
    expect(page.get_by_test_id("not-translated")).to_be_visible()
    page.goto(site + f"{KO}/de/erste-schritte/sprachkurse/")
    assert page.evaluate("getComputedStyle(document.querySelector('.crumbs li + li'), '::before').transform") == "none"


def test_keyboard_language_change_and_feedback(browser: Browser, site, content):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(site + f"{KO}/en/first-steps/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The language chooser: a summary that opens with Enter, links reached with Tab.
    page.locator(".g-langs summary").focus()
    page.keyboard.press("Enter")
    arabic = page.get_by_role("link", name="العربية")
    arabic.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + AR_START)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Feedback, with the keyboard only.
    page.goto(site + f"{KO}/en/first-steps/")
    page.get_by_label("Your comment (optional)").focus()
    page.keyboard.type("Clear and short.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Yes, helpful")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Thank you for your feedback.")).to_be_visible()
    context.close()


def test_offer_filters_with_the_keyboard(browser: Browser, site, content):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(site + f"{KO}/en/offers/")
    page.get_by_label("Town or municipality").focus()
    page.get_by_label("Town or municipality").select_option("06438011")
    for _ in range(4):  # kind, for whom, language, then the button
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show offers")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("offer-count")).to_have_text("1 offer")
    expect(page.get_by_role("link", name="Integrationskurs Rodgau")).to_be_visible()
    context.close()
