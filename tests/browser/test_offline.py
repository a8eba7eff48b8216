"""The offline guide on a phone: save a region's guide in Arabic, switch the network off,
open every saved page and search; later fetch only what changed. And the JavaScript port
of the search gives exactly the Python search's results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from wegweiser.api.cache import forget_seqs
from wegweiser.guide import search, services
from wegweiser.guide.models import GuideState, Language
from wegweiser.public.tests.test_offline import ar, build_guide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/kreis-offenbach/ar/"
BUNDLE = "/api/v1/regions/kreis-offenbach/ar/bundle"
CACHE = f"wegweiser:{BASE}"


@pytest.fixture
def phone(browser: Browser, site: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar", timezone_id="Europe/Berlin", service_workers="allow"
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def open_controlled(context: BrowserContext, url: str) -> Page:
    """Open ``url`` and wait until the service worker controls the page."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)") is True
    page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)") is True
    page.errors = errors  # type: ignore[attr-defined]
    return page


def save(page: Page) -> None:
    forget_seqs()  # as if half a second had passed since the change (see wegweiser.api.cache)
    status = page.get_by_test_id("offline-status")
    page.evaluate("document.querySelector('[data-offline-status]').dataset.state = ''")
    page.get_by_test_id("offline-save").click()
    expect(status).to_have_attribute("data-state", "saved", timeout=20_000)


def cached(page: Page, url: str) -> bool:
    return bool(
        page.evaluate("([name, url]) => caches.open(name).then((c) => c.match(url)).then(Boolean)", [CACHE, url])
    )


def test_save_then_read_and_search_offline(phone: BrowserContext, site: str, region: Any, assert_accessible: Any):
    guide = build_guide(region)
    page = open_controlled(phone, site + BASE)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    button = page.get_by_test_id("offline-save")
    expect(button).to_be_visible()
    assert button.evaluate("b => b.tagName") == "BUTTON"
    assert page.get_by_test_id("offline-status").get_attribute("role") == "status"
    save(page)
    expect(page.get_by_test_id("offline-status")).not_to_have_text("")
    assert_accessible(page)

    phone.set_offline(True)
    titles = {
        ar("دورات-اللغة"): "دورات اللغة",
        ar("دورات-اللغة/دورات-الألمانية-للنساء"): "دورات الألمانية للنساء",
        ar("ärztliche-versorgung"): "Ärztliche Versorgung",
        ar("offers/استشارة-الهجرة"): "استشارة الهجرة",
        ar("places/بلدية-ديتسنباخ"): "بلدية ديتسنباخ",
        ar("events/مقهى-اللغة"): "مقهى اللغة",
        ar("news/دورات-جديدة"): "دورات جديدة",
        ar("imprint"): "بيانات النشر",
    }
    for url, title in titles.items():
        page.goto(site + url)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for url in [BASE, ar("offers"), ar("places"), ar("events"), ar("news")]:
        page.goto(site + url)
        expect(page.get_by_test_id("offline-page")).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.get_by_test_id("offline-status")).to_have_attribute("data-state", "offline")

    # Not saved: the guide's offline page (so the network really is off for the worker too).
    page.goto(site + BASE + "gibt-es-nicht/")
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    expect(page.locator("[data-offline-missing]")).to_be_visible()

    # Search from the guide's search box: results from the saved index.
    page.goto(site + ar("places/بلدية-ديتسنباخ"))
    page.locator("#guide-q").fill("دورات")
    page.locator("#guide-q").press("Enter")
    expect(page).to_have_url(site + BASE + "search/?q=" + quote("دورات"))
    results = page.get_by_test_id("offline-results").get_by_role("link")
    expect(results).to_have_text(["دورات الألمانية للنساء", "دورات اللغة"])
    expect(page.get_by_test_id("offline-results-status")).not_to_have_text("")
    expect(page.locator("#guide-q")).to_have_value("دورات")
    assert_accessible(page)
    results.last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("دورات اللغة")

    page.goto(site + BASE + "search/?q=Versorgung")
    expect(page.get_by_test_id("offline-results").get_by_role("link")).to_have_text(["Ärztliche Versorgung"])
    page.goto(site + BASE + "search/?q=" + quote("غير موجود"))
    expect(page.get_by_test_id("offline-results").get_by_role("link")).to_have_count(0)
    expect(page.get_by_test_id("offline-results-status")).not_to_have_text("")
    assert page.errors == []  # type: ignore[attr-defined]
    page.goto(site + ar("مسودة-سرية"))  # the draft was never saved
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    assert guide["draft"].status == "draft"


def test_update_fetches_only_what_changed(phone: BrowserContext, site: str, region: Any):
    guide = build_guide(region)
    page = open_controlled(phone, site + BASE)
    save(page)
    saved_seq = GuideState.objects.get(region=region).seq
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    arabic = Language.objects.get(code="ar")
    services.text_save(actor=None, item=guide["offer"], language=arabic, title="استشارة الهجرة", body="<p>جديد</p>")
    save(page)
    paths = sorted(urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "") for url in requests)
    assert paths == sorted(
        [
            f"{BUNDLE}?since={saved_seq}",
            f"{BASE}offline/manifest.json",
            ar("offers/استشارة-الهجرة"),
            BASE,
            ar("offers"),
            f"{BASE}offline/search.json",
        ]
    )

    # A later visit (the last check hours ago) catches up by itself.
    page.evaluate(
        """async ([name, url]) => {
            const cache = await caches.open(name);
            const state = await (await cache.match(url)).json();
            await cache.put(url, new Response(JSON.stringify({ ...state, at: 0 })));
        }""",
        [CACHE, f"{BASE}offline/state"],
    )
    saved_seq = GuideState.objects.get(region=region).seq
    services.text_save(actor=None, item=guide["event"], language=arabic, title="مقهى اللغة", body="<p>موعد جديد</p>")
    requests.clear()
    forget_seqs()
    page.reload()
    expect(page.get_by_test_id("offline-status")).to_have_attribute("data-state", "saved", timeout=20_000)
    assert f"{site}{BUNDLE}?since={saved_seq}" in requests
    assert f"{site}{ar('events/مقهى-اللغة')}" in requests
    assert f"{site}{ar('events')}" in requests
    assert f"{site}{ar('offers/استشارة-الهجرة')}" not in requests
    assert f"{site}{ar('offers')}" not in requests

    # Nothing changed since: one small request, nothing saved.
    saved_seq = GuideState.objects.get(region=region).seq
    requests.clear()
    save(page)
    assert requests == [f"{site}{BUNDLE}?since={saved_seq}"]

    # Unpublished: gone from the saved copy, with the subpage below it.
    requests.clear()
    services.item_set_status(actor=None, item=guide["courses"], status="draft")
    save(page)
    assert [urlsplit(url).path for url in requests if "bundle" in url] == [BUNDLE]
    assert cached(page, ar("دورات-اللغة")) is False
    assert cached(page, ar("دورات-اللغة/دورات-الألمانية-للنساء")) is False
    assert cached(page, ar("offers/استشارة-الهجرة")) is True
    phone.set_offline(True)
    page.goto(site + ar("offers/استشارة-الهجرة"))
    expect(page.locator(".content")).to_contain_text("جديد")
    page.goto(site + ar("دورات-اللغة"))
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]


DOCUMENTS = [
    search.Document("/a", "Deutschkurse für Frauen", "Kurse am Vormittag mit Kinderbetreuung in Rodgau"),
    search.Document("/b", "Sprachkurse", "Integrationskurse und Berufssprachkurse im Kreis Offenbach"),
    search.Document("/c", "Beratung für Geflüchtete", "Migrationsberatung in Dietzenbach"),
    search.Document("/d", "Ärztliche Versorgung", "Hausärzte und Krankenhäuser, Straße der Einheit"),
    search.Document("/e", "دورات اللغة الألمانية", "دورة اندماج للنساء في أوفنباخ"),
    search.Document("/f", "اَلْإِسْلَام والمجتمع", "مكتبة المدينة ومدرسة"),
    search.Document("/g", "کتابخانه شهر", "کلاس زبان آلمانی برای زنان، ی و ى"),
    search.Document("/h", "Sprachcafé 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Treffen_im_Café ŒUVRE ﬁnanzen ΟΔΟΣ"),
    search.Document("/i", "Sprachcafe", "Kurse für alle"),
    search.Document("/j", "Kurse", "Sprachkurse und Deutschkurse"),
]
QUERIES = [
    "Sprachkurs",  # inflection
    "Deutschkurs",  # compound
    "kurs",  # compound part
    "Sprachkurz",  # a typo
    "Beratnug",  # a transposition
    "arztliche",  # umlaut typed without dots
    "STRASSE",  # ß folded
    "Krankenhaus Einheit",  # every word must match
    "Deutschkurs Männer",
    "دورات",
    "دوره",  # teh marbuta typed as heh
    "الالمانيه",  # alef with hamza typed plain
    "الإسلام",  # diacritics in the document
    "كتابخانه",  # Arabic kaf for Persian keheh
    "unicode finanzen",  # compatibility characters (NFKC)
    "οδος",  # final sigma
    "treffen",  # underscores separate words
    "Kurse",
    "Sprachcafe",  # equal scores: by title
    "",
]
EXPECTED = [
    ["/b", "/j"],
    ["/a", "/j"],
    ["/j", "/a", "/b", "/i"],
    ["/b", "/j"],
    ["/c"],
    ["/d"],
    ["/d"],
    ["/d"],
    [],
    ["/e"],
    ["/e"],
    ["/e"],
    ["/f"],
    ["/g"],
    ["/h"],
    ["/h"],
    ["/h"],
    ["/j", "/a", "/b", "/i"],
    ["/i", "/h"],
    [],
]


def test_javascript_search_gives_the_python_results(page: Page, site: str, region: Any):
    build_guide(region)
    page.goto(site + BASE)
    documents = [{"url": d.key, "title": d.title, "text": d.text} for d in DOCUMENTS]
    js = page.evaluate(
        """([documents, queries]) => {
            const s = window.wegweiserSearch;
            const indexed = s.index(documents);
            return {
                results: queries.map((q) => s.search(indexed, q).map((d) => d.url)),
                tokens: documents.map((d) => s.normalize(d.title + " " + d.text).map(s.stem)),
            };
        }""",
        [documents, QUERIES],
    )
    indexed = search.index(DOCUMENTS)
    python = [[d.key for d in search.search(indexed, q)] for q in QUERIES]
    assert python == EXPECTED
    assert js["results"] == EXPECTED
    assert js["tokens"] == [[search.stem(t) for t in search.normalize(d.title + " " + d.text)] for d in DOCUMENTS]
