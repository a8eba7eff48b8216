"""Experiments that measure changes proposed in docs/benchmarks.md before they are made in
the code they concern (``BENCH_EXPERIMENT``; drop each once it is made or refused).

- ``lookups`` (gunicorn config hook): the v1 and v3 views resolve region and language through
  ``wegweiser.api.cache.region_lookup``/``guide_lookup``, remembered per process, instead of
  two queries per request.
- ``lean`` (WSGI application): ``/api/`` runs through a short middleware stack (security and
  common only: a public read API needs no session, CSRF cookie, log-in, 2FA, messages or
  lock-out), everything else through the full one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

LEAN_MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]


def post_worker_init(worker: Any) -> None:
    import django

    django.setup()  # the lean application sets Django up only on its first request

    from wegweiser.api import cache
    from wegweiser.api.v1 import endpoints
    from wegweiser.api.v3 import views

    def guide_get(*, region: Any, language_code: str) -> Any:
        return cache.guide_lookup(region, language_code)

    # Patching on purpose: the views themselves are not this benchmark's to change.
    views._region = cache.region_lookup  # type: ignore[assignment]
    views.guide_get = guide_get  # type: ignore[attr-defined]
    endpoints.region_get_by_slug = lambda *, slug: cache.region_lookup(slug)  # type: ignore[attr-defined]
    endpoints.guide_get = guide_get  # type: ignore[attr-defined]


def _applications() -> tuple[Any, Any]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.wsgi import get_wsgi_application

    class LeanHandler(WSGIHandler):
        def load_middleware(self, is_async: bool = False) -> None:
            full = settings.MIDDLEWARE
            settings.MIDDLEWARE = LEAN_MIDDLEWARE
            try:
                super().load_middleware(is_async)
            finally:
                settings.MIDDLEWARE = full

    full_app = get_wsgi_application()
    return full_app, LeanHandler()


_handlers: list[Any] = []  # made in the worker on its first request, not in gunicorn's master


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if not _handlers:
        _handlers.extend(_applications())
    full, lean = _handlers
    handler = lean if environ.get("PATH_INFO", "").startswith("/api/") else full
    return handler(environ, start_response)  # type: ignore[no-any-return]
