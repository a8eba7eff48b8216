from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

PASSWORD = "correct horse battery"

_axe = Axe()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A German municipal employee's browser."""
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture(autouse=True)
def _fail_fast(page: Page) -> None:
    page.set_default_timeout(10_000)


@pytest.fixture
def site(live_server: Any, hessen: None) -> str:
    return str(live_server.url)


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """axe-core (WCAG 2.1 A/AA rules and best practices) on the page as it is now."""

    def check(page: Page) -> None:
        results = _axe.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in(site: str) -> Callable[[Page, str], None]:
    def do(page: Page, email: str, password: str = PASSWORD) -> None:
        page.goto(f"{site}/accounts/login/")
        page.get_by_label("E-Mail-Adresse").fill(email)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").last.click()

    return do
