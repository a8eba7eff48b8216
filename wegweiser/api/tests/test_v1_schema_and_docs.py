"""The committed OpenAPI schema matches the code, and the docs page works offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from wegweiser.api.v1.api import openapi_json

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi-v1.json"


def test_committed_openapi_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == openapi_json(), (
        "docs/api/openapi-v1.json differs from the API: run make openapi and commit the result"
    )


@pytest.mark.django_db
def test_openapi_served_and_docs_page_lists_every_operation(client: Client) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    paths = sorted(schema["paths"])
    assert paths[0] == "/api/v1/regions"
    assert len(paths) == 14
    response = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="operation"') == 14
    assert '<a href="/api/v1/openapi.json">OpenAPI 3 schema (JSON)</a>' in html
    # Nothing from elsewhere: the page must work without internet.
    assert re.findall(r'(?:src|href)="(https?:[^"]*)"', html) == []
