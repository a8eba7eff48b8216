"""The offline guide's server side: web app manifest, service worker, what to save (the API v1
bundle's items in full and since a change number, the list pages, the assets) and the offline
search's documents."""

from __future__ import annotations

import datetime
import gzip
import json
import re
import struct
import unicodedata
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from wegweiser.api.cache import forget_seqs
from wegweiser.guide import search, services
from wegweiser.guide.models import Event, GuideState, Imprint, Language, NewsItem, Offer, Page, Place

OFFLINE_JS = Path(__file__).resolve().parent.parent / "static" / "public" / "offline.js"
BASE = "/kreis-offenbach/ar/"
BUNDLE = "/api/v1/regions/kreis-offenbach/ar/bundle"


def ar(slug: str) -> str:
    return BASE + quote(slug) + "/"


def build_guide(region: Any) -> dict[str, Any]:
    """Kreis Offenbach in German (source), Arabic and English: a published page tree, an offer,
    a place, an event, news and the imprint, mostly with Arabic texts, and a draft."""
    if not Language.objects.filter(code="de").exists():
        # A transactional (browser) test before this one flushed the migrations' reference data.
        import_module("wegweiser.guide.migrations.0002_reference_data").load(django_apps, None)
    cache.clear()  # search indexes are cached by change number, which starts again in each test
    lang = {code: Language.objects.get(code=code) for code in ["de", "ar", "en"]}
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=lang["de"], is_source=True)
        services.region_language_add(actor=None, region=region, language=lang["ar"])
        services.region_language_add(actor=None, region=region, language=lang["en"])

    def make(model: type, title: str, ar_title: str | None, ar_body: str = "", **attrs: Any) -> Any:
        status = attrs.pop("status", "published")
        item = services.item_create(
            actor=None, region=region, model=model, title=title, body=f"<p>{title}</p>", status=status, **attrs
        )
        if ar_title:
            services.text_save(actor=None, item=item, language=lang["ar"], title=ar_title, body=ar_body)
        return item

    start = timezone.now() + datetime.timedelta(days=3)
    items: dict[str, Any] = {"lang": lang}
    items["courses"] = make(Page, "Sprachkurse", "دورات اللغة", "<p>دورات اندماج في منطقة أوفنباخ</p>")
    items["women"] = make(
        Page,
        "Deutschkurse für Frauen",
        "دورات الألمانية للنساء",
        "<p>دورة صباحية مع رعاية الأطفال</p>",
        parent=items["courses"],
    )
    items["doctors"] = make(Page, "Ärztliche Versorgung", None)  # not translated: German text
    items["draft"] = make(Page, "Geheimer Entwurf", "مسودة سرية", status="draft")
    items["offer"] = make(
        Offer, "Migrationsberatung", "استشارة الهجرة", "<p>استشارة مجانية</p>", offer_kind="counselling"
    )
    items["place"] = make(Place, "Rathaus Dietzenbach", "بلدية ديتسنباخ", "<p>مكتب المواطنين</p>", town="Dietzenbach")
    items["event"] = make(
        Event,
        "Sprachcafé",
        "مقهى اللغة",
        "<p>لقاء أسبوعي للمحادثة</p>",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    items["news"] = make(NewsItem, "Neue Kurse", "دورات جديدة", published_at=timezone.now())
    items["imprint"] = make(Imprint, "Impressum", "بيانات النشر")
    return items


@pytest.fixture
def guide(region: Any) -> dict[str, Any]:
    return build_guide(region)


def seq_of(item: Any) -> int:
    item.refresh_from_db()
    return int(item.change_seq)


def region_seq(region: Any) -> int:
    return GuideState.objects.get(region=region).seq


def manifest(client: Any) -> dict[str, Any]:
    response = client.get(f"{BASE}offline/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-cache"
    return response.json()


def bundle(client: Any, since: int | None = None) -> dict[str, Any]:
    """The API v1 bundle the offline guide syncs through, as a client sees it more than half a
    second after a change (the API trusts its copy of the change counter that long)."""
    forget_seqs()
    response = client.get(BUNDLE, {} if since is None else {"since": since})
    assert response.status_code == 200
    return response.json()


def saved(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What offline.js saves of a bundle: each item's page, under the item's key."""
    items = [item for name in ["pages", "offers", "places", "events", "news"] for item in data[name]]
    items += [data["imprint"]] if data["imprint"] else []
    return [(f"item:{item['id']}", item["url"]) for item in items]


# ---------------------------------------------------------------------------- PWA basics


def test_service_worker_is_served_from_the_site_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"].split(", ")
    body = response.content.decode()
    assert 'const BYPASS = ["/app/", "/admin/", "/accounts/", "/invitation/", "/i18n/"];' in body
    assert (
        '<h2 lang=\\"en\\">You are offline</h2><p lang=\\"en\\">This page has not been saved for offline use.</p>'
        in body
    )


def test_site_manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data == {
        "short_name": "Wegweiser",
        "scope": "/",
        "display": "standalone",
        "theme_color": "#0b5cab",
        "background_color": "#ffffff",
        "icons": [
            {"src": "/static/public/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "/static/public/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "/static/public/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        ],
        "name": "Wegweiser",
        "start_url": "/",
        "id": "/",
        "lang": "de",
        "dir": "ltr",
    }


def test_guide_manifest_starts_the_guide_in_its_language(client, guide):
    data = json.loads(client.get(f"{BASE}offline/app.webmanifest").content)
    assert (data["name"], data["start_url"], data["id"], data["lang"], data["dir"], data["display"]) == (
        "Wegweiser Kreis Offenbach",
        "/kreis-offenbach/ar/",
        "/kreis-offenbach/ar/",
        "ar",
        "rtl",
        "standalone",
    )
    data = json.loads(client.get("/kreis-offenbach/en/offline/app.webmanifest").content)
    assert (data["description"], data["lang"], data["dir"]) == (
        "Guide for newcomers in Kreis Offenbach",
        "en-GB",
        "ltr",
    )


@pytest.mark.parametrize("size", [192, 512])
def test_png_icons_have_their_size(client, size):
    response = client.get(f"/static/public/icons/icon-{size}.png")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)


def test_guide_pages_link_manifest_script_and_controls(client, guide):
    html = client.get(BASE).content.decode()
    assert '<link rel="manifest" href="/kreis-offenbach/ar/offline/app.webmanifest">' in html
    assert '<script src="/static/public/offline.js" data-sw="/sw.js" defer></script>' in html
    assert 'data-testid="offline-save"' in html
    assert 'data-base="/kreis-offenbach/ar/"' in html


def test_offline_script_is_small():
    assert len(gzip.compress(OFFLINE_JS.read_bytes(), 9)) < 8_000


# ---------------------------------------------------------------------------- what to save


def test_manifest_names_the_bundle_the_list_pages_and_the_assets(client, guide):
    data = manifest(client)
    assets = data.pop("assets")
    assert data == {
        "region": "kreis-offenbach",
        "language": "ar",
        "bundle": BUNDLE,
        "pages": [
            {"url": BASE, "kinds": None},
            {"url": ar("offers"), "kinds": ["offer"]},
            {"url": ar("places"), "kinds": ["place"]},
            {"url": ar("events"), "kinds": ["event"]},
            {"url": ar("news"), "kinds": ["news"]},
            {"url": BASE + "offline/search.json", "kinds": None},
        ],
    }
    assert assets[-2:] == [f"{BASE}offline/app.webmanifest", f"{BASE}offline/"]
    assert {"/static/public/offline.js", "/static/public/guide.css", "/static/wegweiser/icon.svg"} <= set(assets)
    assert all(a.endswith((".css", ".js", ".svg")) for a in assets[:-2])


def test_the_bundle_gives_every_published_page_once(client, guide):
    data = bundle(client)
    assert saved(data) == [
        (f"item:{guide['courses'].pk}", ar("دورات-اللغة")),
        (f"item:{guide['women'].pk}", ar("دورات-اللغة/دورات-الألمانية-للنساء")),
        (f"item:{guide['doctors'].pk}", ar("ärztliche-versorgung")),
        (f"item:{guide['offer'].pk}", ar("offers/استشارة-الهجرة")),
        (f"item:{guide['place'].pk}", ar("places/بلدية-ديتسنباخ")),
        (f"item:{guide['event'].pk}", ar("events/مقهى-اللغة")),
        (f"item:{guide['news'].pk}", ar("news/دورات-جديدة")),
        (f"item:{guide['imprint'].pk}", ar("imprint")),
    ]
    assert (data["full"], data["deleted"]) == (True, [])


def test_every_url_to_save_answers(client, guide):
    data = manifest(client)
    urls = [url for _key, url in saved(bundle(client))] + [p["url"] for p in data["pages"]] + data["assets"]
    assert len(urls) == 8 + 6 + len(data["assets"])
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_delta_takes_the_same_number_of_queries_for_any_size(client, guide, region):
    def queries() -> int:
        cache.clear()  # the API's stored responses: built afresh
        with CaptureQueriesContext(connection) as captured:
            assert bundle(client, since=1)["full"] is False
        return len(captured.captured_queries)

    small = queries()
    for n in range(5):
        services.item_create(actor=None, region=region, model=Page, title=f"Seite {n}", status="published")
    assert queries() == small


def test_since_gives_only_what_changed(client, guide, region, lang_ar):
    seq = bundle(client)["seq"]
    nothing = {"pages": [], "offers": [], "places": [], "events": [], "news": [], "imprint": None, "deleted": []}
    assert bundle(client, since=seq) == {"seq": seq, "full": False, "since": seq, **nothing}
    services.text_save(actor=None, item=guide["offer"], language=lang_ar, title="استشارة الهجرة", body="<p>جديد</p>")
    data = bundle(client, since=seq)
    assert data["seq"] == seq_of(guide["offer"]) == seq + 1 == region_seq(region)
    assert saved(data) == [(f"item:{guide['offer'].pk}", ar("offers/استشارة-الهجرة"))]
    assert data["offers"][0]["body"] == "<p>جديد</p>"
    assert data["deleted"] == []


def test_renaming_a_page_changes_its_subpages_urls(client, guide, lang_ar):
    seq = bundle(client)["seq"]
    services.text_save(actor=None, item=guide["courses"], language=lang_ar, title="دورات", body="<p>دورات</p>")
    assert saved(bundle(client, since=seq)) == [
        (f"item:{guide['courses'].pk}", ar("دورات")),
        (f"item:{guide['women'].pk}", ar("دورات/دورات-الألمانية-للنساء")),
    ]


def test_unpublished_items_are_deleted_and_drafts_stay_secret(client, guide, region):
    seq = bundle(client)["seq"]
    services.item_set_status(actor=None, item=guide["courses"], status="draft")  # hides its subpage too
    services.item_set_status(actor=None, item=guide["offer"], status="archived")
    services.item_create(actor=None, region=region, model=Page, title="Noch geheim", status="published")
    fresh = services.item_create(actor=None, region=region, model=Page, title="Ganz geheim", status="draft")
    data = bundle(client, since=seq)
    assert data["deleted"] == sorted(
        [
            {"kind": "page", "id": guide["courses"].pk},
            {"kind": "page", "id": guide["women"].pk},
            {"kind": "offer", "id": guide["offer"].pk},
        ],
        key=lambda d: d["id"],
    )
    assert [url for _key, url in saved(data)] == [ar("noch-geheim")]
    services.item_set_status(actor=None, item=guide["news"], status="draft")
    data = bundle(client, since=seq)
    assert {"kind": "news", "id": guide["news"].pk} in data["deleted"]
    # A page that was never public is nobody's business, not even its number.
    assert fresh.pk not in [d["id"] for d in data["deleted"]]
    assert "ganz-geheim" not in json.dumps(data)
    assert "مسودة" not in json.dumps(data, ensure_ascii=False)


def test_a_replaced_imprint_keeps_its_url(client, guide, region):
    seq = bundle(client)["seq"]
    services.item_set_status(actor=None, item=guide["imprint"], status="archived")
    new = services.item_create(actor=None, region=region, model=Imprint, title="Impressum 2026", status="published")
    data = bundle(client, since=seq)
    assert saved(data) == [(f"item:{new.pk}", ar("imprint"))]
    # offline.js drops the old key's URL only when no item kept shows it.
    assert data["deleted"] == [{"kind": "imprint", "id": guide["imprint"].pk}]


def test_a_since_from_the_future_starts_afresh(client, guide):
    full = bundle(client)
    data = bundle(client, since=full["seq"] + 100)
    assert data == full
    assert data["full"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/nirgendwo/ar/offline/manifest.json",
        "/kreis-offenbach/ru/offline/manifest.json",  # not offered
        "/api/v1/regions/kreis-offenbach/ru/bundle",
        "/kreis-offenbach/ar/offline/search.json".replace("kreis-offenbach", "offenbach-am-main"),
        "/kreis-offenbach/xx/offline/",
        "/kreis-offenbach/ru/offline/app.webmanifest",
    ],
)
def test_unknown_guides_answer_404(client, guide, url):
    assert client.get(url).status_code == 404


def test_another_regions_content_never_shows(client, guide, other_region):
    with scopes_disabled():
        services.region_language_add(actor=None, region=other_region, language=guide["lang"]["de"], is_source=True)
        services.region_language_add(actor=None, region=other_region, language=guide["lang"]["ar"])
    services.item_create(actor=None, region=other_region, model=Page, title="Fremde Seite", status="published")
    data = bundle(client)
    assert all(url.startswith(BASE) for _key, url in saved(data))
    assert "fremde-seite" not in json.dumps(data)
    assert "Fremde Seite" not in client.get(f"{BASE}offline/search.json").content.decode()
    other = client.get("/offenbach-am-main/ar/offline/manifest.json").json()
    assert other["bundle"] == "/api/v1/regions/offenbach-am-main/ar/bundle"
    assert client.get(other["bundle"]).json()["pages"][0]["url"] == "/offenbach-am-main/ar/fremde-seite/"


# ---------------------------------------------------------------------------- offline search


def test_search_documents_are_the_published_texts_in_the_language(client, guide):
    response = client.get(f"{BASE}offline/search.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    expected = [
        {"url": ar("دورات-اللغة"), "title": "دورات اللغة", "text": " دورات اندماج في منطقة أوفنباخ"},
        {
            "url": ar("دورات-اللغة/دورات-الألمانية-للنساء"),
            "title": "دورات الألمانية للنساء",
            "text": " دورة صباحية مع رعاية الأطفال",
        },
        {"url": ar("ärztliche-versorgung"), "title": "Ärztliche Versorgung", "text": " Ärztliche Versorgung"},
        {"url": ar("offers/استشارة-الهجرة"), "title": "استشارة الهجرة", "text": " استشارة مجانية"},
        {"url": ar("places/بلدية-ديتسنباخ"), "title": "بلدية ديتسنباخ", "text": " مكتب المواطنين"},
        {"url": ar("events/مقهى-اللغة"), "title": "مقهى اللغة", "text": " لقاء أسبوعي للمحادثة"},
    ]
    assert sorted(response.json(), key=lambda d: d["url"]) == sorted(expected, key=lambda d: d["url"])


def test_offline_search_finds_what_the_online_search_finds(client, guide):
    documents = [
        search.Document(d["url"], d["title"], d["text"]) for d in client.get(f"{BASE}offline/search.json").json()
    ]
    indexed = search.index(documents)
    for query in ["دورات", "دورة", "Arztlich", "استشارة"]:
        online = client.get(f"{BASE}search/", {"q": query}).content.decode()
        offline = [d.key for d in search.search(indexed, query)]
        assert offline, query
        assert [u for u in re.findall(r'href="([^"]+)"', online) if u in offline] == offline


# ---------------------------------------------------------------------------- the JS port


def _marks_class() -> str:
    ranges, start = [], None
    for cp in range(0x110001):
        marked = cp < 0x110000 and unicodedata.combining(chr(cp)) != 0
        if marked and start is None:
            start = cp
        if not marked and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return "".join(f"\\u{{{a:x}}}" if a == b else f"\\u{{{a:x}}}-\\u{{{b:x}}}" for a, b in ranges)


def test_js_port_uses_pythons_tables():
    js = OFFLINE_JS.read_text()
    assert f"const MARKS = /[{_marks_class()}]/gu;" in js
    fold = dict(re.findall(r'"(.)": "(..?)"', js.split("const FOLD = ", 1)[1].split("\n", 1)[0]))
    assert {chr(k): v for k, v in search._FOLD.items()} == fold
    assert f"const ENDINGS = {json.dumps(list(search.ENDINGS))};" in js.replace('", "', '", "')


# ---------------------------------------------------------------------------- the offline page


def test_offline_page_in_the_guides_language(client, guide):
    response = client.get(f"{BASE}offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'data-testid="offline-page" data-base="/kreis-offenbach/ar/"' in html
    html = client.get("/kreis-offenbach/en/offline/").content.decode()
    assert "<h1 data-offline-title>You are offline</h1>" in html
    assert "Save for offline use</button>" in html


@pytest.fixture
def lang_ar() -> Language:
    return Language.objects.get(code="ar")
