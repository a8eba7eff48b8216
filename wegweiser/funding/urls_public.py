"""Public funding pages under /funding/<region>/ (namespace ``funding_public``)."""

from django.urls import URLPattern, URLResolver

from wegweiser.funding.views import public

app_name = "funding_public"

urlpatterns: list[URLPattern | URLResolver] = [*public.urlpatterns]
