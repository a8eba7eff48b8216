"""Issue 6's story in the browser, on the demo data, as new users would go through it: an
association registers, confirms its address with the link in the e-mail, signs in and applies
to the open call "Mikroprojekte 2026" (questions, cost plan, a PDF, a draft, then submission);
the coordinator checks completeness, scores, checks the finances, approves 2.000,00 €, opens
the decision letter (a PDF) and books the payment; the association submits its proof of use
with actual costs below the plan; the coordinator accepts it; the report shows the reclaim and
the budget line's available amount grew by it.

Everybody works in English (the interface's msgids), so that the test does not depend on the
German catalogue's wording; amounts are written the German way in every language."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Browser, Locator, Page, expect

from wegweiser.demo.funding import funding_demo_seed
from wegweiser.demo.seed import DEMO_PASSWORD, demo_seed
from wegweiser.funding.models import Application, BudgetLine, ProofOfUse
from wegweiser.tenancy.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "kreis-offenbach"
ASSOCIATION = "Ukrainischer Elternverein Neu-Isenburg e.V."
EMAIL = "vorstand@elternverein-neu-isenburg.example"
PASSWORD = "Sonnenblume-Neu-Isenburg-7"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def field(scope: Page | Locator, label: str) -> Locator:
    """The field labelled exactly ``label`` (Django adds a colon to its labels)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def in_english(page: Page) -> None:
    """The language switch in the header (for a signed-in user it is kept for the next log-in)."""
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def report_figure(page: Page, site: str, testid: str) -> str:
    page.goto(f"{site}/app/{SLUG}/funding/reports/?year=2026")
    return page.get_by_test_id(testid).inner_text()


def test_association_applies_office_approves_pays_and_accepts_the_proof_of_use(
    page: Page, browser: Browser, site: str, sign_in, assert_accessible
):
    demo_seed()
    with scopes_disabled():
        region = Region.objects.get(slug=SLUG)
        funding_demo_seed(region)  # a no-op once the demo seed loads it itself
        line = BudgetLine.objects.get(region=region, budget__year=2026, name="Mikroprojekte")
    assert line.available == Decimal("2480.00")

    # The association registers on the public page. Earlier tests registered from the same
    # address (127.0.0.1): forget their count against the per-address limit.
    cache.clear()
    association = page
    association.goto(f"{site}/funding/{SLUG}/")  # the public list of calls
    expect(association.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(association)
    association.goto(f"{site}/funding/{SLUG}/register/")
    assert_accessible(association)
    in_english(association)
    association.get_by_label("Name of the organisation").fill(ASSOCIATION)
    association.get_by_label("Kind of organisation").select_option("association")
    association.get_by_label("Commune").select_option(label="Neu-Isenburg")
    field(association, "Address").fill("Frankfurter Straße 152, 63263 Neu-Isenburg")
    association.get_by_label("Register number").fill("VR 4711")
    association.get_by_label("Contact person").fill("Olha Melnyk")
    association.get_by_label("E-mail address").fill(EMAIL)
    field(association, "Phone").fill("06102 123456")
    field(association, "Password").fill(PASSWORD)
    association.get_by_label("Password (again)").fill(PASSWORD)
    association.get_by_test_id("register-submit").click()
    association.wait_for_url(re.compile(r"/register/sent/$"))

    # The link in the e-mail confirms the address; then the association signs in.
    sent = [message for message in mail.outbox if message.to == [EMAIL]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/activate/\S+/", sent[0].body)
    assert link is not None
    association.goto(site + urlsplit(link.group(0)).path)
    expect(association.get_by_test_id("activation-done")).to_be_visible()
    association.get_by_test_id("sign-in").click()
    association.get_by_label("E-mail address").fill(EMAIL)
    field(association, "Password").fill(PASSWORD)
    association.get_by_role("button", name="Sign in").last.click()
    association.wait_for_url(re.compile(r"/funding/my/$"))
    in_english(association)

    # It applies to the open call: the questions, the cost plan, a PDF; a draft, then submitted.
    call = association.get_by_test_id("open-call").filter(has_text="Mikroprojekte 2026")
    call.get_by_label("Project title").fill("Hausaufgabenhilfe für ukrainische Kinder")
    call.get_by_test_id("apply").click()
    association.wait_for_url(re.compile(r"/funding/my/\d+/$"))
    expect(association.get_by_test_id("application-status")).to_have_attribute("data-status", "draft")
    association.get_by_label("Short description").fill("Zweimal pro Woche Lernbegleitung in der Stadtbücherei")
    association.get_by_label("Project from").fill(f"{timezone.localdate().year + 1}-01-15")
    association.get_by_label("Project until").fill(f"{timezone.localdate().year + 1}-07-15")
    association.get_by_label("Requested amount (€)").fill("2.000,00")
    association.get_by_label("Aim of the project").fill("Kinder aus der Ukraine kommen in der Schule mit.")
    association.get_by_label("Target group").select_option("Familien")
    association.get_by_label("Expected participants").fill("24")
    association.get_by_label("Languages in the project").fill("Deutsch, Ukrainisch")
    association.get_by_label("Partners").fill("Stadtbücherei Neu-Isenburg")
    association.get_by_label("What happens after the project?").fill("Ehrenamtliche Eltern machen weiter.")
    for number, (kind, category, description, planned) in enumerate(
        [
            ("cost", "fees", "Honorare Lernbegleitung", "1.800,00"),
            ("cost", "material", "Lernmaterial", "400,00"),
            ("own", "other", "Eigenanteil Verein", "200,00"),
        ],
        start=1,
    ):
        association.get_by_label(f"Kind, line {number}", exact=True).select_option(kind)
        association.get_by_label(f"Category, line {number}", exact=True).select_option(category)
        association.get_by_label(f"Description, line {number}", exact=True).fill(description)
        association.get_by_label(f"Planned amount, line {number}", exact=True).fill(planned)
    association.get_by_test_id("save-draft").click()
    expect(association.get_by_test_id("plan-hint")).to_have_text("The cost plan adds up.")
    expect(association.get_by_test_id("application-status")).to_have_attribute("data-status", "draft")
    upload = association.get_by_test_id("upload-form")
    upload.get_by_label("Document").set_input_files(
        {"name": "satzung.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    field(upload, "Name").fill("Satzung")
    association.get_by_test_id("upload-submit").click()
    expect(association.get_by_role("link", name="Satzung")).to_be_visible()
    association.get_by_test_id("submit-application").click()
    expect(association.get_by_test_id("application-status")).to_have_attribute("data-status", "submitted")
    with scopes_disabled():
        application = Application.objects.get(region=region, title="Hausaufgabenhilfe für ukrainische Kinder")
        assert (application.requested_amount, application.attachments.count()) == (Decimal("2000.00"), 1)
        assert application.answers["target_group"] == "Familien"

    # The coordinator checks, scores, checks the finances and approves.
    office = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    office.set_default_timeout(10_000)
    coordinator = office.new_page()
    sign_in(coordinator, "koordination@kreis-offenbach.example", DEMO_PASSWORD)
    coordinator.wait_for_url(re.compile(r"/app/"))
    in_english(coordinator)
    coordinator.goto(f"{site}/app/{SLUG}/funding/")
    coordinator.get_by_test_id("action-submitted").get_by_role("link", name=application.number).click()
    coordinator.get_by_test_id("completeness-form").get_by_label("Yes").check()
    coordinator.get_by_test_id("completeness-form").get_by_role("button").click()
    review = coordinator.get_by_test_id("review-form")
    review.get_by_label("Bedarf und Zielgruppe (0–5)").fill("4")
    review.get_by_label("Beitrag zur Teilhabe (0–5)").fill("5")
    review.get_by_label("Nachhaltigkeit und Kooperation (0–5)").fill("4")
    review.get_by_label("Comment").fill("Klarer Bedarf, gute Kooperation mit der Bücherei.")
    review.get_by_role("button").click()
    expect(coordinator.get_by_test_id("average")).to_have_text("13.0")
    coordinator.get_by_test_id("finances-form").get_by_label("Yes").check()
    coordinator.get_by_test_id("finances-form").get_by_role("button").click()
    coordinator.get_by_test_id("decide-form").get_by_label("Approve in full").check()
    coordinator.get_by_test_id("decide").click()
    expect(coordinator.get_by_test_id("approved")).to_have_text("2.000,00 €")
    assert report_figure(coordinator, site, f"line-{line.pk}-available") == "480,00 €"

    # The decision letter is a PDF.
    coordinator.goto(f"{site}/app/{SLUG}/funding/applications/{application.pk}/")
    letter = coordinator.request.get(site + coordinator.get_by_test_id("letter").get_attribute("href"))
    assert (letter.status, letter.headers["content-type"]) == (200, "application/pdf")
    assert letter.body().startswith(b"%PDF")

    # The payment of the whole grant.
    payment = coordinator.get_by_test_id("payment-form")
    payment.get_by_label("Amount (€)").fill("2.000,00")
    payment.get_by_label("Paid on").fill(timezone.localdate().isoformat())
    payment.get_by_label("Note").fill("Auszahlung in einer Rate")
    payment.get_by_role("button").click()
    expect(coordinator.get_by_test_id("money").locator("[data-money=paid]")).to_have_text("2.000,00 €")

    # The association reports: actual costs of 1.900,00 € instead of the 2.200,00 € planned, so
    # 1.700,00 € of the grant were needed.
    association.goto(f"{site}/app/{SLUG}/funding/my/{application.pk}/")
    expect(association.get_by_test_id("paid")).to_have_text("2.000,00 €")
    association.get_by_role("link", name="Open the proof of use").click()
    association.get_by_label("Factual report").fill(
        "40 Nachmittage mit 21 Kindern; zwei Lernbegleiterinnen waren ehrenamtlich, daher weniger Honorar."
    )
    association.get_by_label("Participants reached").fill("21")
    association.get_by_label("Actual amount: Honorare Lernbegleitung").fill("1.500,00")
    association.get_by_label("Actual amount: Lernmaterial").fill("400,00")
    association.get_by_label("Actual amount: Eigenanteil Verein").fill("200,00")
    association.get_by_test_id("proof-submit").click()
    expect(association.get_by_test_id("proof-status")).to_have_attribute("data-status", "submitted")

    # The coordinator accepts it: 300,00 € are reclaimed and return to the budget line.
    coordinator.goto(f"{site}/app/{SLUG}/funding/applications/{application.pk}/")
    expect(coordinator.get_by_test_id("settlement").locator("[data-settlement=reclaim]")).to_have_text("300,00 €")
    check = coordinator.get_by_test_id("proof-check-form")
    check.get_by_label("Accept the proof of use").check()
    check.get_by_role("button").click()
    expect(coordinator.get_by_test_id("proof").locator("[data-status]")).to_have_attribute("data-status", "accepted")
    with scopes_disabled():
        application.refresh_from_db()
        line.refresh_from_db()
        assert application.status == Application.Status.CLOSED
        assert ProofOfUse.objects.get(application=application).reclaimed_amount == Decimal("300.00")
    assert line.available == Decimal("780.00")

    # The report shows the reclaim, and the line's available amount grew by it.
    assert report_figure(coordinator, site, f"line-{line.pk}-reclaimed") == "480,00 €"  # 180 of the demo + 300
    assert coordinator.get_by_test_id(f"line-{line.pk}-available").inner_text() == "780,00 €"
    organisation_row = coordinator.get_by_role("row", name=re.compile(re.escape(ASSOCIATION)))
    expect(organisation_row).to_contain_text("300,00 €")
    assert_accessible(coordinator)

    # The office's report to the state is prefilled with the same figures.
    coordinator.goto(f"{site}/app/{SLUG}/funding/reports/state/?year=2026")
    expect(coordinator.get_by_test_id("micro-reclaimed")).to_have_text("480,00 €")
    expect(coordinator.get_by_test_id(f"state-line-{line.pk}-available")).to_have_text("780,00 €")
    assert_accessible(coordinator)
    office.close()
