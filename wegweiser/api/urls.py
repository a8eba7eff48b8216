"""The public content API: /api/v1/ (typed, django-ninja) and /api/v3/ (Integreat-compatible)."""

from django.urls import URLPattern, URLResolver, include, path

from wegweiser.api.v1.api import api as api_v1

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", api_v1.urls),
    path("v3/", include("wegweiser.api.v3.urls")),
]
