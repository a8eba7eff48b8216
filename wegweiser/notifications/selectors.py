from __future__ import annotations

from django.db.models import QuerySet

from wegweiser.accounts.models import User
from wegweiser.notifications.models import Notification


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("region")


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
