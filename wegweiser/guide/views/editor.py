"""Placeholder: filled by the editor work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
