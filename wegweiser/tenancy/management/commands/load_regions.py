from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.tenancy.loader import regions_load


class Command(BaseCommand):
    help = "Load or refresh Hessen's 33 WIR regions and 421 communes from the bundled official register."

    def handle(self, *args: Any, **options: Any) -> None:
        report = regions_load()
        for kind in ("regions", "communes"):
            self.stdout.write(
                f"{kind}: {report.created[kind]} created, {report.updated[kind]} updated, "
                f"{report.unchanged[kind]} unchanged"
            )
