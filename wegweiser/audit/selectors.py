from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from wegweiser.tenancy.models import Region

from wegweiser.audit.models import AuditEntry


def audit_entry_list(
    *,
    region: Region,
    action: str = "",
    actor_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    """A region's log, newest first. ``action`` matches a code or a dotted prefix of it
    (``tenancy.membership`` finds ``tenancy.membership.changed``)."""
    qs = AuditEntry.objects.filter(region=region).select_related("actor")
    if action:
        qs = qs.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    tz = timezone.get_current_timezone()
    if date_from is not None:
        qs = qs.filter(created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to is not None:
        qs = qs.filter(
            created_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        )
    if text:
        qs = qs.filter(Q(target_label__icontains=text) | Q(actor_label__icontains=text))
    return qs.order_by("-created_at", "-id")


def audit_action_list(*, region: Region) -> list[str]:
    """The action codes that occur in a region's log, for the filter."""
    return list(AuditEntry.objects.filter(region=region).order_by("action").values_list("action", flat=True).distinct())
