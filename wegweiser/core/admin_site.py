from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    """Django's admin is a tool for platform administrators, not for region staff.

    Everybody else works in the staff workspace, where tenancy and roles apply.
    """

    site_header = _("Wegweiser platform administration")
    site_title = _("Wegweiser administration")
    index_title = _("Regions, accounts and the audit log")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class PlatformAdminConfig(AdminConfig):
    """Installs Django's admin with ``PlatformAdminSite`` as its site."""

    default_site = "wegweiser.core.admin_site.PlatformAdminSite"
