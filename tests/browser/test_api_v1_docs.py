"""The API v1 reference page: accessible and usable by keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_page_is_accessible(browser: Browser, site: str, assert_accessible: Callable[[Page], None]) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wegweiser API")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("link", name="GET /api/v1/regions/{region}/{language}/bundle").focus()
    page.keyboard.press("Enter")
    expect(page.locator(":target")).to_have_text("GET /api/v1/regions/{region}/{language}/bundle")
    context.close()
