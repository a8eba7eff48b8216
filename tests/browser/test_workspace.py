"""What a person does in the browser: sign in (with 2FA), work in a region, invite a
colleague who accepts; every page passes axe-core and works with the keyboard and on a phone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_scopes import scope
from playwright.sync_api import Page, expect

from wegweiser.accounts import services as account_services
from wegweiser.accounts.tests.test_login import current_code
from wegweiser.tenancy.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_pass_axe(page: Page, site, assert_accessible):
    for path in ["/", "/about/", "/accounts/login/", "/accounts/password/reset/", "/does-not-exist/"]:
        page.goto(site + path)
        assert_accessible(page)
    page.goto(site + "/about/")
    expect(page.get_by_test_id("destatis-attribution")).to_contain_text(
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Stand 30.11.2023"
    )
    expect(page.get_by_test_id("destatis-attribution")).to_contain_text("dl-de/by-2-0")


def test_coordinator_pages_pass_axe_in_german_and_english(page: Page, site, member, region, sign_in, assert_accessible):
    member("coordinator", email="koord@example.org", full_name="Kora Koordination")
    member("staff", email="sam@example.org", communes=["06438011"])
    sign_in(page, "koord@example.org")
    expect(page).to_have_url(f"{site}/app/{region.slug}/")
    paths = ["", "members/", "members/invite/", "settings/", "audit/"]
    for path in paths:
        page.goto(f"{site}/app/{region.slug}/{path}")
        assert_accessible(page)
    for path in ["/accounts/profile/", "/accounts/two-factor/", "/accounts/password/"]:
        page.goto(site + path)
        assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{site}/app/{region.slug}/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    assert_accessible(page)


def test_sign_in_with_two_factor(page: Page, site, member, region, sign_in):
    user = member("editor", email="eda@example.org")
    device = account_services.two_factor_device_start(user=user)
    account_services.two_factor_confirm(user=user, device=device, token=current_code(device))
    device.refresh_from_db()
    sign_in(page, "eda@example.org")
    expect(page).to_have_url(f"{site}/accounts/login/verify/")
    page.get_by_label("Code").fill(current_code(device, offset=1))
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(f"{site}/app/{region.slug}/")
    expect(page.get_by_test_id("my-role")).to_have_text("Redaktion")


def test_wrong_passwords_lock_the_account_out(page: Page, site, member, sign_in):
    member("staff", email="lisa@example.org")
    for _ in range(5):
        sign_in(page, "lisa@example.org", "falsch")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung vorübergehend gesperrt")
    sign_in(page, "lisa@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung vorübergehend gesperrt")


def test_coordinator_invites_and_the_colleague_joins(page: Page, browser, site, member, region, sign_in):
    member("coordinator", email="koord@example.org")
    sign_in(page, "koord@example.org")
    page.goto(f"{site}/app/{region.slug}/members/invite/")
    page.get_by_label("E-Mail-Adresse").fill("neu@example.org")
    page.get_by_label("Rolle").select_option("editor")
    page.get_by_label("Rodgau").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einladung an neu@example.org wurde gesendet.")

    path = re.search(r"http://\S+?(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    invitee = browser.new_context(locale="de-DE").new_page()
    invitee.set_default_timeout(10_000)
    invitee.goto(site + path)
    invitee.get_by_label("Vollständiger Name").fill("Nora Neu")
    invitee.get_by_label(re.compile(r"^Passwort:?$")).fill("ein langes Passwort")
    invitee.get_by_label("Passwort (Wiederholung)").fill("ein langes Passwort")
    invitee.get_by_role("button", name="Konto anlegen und Einladung annehmen").click()
    expect(invitee).to_have_url(f"{site}/app/{region.slug}/")
    expect(invitee.get_by_test_id("my-role")).to_contain_text("Redaktion")
    with scope(region=region):
        membership = Membership.objects.get(user__email="neu@example.org")
        assert [c.name for c in membership.communes.all()] == ["Rodgau"]

    page.goto(f"{site}/app/{region.slug}/audit/")
    expect(page.get_by_role("cell", name="tenancy.membership.joined")).to_be_visible()
    expect(page.get_by_role("cell", name="tenancy.invitation.created")).to_be_visible()


def test_keyboard_only_skip_link_and_focus(page: Page, site, member, region, sign_in):
    member("coordinator", email="koord@example.org")
    sign_in(page, "koord@example.org")
    page.goto(f"{site}/app/{region.slug}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The region switcher opens and is reachable from the keyboard.
    page.locator(".region-switcher summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".region-switcher ul")).to_be_visible()


def test_dashboard_fits_a_phone(page: Page, site, member, region, sign_in):
    page.set_viewport_size({"width": 360, "height": 740})
    member("staff", email="sam@example.org")
    sign_in(page, "sam@example.org")
    for path in ["", "members/"]:
        page.goto(f"{site}/app/{region.slug}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow == 0, path
