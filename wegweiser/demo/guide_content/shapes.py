"""The shapes of the demo content and the small markup its texts are written in."""

from __future__ import annotations

import html
from typing import NamedTuple


class Text(NamedTuple):
    """One item's text in one language. ``body`` is markup for ``to_html``."""

    title: str
    summary: str = ""
    body: str = ""


def to_html(markup: str) -> str:
    """Paragraphs are separated by blank lines; a paragraph starting with ``- `` is a list
    (one item per ``- ``, longer items continue on the next lines). Everything is escaped."""
    blocks = []
    for block in markup.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line
            blocks.append("<ul>" + "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items) + "</ul>")
        elif lines:
            blocks.append(f"<p>{html.escape(' '.join(lines), quote=False)}</p>")
    return "".join(blocks)


Texts = dict[str, Text]  # language code -> text


class DemoPage(NamedTuple):
    key: str
    de: Text
    children: tuple[DemoPage, ...] = ()


class DemoPlace(NamedTuple):
    key: str
    commune: str  # AGS
    category: str
    street: str
    latitude: str
    longitude: str
    texts: Texts
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: tuple[str, ...] = ()  # Monday first, see ``week``
    is_barrier_free: bool | None = None
    is_temporarily_closed: bool = False


class DemoOffer(NamedTuple):
    key: str
    kind: str
    commune: str  # AGS
    texts: Texts
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    provider: str = ""
    place: str = ""  # a DemoPlace key
    is_free: bool = True
    phone: str = ""
    email: str = ""
    website: str = ""
    schedule: tuple[tuple[int, str, str], ...] = ()  # (weekday, start, end), Monday = 0
    starts_in_days: int | None = None
    lasts_days: int | None = None


class DemoEvent(NamedTuple):
    key: str
    texts: Texts
    categories: tuple[str, ...]
    weekday: int  # Monday = 0
    start: str
    end: str
    nth: int = 0  # 0: the next such weekday; else the next n-th in a month (1 = first, -1 = last)
    recurrence_rule: str = ""
    place: str = ""
    online_url: str = ""
    is_all_day: bool = False


class DemoNews(NamedTuple):
    key: str
    texts: Texts
    days_ago: int


def week(*days: str) -> list[dict[str, object]]:
    """Opening hours in the Place model's shape from seven day strings, Monday first:
    ``"09:00-12:00 14:00-16:00"``, ``""`` (closed), ``"appointment"``, ``"allday"``."""
    assert len(days) == 7
    hours: list[dict[str, object]] = []
    for day in days:
        slots = [] if day in ("", "appointment", "allday") else day.split()
        hours.append(
            {
                "allDay": day == "allday",
                "closed": day == "",
                "appointmentOnly": day == "appointment",
                "timeSlots": [dict(zip(("start", "end"), slot.split("-"), strict=True)) for slot in slots],
            }
        )
    return hours
