"""Print API v1's OpenAPI schema (``make openapi`` writes it to docs/api/openapi-v1.json)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.api.v1.api import openapi_json


class Command(BaseCommand):
    help = "Print the OpenAPI schema of API v1 as JSON."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(openapi_json(), ending="")
