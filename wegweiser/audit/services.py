"""The one helper every service calls to record a change."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from wegweiser.audit.models import AuditEntry

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")

Changes = dict[str, dict[str, Any]]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, so the log can store it as it was."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields``; many-to-many fields as sorted lists of labels."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all())
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """Only the fields whose value differs, as ``{field: {"before": …, "after": …}}``."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: {"before": _plain(before.get(key)), "after": _plain(after.get(key))}
        for key in keys
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    region: Any = None,
    changes: Changes | None = None,
    is_personal_data: bool = False,
) -> AuditEntry:
    """Record one change. Call it inside the service's transaction, so that the entry and
    the change are written together or not at all.

    ``action`` is a dotted code such as ``tenancy.membership.role_changed``.
    """
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action must be a dotted lower-case code, got {action!r}")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        region=region,
        actor=actor if is_user else None,
        actor_label=(getattr(actor, "email", "") if is_user else "system"),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        changes=changes or {},
        is_personal_data=is_personal_data,
    )
