"""Writes of the translation tooling: the region's machine translation settings, machine
translation of items, and the import of XLIFF files from translation agencies.

Texts are always saved through ``guide.services.text_save``, which keeps statuses, versions
and the change counter right. Calls to a translation service happen outside any database
transaction, so a slow service never holds a lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between
from wegweiser.core.html import clean_html
from wegweiser.guide import services
from wegweiser.guide.machine_translation import (
    MachineTranslationError,
    Texts,
    machine_translation_config_get,
    texts_translate,
    translator_for,
)
from wegweiser.guide.models import ContentItem, Language, MachineTranslationConfig, RegionLanguage, Translation
from wegweiser.guide.permissions import EDIT_CONTENT, MANAGE_LANGUAGES
from wegweiser.guide.xliff import XliffFile, xliff_parse
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import permission_require

MAX_BULK = 200  # items per bulk machine translation
BATCH = 20  # items per request to the service
API_KEY_MAX = 200


def machine_translation_config_update(
    *, actor: User, region: Region, provider: str, url: str, api_key: str = "", remove_api_key: bool = False
) -> MachineTranslationConfig:
    """Set the region's translation service. An empty ``api_key`` keeps the one stored;
    the key itself never goes into the audit log."""
    Provider = MachineTranslationConfig.Provider
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LANGUAGES)
        if provider not in Provider.values:
            raise ValidationError({"provider": _("Choose a service from the list.")})
        url, api_key = url.strip(), api_key.strip()
        try:
            if url:
                URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError({"url": _("Enter an address that starts with https://.")}) from None
        if len(api_key) > API_KEY_MAX:
            raise ValidationError({"api_key": _("The API key may have at most 200 characters.")})
        config = MachineTranslationConfig.objects.select_for_update().filter(region=region).first()
        if config is None:
            config = MachineTranslationConfig(region=region)
        key = "" if remove_api_key else (api_key or config.api_key)
        if provider and not url:
            raise ValidationError({"url": _("Enter the address of the translation service.")})
        if provider == Provider.DEEPL and not key:
            raise ValidationError({"api_key": _("DeepL needs an API key.")})
        changes = changes_between({"provider": config.provider, "url": config.url}, {"provider": provider, "url": url})
        if key != config.api_key:
            changes["api_key"] = {"before": None, "after": "changed" if key else "removed"}
        config.provider, config.url, config.api_key = provider, url, key
        config.save()
        if changes:
            audit_record(
                actor=actor, action="guide.machine_translation.changed", target=config, region=region, changes=changes
            )
    return config


def _source_for_target(region: Region, language: Language) -> Language:
    """The region's source language, after checking that ``language`` is a target language."""
    languages = {rl.language_id: rl for rl in RegionLanguage.objects.filter(region=region).select_related("language")}
    target = languages.get(language.pk)
    if target is None or target.is_source:
        raise ValidationError(_("Choose one of the region's target languages."))
    source = next((rl.language for rl in languages.values() if rl.is_source), None)
    if source is None:
        raise ValidationError(_("This region has no source language yet."))
    return source


def _texts(translation: Translation) -> Texts:
    fields = {str(name): str(value) for name, value in translation.fields.items()}
    return Texts(title=translation.title, summary=translation.summary, body=translation.body, fields=fields)


def _save_machine(
    actor: User | None, item: ContentItem, language: Language, texts: Texts, made_from: int
) -> Translation:
    return services.text_save(
        actor=actor,
        item=item,
        language=language,
        title=texts.title,
        summary=texts.summary,
        body=texts.body,
        fields=dict(texts.fields),
        is_machine=True,
        based_on_source=made_from,
    )


def machine_translate(*, actor: User | None, item: ContentItem, language: Language) -> Translation:
    """Translate the item's current source text into ``language`` and save it labelled
    machine-translated, made from the source version that was translated."""
    region = item.region
    with scope(region=region):
        permission_require(actor=actor, region=region, permission=EDIT_CONTENT)
        source = _source_for_target(region, language)
        translator = translator_for(machine_translation_config_get(region=region))
        original = Translation.objects.filter(item=item, language=source).first()
        if original is None:
            raise ValidationError(_("This item has no source text yet."))
    [translated] = texts_translate(translator, [_texts(original)], source=source.code, target=language.code)
    return _save_machine(actor, item, language, translated, original.source_major)


def _save_if_still_missing(
    actor: User | None, region: Region, original: Translation, language: Language, texts: Texts
) -> bool:
    with transaction.atomic(), scope(region=region):
        # The item's row lock orders this against an editor saving a text of the same item.
        ContentItem.objects.select_for_update().filter(pk=original.item_id).first()
        if Translation.objects.filter(item_id=original.item_id, language=language).exists():
            return False
        _save_machine(actor, original.item, language, texts, original.source_major)
    return True


@dataclass
class BulkOutcome:
    translated: int = 0
    failed: list[tuple[ContentItem, str]] = field(default_factory=list)  # item, why
    remaining: int = 0  # still missing afterwards
    error: str = ""  # the service failed: the run stopped here


def machine_translate_missing(
    *, actor: User | None, region: Region, language: Language, limit: int = MAX_BULK
) -> BulkOutcome:
    """Machine-translate up to ``limit`` (at most 200) items that have no text in
    ``language`` yet, oldest first. A translation someone saved meanwhile is kept."""
    limit = max(1, min(limit, MAX_BULK))
    with scope(region=region):
        permission_require(actor=actor, region=region, permission=EDIT_CONTENT)
        source = _source_for_target(region, language)
        translator = translator_for(machine_translation_config_get(region=region))
        missing = (
            ContentItem.objects.filter(region=region)
            .exclude(status=ContentItem.Status.ARCHIVED)
            .exclude(pk__in=Translation.objects.filter(region=region, language=language).values("item_id"))
            .order_by("pk")
        )
        originals = {
            t.item_id: t
            for t in Translation.objects.filter(
                region=region, language=source, item__in=list(missing.values_list("pk", flat=True)[:limit])
            ).select_related("item")
        }
    outcome = BulkOutcome()
    todo = [originals[pk] for pk in sorted(originals)]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        try:
            translated = texts_translate(
                translator, [_texts(t) for t in batch], source=source.code, target=language.code
            )
        except MachineTranslationError as error:
            outcome.error = str(error)
            break
        for original, texts in zip(batch, translated, strict=True):
            try:
                is_saved = _save_if_still_missing(actor, region, original, language, texts)
            except ValidationError as error:
                outcome.failed.append((original.item, " ".join(error.messages)))
            else:
                outcome.translated += is_saved
    with scope(region=region):
        outcome.remaining = missing.count()
    if outcome.translated:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="guide.machine_translation.missing_translated",
                region=region,
                changes={
                    "language": {"before": None, "after": language.code},
                    "translated": {"before": None, "after": outcome.translated},
                },
            )
    return outcome


@dataclass(frozen=True)
class ImportLine:
    """What the import did with one item of the file."""

    RESULT_SAVED = "saved"
    RESULT_UNCHANGED = "unchanged"
    RESULT_SKIPPED = "skipped"  # no translated title in the file

    original: str
    item: ContentItem
    language: Language
    title: str
    result: str
    status: str  # the translation's status afterwards ("" if there is none)
    made_from: int
    source_major: int


def _file_texts(file: XliffFile) -> Texts:
    fields = {unit[len("fields.") :]: text for unit, text in file.targets.items() if unit.startswith("fields.")}
    return Texts(
        title=file.targets.get("title", "").strip(),
        summary=file.targets.get("summary", ""),
        body=file.targets.get("body", ""),
        fields=fields,
    )


def _is_unchanged(current: Translation | None, texts: Texts, made_from: int) -> bool:
    if current is None or current.source_major != made_from:
        return False
    fields = {name: value.strip() for name, value in texts.fields.items() if value.strip()}
    return (current.title, current.summary, current.body, current.fields) == (
        texts.title,
        texts.summary.strip(),
        clean_html(texts.body),
        fields,
    )


def _language_lookup(region: Region) -> tuple[Language, dict[str, RegionLanguage]]:
    languages: dict[str, RegionLanguage] = {}
    source = None
    for rl in RegionLanguage.objects.filter(region=region).select_related("language"):
        languages[rl.language.code.lower()] = languages[rl.language.bcp47_tag.lower()] = rl
        if rl.is_source:
            source = rl.language
    if source is None:
        raise ValidationError(_("This region has no source language yet."))
    return source, languages


def xliff_import(*, actor: User | None, region: Region, data: bytes) -> list[ImportLine]:
    """Save the translations of an XLIFF 1.2 file, each as made from the source version
    recorded in the file: all of them, or (if anything is wrong) none."""
    files = xliff_parse(data)
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=EDIT_CONTENT)
        source, languages = _language_lookup(region)
        items = {item.pk: item for item in ContentItem.objects.filter(region=region, pk__in={f.item_id for f in files})}
        problems = []
        for file in files:
            item, target = items.get(file.item_id), languages.get(file.target_language.lower())
            if item is None or item.kind != file.kind:
                problems.append(_("%(original)s is not an item of this region.") % {"original": file.original})
            elif target is None or target.is_source:
                problems.append(
                    _("%(original)s: the region does not offer the target language “%(code)s”.")
                    % {"original": file.original, "code": file.target_language[:20]}
                )
            elif languages.get(file.source_language.lower()) is not languages[source.code.lower()]:
                problems.append(
                    _("%(original)s: the source language must be %(code)s.")
                    % {"original": file.original, "code": source.bcp47_tag}
                )
        if problems:
            raise ValidationError(problems)
        current = {
            (t.item_id, t.language_id): t for t in Translation.objects.filter(region=region, item__in=list(items))
        }
        lines = []
        for file in files:
            item, language = items[file.item_id], languages[file.target_language.lower()].language
            texts = _file_texts(file)
            translation = current.get((item.pk, language.pk))
            result = ImportLine.RESULT_SAVED
            if not texts.title:
                result = ImportLine.RESULT_SKIPPED
            elif _is_unchanged(translation, texts, file.source_version):
                result = ImportLine.RESULT_UNCHANGED
            else:
                try:
                    translation = services.text_save(
                        actor=actor,
                        item=item,
                        language=language,
                        title=texts.title,
                        summary=texts.summary,
                        body=texts.body,
                        fields=dict(texts.fields),
                        based_on_source=file.source_version,
                    )
                except ValidationError as error:
                    raise ValidationError(
                        _("%(original)s: %(error)s") % {"original": file.original, "error": " ".join(error.messages)}
                    ) from error
            lines.append(
                ImportLine(
                    original=file.original,
                    item=item,
                    language=language,
                    title=texts.title or file.original,
                    result=result,
                    status=translation.status if translation else "",
                    made_from=file.source_version,
                    source_major=item.source_major,
                )
            )
        saved = sum(line.result == ImportLine.RESULT_SAVED for line in lines)
        audit_record(
            actor=actor,
            action="guide.xliff.imported",
            region=region,
            changes={"items": {"before": None, "after": len(lines)}, "saved": {"before": None, "after": saved}},
        )
    return lines
