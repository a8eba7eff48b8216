"""The staff side of the guide, under /app/<region>/guide/ (namespace ``guide``)."""

from django.urls import URLPattern, URLResolver

from wegweiser.guide.views import editor, translation_tools

app_name = "guide"

urlpatterns: list[URLPattern | URLResolver] = [*editor.urlpatterns, *translation_tools.urlpatterns]
