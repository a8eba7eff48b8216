from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import Language, RegionLanguage
from wegweiser.tenancy.models import Region


class Command(BaseCommand):
    help = "Give every region German as its source language if it has none yet (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        german = Language.objects.filter(code="de").first()
        if german is None:
            raise CommandError("The language German (de) is missing: run manage.py migrate first.")
        added: list[str] = []
        skipped: list[str] = []
        kept = 0
        with scopes_disabled():
            languages = {(rl.region_id, rl.language_id): rl.is_source for rl in RegionLanguage.objects.all()}
            with_source = {region_id for (region_id, _language), is_source in languages.items() if is_source}
            for region in Region.objects.order_by("name"):
                if region.pk in with_source:
                    kept += 1
                elif (region.pk, german.pk) in languages:
                    skipped.append(region.name)  # German offered, but not as source: a person decides
                else:
                    services.region_language_add(actor=None, region=region, language=german, is_source=True)
                    added.append(region.name)
        self.stdout.write(
            f"German added as source language: {len(added)} regions; {kept} already had a source language."
        )
        for name in skipped:
            self.stderr.write(f"{name}: offers German but has no source language; left unchanged.")
