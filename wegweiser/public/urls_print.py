"""Placeholder: filled by the public print work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
