"""Test content for the public guide, built through the guide's services (actor=None).

Kreis Offenbach in German (source), English, Arabic, Ukrainian, Turkish, Farsi and Russian
(Russian has no UI catalogue: English UI), with a small page tree, offers, places, events,
news and an imprint. Shared by the HTTP tests and the browser tests.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django_scopes import scopes_disabled

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
    TargetGroup,
)
from wegweiser.guide.schedule import add_days, today_start
from wegweiser.tenancy.models import Commune, Region

LANGUAGES = ["en", "ar", "uk", "tr", "fa", "ru"]
PUBLISHED = ContentItem.Status.PUBLISHED

WEEKDAY_HOURS = {"allDay": False, "closed": False, "appointmentOnly": False}


def reference_data_ensure() -> None:
    """Languages and target groups (a transactional test's flush removes migration data)."""
    if not Language.objects.exists() or not TargetGroup.objects.exists():
        importlib.import_module("wegweiser.guide.migrations.0002_reference_data").load(apps, None)


def lang(code: str) -> Language:
    return Language.objects.get(code=code)


@dataclass
class GuideContent:
    region: Region
    start: Page
    language_courses: Page
    women_courses: Page
    health: Page
    draft_page: Page
    archived_page: Page
    offer_course: Offer
    offer_cafe: Offer
    draft_offer: Offer
    town_hall: Place
    closed_place: Place
    language_cafe: Event
    festival: Event
    draft_event: Event
    category: EventCategory
    news: NewsItem
    imprint: Imprint


def _item(region: Region, model: type[Any], title: str, *, status: str = PUBLISHED, **attrs: Any) -> Any:
    return services.item_create(actor=None, region=region, model=model, title=title, status=status, **attrs)


def guide_content_build(region: Region) -> GuideContent:
    reference_data_ensure()
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=lang("de"), is_source=True)
        for code in LANGUAGES:
            services.region_language_add(actor=None, region=region, language=lang(code))
        rodgau = Commune.objects.get(ags="06438011")
        dietzenbach = Commune.objects.get(ags="06438001")

    start = _item(
        region,
        Page,
        "Erste Schritte",
        summary="Was Sie in den ersten Wochen erledigen",
        body="<p>Melden Sie sich im Rathaus an.</p>",
    )
    services.text_save(
        actor=None,
        item=start,
        language=lang("ar"),
        title="الخطوات الأولى",
        summary="ما عليك القيام به في الأسابيع الأولى",
        body="<p>سجّل نفسك في البلدية.</p>",
    )
    services.text_save(actor=None, item=start, language=lang("en"), title="First steps", body="<p>Register.</p>")
    language_courses = _item(
        region, Page, "Sprachkurse", body="<p>Integrationskurse und Berufssprachkurse.</p>", parent=start
    )
    services.text_save(
        actor=None,
        item=language_courses,
        language=lang("en"),
        title="Language courses",
        body="<p>Integration courses.</p>",
        is_machine=True,
    )
    women_courses = _item(
        region,
        Page,
        "Deutschkurse für Frauen",
        summary="Mit Kinderbetreuung",
        body="<p>Kurse am Vormittag in Rodgau.</p>",
        parent=language_courses,
    )
    health = _item(region, Page, "Gesundheit", body="<p>Hausärzte und Krankenhäuser.</p>", position=1)
    draft_page = _item(region, Page, "Entwurfsseite", status=ContentItem.Status.DRAFT, position=2)
    archived_page = _item(region, Page, "Archivseite", status=ContentItem.Status.ARCHIVED, position=3)

    town_hall = _item(
        region,
        Place,
        "Rathaus Dietzenbach",
        summary="Bürgerbüro",
        category=Place.Category.OFFICE,
        street="Europaplatz 1",
        postcode="63128",
        town="Dietzenbach",
        commune=dietzenbach,
        latitude="50.008600",
        longitude="8.787400",
        phone="06074 373-0",
        opening_hours=[
            {**WEEKDAY_HOURS, "timeSlots": [{"start": "08:00", "end": "12:00"}, {"start": "14:00", "end": "18:00"}]},
            {**WEEKDAY_HOURS, "timeSlots": [{"start": "08:00", "end": "12:00"}]},
            {**WEEKDAY_HOURS, "appointmentOnly": True, "timeSlots": []},
            {**WEEKDAY_HOURS, "allDay": True, "timeSlots": []},
            {**WEEKDAY_HOURS, "timeSlots": [{"start": "08:00", "end": "12:00"}]},
            {**WEEKDAY_HOURS, "closed": True, "timeSlots": []},
            {**WEEKDAY_HOURS, "closed": True, "timeSlots": []},
        ],
    )
    closed_place = _item(
        region, Place, "Beratungsstelle Rodgau", commune=rodgau, town="Rodgau", is_temporarily_closed=True
    )

    with scopes_disabled():
        women, families = TargetGroup.objects.get(code="women"), TargetGroup.objects.get(code="families")
    offer_course = _item(
        region,
        Offer,
        "Integrationskurs Rodgau",
        summary="Deutsch lernen am Vormittag",
        offer_kind=Offer.OfferKind.INTEGRATION_COURSE,
        commune=rodgau,
        location=town_hall,
        provider="Volkshochschule Kreis Offenbach",
        weekly_schedule=[{"weekday": 0, "start": "09:00", "end": "12:00"}],
        m2m={"target_groups": [women], "languages_spoken": [lang("ar")]},
    )
    services.text_save(actor=None, item=offer_course, language=lang("ar"), title="دورة الاندماج في رودغاو")
    offer_cafe = _item(
        region,
        Offer,
        "Familiencafé Dietzenbach",
        offer_kind=Offer.OfferKind.FAMILY_LEISURE,
        commune=dietzenbach,
        m2m={"target_groups": [families], "languages_spoken": [lang("tr")]},
    )
    draft_offer = _item(
        region, Offer, "Geheimer Entwurf", status=ContentItem.Status.DRAFT, offer_kind=Offer.OfferKind.OTHER
    )

    with scopes_disabled():
        category = EventCategory.objects.create(
            region=region, slug="sprache", german_name="Sprache", names={"en": "Language", "ar": "اللغة"}
        )
    midnight = today_start()
    cafe_start = add_days(midnight, -14).replace(hour=18)
    language_cafe = _item(
        region,
        Event,
        "Sprachcafé",
        summary="Jede Woche Deutsch sprechen",
        starts_at=cafe_start,
        ends_at=cafe_start + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY;COUNT=30",
        location=town_hall,
        m2m={"categories": [category]},
    )
    festival_start = add_days(midnight, 10).replace(hour=14)
    festival = _item(
        region,
        Event,
        "Fest der Kulturen",
        starts_at=festival_start,
        ends_at=festival_start + timedelta(hours=4),
    )
    draft_event = _item(
        region,
        Event,
        "Geheimes Treffen",
        status=ContentItem.Status.DRAFT,
        starts_at=festival_start,
        ends_at=festival_start + timedelta(hours=1),
    )
    news = _item(region, NewsItem, "Neue Sprechzeiten", summary="Ab sofort auch abends", published_at=midnight)
    imprint = _item(region, Imprint, "Impressum", body="<p>Kreis Offenbach, Werner-Hilpert-Straße 1</p>")
    return GuideContent(
        region=region,
        start=start,
        language_courses=language_courses,
        women_courses=women_courses,
        health=health,
        draft_page=draft_page,
        archived_page=archived_page,
        offer_course=offer_course,
        offer_cafe=offer_cafe,
        draft_offer=draft_offer,
        town_hall=town_hall,
        closed_place=closed_place,
        language_cafe=language_cafe,
        festival=festival,
        draft_event=draft_event,
        category=category,
        news=news,
        imprint=imprint,
    )
