"""Facts about the HTTP request that several apps need."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, for lock-out and rate limits.

    Behind ``PROXY_COUNT`` reverse proxies that each append to X-Forwarded-For, the client
    is the entry that the outermost trusted proxy appended: counted from the right, so a
    client cannot pose as someone else by sending the header itself. Without proxies, the
    header is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "PROXY_COUNT", 0))
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]


def over_limit(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against ``scope``; True when the client (by address) has made more
    than ``limit`` within ``window`` seconds. The counter lives in the cache (shared between
    processes when the cache is)."""
    key = f"rate:{scope}:{client_ip(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
