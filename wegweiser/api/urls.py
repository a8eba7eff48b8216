"""The public content API: /api/v1/ (typed, django-ninja) and /api/v3/ (Integreat-compatible)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
