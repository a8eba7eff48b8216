from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wegweiser.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the log is never edited."""

    list_display = ["created_at", "actor_label", "action", "target_label", "region"]
    list_filter = ["is_personal_data", "region"]
    search_fields = ["action", "actor_label", "target_label"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        return AuditEntry._base_manager.select_related("region")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
