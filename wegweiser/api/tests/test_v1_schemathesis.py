"""Schemathesis fuzzes API v1 against its own OpenAPI schema (bounded, derandomized): no
5xx, every status code declared, every body as declared. Each generated request is sent
twice: as generated (mostly unknown regions: 404) and aimed at the demo region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from wegweiser.api.cache import forget_seqs
from wegweiser.demo.seed import demo_seed

pytestmark = pytest.mark.django_db

APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
# Compression is tested on its own; the WSGI client would not decode it.
PLAIN = {"Accept-Encoding": "identity"}
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
REAL = {"region": "kreis-offenbach", "language": "ar", "page_id": 3}


def _fuzz(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=15, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(checks=CHECKS, headers=PLAIN)
        if case.path_parameters:
            case.path_parameters = {
                **case.path_parameters,
                **{k: v for k, v in REAL.items() if k in case.path_parameters},
            }
            case.call_and_validate(checks=CHECKS, headers=PLAIN)

    run()


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; the test's
    transaction lives on it (django.test.Client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_v1_conforms_to_its_schema(hessen: None, keep_connection: None) -> None:
    demo_seed()
    cache.clear()
    forget_seqs()
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    assert len(operations) == 14
    for operation in operations:
        _fuzz(operation)
