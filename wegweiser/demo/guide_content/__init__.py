"""Demo guide content: Kreis Offenbach in German, English, Arabic, Ukrainian, Turkish and
Farsi (pages, offers, places, events, news, imprint) and a few pages for Stadt Offenbach.

Invented for the demo: names of services are plausible, addresses lie in the right towns,
phone numbers and e-mail addresses are made up. Everything is written through
``guide.services`` by the system (``actor=None``) and published. Idempotent: each item
carries ``external_id`` ``demo:<key>``; an item that exists is kept as it is and only its
missing translations are added.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_scopes import scope

from wegweiser.demo.guide_content import offenbach, pages
from wegweiser.demo.guide_content.events import CATEGORIES, EVENTS
from wegweiser.demo.guide_content.news import IMPRINT, NEWS
from wegweiser.demo.guide_content.offers import OFFERS
from wegweiser.demo.guide_content.places import PLACES
from wegweiser.demo.guide_content.shapes import DemoEvent, DemoPage, Texts, to_html, week
from wegweiser.guide import services
from wegweiser.guide.models import (
    ContentItem,
    Event,
    EventCategory,
    Imprint,
    Language,
    NewsItem,
    Offer,
    Page,
    Place,
    RegionLanguage,
    TargetGroup,
    Translation,
)
from wegweiser.tenancy.models import Commune, Region

KREIS_LANGUAGES = ["de", "en", "ar", "uk", "tr", "fa"]
STADT_LANGUAGES = ["de", "en"]
BERLIN = ZoneInfo("Europe/Berlin")

ItemT = TypeVar("ItemT", bound=ContentItem)


class _Seeder:
    """Writes one region's demo items, skipping what exists."""

    def __init__(self, region: Region, codes: Sequence[str]) -> None:
        self.region = region
        self.languages = {language.code: language for language in Language.objects.filter(code__in=codes)}
        offered = set(RegionLanguage.objects.filter(region=region).values_list("language__code", flat=True))
        for code in codes:
            if code not in offered:
                services.region_language_add(
                    actor=None, region=region, language=self.languages[code], is_source=not offered and code == "de"
                )
                offered.add(code)
        self.items = {
            item.external_id: item
            for item in ContentItem.objects.filter(region=region, external_id__startswith="demo:")
        }
        self.texts = set(
            Translation.objects.filter(region=region, item__external_id__startswith="demo:").values_list(
                "item_id", "language__code"
            )
        )

    def item(
        self,
        key: str,
        model: type[ItemT],
        texts: Texts,
        m2m: dict[str, Iterable[Any]] | None = None,
        **attrs: Any,
    ) -> ContentItem:
        external_id = f"demo:{key}"
        item = self.items.get(external_id)
        if item is None:
            de = texts["de"]
            item = services.item_create(
                actor=None,
                region=self.region,
                model=model,
                title=de.title,
                summary=de.summary,
                body=to_html(de.body),
                status=ContentItem.Status.PUBLISHED,
                external_id=external_id,
                m2m=m2m,
                **attrs,
            )
            self.items[external_id] = item
            self.texts.add((item.pk, "de"))
        for code, text in texts.items():
            if (item.pk, code) not in self.texts and code in self.languages:
                services.text_save(
                    actor=None,
                    item=item,
                    language=self.languages[code],
                    title=text.title,
                    summary=text.summary,
                    body=to_html(text.body),
                )
                self.texts.add((item.pk, code))
        return item

    def place_id(self, key: str) -> int | None:
        return self.items[f"demo:place:{key}"].pk if key else None

    def pages(self, nodes: Sequence[DemoPage], translations: dict[str, Texts], parent: int | None = None) -> None:
        for position, node in enumerate(nodes):
            texts = {"de": node.de} | {
                code: by_key[node.key] for code, by_key in translations.items() if node.key in by_key
            }
            page = self.item(f"page:{node.key}", Page, texts, parent_id=parent, position=position)
            self.pages(node.children, translations, page.pk)


def _event_start(event: DemoEvent, today: date) -> date:
    """The first day of ``event`` after today: the next such weekday, or the next n-th such
    weekday of a month (this month's or next month's)."""
    if not event.nth:
        return today + timedelta(days=(event.weekday - today.weekday()) % 7 or 7)
    for year, month in [(today.year, today.month), (today.year + today.month // 12, today.month % 12 + 1)]:
        days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
        day = [d for d in days if d.weekday() == event.weekday][event.nth - 1 if event.nth > 0 else event.nth]
        if day > today:
            return day
    raise AssertionError("unreachable: next month's day is always later")


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=BERLIN)


def _kreis_offenbach(region: Region) -> None:
    seeder = _Seeder(region, KREIS_LANGUAGES)
    seeder.pages(pages.TREE, pages.TRANSLATIONS)
    communes = {commune.ags: commune for commune in Commune.objects.filter(region=region)}
    for place in PLACES:
        seeder.item(
            f"place:{place.key}",
            Place,
            place.texts,
            category=place.category,
            street=place.street,
            postcode=communes[place.commune].postcode,
            town=communes[place.commune].name,
            commune=communes[place.commune],
            latitude=Decimal(place.latitude),
            longitude=Decimal(place.longitude),
            is_barrier_free=place.is_barrier_free,
            phone=place.phone,
            email=place.email,
            website=place.website,
            opening_hours=week(*place.hours) if place.hours else [],
            is_temporarily_closed=place.is_temporarily_closed,
        )
    today = timezone.localdate()
    groups = {group.code: group for group in TargetGroup.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    for offer in OFFERS:
        starts_on = today + timedelta(days=offer.starts_in_days) if offer.starts_in_days is not None else None
        seeder.item(
            f"offer:{offer.key}",
            Offer,
            offer.texts,
            m2m={
                "target_groups": [groups[code] for code in offer.target_groups],
                "languages_spoken": [languages[code] for code in offer.languages],
            },
            offer_kind=offer.kind,
            commune=communes[offer.commune],
            provider=offer.provider,
            location_id=seeder.place_id(offer.place),
            is_free=offer.is_free,
            contact_phone=offer.phone,
            contact_email=offer.email,
            website=offer.website,
            weekly_schedule=[{"weekday": d, "start": s, "end": e} for d, s, e in offer.schedule],
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=offer.lasts_days) if starts_on and offer.lasts_days else None,
        )
    # Event categories are reference data of the region (there is no service for them yet).
    categories = {}
    for slug, german, names in CATEGORIES:
        categories[slug], _created = EventCategory.objects.get_or_create(
            region=region, slug=slug, defaults={"german_name": german, "names": names}
        )
    for event in EVENTS:
        day = _event_start(event, today)
        seeder.item(
            f"event:{event.key}",
            Event,
            event.texts,
            m2m={"categories": [categories[slug] for slug in event.categories]},
            starts_at=_at(day, event.start),
            ends_at=_at(day, event.end),
            is_all_day=event.is_all_day,
            recurrence_rule=event.recurrence_rule,
            location_id=seeder.place_id(event.place),
            online_url=event.online_url,
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for news in NEWS:
        seeder.item(f"news:{news.key}", NewsItem, news.texts, published_at=now - timedelta(days=news.days_ago))
    seeder.item("imprint", Imprint, IMPRINT)


def _stadt_offenbach(region: Region) -> None:
    seeder = _Seeder(region, STADT_LANGUAGES)
    seeder.pages(offenbach.TREE, {"en": offenbach.EN})


def guide_demo_seed() -> None:
    """Load the demo guide content (idempotent)."""
    for slug, load in [("kreis-offenbach", _kreis_offenbach), ("offenbach-am-main", _stadt_offenbach)]:
        region = Region.objects.get(slug=slug)
        with scope(region=region):
            load(region)
