"""When events take place and places are open, in Europe/Berlin time.

Recurring events follow their RFC 5545 rule in local wall-clock time: a course "every
Tuesday at 18:00" stays at 18:00 across the change to summer time. A rule that cannot be
parsed, or one that repeats more often than daily, counts as no rule (the event happens
once), so that bad data never breaks a page or makes it slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.utils import timezone

from wegweiser.guide.models import Event, Place

BERLIN = ZoneInfo("Europe/Berlin")
_ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
# A daily rule started in 1970 takes about 20,000 steps to reach today: enough, and bounded.
_MAX_STEPS = 25_000


@dataclass(frozen=True)
class Occurrence:
    """One time an event takes place (aware datetimes in Europe/Berlin)."""

    event: Event
    starts_at: datetime
    ends_at: datetime

    @property
    def is_all_day(self) -> bool:
        return self.event.is_all_day


def event_rule(event: Event) -> rrule | None:
    """The event's recurrence rule anchored at its local start, or None (one-off or invalid)."""
    text = (event.recurrence_rule or "").strip()
    if not text:
        return None
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    start = timezone.localtime(event.starts_at, BERLIN)
    try:
        rule = rrulestr(text, dtstart=start, cache=False)
    except (ValueError, TypeError):
        # UNTIL without "Z" is local time: dateutil accepts it only with a naive start.
        try:
            rule = rrulestr(text, dtstart=start.replace(tzinfo=None), cache=False)
        except (ValueError, TypeError):
            return None
    if not isinstance(rule, rrule) or rule._freq not in _ALLOWED_FREQUENCIES:
        return None
    return rule


def _local(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=BERLIN)
    return value.astimezone(BERLIN) if value.tzinfo is not BERLIN else value


def event_occurrences(event: Event, *, start: datetime, end: datetime, limit: int | None = None) -> list[Occurrence]:
    """The event's occurrences that overlap ``[start, end)``, earliest first."""
    first_start = timezone.localtime(event.starts_at, BERLIN)
    first_end = timezone.localtime(event.ends_at, BERLIN)
    # Wall-clock duration: a 2-hour evening course stays 2 hours on the day the clocks change.
    duration = first_end.replace(tzinfo=None) - first_start.replace(tzinfo=None)
    rule = event_rule(event)
    starts: Iterable[datetime] = [first_start] if rule is None else rule
    result: list[Occurrence] = []
    for step, occurrence_start in enumerate(starts):
        if step >= _MAX_STEPS:
            break
        local_start = _local(occurrence_start)
        if local_start >= end:
            break
        local_end = (local_start.replace(tzinfo=None) + duration).replace(tzinfo=BERLIN)
        if local_end > start or (local_end == local_start and local_start >= start):
            result.append(Occurrence(event=event, starts_at=local_start, ends_at=local_end))
            if limit is not None and len(result) >= limit:
                break
    return result


def occurrences_between(events: Iterable[Event], *, start: datetime, end: datetime) -> list[Occurrence]:
    """All occurrences of ``events`` overlapping ``[start, end)``, by start time."""
    found = [o for event in events for o in event_occurrences(event, start=start, end=end)]
    found.sort(key=lambda o: (o.starts_at, o.event.pk))
    return found


def today_start(now: datetime | None = None) -> datetime:
    """Midnight today in Europe/Berlin."""
    local = timezone.localtime(now or timezone.now(), BERLIN)
    return datetime.combine(local.date(), time(0, 0), tzinfo=BERLIN)


def add_days(moment: datetime, days: int) -> datetime:
    """``days`` calendar days later at the same wall-clock time."""
    return (moment.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=BERLIN)


# Opening hours ------------------------------------------------------------------------


class OpenState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    APPOINTMENT = "appointment"
    TEMPORARILY_CLOSED = "temporarily_closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Slot:
    start: str  # "09:00"
    end: str  # "12:00"; an end at or before the start runs past midnight

    @property
    def minutes(self) -> tuple[int, int]:
        return _minutes(self.start), _minutes(self.end)

    @property
    def is_overnight(self) -> bool:
        begin, finish = self.minutes
        return finish <= begin


@dataclass(frozen=True)
class DayHours:
    weekday: int  # 0 = Monday
    is_closed: bool
    is_all_day: bool
    is_appointment_only: bool
    slots: tuple[Slot, ...]


def _minutes(value: str) -> int:
    hours, _sep, minutes = value.partition(":")
    return max(0, min(24 * 60, int(hours) * 60 + int(minutes or 0)))


def _valid_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    hours, sep, minutes = value.partition(":")
    return bool(sep) and hours.isdigit() and minutes.isdigit() and int(hours) <= 24 and int(minutes) < 60


def opening_hours(place: Place) -> list[DayHours] | None:
    """The place's week, Monday first; None when it has no (usable) opening hours."""
    entries = place.opening_hours
    if not isinstance(entries, list) or len(entries) != 7:
        return None
    week: list[DayHours] = []
    for weekday, entry in enumerate(entries):
        entry = entry if isinstance(entry, dict) else {}
        raw_slots = entry.get("timeSlots") or []
        slots = tuple(
            Slot(start=s["start"], end=s["end"])
            for s in (raw_slots if isinstance(raw_slots, list) else [])
            if isinstance(s, dict) and _valid_time(s.get("start")) and _valid_time(s.get("end"))
        )
        is_all_day = bool(entry.get("allDay"))
        is_appointment_only = bool(entry.get("appointmentOnly"))
        is_closed = bool(entry.get("closed")) or not (slots or is_all_day or is_appointment_only)
        week.append(DayHours(weekday, is_closed, is_all_day and not is_closed, is_appointment_only, slots))
    return week


def place_open_state(place: Place, *, at: datetime | None = None) -> OpenState:
    """Open now, closed now, by appointment, temporarily closed, or unknown (no hours)."""
    if place.is_temporarily_closed:
        return OpenState.TEMPORARILY_CLOSED
    week = opening_hours(place)
    if week is None:
        return OpenState.UNKNOWN
    local = timezone.localtime(at or timezone.now(), BERLIN)
    now = local.hour * 60 + local.minute
    today, yesterday = week[local.weekday()], week[(local.weekday() - 1) % 7]
    if not yesterday.is_closed and any(s.is_overnight and now < s.minutes[1] for s in yesterday.slots):
        return OpenState.OPEN
    if today.is_closed:
        return OpenState.CLOSED
    if today.is_appointment_only:
        return OpenState.APPOINTMENT
    if today.is_all_day:
        return OpenState.OPEN
    for slot in today.slots:
        begin, finish = slot.minutes
        if (begin <= now < finish) or (slot.is_overnight and now >= begin):
            return OpenState.OPEN
    return OpenState.CLOSED
