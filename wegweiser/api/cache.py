"""Precomputed API responses: built once per region, language, endpoint and content state,
then served as stored bytes (gzip and brotli forms compressed once, on first use) with a
strong ETag.

The key contains the region's change counter (``GuideState.seq``), which every write of the
guide's services raises: a change makes the next request build afresh, so an editor's
change is visible at once, and nothing has to be invalidated by hand. The counter itself is
read from the database at most every ``SEQ_TTL`` seconds per process.

Two levels (measured in bench/, see docs/benchmarks.md): each process keeps the built
responses it served in a byte-bounded LRU of plain Python objects, so a hit costs no
unpickling or copying of megabytes; behind it the Django cache shares builds between
processes when it is a shared one (Redis, files). A per-process cache (locmem) is skipped
as second level: it would only hold a pickled duplicate.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import brotli
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django_scopes import scope

from wegweiser.guide import public_selectors
from wegweiser.guide.models import GuideState
from wegweiser.tenancy.models import Region

SEQ_TTL = 0.5  # seconds a process trusts its copy of a region's change counter
CACHE_SECONDS = 60 * 60 * 24
LOCAL_MAX_BYTES = 256 * 1024 * 1024  # per process; a large region's pages in one language take ~3 MB
# Present in the Django cache while the process-local copies may be trusted: when the cache
# is cleared (deploy, tests), each process drops its copies at its next counter read.
_MARKER_KEY = "api:cache-marker"

_seqs: dict[int, tuple[float, int]] = {}
_lock = threading.Lock()  # guards _seqs, _local and _marker; builds run under _build_lock
_build_lock = threading.Lock()  # one build at a time per process: no stampede after a change
_marker: str | None = None
_regions: dict[str, tuple[float, Region]] = {}
T = TypeVar("T")
_objects: dict[str, tuple[int, Any]] = {}  # remembered(): key -> (change counter, object)


@dataclass(frozen=True)
class Built:
    """One response body and its ETag; the gzip and brotli forms are made on first use and
    then kept (a change's first request pays only for the encoding it asks for)."""

    etag: str
    raw: bytes
    content_type: str

    @cached_property
    def gz(self) -> bytes:
        return gzip.compress(self.raw, compresslevel=6, mtime=0)

    @cached_property
    def br(self) -> bytes:
        return bytes(brotli.compress(self.raw, quality=5))

    @property
    def size(self) -> int:
        """Bytes held, for the LRU's bound: the body and, estimated, its two compressed forms
        (together about 30 % of JSON's size)."""
        return len(self.raw) * 13 // 10


class _Local:
    """Built responses of this process, least recently used dropped first past LOCAL_MAX_BYTES."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, Built] = OrderedDict()
        self.bytes = 0

    def get(self, key: str) -> Built | None:
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
        return hit

    def put(self, key: str, built: Built) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self.entries[key] = built
        self.bytes += built.size
        while self.bytes > LOCAL_MAX_BYTES and len(self.entries) > 1:
            _key, dropped = self.entries.popitem(last=False)
            self.bytes -= dropped.size

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0


_local = _Local()


def _store() -> BaseCache:
    return caches["default"]


def _check_marker(store: BaseCache) -> None:
    """Drop this process's copies when the Django cache was cleared since we last looked."""
    global _marker
    current = store.get(_MARKER_KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not store.add(_MARKER_KEY, current, None):
            current = store.get(_MARKER_KEY) or current
    if current != _marker:
        with _lock:
            _local.clear()
            _marker = current


def region_seq(region_id: int) -> int:
    """The region's change counter, re-read at most every SEQ_TTL seconds."""
    now = time.monotonic()
    hit = _seqs.get(region_id)
    if hit and now - hit[0] < SEQ_TTL:
        return hit[1]
    seq = GuideState.objects.filter(region_id=region_id).values_list("seq", flat=True).first() or 0
    _check_marker(_store())
    with _lock:
        _seqs[region_id] = (now, seq)
    return seq


def forget_seqs() -> None:
    """For tests: forget the per-process copies of the change counters, regions, guides and
    responses."""
    global _marker
    with _lock:
        _seqs.clear()
        _local.clear()
        _regions.clear()
        _objects.clear()
        _marker = None


def region_lookup(slug: str) -> Region | None:
    """The region with this URL name, re-read at most every SEQ_TTL seconds: a request for a
    precomputed response needs no query for it. Unknown names are not remembered."""
    now = time.monotonic()
    hit = _regions.get(slug)
    if hit and now - hit[0] < SEQ_TTL:
        return hit[1]
    region = Region.objects.filter(slug=slug).first()
    if region is not None:
        _regions[slug] = (now, region)
    return region


def remembered(key: str, region_id: int, make: Callable[[], T]) -> T:
    """What ``make()`` returns, kept per process as a plain object until the region's change
    counter moves: for data the views derive from content (a guide, a page index), with no
    unpickling per request. ``None`` is not kept. Treat the object as read-only."""
    seq = region_seq(region_id)
    full_key = f"{region_id}:{key}"
    with _lock:
        hit = _objects.get(full_key)
    if hit and hit[0] == seq:
        return hit[1]  # type: ignore[no-any-return]
    value = make()
    if value is not None:
        with _lock:
            _objects[full_key] = (seq, value)
    return value


def guide_lookup(region: Region, language_code: str) -> public_selectors.Guide | None:
    """``public_selectors.guide_get``, remembered (every change of the region's languages
    raises the change counter)."""

    def make() -> public_selectors.Guide | None:
        with scope(region=region):
            return public_selectors.guide_get(region=region, language_code=language_code)

    return remembered(f"guide:{language_code}", region.pk, make)


def build(payload: Any, content_type: str = "application/json") -> Built:
    raw = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    return Built(etag=f'"{hashlib.sha256(raw).hexdigest()[:32]}"', raw=raw, content_type=content_type)


def cached(key: str, region_id: int, make: Callable[[], Any]) -> Built:
    """The stored response for ``key`` at the region's current state, built by ``make()``
    (returning JSON-able data) when missing."""
    full_key = f"api:{region_id}:{region_seq(region_id)}:{key}"
    with _lock:
        hit = _local.get(full_key)
    if hit is not None:
        return hit
    with _build_lock:
        with _lock:
            hit = _local.get(full_key)  # another thread built it while we waited
        if hit is not None:
            return hit
        store = _store()
        shared = not isinstance(store, LocMemCache)
        hit = store.get(full_key) if shared else None
        if hit is None:
            hit = build(make())
            if shared:
                store.set(full_key, hit, CACHE_SECONDS)
        with _lock:
            _local.put(full_key, hit)
    return hit


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header; weak comparison (RFC 9110 13.1.2), so a
    proxy that weakened our tag while compressing still gets its 304."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def respond(request: HttpRequest, built: Built, *, status: int = 200, cors: bool = False) -> HttpResponse:
    """Serve ``built`` honouring If-None-Match (304) and Accept-Encoding (br, gzip)."""
    headers = {"ETag": built.etag, "Vary": "Accept-Encoding", "Cache-Control": "public, max-age=0, must-revalidate"}
    if cors:
        headers["Access-Control-Allow-Origin"] = "*"
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match and status == 200:
        tags = _etags(if_none_match)
        if built.etag in tags or "*" in tags:
            return HttpResponse(status=304, headers=headers)
    encodings = _accepted(request.headers.get("Accept-Encoding", ""))
    if "br" in encodings:
        body, headers["Content-Encoding"] = built.br, "br"
    elif "gzip" in encodings:
        body, headers["Content-Encoding"] = built.gz, "gzip"
    else:
        body = built.raw
    return HttpResponse(body, status=status, content_type=built.content_type, headers=headers)


def _accepted(header: str) -> set[str]:
    """The codings an Accept-Encoding header allows (``q=0`` refuses one)."""
    codings: set[str] = set()
    for part in header.lower().split(","):
        name, _sep, params = part.partition(";")
        name = name.strip()
        q = params.replace(" ", "").removeprefix("q=") if params else "1"
        try:
            allowed = float(q) > 0
        except ValueError:
            allowed = True
        if name == "*" and allowed:
            codings |= {"br", "gzip"}
        elif name and allowed:
            codings.add(name)
    return codings
