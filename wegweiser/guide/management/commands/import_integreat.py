import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from wegweiser.guide.importers.integreat import (
    IntegreatImportError,
    integreat_import,
    machine_texts_read,
    pages_file_read,
)
from wegweiser.tenancy.selectors import region_get_by_slug


class Command(BaseCommand):
    help = (
        "Import Integreat page exports (API v3 pages JSON) into a region: the German file creates the pages, "
        "other languages become their translations. All or nothing; running it again changes only what changed. "
        "Example: manage.py import_integreat kreis-offenbach de.json en.json --mt page_texts_mt_ar_uk_fr.json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help="the region's URL name, e.g. kreis-offenbach")
        parser.add_argument("files", nargs="+", type=Path, help="pages.json exports, one per language")
        parser.add_argument(
            "--mt", type=Path, help="machine-translated texts (region, de_page_id, language, title, text)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The command speaks English; the services' messages in its output should too.
        translation.activate("en")
        started = time.perf_counter()
        region = region_get_by_slug(slug=options["region"])
        if region is None:
            raise CommandError(f"Unknown region: {options['region']}")
        try:
            files = [pages_file_read(path) for path in options["files"]]
            machine_texts = machine_texts_read(options["mt"]) if options["mt"] else []
            report = integreat_import(region=region, files=files, machine_texts=machine_texts)
        except IntegreatImportError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self.stdout.write(f"{region.name}: Integreat import done in {time.perf_counter() - started:.1f} s.")
        if report.languages_added:
            self.stdout.write(f"  languages added: {', '.join(report.languages_added)}")
        for label, tally in report.tallies.items():
            self.stdout.write(
                f"  {label}: {tally.created} created, {tally.updated} updated, "
                f"{tally.unchanged} unchanged, {tally.skipped} skipped"
            )
