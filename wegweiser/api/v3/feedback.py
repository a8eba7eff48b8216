"""POST ``<region>/<language>/feedback/<type>/``: Integreat's feedback, stored as a
visitor's "Was this helpful?" (``guide.services.feedback_submit``) and rate-limited per
client like the web guide's feedback form."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from wegweiser.api.v3 import pages
from wegweiser.api.v3.common import error, normalise_path
from wegweiser.api.v3.views import guide_view
from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, Event, Place, Translation
from wegweiser.guide.public_selectors import Guide, imprint_get, published
from wegweiser.public.guide.feedback import feedback_over_limit

# Integreat's feedback types; the ones naming one item find it by ``permalink``.
ITEM_TYPES: dict[str, type[ContentItem] | None] = {
    "page": None,
    "categories": None,
    "event": Event,
    "events": Event,
    "poi": Place,
    "imprint-page": None,
}
GENERAL_TYPES = {"region", "map", "search", "offer", "offers", "extra", "extras", "chat"}
MAX_BODY = 16 * 1024
RATINGS = {"up": True, "true": True, "1": True, "down": False, "false": False, "0": False}


def _body(request: HttpRequest) -> dict[str, Any] | None:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None
    return {key: request.POST.get(key) for key in request.POST}


def _item(guide: Guide, feedback_type: str, permalink: str) -> ContentItem | None:
    """The item the feedback is about, by its public path (or its slug)."""
    if feedback_type == "imprint-page":
        shown = imprint_get(guide)
        return shown.item if shown else None
    if not permalink:
        return None
    if feedback_type in {"page", "categories"}:
        page_id = pages.page_index(guide).by_path.get(normalise_path(permalink))
        return ContentItem.objects.filter(pk=page_id).first() if page_id else None
    model = ITEM_TYPES[feedback_type]
    assert model is not None
    slug = normalise_path(permalink).strip("/").rsplit("/", 1)[-1].split("$", 1)[0]
    item_ids = Translation.objects.filter(region=guide.region, slug=slug, item__kind=model.KIND).values_list(
        "item_id", flat=True
    )
    return published(region=guide.region, model=model).filter(pk__in=item_ids).first()


def _submit(request: HttpRequest, guide: Guide, feedback_type: str) -> HttpResponse:
    if feedback_type not in ITEM_TYPES and feedback_type not in GENERAL_TYPES:
        return error("Unknown feedback type.", 404)
    if len(request.body) > MAX_BODY:
        return error("The feedback is too long.", 400)
    data = _body(request)
    if data is None:
        return error("Send the feedback as a form or as a JSON object.", 400)
    if feedback_over_limit(request):
        return error("Too much feedback from this client. Please try again in an hour.", 429)
    rating = str(data.get("rating") if data.get("rating") is not None else "").strip().lower()
    if rating not in RATINGS:
        return error('The rating must be "up" or "down".', 400)
    comment = str(data.get("comment") or "").strip()
    query = str(data.get("query") or "").strip()
    if query:
        comment = f"{comment}\n\n{query}".strip()
    item = _item(guide, feedback_type, str(data.get("permalink") or "").strip())
    if feedback_type in ITEM_TYPES and feedback_type != "imprint-page" and item is None:
        return error("No content matches the given permalink.", 400)
    try:
        services.feedback_submit(
            region=guide.region, item=item, language=guide.language, is_helpful=RATINGS[rating], comment=comment
        )
    except ValidationError as exc:
        return error(" ".join(exc.messages), 400)
    return JsonResponse(
        {"success": "Feedback successfully submitted"}, status=201, headers={"Access-Control-Allow-Origin": "*"}
    )


@csrf_exempt
def feedback_view(request: HttpRequest, region_slug: str, language_code: str, feedback_type: str) -> HttpResponse:
    view = guide_view(_submit, methods={"POST"})
    return view(request, region_slug, language_code, feedback_type=feedback_type)
