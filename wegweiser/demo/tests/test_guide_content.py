from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from wegweiser.demo.guide_content import guide_demo_seed
from wegweiser.guide.models import (
    ContentItem,
    Event,
    GuideState,
    Offer,
    Page,
    Place,
    RegionLanguage,
    TargetGroup,
    Translation,
    TranslationVersion,
)
from wegweiser.tenancy.models import Commune

pytestmark = pytest.mark.django_db

SIX = {"de", "en", "ar", "uk", "tr", "fa"}


@pytest.fixture
def seeded(hessen):
    guide_demo_seed()
    with scopes_disabled():
        yield


def languages_of(item_id: int) -> set[str]:
    return set(Translation.objects.filter(item_id=item_id).values_list("language__code", flat=True))


def test_counts_languages_and_pages(seeded, region, other_region):
    counts = Counter(ContentItem.objects.values_list("region__slug", "kind"))
    assert counts == {
        ("kreis-offenbach", "page"): 29,
        ("kreis-offenbach", "offer"): 26,
        ("kreis-offenbach", "place"): 15,
        ("kreis-offenbach", "event"): 8,
        ("kreis-offenbach", "news"): 3,
        ("kreis-offenbach", "imprint"): 1,
        ("offenbach-am-main", "page"): 4,
    }
    assert set(ContentItem.objects.values_list("status", flat=True)) == {"published"}
    assert ContentItem.objects.exclude(external_id__startswith="demo:").count() == 0

    def codes(r):
        return [(rl.language.code, rl.is_source) for rl in RegionLanguage.objects.filter(region=r)]

    assert codes(region) == [("de", True), ("en", False), ("ar", False), ("uk", False), ("tr", False), ("fa", False)]
    assert codes(other_region) == [("de", True), ("en", False)]
    # the main pages (all top-level ones and five subpages) in all six languages, the rest in two
    pages = Page.objects.filter(region=region)
    top = [p for p in pages if p.parent_id is None]
    assert len(top) == 7
    assert [languages_of(p.pk) for p in top] == [SIX] * 7
    sub = Counter(frozenset(languages_of(p.pk)) for p in pages if p.parent_id is not None)
    assert sub == {frozenset(SIX): 5, frozenset({"de", "en"}): 17}
    assert [p.children.count() for p in top] == [4, 3, 3, 3, 3, 3, 3]
    assert {frozenset(languages_of(p.pk)) for p in Page.objects.filter(region=other_region)} == {
        frozenset({"de", "en"})
    }
    # every other item of Kreis Offenbach is in German and English
    others = ContentItem.objects.filter(region=region).exclude(kind="page")
    assert {frozenset(languages_of(item.pk)) for item in others} == {frozenset({"de", "en"})}
    german = [Translation.objects.get(item=p, language__code="de").title for p in top]
    assert german == [
        "Erste Anlaufstellen",
        "Sprachkurse",
        "Beratung",
        "Arbeit & Ausbildung",
        "Familie",
        "Gesundheit",
        "Freizeit",
    ]
    assert Translation.objects.get(item=top[1], language__code="uk").title == "Мовні курси"
    assert Translation.objects.get(item=top[1], language__code="fa").body.startswith("<p>دانستن زبان آلمانی")


def test_offers_places_and_events(seeded, region):
    offers = Offer.objects.filter(region=region)
    assert {o.commune.name for o in offers} == set(Commune.objects.filter(region=region).values_list("name", flat=True))
    assert {o.offer_kind for o in offers} == set(Offer.OfferKind.values)
    assert set(offers.values_list("target_groups__code", flat=True)) == set(
        TargetGroup.objects.values_list("code", flat=True)
    )
    spoken = set(offers.values_list("languages_spoken__code", flat=True))
    assert SIX | {"prs", "ps", "ckb", "kmr", "ti", "so", "ru"} <= spoken
    assert all(o.location is None or o.location.region_id == region.pk for o in offers)
    places = Place.objects.filter(region=region)
    assert [p.external_id for p in places if p.is_temporarily_closed] == ["demo:place:stadtbuecherei-rodgau"]
    assert all(Decimal("49.9") < p.latitude < Decimal("50.15") for p in places)
    assert all(Decimal("8.6") < p.longitude < Decimal("9.05") for p in places)
    assert all(len(p.opening_hours) == 7 for p in places)
    assert Counter(p.category for p in places) == {
        "office": 2,
        "health": 1,
        "counselling": 2,
        "education": 1,
        "leisure": 4,
        "work": 2,
        "religion": 1,
        "other": 2,
    }
    events = Event.objects.filter(region=region)
    assert sorted(e.recurrence_rule for e in events if e.recurrence_rule) == [
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=1WE",
        "FREQ=WEEKLY;BYDAY=SA;COUNT=6",
        "FREQ=WEEKLY;BYDAY=TH",
        "FREQ=WEEKLY;BYDAY=TU",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    ]
    assert all(e.categories.exists() for e in events)
    assert (
        sorted((e.location_id is not None, bool(e.online_url)) for e in events)
        == [(False, True)] * 2 + [(True, False)] * 6
    )
    assert all(e.ends_at > e.starts_at for e in events)


def test_runs_after_guide_setup_and_a_second_run_changes_nothing(hessen, region):
    call_command("guide_setup")  # German is already the source language everywhere
    guide_demo_seed()
    with scopes_disabled():
        versions = TranslationVersion.objects.count()
        seq = GuideState.objects.get(region=region).seq
        guide_demo_seed()
        assert TranslationVersion.objects.count() == versions == 82 + 82 + 4 * 12 + 8
        assert GuideState.objects.get(region=region).seq == seq
        assert ContentItem.objects.count() == 86
        assert RegionLanguage.objects.filter(region=region).count() == 6
        assert RegionLanguage.objects.get(region=region, is_source=True).language.code == "de"
