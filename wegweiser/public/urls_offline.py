"""Placeholder: filled by the public offline work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
