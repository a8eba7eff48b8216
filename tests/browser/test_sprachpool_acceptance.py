"""Issue 5's "done when", in the browser: a school secretary requests an Arabic mediator for a
parents' evening next week; the coordinator approves and sees ranked candidates with reasons;
a mediator accepts on her phone; the school confirms 90 minutes; the monthly payout shows
the right amount.

The secretary and the mediator work in German and are driven by test ids, so the test does
not depend on the catalogue's wording; the coordinator works in English (the language the
Sprachpool's test people have) and reads the candidates' reasons."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import resolve
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Page, expect

from wegweiser.accounts.models import User
from wegweiser.sprachpool.models import Assignment, Offer, Request
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.sprachpool.tests.conftest import Pool, pool  # noqa: F401  (the Sprachpool to test with)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def next_week_day() -> datetime:
    """A weekday one week from today, 18:00 Berlin time (five working days ahead or more)."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(18, 0), tzinfo=BERLIN)


def signed_in(page: Page, sign_in, email: str) -> None:
    sign_in(page, email)
    page.wait_for_url(re.compile(r"/app/"))


def test_school_requests_coordinator_approves_mediator_accepts_school_confirms_payout_shows_it(
    page: Page,
    browser: Browser,
    site: str,
    sign_in,
    assert_accessible,
    pool: Pool,  # noqa: F811  (the fixture imported above)
):
    # The live server runs in this process: load the URLconf (and with it SciPy, for the
    # matching) before the browser's first request waits for it.
    resolve("/")
    # The school and the mediator work in German; the coordinator (the pool's people get
    # English) reads the candidates' reasons in English.
    User.objects.filter(pk__in=[pool.secretary.pk, pool.amira.user_id]).update(language="de")
    slug = pool.region.slug
    base = f"{site}/app/{slug}/sprachpool"
    evening = next_week_day()

    # The school's secretary requests Arabic for the parents' evening.
    secretary = page
    signed_in(secretary, sign_in, pool.secretary.email)
    expect(secretary.locator("html")).to_have_attribute("lang", "de")
    secretary.goto(f"{base}/my/requests/")
    assert_accessible(secretary)
    secretary.get_by_test_id("new-request").click()
    expect(secretary.get_by_test_id("request-institution")).to_have_text(pool.school.name)
    assert_accessible(secretary)
    secretary.get_by_test_id("request-language").select_option(str(pool.arabic.pk))
    secretary.get_by_label(pool.allowed.name).check()
    secretary.get_by_test_id("request-date").fill(evening.date().isoformat())
    secretary.get_by_test_id("request-time").fill("18:00")
    secretary.get_by_test_id("request-duration").select_option("90")
    expect(secretary.locator("input[name=mode][value=on_site]")).to_be_checked()
    secretary.get_by_test_id("request-commune").select_option(label="Dietzenbach")
    secretary.get_by_test_id("request-address").fill("Schulstraße 1, Aula")
    expect(secretary.get_by_test_id("request-contact-name")).to_have_value("Sabine Weber")
    secretary.get_by_test_id("request-contact-phone").fill("06074 1234")
    secretary.get_by_test_id("request-notes").fill("Elternabend der Klasse 5b")
    secretary.get_by_test_id("request-submit").click()
    expect(secretary.get_by_test_id("request-status")).to_have_attribute("data-status", "submitted")
    assert_accessible(secretary)
    with scopes_disabled():
        request = Request.objects.get()
    assert (request.language, request.starts_at, request.duration_minutes, request.mode, request.address) == (
        pool.arabic,
        evening,
        90,
        "on_site",
        "Schulstraße 1, Aula",
    )

    # The coordinator (her own browser) opens the request, sees the ranked candidates,
    # approves it with WIR funds and asks Amira.
    office_context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    office_context.set_default_timeout(10_000)
    office = office_context.new_page()
    signed_in(office, sign_in, pool.coordinator.email)
    expect(office.locator("html")).to_have_attribute("lang", "en")
    office.goto(f"{base}/")
    office.get_by_role("link", name=request.number).click()
    candidates = office.get_by_test_id("candidates").locator("tbody tr")
    expect(candidates.first).to_have_attribute("data-candidate", str(pool.amira.pk))
    expect(candidates.first).to_contain_text(re.compile(r"Speaks Arabic \(verified, native speaker\)", re.I))
    expect(candidates.nth(1)).to_have_attribute("data-candidate", str(pool.karim.pk))
    expect(candidates.nth(1)).to_contain_text(re.compile(r"Speaks Arabic \(not verified, level C1\)", re.I))
    office.get_by_label("Funding source").select_option("wir")
    office.get_by_test_id("approve").click()
    expect(office.get_by_role("status")).to_contain_text(f"Request {request.number} approved.")
    office.get_by_label("Ask Amira Haddad").check()
    office.get_by_test_id("offer").click()
    expect(office.get_by_role("status")).to_contain_text("Asked: Amira Haddad.")
    with scopes_disabled():
        offer = Offer.objects.get(request=request, mediator=pool.amira)
        assert Request.objects.get(pk=request.pk).funding_source == "wir"

    # Amira, on her phone, accepts.
    phone_context = browser.new_context(viewport=PHONE, locale="de-DE", timezone_id="Europe/Berlin")
    phone_context.set_default_timeout(10_000)
    phone = phone_context.new_page()
    signed_in(phone, sign_in, "amira@example.org")
    phone.goto(f"{base}/me/")
    offer_card = phone.get_by_test_id(f"offer-{offer.pk}")
    expect(offer_card).to_contain_text("Dietzenbach")
    expect(offer_card).not_to_contain_text("Schulstraße")  # the address once she is booked
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    accept = phone.get_by_test_id(f"offer-accept-{offer.pk}")
    box = accept.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert box["width"] >= 300  # the whole width of the phone's column
    accept.click()
    with scopes_disabled():
        booking = Assignment.objects.get(request=request, is_active=True)
    assert booking.mediator == pool.amira
    card = phone.get_by_test_id(f"assignment-{booking.pk}")
    expect(card).to_contain_text("Schulstraße 1, Aula, Dietzenbach")
    expect(card).to_contain_text("06074 1234")
    expect(phone.get_by_test_id(f"offer-{offer.pk}")).to_have_count(0)
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    # Her times, on the phone too.
    phone.goto(f"{base}/me/availability/")
    expect(phone.get_by_test_id("slot-0-0-starts")).to_have_value("08:00")
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0

    # Time cannot pass in a test: the parents' evening moves back two weeks (a week ago),
    # request and booking alike, so that the school can confirm it.
    shift = timedelta(days=14)
    with scopes_disabled():
        Request.objects.filter(pk=request.pk).update(starts_at=request.starts_at - shift)
        Assignment.objects.filter(pk=booking.pk).update(
            starts_at=booking.starts_at - shift,
            ends_at=booking.ends_at - shift,
            blocked_from=booking.blocked_from - shift,
            blocked_until=booking.blocked_until - shift,
        )
    held_on = evening - shift

    # The secretary confirms 90 minutes.
    secretary.goto(f"{base}/my/requests/")
    secretary.get_by_test_id("requests-to-confirm").get_by_role("link", name=request.number).click()
    expect(secretary.get_by_test_id("assigned-mediator")).to_contain_text("Amira Haddad")
    expect(secretary.get_by_test_id("confirm-minutes")).to_have_value("90")
    assert_accessible(secretary)
    secretary.get_by_test_id("confirm-submit").click()
    expect(secretary.get_by_test_id("request-status")).to_have_attribute("data-status", "completed")
    with scopes_disabled():
        booking.refresh_from_db()
    assert (booking.actual_minutes, str(booking.total_amount)) == (90, "52.50")

    # The coordinator opens the payout page of that month: 3 started half hours at the
    # certified rate of 17.50 €, no travel (she lives in Dietzenbach).
    office.goto(f"{base}/payouts/?month={held_on:%Y-%m}")
    expect(office.get_by_test_id(f"payout-total-{pool.amira.pk}-wir")).to_have_text("52.50 €")
    expect(office.get_by_test_id("payout-grand-total")).to_have_text("52.50 €")

    # And Amira sees it among her past assignments.
    phone.goto(f"{base}/me/")
    expect(phone.get_by_test_id(f"past-{booking.pk}")).to_contain_text("90")
    expect(phone.get_by_test_id(f"past-{booking.pk}")).to_contain_text("52,50 €")
    office_context.close()
    phone_context.close()
