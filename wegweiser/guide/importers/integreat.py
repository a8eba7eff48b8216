"""Import of Integreat guide pages (API v3 ``pages`` exports) into a region.

The file in the region's source language (German) creates the pages: one published ``Page``
per Integreat page, ``external_id`` ``integreat:<integreat-region>:page:<German page id>``,
with the tree (by ``parent.path``, else ``parent.id``) and the order among siblings kept.
Files in other languages become translations of the German page they are linked to through
``available_languages``. Machine-translated plain texts (records with ``region``,
``de_page_id``, ``language``, ``title``, ``text``) become translations marked machine, but
never replace a person's translation.

Files are read and checked completely before anything is written, and the import runs in one
transaction. A text that has not changed is not saved again, so a second run of the same
files writes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scope

from wegweiser.core.html import clean_html, excerpt
from wegweiser.guide import services
from wegweiser.guide.importers.integreat_read import (
    IntegreatImportError,
    IntegreatPage,
    MachineText,
    PagesFile,
    machine_texts_read,
    pages_file_read,
)
from wegweiser.guide.models import ContentItem, Language, Page, RegionLanguage, Translation, TranslationVersion
from wegweiser.guide.selectors import region_source_language
from wegweiser.tenancy.models import Region

__all__ = [
    "ImportReport",
    "IntegreatImportError",
    "IntegreatPage",
    "MachineText",
    "PagesFile",
    "Tally",
    "integreat_import",
    "machine_texts_read",
    "pages_file_read",
]

SUMMARY_LENGTH = 300
SOURCE_CODE = "de"


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class ImportReport:
    languages_added: list[str] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())


def external_id(integreat_region: str, de_page_id: int) -> str:
    return f"integreat:{integreat_region}:page:{de_page_id}"


@dataclass(frozen=True)
class _Texts:
    """A text as the services store it (so that comparing tells whether saving changes it)."""

    title: str
    summary: str
    body: str

    def is_same(self, current: Translation) -> bool:
        return (current.title, current.summary, current.body) == (self.title, self.summary, self.body)


def _page_texts(title: str, summary: str, content: str) -> _Texts:
    return _Texts(title=title.strip(), summary=excerpt(summary, SUMMARY_LENGTH), body=clean_html(content))


def _machine_body(record: MachineText) -> str:
    """Plain text, one paragraph per line; the first line repeats the title."""
    lines = [line.strip() for line in record.text.splitlines()]
    if lines and lines[0] == record.title:
        lines = lines[1:]
    return clean_html("".join(f"<p>{html.escape(line)}</p>" for line in lines if line))


class _Run:
    """One import into one region (inside its scope and transaction)."""

    def __init__(self, region: Region, languages: dict[str, Language]) -> None:
        self.region = region
        self.languages = languages
        self.report = ImportReport()
        self.pages = {
            page.external_id: page for page in Page.objects.filter(region=region, external_id__startswith="integreat:")
        }
        self.offered = set(RegionLanguage.objects.filter(region=region).values_list("language__code", flat=True))

    def offer(self, code: str, *, is_source: bool = False) -> None:
        if code not in self.offered:
            services.region_language_add(
                actor=None, region=self.region, language=self.languages[code], is_source=is_source
            )
            self.offered.add(code)
            self.report.languages_added.append(code)

    def current_texts(self, code: str) -> dict[int, Translation]:
        rows = Translation.objects.filter(
            region=self.region, language=self.languages[code], item__external_id__startswith="integreat:"
        )
        return {t.item_id: t for t in rows}

    def source_file(self, file: PagesFile) -> None:
        tally = self.report.tally(f"pages ({file.language})")
        current = self.current_texts(file.language)
        for page in file.pages:
            key = external_id(file.integreat_region, page.id)
            parent = self.pages[external_id(file.integreat_region, page.parent_id)] if page.parent_id else None
            texts = _page_texts(page.title, page.excerpt, page.content)
            with _naming(f"{file.name}: page {page.id}"):
                item = self.pages.get(key)
                if item is None:
                    self.pages[key] = services.item_create(
                        actor=None,
                        region=self.region,
                        model=Page,
                        status=ContentItem.Status.PUBLISHED,
                        external_id=key,
                        parent=parent,
                        position=page.position,
                        title=texts.title,
                        summary=texts.summary,
                        body=texts.body,
                    )
                    tally.created += 1
                elif self.page_refresh(item, parent, page.position, texts, current.get(item.pk)):
                    tally.updated += 1
                else:
                    tally.unchanged += 1

    def page_refresh(
        self, item: Page, parent: Page | None, position: int, texts: _Texts, current: Translation | None
    ) -> bool:
        """Bring an imported page in line with the file; False when nothing differed."""
        is_moved = item.parent_id != (parent.pk if parent else None) or item.position != position
        if is_moved:
            services.item_update(actor=None, item=item, parent=parent, position=position)
        is_edited = current is None or not texts.is_same(current)
        if is_edited:
            services.text_save(
                actor=None,
                item=item,
                language=self.languages[SOURCE_CODE],
                title=texts.title,
                summary=texts.summary,
                body=texts.body,
            )
        return is_moved or is_edited

    def translation_file(self, file: PagesFile, source_ids: dict[tuple[str, str, int], int]) -> None:
        tally = self.report.tally(f"texts ({file.language})")
        self.offer(file.language)
        current = self.current_texts(file.language)
        for page in file.pages:
            de_id = page.links.get(SOURCE_CODE) or source_ids.get((file.integreat_region, file.language, page.id))
            item = self.pages.get(external_id(file.integreat_region, de_id)) if de_id else None
            if item is None:
                tally.skipped += 1
                continue
            with _naming(f"{file.name}: page {page.id}"):
                self.save_text(item, file.language, _page_texts(page.title, page.excerpt, page.content), current, tally)

    def machine_texts(self, records: Sequence[MachineText], integreat_regions: set[str]) -> None:
        current: dict[str, dict[int, Translation]] = {}
        for record in records:
            item = self.pages.get(external_id(record.integreat_region, record.de_page_id))
            if item is None:
                if record.integreat_region in integreat_regions:
                    self.report.tally(f"machine translations ({record.language})").skipped += 1
                continue
            tally = self.report.tally(f"machine translations ({record.language})")
            if record.language not in current:
                self.offer(record.language)
                current[record.language] = self.current_texts(record.language)
            existing = current[record.language].get(item.pk)
            if existing is not None and not self.is_machine_made(existing):
                tally.skipped += 1  # a person's translation is never replaced by a machine's
                continue
            texts = _Texts(title=record.title, summary="", body=_machine_body(record))
            with _naming(f"machine translation {record.language} of page {record.de_page_id}"):
                self.save_text(item, record.language, texts, current[record.language], tally, is_machine=True)

    def is_machine_made(self, translation: Translation) -> bool:
        """Machine-translated and not approved by a person since (an outdated machine
        translation is still the machine's)."""
        if translation.status == Translation.Status.MACHINE:
            return True
        return (
            translation.status == Translation.Status.OUTDATED
            and TranslationVersion.objects.filter(
                item_id=translation.item_id, language_id=translation.language_id, version=translation.version
            )
            .values_list("is_machine", flat=True)
            .first()
            is True
        )

    def save_text(
        self,
        item: Page,
        code: str,
        texts: _Texts,
        current: dict[int, Translation],
        tally: Tally,
        *,
        is_machine: bool = False,
    ) -> None:
        existing = current.get(item.pk)
        if existing is not None and texts.is_same(existing):
            tally.unchanged += 1
            return
        current[item.pk] = services.text_save(
            actor=None,
            item=item,
            language=self.languages[code],
            title=texts.title,
            summary=texts.summary,
            body=texts.body,
            is_machine=is_machine,
        )
        if existing is None:
            tally.created += 1
        else:
            tally.updated += 1


@contextmanager
def _naming(where: str) -> Iterator[None]:
    """Turn a service's ValidationError into an import error naming the record."""
    try:
        yield
    except ValidationError as error:
        raise IntegreatImportError(f"{where}: {' '.join(error.messages)}") from error


def integreat_import(
    *, region: Region, files: Sequence[PagesFile], machine_texts: Sequence[MachineText] = ()
) -> ImportReport:
    """Import ``files`` (and machine-translated texts) into ``region``: all or nothing."""
    codes = {file.language for file in files} | {record.language for record in machine_texts} | {SOURCE_CODE}
    languages = {language.code: language for language in Language.objects.filter(code__in=codes)}
    unknown = sorted(codes - languages.keys())
    if unknown:
        raise IntegreatImportError(f"Languages unknown to Wegweiser: {', '.join(unknown)}.")
    with transaction.atomic(), scope(region=region):
        run = _Run(region, languages)
        source = region_source_language(region=region)
        if (source is None and SOURCE_CODE in run.offered) or (source is not None and source.code != SOURCE_CODE):
            raise IntegreatImportError(f"{region.name}: German must be the source language.")
        run.offer(SOURCE_CODE, is_source=True)
        source_files = [file for file in files if file.language == SOURCE_CODE]
        # The German pages' links to their translations, for files whose pages do not link back.
        source_ids = {
            (file.integreat_region, code, linked_id): page.id
            for file in source_files
            for page in file.pages
            for code, linked_id in page.links.items()
        }
        for file in source_files:
            run.source_file(file)
        for file in files:
            if file.language != SOURCE_CODE:
                run.translation_file(file, source_ids)
        run.machine_texts(machine_texts, {file.integreat_region for file in files})
    return run.report
