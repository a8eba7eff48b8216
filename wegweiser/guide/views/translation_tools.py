"""Placeholder: filled by the translation_tools work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
