"""A visitor prints a guide page: the print links are reachable by keyboard on an Arabic page
that passes axe-core, and they open a PDF and a QR code."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from wegweiser.guide import services
from wegweiser.guide.models import Language
from wegweiser.guide.models import Page as GuidePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_print_links_on_an_arabic_page(page: Page, site, region, assert_accessible):
    with scopes_disabled():
        services.region_language_add(
            actor=None, region=region, language=Language.objects.get(code="de"), is_source=True
        )
        services.region_language_add(actor=None, region=region, language=Language.objects.get(code="ar"))
    root = services.item_create(actor=None, region=region, model=GuidePage, title="Ankommen", status="published")
    child = services.item_create(
        actor=None, region=region, model=GuidePage, title="Sprachkurse", parent=root, status="published"
    )
    arabic = Language.objects.get(code="ar")
    services.text_save(actor=None, item=root, language=arabic, title="الوصول", body="<p>مرحبا بكم</p>")
    services.text_save(actor=None, item=child, language=arabic, title="دورات اللغة", body="<p>دورات</p>")

    page.goto(f"{site}/kreis-offenbach/ar/")
    page.get_by_role("link", name="الوصول").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)

    tools = page.get_by_test_id("page-tools")
    print_link = tools.get_by_test_id("print-page")
    for _ in range(60):  # the links are reached with the Tab key
        page.keyboard.press("Tab")
        if print_link.evaluate("el => el === document.activeElement"):
            break
    expect(print_link).to_be_focused()
    expect(tools.get_by_test_id("print-subtree")).to_have_attribute(
        "href", f"/kreis-offenbach/ar/print/{root.pk}.pdf?subtree=1"
    )

    pdf = page.request.get(site + print_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    svg = page.request.get(site + tools.get_by_test_id("qr-svg").get_attribute("href"))
    assert svg.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert svg.body().startswith(b"<?xml")
