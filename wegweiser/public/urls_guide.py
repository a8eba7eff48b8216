"""Placeholder: filled by the public guide work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
