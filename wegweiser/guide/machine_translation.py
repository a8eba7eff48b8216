"""Machine translation: one small adapter per service behind one interface.

An adapter turns a list of texts into their translations, in order, or raises
``MachineTranslationError`` with a message for the person who asked. The only outbound
call is an HTTP POST through the standard library with a timeout; nothing is saved here
(``translation_services.machine_translate`` saves the result, labelled machine-translated).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.guide.models import ContentItem, Language, MachineTranslationConfig, RegionLanguage
from wegweiser.tenancy.models import Region

TIMEOUT = 10.0  # seconds per connection attempt and per read
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


class MachineTranslationError(Exception):
    """The service could not translate. ``str(error)`` is the message for the user, in
    the language that was active when it was raised."""


class Translator(Protocol):
    def translate(self, texts: list[str], *, source: str, target: str, html: bool) -> list[str]:
        """``texts`` translated from ``source`` to ``target`` (Wegweiser language codes)."""
        ...


def _post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str], timeout: float) -> Any:
    """POST ``payload`` as JSON and return the decoded answer; every failure becomes one
    ``MachineTranslationError``."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise MachineTranslationError(_("The address of the translation service must start with http:// or https://."))
    request = urllib.request.Request(  # noqa: S310 (only http and https, checked above)
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise MachineTranslationError(_http_error_message(error.code)) from error
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut off
        raise MachineTranslationError(
            _("The translation service cannot be reached. Please try again later or check its address.")
        ) from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise MachineTranslationError(_("The translation service sent an answer that is too large."))
    try:
        return json.loads(body)
    except ValueError as error:
        raise MachineTranslationError(_("The translation service sent an answer that cannot be read.")) from error


def _http_error_message(status: int) -> str:
    if status in (401, 403):
        return _("The translation service did not accept the API key.")
    if status in (429, 456):
        return _("The translation service's limit has been reached. Please try again later.")
    if status == 400:
        return _("The translation service refused the request; it may not support this language.")
    return _("The translation service answered with an error (HTTP %(status)s).") % {"status": status}


def _bad_answer() -> MachineTranslationError:
    return MachineTranslationError(_("The translation service sent an answer that cannot be read."))


def _unsupported(code: str) -> MachineTranslationError:
    return MachineTranslationError(
        _("The translation service cannot translate into or from this language (%(code)s).") % {"code": code}
    )


# No service writes Leichte Sprache: it is written by people.
NOT_MACHINE_TRANSLATABLE = frozenset({"de-si"})


def _checked_strings(values: Any, count: int) -> list[str]:
    if not isinstance(values, list) or len(values) != count or not all(isinstance(v, str) for v in values):
        raise _bad_answer()
    return values


@dataclass(frozen=True)
class LibreTranslateAdapter:
    """LibreTranslate (self-hosted or libretranslate.com): ``POST {url}/translate``."""

    url: str
    api_key: str = ""
    timeout: float = TIMEOUT

    def translate(self, texts: list[str], *, source: str, target: str, html: bool) -> list[str]:
        for code in (source, target):
            if code in NOT_MACHINE_TRANSLATABLE:
                raise _unsupported(code)
        if not texts:
            return []
        payload: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "html" if html else "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = _post_json(f"{self.url.rstrip('/')}/translate", payload, headers={}, timeout=self.timeout)
        if not isinstance(answer, dict):
            raise _bad_answer()
        return _checked_strings(answer.get("translatedText"), len(texts))


# DeepL's language codes (https://developers.deepl.com/docs/resources/supported-languages).
_DEEPL_COMMON = {
    "ar", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "hu", "id", "it", "ja", "ko",
    "lt", "lv", "nb", "nl", "pl", "ro", "ru", "sk", "sl", "sv", "tr", "uk",
}  # fmt: skip
DEEPL_SOURCE = {code: code.upper() for code in _DEEPL_COMMON} | {"en": "EN", "pt": "PT", "zh": "ZH"}
DEEPL_TARGET = {code: code.upper() for code in _DEEPL_COMMON} | {"en": "EN-GB", "pt": "PT-PT", "zh": "ZH"}
DEEPL_BATCH = 50  # DeepL takes at most 50 texts per request


@dataclass(frozen=True)
class DeepLAdapter:
    """DeepL API (Free: https://api-free.deepl.com, Pro: https://api.deepl.com): ``POST {url}/v2/translate``."""

    url: str
    api_key: str
    timeout: float = TIMEOUT

    def translate(self, texts: list[str], *, source: str, target: str, html: bool) -> list[str]:
        source_lang, target_lang = DEEPL_SOURCE.get(source), DEEPL_TARGET.get(target)
        if source_lang is None:
            raise _unsupported(source)
        if target_lang is None:
            raise _unsupported(target)
        result: list[str] = []
        for start in range(0, len(texts), DEEPL_BATCH):
            batch = texts[start : start + DEEPL_BATCH]
            payload: dict[str, Any] = {"text": batch, "source_lang": source_lang, "target_lang": target_lang}
            if html:
                payload["tag_handling"] = "html"
            answer = _post_json(
                f"{self.url.rstrip('/')}/v2/translate",
                payload,
                headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
                timeout=self.timeout,
            )
            translations = answer.get("translations") if isinstance(answer, dict) else None
            if not isinstance(translations, list):
                raise _bad_answer()
            result += _checked_strings(
                [t.get("text") if isinstance(t, dict) else None for t in translations], len(batch)
            )
        return result


def machine_translation_config_get(*, region: Region) -> MachineTranslationConfig | None:
    return MachineTranslationConfig.objects.filter(region=region).first()


def translator_for(config: MachineTranslationConfig | None) -> Translator:
    """The adapter the region has configured; an error when machine translation is off."""
    if config is None or not config.is_enabled:
        raise MachineTranslationError(_("Machine translation is not set up for this region."))
    if config.provider == MachineTranslationConfig.Provider.LIBRETRANSLATE:
        return LibreTranslateAdapter(url=config.url, api_key=config.api_key)
    if config.provider == MachineTranslationConfig.Provider.DEEPL:
        return DeepLAdapter(url=config.url, api_key=config.api_key)
    raise MachineTranslationError(_("Machine translation is not set up for this region."))


def machine_translation_offered(*, item: ContentItem, language: Language) -> bool:
    """Whether the side-by-side view offers "Machine-translate" for ``item`` in ``language``:
    the region has a service and ``language`` is one of its target languages."""
    with scope(region=item.region):
        config = machine_translation_config_get(region=item.region)
        if config is None or not config.is_enabled or language.code in NOT_MACHINE_TRANSLATABLE:
            return False
        return RegionLanguage.objects.filter(region=item.region, language=language, is_source=False).exists()


@dataclass(frozen=True)
class Texts:
    """The translatable texts of one item in one language."""

    title: str
    summary: str = ""
    body: str = ""  # HTML
    fields: dict[str, str] = field(default_factory=dict)


def _translate_filled(translator: Translator, texts: list[str], *, source: str, target: str, html: bool) -> list[str]:
    """Translate only the non-empty texts (empty ones stay empty, and cost nothing)."""
    positions = [i for i, text in enumerate(texts) if text.strip()]
    result = [""] * len(texts)
    if positions:
        translated = translator.translate([texts[i] for i in positions], source=source, target=target, html=html)
        if len(translated) != len(positions):
            raise _bad_answer()
        for i, text in zip(positions, translated, strict=True):
            result[i] = text
    return result


def texts_translate(translator: Translator, items: Sequence[Texts], *, source: str, target: str) -> list[Texts]:
    """Translate several items' texts with two requests: one for the plain texts (titles,
    summaries, further fields), one for the HTML bodies."""
    plain: list[str] = []
    for texts in items:
        plain += [texts.title, texts.summary, *texts.fields.values()]
    plain_out = iter(_translate_filled(translator, plain, source=source, target=target, html=False))
    bodies_out = _translate_filled(translator, [t.body for t in items], source=source, target=target, html=True)
    result = []
    for texts, body in zip(items, bodies_out, strict=True):
        title, summary = next(plain_out), next(plain_out)
        fields = {name: next(plain_out) for name in texts.fields}
        result.append(Texts(title=title, summary=summary, body=body, fields=fields))
    return result
