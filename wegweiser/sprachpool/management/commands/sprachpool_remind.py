"""``manage.py sprachpool_remind [--region SLUG]``: the Sprachpool's daily reminders.

Run once a day (deploy/wegweiser-remind.timer). Each reminder is sent once, so running it
again, or after a missed day, sends nothing twice. A region that fails does not stop the
others; the command then ends with an error so that systemd records the failure.
"""

from __future__ import annotations

import traceback
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django_scopes import scopes_disabled

from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import Mediator, PoolSettings
from wegweiser.tenancy.models import Region


class Command(BaseCommand):
    help = (
        "Remind mediators and requesters of tomorrow's appointments, and the office of documents "
        "that lapse soon, in every region with a Sprachpool (or in --region)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", metavar="SLUG", help="only this region")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            if options["region"]:
                regions = list(Region.objects.filter(slug=options["region"]))
                if not regions:
                    raise CommandError(f"No region with the slug {options['region']!r}.")
            else:
                # Only regions that use the pool: the others would each get a settings row.
                used = Q(pk__in=PoolSettings.objects.values("region_id")) | Q(
                    pk__in=Mediator.objects.values("region_id")
                )
                regions = list(Region.objects.filter(used).order_by("slug"))
        failed: list[str] = []
        totals = {"appointments": 0, "documents": 0}
        for region in regions:
            try:
                counts = services.reminders_send(region=region)
            except Exception as error:  # one broken region must not keep the others' reminders back
                failed.append(region.slug)
                self.stderr.write(f"{region.slug}: failed: {error!r}\n{traceback.format_exc()}")
                continue
            for key in totals:
                totals[key] += counts.get(key, 0)
            self.stdout.write(f"{region.slug}: {_counts(counts)}")
        self.stdout.write(f"Total for {len(regions) - len(failed)} region(s): {_counts(totals)}")
        if failed:
            raise CommandError(f"Reminders failed in {len(failed)} regions: {', '.join(failed)}")


def _counts(counts: dict[str, int]) -> str:
    return f"appointment reminders: {counts.get('appointments', 0)}, document reminders: {counts.get('documents', 0)}"
