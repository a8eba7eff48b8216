from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wegweiser.core.admin import AuditedModelAdmin
from wegweiser.tenancy.models import Commune, Membership, Region


def _all(model: Any) -> QuerySet[Any]:
    """Platform administrators look across regions on purpose: the base manager is unscoped."""
    return model._base_manager.all()  # type: ignore[no-any-return]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "kind", "key", "requires_two_factor"]
    list_filter = ["kind", "requires_two_factor"]
    search_fields = ["name", "slug", "key"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "ags", "region", "population"]
    list_filter = ["region"]
    search_fields = ["name", "ags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Commune]:
        return _all(Commune).select_related("region")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # from the official register only: manage.py load_regions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    audit_personal_data = True
    list_display = ["user", "region", "role", "is_active"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["communes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return _all(Membership).select_related("user", "region")

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "communes":
            kwargs["queryset"] = _all(Commune).select_related("region")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
