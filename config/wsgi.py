"""The WSGI entry point (gunicorn ``config.wsgi:application``).

Reads of the public content API (GET, HEAD and OPTIONS under ``/api/v1/regions/`` and
``/api/v3/``) go through a short middleware stack: security and common only. They are
anonymous and served from precomputed bytes, so sessions, CSRF, log-in, 2FA, messages and
lock-out would only cost time (about nine tenths of a request's time in docs/benchmarks.md).
Everything else, including the API's feedback POSTs and its docs page, takes the full stack.
See docs/adr/0013-lean-middleware-for-api-reads.md.
"""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

LEAN_MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
LEAN_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LEAN_PREFIXES = ("/api/v1/regions", "/api/v3/")


class LeanHandler(WSGIHandler):
    """Django's handler with only ``LEAN_MIDDLEWARE``."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = LEAN_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


full_application = get_wsgi_application()
lean_application = LeanHandler()


def is_lean(environ: dict[str, Any]) -> bool:
    return environ.get("REQUEST_METHOD") in LEAN_METHODS and str(environ.get("PATH_INFO", "")).startswith(LEAN_PREFIXES)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    handler = lean_application if is_lean(environ) else full_application
    return handler(environ, start_response)
