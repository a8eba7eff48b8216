"""The shapes of API v1: what the builders produce and the OpenAPI schema declares."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    """Every error: 400, 404, 422 and 429."""

    detail: str = Field(description="What went wrong, in English.")


class Region(Schema):
    slug: str
    name: str
    kind: str


class Language(Schema):
    code: str = Field(description="The code used in URLs, e.g. de, de-si, ar.")
    bcp47_tag: str
    native_name: str
    english_name: str
    dir: str = Field(description="ltr or rtl")
    is_source: bool


class Text(Schema):
    """What every content item has: its text in the asked language, or the German source
    text where no translation exists (``is_fallback``)."""

    id: int
    slug: str
    title: str
    summary: str
    body: str = Field(description="HTML, cleaned by an allow-list.")
    fields: dict[str, str]
    is_fallback: bool
    is_machine_translated: bool
    updated_at: datetime
    change_seq: int = Field(description="The region's change number at the item's last change.")
    url: str = Field(description="The item's page in the public web guide.")


class PageNode(Schema):
    id: int
    title: str
    slug: str
    path: str
    children: list[PageNode]


class Page(Text):
    parent_id: int | None
    position: int
    path: str = Field(description="Slug path from the top of the tree.")


class PageDetail(Page):
    children: list[PageNode]
    ancestors: list[dict[str, Any]]


class TimeSlot(Schema):
    start: str
    end: str


class DayHours(Schema):
    weekday: int = Field(description="0 = Monday")
    is_closed: bool
    is_all_day: bool
    is_appointment_only: bool
    slots: list[TimeSlot]


class Place(Text):
    category: str
    street: str
    postcode: str
    town: str
    commune: str | None = Field(description="The commune's official key (AGS).")
    latitude: float | None
    longitude: float | None
    is_barrier_free: bool | None
    phone: str
    email: str
    website: str
    is_temporarily_closed: bool
    opening_hours: list[DayHours] | None = Field(description="Monday first; null when unknown.")


class WeeklySlot(Schema):
    weekday: int
    start: str
    end: str


class Offer(Text):
    offer_kind: str
    target_groups: list[str]
    languages_spoken: list[str]
    is_free: bool
    commune: str | None
    provider: str
    place_id: int | None
    contact_email: str
    contact_phone: str
    website: str
    starts_on: date | None
    ends_on: date | None
    weekly_schedule: list[WeeklySlot]


class Choice(Schema):
    code: str
    name: str


class Commune(Schema):
    ags: str
    name: str


class TargetGroup(Schema):
    code: str
    name: str
    english_name: str


class OfferFilters(Schema):
    """The values the offers' filters accept (only those that published offers use)."""

    communes: list[Commune]
    offer_kinds: list[Choice]
    target_groups: list[TargetGroup]
    languages: list[Choice]


class Occurrence(Schema):
    starts_at: datetime
    ends_at: datetime


class Event(Text):
    starts_at: datetime
    ends_at: datetime
    is_all_day: bool
    recurrence_rule: str
    place_id: int | None
    online_url: str
    categories: list[str]
    occurrences: list[Occurrence] = Field(description="The occurrences within the asked window (Europe/Berlin).")


class EventCategory(Schema):
    slug: str
    name: str


class News(Text):
    published_at: datetime | None


class SearchHit(Schema):
    kind: str
    id: int
    title: str
    summary: str
    url: str
    is_fallback: bool


class Deleted(Schema):
    kind: str
    id: int


class Bundle(Schema):
    seq: int = Field(description="The region's change number: send it as ``since`` next time.")
    full: bool = Field(description="True: everything; false: only what changed after ``since``.")
    since: int | None
    pages: list[Page]
    offers: list[Offer]
    places: list[Place]
    events: list[Event]
    news: list[News]
    imprint: Text | None
    deleted: list[Deleted]


class FeedbackIn(Schema):
    item_id: int = Field(ge=1, le=2**62)
    is_helpful: bool
    comment: str = Field("", max_length=1000)


class FeedbackOut(Schema):
    item_id: int
    is_helpful: bool
    comment: str
