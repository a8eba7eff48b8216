"""Who changed what, when: one row per change, never updated or deleted by the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class AuditEntry(models.Model):
    """A change, with the before/after of the fields it touched.

    ``region`` is empty for changes outside any region (a user's own profile, platform
    administration). Labels for actor and target are kept as text so that the entry
    still reads right after the actor or target is gone.
    """

    region = models.ForeignKey(
        "tenancy.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target ID"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=254, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    is_personal_data = models.BooleanField(_("personal data"), default=False)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["region", "-created_at"], name="audit_region_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(action=""), name="audit_action_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
