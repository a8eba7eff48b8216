"""Precomputed API responses: built once per region, language, endpoint and content state,
then served as stored bytes, already gzip- and brotli-compressed, with a strong ETag.

The key contains the region's change counter (``GuideState.seq``), which every write of the
guide's services raises: a change makes the next request build afresh, so an editor's
change is visible at once, and nothing has to be invalidated by hand. The counter itself is
read from the database at most every ``SEQ_TTL`` seconds per process.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import brotli
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from wegweiser.guide.models import GuideState

SEQ_TTL = 0.5  # seconds a process trusts its copy of a region's change counter
CACHE_SECONDS = 60 * 60 * 24
_seqs: dict[int, tuple[float, int]] = {}


def region_seq(region_id: int) -> int:
    """The region's change counter, re-read at most every SEQ_TTL seconds."""
    now = time.monotonic()
    hit = _seqs.get(region_id)
    if hit and now - hit[0] < SEQ_TTL:
        return hit[1]
    seq = GuideState.objects.filter(region_id=region_id).values_list("seq", flat=True).first() or 0
    _seqs[region_id] = (now, seq)
    return seq


def forget_seqs() -> None:
    """For tests: forget the per-process copies of the change counters."""
    _seqs.clear()


@dataclass(frozen=True)
class Built:
    """One response body, in the three encodings we serve, and its ETag."""

    etag: str
    raw: bytes
    gz: bytes
    br: bytes
    content_type: str


def build(payload: Any, content_type: str = "application/json") -> Built:
    raw = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return Built(
        etag=f'"{digest}"',
        raw=raw,
        gz=gzip.compress(raw, compresslevel=6, mtime=0),
        br=brotli.compress(raw, quality=5),
        content_type=content_type,
    )


def _local() -> Any:
    return caches["default"]


def cached(key: str, region_id: int, make: Callable[[], Any]) -> Built:
    """The stored response for ``key`` at the region's current state, built by ``make()``
    (returning JSON-able data) when missing."""
    full_key = f"api:{region_id}:{region_seq(region_id)}:{key}"
    store = _local()
    hit = store.get(full_key)
    if hit is None:
        hit = build(make())
        store.set(full_key, hit, CACHE_SECONDS)
    return hit  # type: ignore[no-any-return]


def respond(request: HttpRequest, built: Built, *, status: int = 200, cors: bool = False) -> HttpResponse:
    """Serve ``built`` honouring If-None-Match (304) and Accept-Encoding (br, gzip)."""
    headers = {"ETag": built.etag, "Vary": "Accept-Encoding", "Cache-Control": "public, max-age=0, must-revalidate"}
    if cors:
        headers["Access-Control-Allow-Origin"] = "*"
    if_none_match = request.headers.get("If-None-Match", "")
    if built.etag in {tag.strip() for tag in if_none_match.split(",")} or if_none_match.strip() == "*":
        return HttpResponse(status=304, headers=headers)
    accepted = request.headers.get("Accept-Encoding", "")
    if "br" in accepted:
        body, headers["Content-Encoding"] = built.br, "br"
    elif "gzip" in accepted:
        body, headers["Content-Encoding"] = built.gz, "gzip"
    else:
        body = built.raw
    return HttpResponse(body, status=status, content_type=built.content_type, headers=headers)
