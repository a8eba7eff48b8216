from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("wegweiser.accounts.urls")),
    path("invitation/", include("wegweiser.tenancy.urls")),
    path("app/notifications/", include("wegweiser.notifications.urls")),
    path("app/", include("wegweiser.workspace.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("wegweiser.api.urls")),
    path("funding/", include("wegweiser.funding.urls_public")),
    # Last: the public guide answers /<region>/<language>/…
    path("", include("wegweiser.public.urls")),
]

if settings.DEBUG:  # pragma: no cover - development only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler403 = "wegweiser.public.views.permission_denied_view"
handler404 = "wegweiser.public.views.page_not_found_view"
handler500 = "wegweiser.public.views.server_error_view"
