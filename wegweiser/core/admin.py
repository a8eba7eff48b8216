"""Admin helpers shared by the apps' admin modules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Platform administrators' changes land in the audit log like everyone else's."""

    audit_personal_data = False

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        from wegweiser.audit.services import audit_record, changes_between

        before = {name: form.initial.get(name) for name in form.changed_data} if change else {}
        super().save_model(request, obj, form, change)
        after = {name: form.cleaned_data.get(name) for name in form.changed_data}
        label = obj._meta.label_lower
        audit_record(
            actor=request.user,
            action=f"admin.{label}.{'changed' if change else 'created'}",
            target=obj,
            region=getattr(obj, "region", None) if hasattr(obj, "region_id") else None,
            changes=changes_between(before, after),
            is_personal_data=self.audit_personal_data,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        from wegweiser.audit.services import audit_record

        region = getattr(obj, "region", None) if hasattr(obj, "region_id") else None
        audit_record(
            actor=request.user,
            action=f"admin.{obj._meta.label_lower}.deleted",
            target=obj,
            region=region,
            is_personal_data=self.audit_personal_data,
        )
        super().delete_model(request, obj)
