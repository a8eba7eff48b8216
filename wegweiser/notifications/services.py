"""``notify``: tell users about a change, in the app and by e-mail, each in their language.

Call it inside the service's transaction: the notifications are written with the change,
and the e-mails leave only after it committed (``transaction.on_commit``), never for a
change that was rolled back. A mail server that is down is logged, not raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from wegweiser.accounts.models import User
from wegweiser.core.mail import send_templated_mail
from wegweiser.notifications.models import Notification


def _render(text: str | Promise, params: Mapping[str, Any], language: str) -> str:
    with translation.override(language):
        return str(text) % params if params else str(text)


def notify(
    *,
    users: Iterable[User | None],
    region: Any,
    kind: str,
    title: str | Promise,
    body: str | Promise = "",
    params: Mapping[str, Any] | None = None,
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """One notification per distinct active user (``None`` entries are skipped). ``title``
    and ``body`` are lazy translations with ``%(name)s`` placeholders filled from
    ``params`` in each recipient's language."""
    params = dict(params or {})
    seen: set[int] = set()
    created: list[Notification] = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        language = user.language or settings.LANGUAGE_CODE
        created.append(
            Notification.objects.create(
                user=user,
                region=region,
                kind=kind,
                title=_render(title, params, language)[:200],
                body=_render(body, params, language) if body else "",
                url=url,
                emailed=email,
            )
        )
    if email:
        for note in created:
            transaction.on_commit(partial(_mail, note))
    return created


def _mail(note: Notification) -> None:
    user = note.user
    send_templated_mail(
        to=user.email,
        template="notifications/email/notification",
        context={"title": note.title, "body": note.body, "url": settings.SITE_URL + note.url if note.url else ""},
        language=user.language or settings.LANGUAGE_CODE,
    )


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all when ``ids`` is None); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
