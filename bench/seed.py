"""The benchmark's region content beyond the imported pages, and the change it times.

``python -m bench.seed places-events <region>``: 300 places and 200 events (a fifth of them
weekly), German and English, published, through the guide's services (deterministic: the
same seed gives the same content). ``python -m bench.seed change <region>``: one editor's
change to a page through ``text_save``, as a separate process against the same database.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import django

SEED = 2026
PLACES = 300
EVENTS = 200

CATEGORIES = [("Sprachkurse", "Language courses"), ("Beratung", "Counselling"), ("Freizeit", "Leisure")]
PLACE_WORDS = [
    ("Beratungsstelle", "Counselling centre"),
    ("Bürgerbüro", "Citizens' office"),
    ("Familienzentrum", "Family centre"),
    ("Stadtbücherei", "Library"),
    ("Jugendhaus", "Youth centre"),
    ("Sprachschule", "Language school"),
    ("Gesundheitsamt", "Health office"),
    ("Jobcenter", "Job centre"),
]
TOWNS = ["Dietzenbach", "Dreieich", "Langen", "Neu-Isenburg", "Rodgau", "Seligenstadt", "Heusenstamm", "Mühlheim"]
EVENT_WORDS = [
    ("Sprachcafé", "Language café"),
    ("Infoabend", "Information evening"),
    ("Elterntreff", "Parents' meeting"),
    ("Bewerbungstraining", "Application training"),
    ("Frauenfrühstück", "Women's breakfast"),
    ("Fahrradwerkstatt", "Bicycle workshop"),
]
BODY_DE = "<p>{name} in {town}. Wir beraten kostenlos und vertraulich, auch mit Dolmetschung.</p>"
BODY_EN = "<p>{name} in {town}. We advise free of charge and in confidence, also with interpreters.</p>"


def _hours(rng: random.Random) -> list[dict[str, object]]:
    days: list[dict[str, object]] = []
    for weekday in range(7):
        closed = weekday >= 5 or rng.random() < 0.1
        slots = (
            []
            if closed
            else [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": f"{rng.randint(15, 18)}:00"}]
        )
        days.append({"allDay": False, "closed": closed, "appointmentOnly": False, "timeSlots": slots})
    return days


def places_events(region_slug: str) -> None:
    from django_scopes import scope

    from wegweiser.guide import services
    from wegweiser.guide.models import ContentItem, Event, Language, Place
    from wegweiser.tenancy.models import Region

    rng = random.Random(SEED)
    region = Region.objects.get(slug=region_slug)
    english = Language.objects.get(code="en")
    published = ContentItem.Status.PUBLISHED
    with scope(region=region):
        categories = [
            services.event_category_create(actor=None, region=region, german_name=de, names={"en": en})
            for de, en in CATEGORIES
        ]
        places: list[Place] = []
        for n in range(PLACES):
            de, en = rng.choice(PLACE_WORDS)
            town = rng.choice(TOWNS)
            place = services.item_create(
                actor=None,
                region=region,
                model=Place,
                title=f"{de} {town} {n + 1}",
                summary=f"{de} in {town}",
                body=BODY_DE.format(name=de, town=town),
                status=published,
                category=rng.choice(Place.Category.values),
                street=f"Hauptstraße {rng.randint(1, 200)}",
                postcode=f"63{rng.randint(100, 999)}",
                town=town,
                latitude=Decimal(f"{50.0 + rng.random() * 0.2:.6f}"),
                longitude=Decimal(f"{8.7 + rng.random() * 0.3:.6f}"),
                phone=f"06074 {rng.randint(10000, 99999)}",
                opening_hours=_hours(rng),
            )
            services.text_save(
                actor=None,
                item=place,
                language=english,
                title=f"{en} {town} {n + 1}",
                summary=f"{en} in {town}",
                body=BODY_EN.format(name=en, town=town),
            )
            places.append(place)
        berlin = ZoneInfo("Europe/Berlin")
        first_day = datetime.now(berlin).replace(hour=0, minute=0, second=0, microsecond=0)
        for n in range(EVENTS):
            de, en = rng.choice(EVENT_WORDS)
            place = rng.choice(places)
            starts = first_day + timedelta(days=rng.randint(0, 90), hours=rng.choice([9, 10, 14, 16, 18]))
            event = services.item_create(
                actor=None,
                region=region,
                model=Event,
                title=f"{de} {n + 1}",
                summary=f"{de} – {place.town}",
                body=BODY_DE.format(name=de, town=place.town),
                status=published,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                recurrence_rule="FREQ=WEEKLY;COUNT=10" if n % 5 == 0 else "",
                location=place,
                m2m={"categories": [rng.choice(categories)]},
            )
            services.text_save(
                actor=None,
                item=event,
                language=english,
                title=f"{en} {n + 1}",
                summary=f"{en} – {place.town}",
                body=BODY_EN.format(name=en, town=place.town),
            )
    print(f"{region.name}: {PLACES} places and {EVENTS} events created, German and English, published.")


def change(region_slug: str) -> None:
    """An editor's small change to the first page's German text (a new version)."""
    from django_scopes import scope

    from wegweiser.guide import services
    from wegweiser.guide.models import Language, Page, Translation
    from wegweiser.tenancy.models import Region

    region = Region.objects.get(slug=region_slug)
    german = Language.objects.get(code="de")
    with scope(region=region):
        page = Page.objects.filter(region=region).order_by("pk").first()
        if page is None:
            raise SystemExit("No page to change: import the pages first.")
        text = Translation.objects.get(item=page, language=german)
        services.text_save(
            actor=None,
            item=page,
            language=german,
            title=text.title,
            summary=text.summary,
            body=f"{text.body}<p>Geändert {datetime.now().isoformat()}</p>",
            is_minor=True,
        )


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[1] not in {"places-events", "change"}:
        raise SystemExit("usage: python -m bench.seed places-events|change <region>")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    django.setup()
    (places_events if argv[1] == "places-events" else change)(argv[2])


if __name__ == "__main__":
    main(sys.argv)
