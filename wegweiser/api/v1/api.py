"""API v1: the NinjaAPI instance, its error shape ({"detail": "..."} everywhere) and the
browsable reference at /api/v1/docs (rendered here, no CDN, no JavaScript)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template import RequestContext, Template
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from wegweiser.api.v1.endpoints import router

DESCRIPTION = """The public content of Wegweiser's guides: regions, languages, pages, offers,
places, events, news, imprint, search, feedback, and everything at once as a bundle with
delta sync. Every GET answers with a strong ETag and honours If-None-Match (304)."""

TEMPLATE = Path(__file__).with_name("docs.html")


class ReferenceDocs(DocsBase):
    """The operations, parameters and responses of the schema as one plain HTML page."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = [
            {"method": method.upper(), "path": path, **operation}
            for path, methods in schema["paths"].items()
            for method, operation in methods.items()
        ]
        context = {
            "title": schema["info"]["title"],
            "description": schema["info"]["description"],
            "operations": operations,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        html = Template(TEMPLATE.read_text(encoding="utf-8")).render(RequestContext(request, context))
        return HttpResponse(html)


api = NinjaAPI(
    title="Wegweiser API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=ReferenceDocs(),
    docs_url="/docs",
)
api.add_router("", router)


def _message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        loc = list(error.get("loc", ()))
        # ("query", "since") -> "since"; ("body", "data", "comment") -> "comment"
        where = ".".join(str(part) for part in loc[2 if loc[:1] == ["body"] else 1 :])
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "Invalid request."


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": _message(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


def openapi_json() -> str:
    """The schema as committed in docs/api/openapi-v1.json (stable order, one trailing newline)."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
