from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wegweiser.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications`` for the bell in the header: one COUNT query, run only when a
    template shows it and only for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
