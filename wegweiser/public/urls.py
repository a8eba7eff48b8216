"""Everything a visitor opens without an account. Fixed paths first; the guide's
/<region>/<language>/… patterns last, since region slugs never take a reserved name."""

from django.urls import URLPattern, URLResolver, path

from wegweiser.public import urls_guide, urls_offline, urls_print, views

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home_view, name="home"),
    path("about/", views.about_view, name="about"),
    path("healthz", views.healthz_view, name="healthz"),
    *urls_offline.urlpatterns,
    *urls_print.urlpatterns,
    *urls_guide.urlpatterns,
]
