"""The offline guide's server side: web app manifest, service worker, the list of URLs to
save (in full and since a change number) and the offline search's documents."""

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

from wegweiser.guide import search, services
from wegweiser.guide.models import Event, GuideState, Imprint, Language, NewsItem, Offer, Page, Place

OFFLINE_JS = Path(__file__).resolve().parent.parent / "static" / "public" / "offline.js"
BASE = "/kreis-offenbach/ar/"


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


def manifest(client: Any, since: int | None = None) -> dict[str, Any]:
    url = f"{BASE}offline/manifest.json" + (f"?since={since}" if since is not None else "")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-cache"
    return response.json()


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


def test_manifest_lists_every_published_url(client, guide, region):
    data = manifest(client)
    women_seq = max(seq_of(guide["courses"]), seq_of(guide["women"]))
    all_seq = max(seq_of(guide[k]) for k in ["courses", "women", "doctors", "draft", "offer", "place", "event", "news"])
    all_seq = max(all_seq, seq_of(guide["imprint"]))
    assert data["region"] == "kreis-offenbach"
    assert data["language"] == "ar"
    assert data["seq"] == region_seq(region)
    assert "deleted" not in data
    assert data["entries"] == [
        {"key": f"item:{guide['courses'].pk}", "url": ar("دورات-اللغة"), "seq": seq_of(guide["courses"])},
        {"key": f"item:{guide['women'].pk}", "url": ar("دورات-اللغة/دورات-الألمانية-للنساء"), "seq": women_seq},
        {"key": f"item:{guide['doctors'].pk}", "url": ar("ärztliche-versorgung"), "seq": seq_of(guide["doctors"])},
        {"key": f"item:{guide['offer'].pk}", "url": ar("offers/استشارة-الهجرة"), "seq": seq_of(guide["offer"])},
        {"key": f"item:{guide['place'].pk}", "url": ar("places/بلدية-ديتسنباخ"), "seq": seq_of(guide["place"])},
        {"key": f"item:{guide['event'].pk}", "url": ar("events/مقهى-اللغة"), "seq": seq_of(guide["event"])},
        {"key": f"item:{guide['news'].pk}", "url": ar("news/دورات-جديدة"), "seq": seq_of(guide["news"])},
        {"key": f"item:{guide['imprint'].pk}", "url": ar("imprint"), "seq": seq_of(guide["imprint"])},
        {"key": "list:start", "url": BASE, "seq": all_seq},
        {"key": "list:offer", "url": ar("offers"), "seq": seq_of(guide["offer"])},
        {"key": "list:place", "url": ar("places"), "seq": seq_of(guide["place"])},
        {"key": "list:event", "url": ar("events"), "seq": seq_of(guide["event"])},
        {"key": "list:news", "url": ar("news"), "seq": seq_of(guide["news"])},
        {"key": "search", "url": BASE + "offline/search.json", "seq": all_seq},
    ]
    assets = data["assets"]
    assert assets[-2:] == [f"{BASE}offline/app.webmanifest", f"{BASE}offline/"]
    assert {"/static/public/offline.js", "/static/public/guide.css", "/static/wegweiser/icon.svg"} <= set(assets)
    assert all(a.endswith((".css", ".js", ".svg")) for a in assets[:-2])


def test_every_listed_url_answers(client, guide):
    data = manifest(client)
    for url in [e["url"] for e in data["entries"]] + data["assets"]:
        assert client.get(url).status_code == 200, url


def test_manifest_takes_the_same_number_of_queries_for_any_size(client, guide, region):
    client.get(f"{BASE}offline/manifest.json")  # warm up
    with CaptureQueriesContext(connection) as small:
        client.get(f"{BASE}offline/manifest.json")
    for n in range(5):
        services.item_create(actor=None, region=region, model=Page, title=f"Seite {n}", status="published")
    with CaptureQueriesContext(connection) as large:
        client.get(f"{BASE}offline/manifest.json")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_since_lists_only_what_changed(client, guide, region, lang_ar):
    seq = manifest(client)["seq"]
    assert manifest(client, since=seq) | {"assets": []} == {
        "region": "kreis-offenbach",
        "language": "ar",
        "seq": seq,
        "since": seq,
        "entries": [],
        "assets": [],
        "deleted": [],
        "deleted_keys": [],
    }
    services.text_save(actor=None, item=guide["offer"], language=lang_ar, title="استشارة الهجرة", body="<p>جديد</p>")
    new = seq_of(guide["offer"])
    data = manifest(client, since=seq)
    assert data["seq"] == new == seq + 1
    assert data["entries"] == [
        {"key": f"item:{guide['offer'].pk}", "url": ar("offers/استشارة-الهجرة"), "seq": new},
        {"key": "list:start", "url": BASE, "seq": new},
        {"key": "list:offer", "url": ar("offers"), "seq": new},
        {"key": "search", "url": BASE + "offline/search.json", "seq": new},
    ]
    assert (data["deleted"], data["deleted_keys"]) == ([], [])


def test_renaming_a_page_changes_its_subpages_urls(client, guide, lang_ar):
    seq = manifest(client)["seq"]
    services.text_save(actor=None, item=guide["courses"], language=lang_ar, title="دورات", body="<p>دورات</p>")
    new = seq_of(guide["courses"])
    entries = manifest(client, since=seq)["entries"]
    assert entries[:2] == [
        {"key": f"item:{guide['courses'].pk}", "url": ar("دورات"), "seq": new},
        {"key": f"item:{guide['women'].pk}", "url": ar("دورات/دورات-الألمانية-للنساء"), "seq": new},
    ]


def test_unpublished_items_are_deleted_and_drafts_stay_secret(client, guide, region):
    seq = manifest(client)["seq"]
    services.item_set_status(actor=None, item=guide["courses"], status="draft")  # hides its subpage too
    services.item_set_status(actor=None, item=guide["offer"], status="archived")
    fresh = services.item_create(actor=None, region=region, model=Page, title="Noch geheim", status="draft")
    data = manifest(client, since=seq)
    assert data["deleted"] == sorted(
        [ar("دورات-اللغة"), ar("دورات-اللغة/دورات-الألمانية-للنساء"), ar("offers/استشارة-الهجرة")]
    )
    assert data["deleted_keys"] == sorted(
        [f"item:{guide['courses'].pk}", f"item:{guide['women'].pk}", f"item:{guide['offer'].pk}", f"item:{fresh.pk}"]
    )
    assert "noch-geheim" not in json.dumps(data)
    assert "مسودة" not in json.dumps(data, ensure_ascii=False)
    full = manifest(client)
    assert {e["key"] for e in full["entries"]}.isdisjoint(data["deleted_keys"])


def test_a_replaced_imprint_is_not_deleted(client, guide, region):
    seq = manifest(client)["seq"]
    services.item_set_status(actor=None, item=guide["imprint"], status="archived")
    new = services.item_create(actor=None, region=region, model=Imprint, title="Impressum 2026", status="published")
    data = manifest(client, since=seq)
    assert {"key": f"item:{new.pk}", "url": ar("imprint"), "seq": seq_of(new)} in data["entries"]
    assert data["deleted"] == []
    assert data["deleted_keys"] == [f"item:{guide['imprint'].pk}"]


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "", "٣", "9" * 19])
def test_a_bad_since_is_refused(client, guide, since):
    """The error speaks the guide's language (here Arabic), whatever the browser prefers."""
    response = client.get(f"{BASE}offline/manifest.json", {"since": since}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"error": "«since» يجب أن يكون عددًا صحيحًا يساوي 0 أو أكبر."}


def test_a_since_from_the_future_starts_afresh(client, guide):
    full = manifest(client)
    data = manifest(client, since=full["seq"] + 100)
    assert data["reset"] is True
    assert data["entries"] == full["entries"]
    assert "deleted" not in data


@pytest.mark.parametrize(
    "url",
    [
        "/nirgendwo/ar/offline/manifest.json",
        "/kreis-offenbach/ru/offline/manifest.json",  # not offered
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
    data = manifest(client)
    assert all(e["url"].startswith(BASE) for e in data["entries"])
    assert "fremde-seite" not in json.dumps(data)
    assert "Fremde Seite" not in client.get(f"{BASE}offline/search.json").content.decode()
    other = client.get("/offenbach-am-main/ar/offline/manifest.json").json()
    assert other["entries"][0]["url"] == "/offenbach-am-main/ar/fremde-seite/"


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
