"""The real WSGI application: API reads take the short middleware stack, the rest the full one."""

from __future__ import annotations

import json
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.db import close_old_connections

from config import wsgi

pytestmark = pytest.mark.django_db


def call(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    # Like Django's test client: keep the test's database connection open across the request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(wsgi.application(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return captured["status"], captured["headers"], body


@pytest.mark.parametrize(
    ("method", "path", "lean"),
    [
        ("GET", "/api/v3/regions/", True),
        ("HEAD", "/api/v1/regions/kreis-offenbach/de/pages", True),
        ("OPTIONS", "/api/v3/kreis-offenbach/de/feedback/page/", True),
        ("POST", "/api/v3/kreis-offenbach/de/feedback/page/", False),
        ("POST", "/api/v1/regions/kreis-offenbach/de/feedback", False),
        ("GET", "/api/v1/docs", False),
        ("GET", "/api/v1/openapi.json", False),
        ("GET", "/accounts/login/", False),
        ("GET", "/kreis-offenbach/de/", False),
    ],
)
def test_which_requests_take_the_short_stack(method, path, lean):
    assert wsgi.is_lean({"REQUEST_METHOD": method, "PATH_INFO": path}) is lean


def test_an_api_read_answers_through_the_short_stack_without_cookies(hessen):
    status, headers, body = call("GET", "/api/v3/regions/")
    assert status == "200 OK"
    assert isinstance(json.loads(body), list)
    assert "Set-Cookie" not in headers
    # The full stack's XFrameOptionsMiddleware would add this header; the short one has none.
    assert "X-Frame-Options" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware still runs


def test_a_staff_page_still_gets_the_full_stack(hessen):
    status, headers, _body = call("GET", "/accounts/login/")
    assert status == "200 OK"
    assert "csrftoken" in headers.get("Set-Cookie", "")
    assert headers["X-Frame-Options"] == "DENY"
