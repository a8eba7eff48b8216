"""Machine translation against a small fake service on 127.0.0.1 that checks each request
the way LibreTranslate and DeepL would, and answers like them."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation as django_translation
from django_scopes import scope

from wegweiser.audit.models import AuditEntry
from wegweiser.guide import services, translation_services
from wegweiser.guide.machine_translation import (
    DeepLAdapter,
    LibreTranslateAdapter,
    MachineTranslationError,
    machine_translation_offered,
)
from wegweiser.guide.models import ContentItem, MachineTranslationConfig, Page, Translation, TranslationVersion

pytestmark = pytest.mark.django_db


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeService:
    """A translation service on 127.0.0.1: LibreTranslate at /translate, DeepL at /v2/translate.
    It prefixes each text with the target language, e.g. "[ar] Sprachkurse"."""

    url: str = ""
    api_key: str = "geheim"
    seen: list[Seen] = field(default_factory=list)
    reply: Callable[[Seen], tuple[int, bytes]] | None = None  # replaces the normal answer
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, request: Seen) -> tuple[int, bytes]:
        if self.reply is not None:
            return self.reply(request)
        body = request.body
        if request.path == "/translate":
            if body.get("api_key") != self.api_key:
                return 403, b'{"error": "Invalid API key"}'
            texts = [f"[{body['target']}] {text}" for text in body["q"]]
            return 200, json.dumps({"translatedText": texts}).encode()
        if request.path == "/v2/translate":
            if request.headers.get("Authorization") != f"DeepL-Auth-Key {self.api_key}":
                return 403, b'{"message": "Wrong key"}'
            texts = [{"detected_source_language": "DE", "text": f"[{body['target_lang']}] {t}"} for t in body["text"]]
            return 200, json.dumps({"translations": texts}).encode()
        return 404, b"{}"


@pytest.fixture
def fake_service() -> Iterator[FakeService]:
    service = FakeService()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            request = Seen(path=self.path, headers=dict(self.headers), body=json.loads(raw))
            service.seen.append(request)
            status, data = service.answer(request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    service.release.set()
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def coordinator(member, guide_region):
    return member("coordinator", region=guide_region)


@pytest.fixture
def libretranslate(fake_service, guide_region, coordinator):
    translation_services.machine_translation_config_update(
        actor=coordinator, region=guide_region, provider="libretranslate", url=fake_service.url, api_key="geheim"
    )
    return fake_service


def make_page(editor, region, title="Sprachkurse", **texts):
    texts.setdefault("body", "<p>Deutschkurse für <strong>Frauen</strong></p>")
    return services.item_create(actor=editor, region=region, model=Page, title=title, **texts)


def current(item, code):
    with scope(region=item.region):
        return Translation.objects.filter(item=item, language__code=code).first()


# The adapters ------------------------------------------------------------------------


def test_libretranslate_adapter_sends_what_the_api_expects(fake_service):
    adapter = LibreTranslateAdapter(url=fake_service.url + "/", api_key="geheim")
    result = adapter.translate(["<p>Hallo</p>", "<p>Welt</p>"], source="de", target="ar", html=True)
    assert result == ["[ar] <p>Hallo</p>", "[ar] <p>Welt</p>"]
    [request] = fake_service.seen
    assert request.path == "/translate"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "q": ["<p>Hallo</p>", "<p>Welt</p>"],
        "source": "de",
        "target": "ar",
        "format": "html",
        "api_key": "geheim",
    }


def test_libretranslate_adapter_without_key_sends_none(fake_service):
    fake_service.api_key = None
    adapter = LibreTranslateAdapter(url=fake_service.url)
    assert adapter.translate(["Hallo"], source="de", target="uk", html=False) == ["[uk] Hallo"]
    assert fake_service.seen[0].body == {"q": ["Hallo"], "source": "de", "target": "uk", "format": "text"}


def test_deepl_adapter_maps_languages_sends_the_key_and_batches_by_fifty(fake_service):
    adapter = DeepLAdapter(url=fake_service.url, api_key="geheim")
    texts = [f"Satz {n}" for n in range(60)]
    result = adapter.translate(texts, source="de", target="en", html=True)
    assert result == [f"[EN-GB] Satz {n}" for n in range(60)]
    assert [len(r.body["text"]) for r in fake_service.seen] == [50, 10]
    first = fake_service.seen[0]
    assert first.path == "/v2/translate"
    assert first.headers["Authorization"] == "DeepL-Auth-Key geheim"
    assert {k: v for k, v in first.body.items() if k != "text"} == {
        "source_lang": "DE",
        "target_lang": "EN-GB",
        "tag_handling": "html",
    }
    adapter.translate(["Kurs"], source="de", target="uk", html=False)
    assert fake_service.seen[-1].body == {"text": ["Kurs"], "source_lang": "DE", "target_lang": "UK"}


def test_deepl_adapter_refuses_a_language_it_does_not_know_without_asking(fake_service):
    adapter = DeepLAdapter(url=fake_service.url, api_key="geheim")
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo"], source="de", target="fa", html=False)
    assert str(error.value) == "The translation service cannot translate into or from this language (fa)."
    assert fake_service.seen == []


def test_deepl_wrong_key_is_a_clear_error(fake_service):
    adapter = DeepLAdapter(url=fake_service.url, api_key="falsch")
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo"], source="de", target="ar", html=False)
    assert str(error.value) == "The translation service did not accept the API key."


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"{}", "The translation service answered with an error (HTTP 500)."),
        (
            400,
            b'{"error": "ar is not supported"}',
            "The translation service refused the request; it may not support this language.",
        ),
        (429, b"{}", "The translation service's limit has been reached. Please try again later."),
        (200, b"<html>not json</html>", "The translation service sent an answer that cannot be read."),
        (200, b'{"translatedText": ["only one"]}', "The translation service sent an answer that cannot be read."),
        (200, b'{"translatedText": [1, 2]}', "The translation service sent an answer that cannot be read."),
    ],
)
def test_service_failures_become_one_clear_error(fake_service, status, body, message):
    fake_service.reply = lambda request: (status, body)
    adapter = LibreTranslateAdapter(url=fake_service.url, api_key="geheim")
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo", "Welt"], source="de", target="ar", html=False)
    assert str(error.value) == message


def test_timeout_is_a_clear_error(fake_service):
    def slow(request):
        fake_service.release.wait(5)
        return 200, b'{"translatedText": ["late"]}'

    fake_service.reply = slow
    adapter = LibreTranslateAdapter(url=fake_service.url, api_key="geheim", timeout=0.2)
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo"], source="de", target="ar", html=False)
    assert str(error.value) == "The translation service cannot be reached. Please try again later or check its address."


def test_refused_connection_is_a_clear_error():
    adapter = LibreTranslateAdapter(url=f"http://127.0.0.1:{free_port()}")
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo"], source="de", target="ar", html=False)
    assert str(error.value) == "The translation service cannot be reached. Please try again later or check its address."


def test_only_http_addresses_are_called():
    adapter = LibreTranslateAdapter(url="file:///etc")
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        adapter.translate(["Hallo"], source="de", target="ar", html=False)
    assert str(error.value) == "The address of the translation service must start with http:// or https://."


# Translating an item -----------------------------------------------------------------


def test_machine_translate_saves_the_source_text_translated_and_labelled(editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region, summary="Kurse in der Nähe", fields={"hint": "Anmeldung nötig"})
    translation = translation_services.machine_translate(actor=editor, item=page, language=lang("ar"))

    assert (translation.title, translation.summary, translation.body, translation.fields) == (
        "[ar] Sprachkurse",
        "[ar] Kurse in der Nähe",
        "[ar] <p>Deutschkurse für <strong>Frauen</strong></p>",
        {"hint": "[ar] Anmeldung nötig"},
    )
    assert (translation.status, translation.source_major, translation.version) == ("machine", 1, 1)
    with scope(region=guide_region):
        version = TranslationVersion.objects.get(item=page, language__code="ar")
    assert (version.is_machine, version.author) == (True, editor)
    plain, html = libretranslate.seen
    assert (plain.body["format"], plain.body["q"]) == (
        "text",
        ["Sprachkurse", "Kurse in der Nähe", "Anmeldung nötig"],
    )
    assert (html.body["format"], html.body["q"]) == ("html", ["<p>Deutschkurse für <strong>Frauen</strong></p>"])

    services.translation_approve(actor=editor, item=page, language=lang("ar"))
    assert current(page, "ar").status == "up_to_date"


def test_machine_translation_records_the_source_version_it_was_made_from(editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region)
    services.text_save(actor=editor, item=page, language=lang("de"), title="Sprachkurse und Integrationskurse")
    translation_services.machine_translate(actor=editor, item=page, language=lang("uk"))
    translation = current(page, "uk")
    assert (translation.title, translation.source_major, translation.status) == (
        "[uk] Sprachkurse und Integrationskurse",
        2,
        "machine",
    )
    # The new German text has no summary and no body: only the title is sent.
    assert [r.body["q"] for r in libretranslate.seen] == [["Sprachkurse und Integrationskurse"]]


def test_a_failing_service_saves_nothing(editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region)
    libretranslate.reply = lambda request: (500, b"{}")
    with pytest.raises(MachineTranslationError):
        translation_services.machine_translate(actor=editor, item=page, language=lang("ar"))
    assert current(page, "ar") is None


def test_nothing_is_sent_without_a_configured_service(editor, guide_region, lang, coordinator, fake_service):
    page = make_page(editor, guide_region)
    with django_translation.override("en"), pytest.raises(MachineTranslationError) as error:
        translation_services.machine_translate(actor=editor, item=page, language=lang("ar"))
    assert str(error.value) == "Machine translation is not set up for this region."
    translation_services.machine_translation_config_update(
        actor=coordinator, region=guide_region, provider="", url=fake_service.url
    )
    with pytest.raises(MachineTranslationError):
        translation_services.machine_translate(actor=editor, item=page, language=lang("ar"))
    assert fake_service.seen == []


def test_only_editors_may_machine_translate(member, editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region)
    with pytest.raises(PermissionDenied):
        translation_services.machine_translate(
            actor=member("read_only", region=guide_region), item=page, language=lang("ar")
        )
    assert libretranslate.seen == []


def test_only_target_languages_of_the_region(editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region)
    for code in ["de", "ru"]:  # the source; a language the region does not offer
        with django_translation.override("en"), pytest.raises(ValidationError) as error:
            translation_services.machine_translate(actor=editor, item=page, language=lang(code))
        assert error.value.messages == ["Choose one of the region's target languages."]
    assert libretranslate.seen == []


def test_leichte_sprache_is_never_machine_translated(editor, guide_region, lang, libretranslate):
    services.region_language_add(actor=None, region=guide_region, language=lang("de-si"))
    page = make_page(editor, guide_region)
    assert machine_translation_offered(item=page, language=lang("de-si")) is False
    with pytest.raises(MachineTranslationError):
        translation_services.machine_translate(actor=editor, item=page, language=lang("de-si"))
    assert libretranslate.seen == []


def test_offered_only_with_a_service_and_for_target_languages(editor, guide_region, lang, coordinator, fake_service):
    page = make_page(editor, guide_region)
    assert machine_translation_offered(item=page, language=lang("ar")) is False
    translation_services.machine_translation_config_update(
        actor=coordinator, region=guide_region, provider="libretranslate", url=fake_service.url
    )
    with scope(region=guide_region):
        assert [machine_translation_offered(item=page, language=lang(c)) for c in ["ar", "de", "ru"]] == [
            True,
            False,
            False,
        ]


# All missing texts of a language -----------------------------------------------------


def test_machine_translate_missing_fills_only_what_is_missing(editor, guide_region, lang, libretranslate):
    first = make_page(editor, guide_region, title="Erste Schritte")
    second = make_page(editor, guide_region, title="Wohnen")
    done = make_page(editor, guide_region, title="Arbeit")
    archived = make_page(editor, guide_region, title="Alt")
    services.item_set_status(actor=editor, item=archived, status=ContentItem.Status.ARCHIVED)
    services.text_save(actor=editor, item=done, language=lang("ar"), title="عمل")

    outcome = translation_services.machine_translate_missing(actor=editor, region=guide_region, language=lang("ar"))

    assert (outcome.translated, outcome.failed, outcome.remaining, outcome.error) == (2, [], 0, "")
    assert [current(p, "ar").title for p in (first, second, done)] == ["[ar] Erste Schritte", "[ar] Wohnen", "عمل"]
    assert current(archived, "ar") is None
    assert len(libretranslate.seen) == 2  # one request for the titles, one for the bodies
    with scope(region=guide_region):
        entry = AuditEntry.objects.filter(action="guide.machine_translation.missing_translated").get()
    assert entry.changes == {"language": {"before": None, "after": "ar"}, "translated": {"before": None, "after": 2}}


def test_machine_translate_missing_is_bounded(editor, guide_region, lang, libretranslate):
    pages = [make_page(editor, guide_region, title=f"Seite {n}") for n in range(3)]
    outcome = translation_services.machine_translate_missing(
        actor=editor, region=guide_region, language=lang("tr"), limit=2
    )
    assert (outcome.translated, outcome.remaining) == (2, 1)
    assert [current(p, "tr") is not None for p in pages] == [True, True, False]


def test_machine_translate_missing_stops_when_the_service_fails(editor, guide_region, lang, libretranslate):
    make_page(editor, guide_region)
    libretranslate.reply = lambda request: (502, b"")
    with django_translation.override("en"):
        outcome = translation_services.machine_translate_missing(actor=editor, region=guide_region, language=lang("ar"))
    assert (outcome.translated, outcome.remaining, outcome.error) == (
        0,
        1,
        "The translation service answered with an error (HTTP 502).",
    )
    with scope(region=guide_region):
        assert Translation.objects.filter(language__code="ar").count() == 0


def test_machine_translate_missing_reports_an_item_it_cannot_save(editor, guide_region, lang, libretranslate):
    page = make_page(editor, guide_region, title="T" * 246)  # "[fa] " makes it 251 characters
    with django_translation.override("en"):
        outcome = translation_services.machine_translate_missing(actor=editor, region=guide_region, language=lang("fa"))
    assert (outcome.translated, [(i.pk, why) for i, why in outcome.failed]) == (
        0,
        [(page.pk, "The title may have at most 250 characters.")],
    )


# Settings ---------------------------------------------------------------------------


def test_settings_are_audited_without_the_key(coordinator, guide_region):
    update = translation_services.machine_translation_config_update
    update(actor=coordinator, region=guide_region, provider="deepl", url="https://api-free.deepl.com", api_key="s3cr3t")
    update(actor=coordinator, region=guide_region, provider="deepl", url="https://api-free.deepl.com", api_key="")
    update(
        actor=coordinator,
        region=guide_region,
        provider="libretranslate",
        url="https://lt.example.org",
        remove_api_key=True,
    )

    with scope(region=guide_region):
        config = MachineTranslationConfig.objects.get(region=guide_region)
        entries = list(
            AuditEntry.objects.filter(action="guide.machine_translation.changed")
            .order_by("pk")
            .values_list("changes", flat=True)
        )
    assert (config.provider, config.url, config.api_key) == ("libretranslate", "https://lt.example.org", "")
    assert entries == [
        {
            "provider": {"before": "", "after": "deepl"},
            "url": {"before": "", "after": "https://api-free.deepl.com"},
            "api_key": {"before": None, "after": "changed"},
        },
        {
            "provider": {"before": "deepl", "after": "libretranslate"},
            "url": {"before": "https://api-free.deepl.com", "after": "https://lt.example.org"},
            "api_key": {"before": None, "after": "removed"},
        },
    ]
    assert "s3cr3t" not in json.dumps(entries)


@pytest.mark.parametrize(
    ("provider", "url", "api_key", "errors"),
    [
        ("google", "https://x.example", "", {"provider": ["Choose a service from the list."]}),
        ("libretranslate", "", "", {"url": ["Enter the address of the translation service."]}),
        ("libretranslate", "ftp://x.example", "", {"url": ["Enter an address that starts with https://."]}),
        ("deepl", "https://api.deepl.com", "", {"api_key": ["DeepL needs an API key."]}),
        ("deepl", "https://api.deepl.com", "k" * 201, {"api_key": ["The API key may have at most 200 characters."]}),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_saved(coordinator, guide_region, provider, url, api_key, errors):
    with django_translation.override("en"), pytest.raises(ValidationError) as error:
        translation_services.machine_translation_config_update(
            actor=coordinator, region=guide_region, provider=provider, url=url, api_key=api_key
        )
    assert error.value.message_dict == errors
    with scope(region=guide_region):
        assert MachineTranslationConfig.objects.filter(region=guide_region).exists() is False
        assert AuditEntry.objects.filter(action="guide.machine_translation.changed").exists() is False


def test_only_coordinators_change_the_settings(editor, guide_region):
    with pytest.raises(PermissionDenied):
        translation_services.machine_translation_config_update(
            actor=editor, region=guide_region, provider="libretranslate", url="https://lt.example.org"
        )
