from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    """Django's admin is a tool for platform administrators, not for region staff.

    Everybody else works in the staff workspace, where tenancy and roles apply. Signing in
    goes through Wegweiser's own log-in, so lock-out and two-factor authentication apply
    here too; a platform administrator with an authenticator must have passed it.
    """

    site_header = _("Wegweiser platform administration")
    site_title = _("Wegweiser administration")
    index_title = _("Regions, accounts and the audit log")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_superuser):
            return False
        from django_otp import user_has_device

        is_verified = getattr(user, "is_verified", None)  # set by django_otp.middleware.OTPMiddleware
        return not user_has_device(user) or bool(is_verified and is_verified())

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or request.get_full_path().replace("login/", "", 1))


class PlatformAdminConfig(AdminConfig):
    """Installs Django's admin with ``PlatformAdminSite`` as its site."""

    default_site = "wegweiser.core.admin_site.PlatformAdminSite"
