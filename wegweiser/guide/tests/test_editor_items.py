"""Creating and editing every kind of content; bad input is reported and nothing is saved."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import (
    ContentItem,
    Event,
    EventCategory,
    Imprint,
    NewsItem,
    Offer,
    Page,
    Place,
    TargetGroup,
    Translation,
    TranslationVersion,
)
from wegweiser.tenancy.models import Commune

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def url(region, rest=""):
    return f"/app/{region.slug}/guide/{rest}"


def errors(response):
    return re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', response.content.decode())


def commune(name):
    with scopes_disabled():
        return Commune.objects.get(name=name)


def texts(item, code="de"):
    with scope(region=item.region):
        return Translation.objects.get(item=item, language__code=code)


def count(model):
    with scopes_disabled():
        return model.objects.count()


def opening_data(**days):
    """Form data for the opening hours: every day closed unless given as (mode, [start, end, …])."""
    data = {}
    for day in range(7):
        mode, times = days.get(f"d{day}", ("closed", []))
        data[f"hours_{day}_mode"] = mode
        for i, value in enumerate(times):
            slot, part = i // 2 + 1, ("start", "end")[i % 2]
            data[f"hours_{day}_{part}{slot}"] = value
    return data


@pytest.fixture
def place(guide_region):
    return services.item_create(actor=None, region=guide_region, model=Place, title="Rathaus Dietzenbach")


def test_create_a_page_under_a_parent(client, editor, guide_region):
    parent = services.item_create(actor=None, region=guide_region, model=Page, title="Sprachkurse")
    client.force_login(editor)
    response = client.get(url(guide_region, "new/page/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert f'<option value="{parent.pk}">Sprachkurse</option>' in response.content.decode()
    response = client.post(
        url(guide_region, "new/page/"),
        {
            "title": "Integrationskurse",
            "summary": "Kurz",
            "body": "<p>Text<script>x()</script></p>",
            "parent": parent.pk,
        },
    )
    with scopes_disabled():
        page = Page.objects.get(parent=parent)
    assert response.status_code == 302
    assert response.url == url(guide_region, f"items/{page.pk}/")
    assert (page.status, page.position, page.created_by) == ("draft", 0, editor)
    text = texts(page)
    assert (text.title, text.summary, text.body, text.version) == ("Integrationskurse", "Kurz", "<p>Text</p>", 1)


def test_create_an_offer_with_every_field(client, editor, guide_region, place, lang):
    client.force_login(editor)
    families = TargetGroup.objects.get(code="families")
    response = client.post(
        url(guide_region, "new/offer/"),
        {
            "title": "Sprachcafé",
            "body": "<p>Jeden Dienstag</p>",
            "offer_kind": "language_course",
            "target_groups": [families.pk],
            "languages_spoken": [lang("ar").pk, lang("de").pk],
            "is_free": "on",
            "commune": commune("Dietzenbach").pk,
            "provider": "Caritas",
            "location": place.pk,
            "contact_email": "cafe@example.org",
            "contact_phone": "06074 8180-0000",
            "website": "https://example.org/cafe",
            "starts_on": "2026-03-01",
            "ends_on": "2026-06-30",
            "schedule_0_weekday": "1",
            "schedule_0_start": "15:00",
            "schedule_0_end": "17:00",
            "schedule_1_weekday": "0",
            "schedule_1_start": "09:00",
            "schedule_1_end": "11:30",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        offer = Offer.objects.get()
        assert list(offer.target_groups.all()) == [families]
        assert sorted(offer.languages_spoken.values_list("code", flat=True)) == ["ar", "de"]
    assert (offer.offer_kind, offer.is_free, offer.commune, offer.provider, offer.location_id) == (
        "language_course",
        True,
        commune("Dietzenbach"),
        "Caritas",
        place.pk,
    )
    assert (offer.contact_email, offer.contact_phone, offer.website) == (
        "cafe@example.org",
        "06074 8180-0000",
        "https://example.org/cafe",
    )
    assert (offer.starts_on, offer.ends_on) == (dt.date(2026, 3, 1), dt.date(2026, 6, 30))
    assert offer.weekly_schedule == [
        {"weekday": 0, "start": "09:00", "end": "11:30"},
        {"weekday": 1, "start": "15:00", "end": "17:00"},
    ]


def test_create_a_place_with_opening_hours(client, editor, guide_region):
    client.force_login(editor)
    data = {
        "title": "Ausländerbehörde",
        "category": "office",
        "street": "Werner-Hilpert-Straße 1",
        "postcode": "63128",
        "town": "Dietzenbach",
        "commune": commune("Dietzenbach").pk,
        "latitude": "50.008100",
        "longitude": "8.789400",
        "is_barrier_free": "true",
        "phone": "06074 8180-0000",
        "email": "abh@example.org",
        "website": "https://example.org",
        **opening_data(
            d0=("open", ["08:00", "12:00", "13:00", "15:30"]),
            d1=("appointment", ["14:00", "18:00"]),
            d2=("all_day", []),
            d3=("open", ["08:00", "12:00"]),
        ),
    }
    response = client.post(url(guide_region, "new/place/"), data)
    assert response.status_code == 302, errors(response)
    with scopes_disabled():
        place = Place.objects.get()
    assert (place.category, place.street, place.postcode, place.town, place.commune) == (
        "office",
        "Werner-Hilpert-Straße 1",
        "63128",
        "Dietzenbach",
        commune("Dietzenbach"),
    )
    assert (place.latitude, place.longitude, place.is_barrier_free) == (Decimal("50.0081"), Decimal("8.7894"), True)
    closed = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}
    assert place.opening_hours == [
        {
            "allDay": False,
            "closed": False,
            "appointmentOnly": False,
            "timeSlots": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "15:30"}],
        },
        {"allDay": False, "closed": False, "appointmentOnly": True, "timeSlots": [{"start": "14:00", "end": "18:00"}]},
        {"allDay": True, "closed": False, "appointmentOnly": False, "timeSlots": []},
        {"allDay": False, "closed": False, "appointmentOnly": False, "timeSlots": [{"start": "08:00", "end": "12:00"}]},
        closed,
        closed,
        closed,
    ]
    # The form shows them again as entered.
    html = client.get(url(guide_region, f"items/{place.pk}/")).content.decode()
    assert '<option value="appointment" selected>' in html
    assert 'name="hours_0_end2" value="15:30"' in html


def test_create_an_event_with_a_recurrence_rule_and_categories(client, editor, guide_region, place):
    with scopes_disabled():
        cafe = EventCategory.objects.create(region=guide_region, slug="cafe", german_name="Begegnung")
    client.force_login(editor)
    response = client.post(
        url(guide_region, "new/event/"),
        {
            "title": "Sprachcafé",
            "starts_at": "2026-03-03T15:00",
            "ends_at": "2026-03-03T17:00",
            "recurrence_rule": "rrule:freq=weekly;byday=tu;count=10",
            "location": place.pk,
            "categories": [cafe.pk],
        },
    )
    assert response.status_code == 302, errors(response)
    with scopes_disabled():
        event = Event.objects.get()
        assert list(event.categories.all()) == [cafe]
    assert event.starts_at == dt.datetime(2026, 3, 3, 15, tzinfo=BERLIN)
    assert event.ends_at == dt.datetime(2026, 3, 3, 17, tzinfo=BERLIN)
    assert (event.recurrence_rule, event.location_id, event.is_all_day) == (
        "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
        place.pk,
        False,
    )


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;UNTIL=20260601", "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231T230000Z"])
def test_rules_with_an_end_date_local_or_utc_are_accepted(client, editor, guide_region, rule):
    client.force_login(editor)
    data = {"title": "Elterncafé", "starts_at": "2026-03-04T15:00", "ends_at": "2026-03-04T17:00"}
    response = client.post(
        url(guide_region, "new/event/"), {**data, "online_url": "https://x.org", "recurrence_rule": rule}
    )
    assert response.status_code == 302, errors(response)
    with scopes_disabled():
        assert Event.objects.get().recurrence_rule == rule


def test_create_news_and_the_one_imprint(client, editor, guide_region):
    client.force_login(editor)
    response = client.post(url(guide_region, "new/news/"), {"title": "Neue Kurse", "published_at": "2026-02-01T09:30"})
    assert response.status_code == 302
    with scopes_disabled():
        assert NewsItem.objects.get().published_at == dt.datetime(2026, 2, 1, 9, 30, tzinfo=BERLIN)
    response = client.post(url(guide_region, "new/imprint/"), {"title": "Impressum", "body": "<p>Kreis Offenbach</p>"})
    with scopes_disabled():
        imprint = Imprint.objects.get()
    assert response.url == url(guide_region, f"items/{imprint.pk}/")
    # A second one is not created: the editor is sent to the existing one.
    response = client.get(url(guide_region, "new/imprint/"))
    assert response.url == url(guide_region, f"items/{imprint.pk}/")
    response = client.post(url(guide_region, "new/imprint/"), {"title": "Noch eins"})
    assert count(Imprint) == 1


def test_unknown_kind_is_404(client, editor, guide_region):
    client.force_login(editor)
    assert client.get(url(guide_region, "new/spaceship/")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("page", {"title": "  "}, ["This field is required."]),
        (
            "offer",
            {"title": "Kurs", "offer_kind": "other", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
            ["The end must not be before the start."],
        ),
        (
            "offer",
            {"title": "Kurs", "offer_kind": "other", "schedule_0_weekday": "1", "schedule_0_start": "10:00"},
            ["Give the day, start and end of each row, or leave it empty."],
        ),
        (
            "offer",
            {"title": "Kurs", "offer_kind": "other", "commune": "FOREIGN"},
            ["Choose one of this region&#x27;s entries."],
        ),
        (
            "event",
            {
                "title": "Fest",
                "starts_at": "2026-05-01T18:00",
                "ends_at": "2026-05-01T17:00",
                "online_url": "https://x.org",
            },
            ["The end must not be before the start."],
        ),
        (
            "event",
            {
                "title": "Fest",
                "starts_at": "2026-05-01T18:00",
                "ends_at": "2026-05-01T19:00",
                "online_url": "https://x.org",
                "recurrence_rule": "FREQ=SOMETIMES",
            },
            ["This is not a valid recurrence rule. Example: FREQ=WEEKLY;BYDAY=TU;COUNT=10"],
        ),
        (
            "event",
            {
                "title": "Fest",
                "starts_at": "2026-05-01T18:00",
                "ends_at": "2026-05-01T19:00",
                "online_url": "https://x.org",
                "recurrence_rule": "FREQ=HOURLY;COUNT=5",
            },
            ["An event repeats at most daily: use DAILY, WEEKLY, MONTHLY or YEARLY."],
        ),
        (
            "event",
            {"title": "Fest", "starts_at": "2026-05-01T18:00", "ends_at": "2026-05-01T19:00"},
            ["Choose a place or give an online link."],
        ),
        (
            "place",
            {"title": "Amt", "category": "office", **opening_data(d0=("open", ["12:00", "09:00"]))},
            ["The end must be after the start."],
        ),
        (
            "place",
            {"title": "Amt", "category": "office", **opening_data(d0=("open", ["09:00", "12:00", "11:00", "13:00"]))},
            ["The second time must begin after the first ends."],
        ),
        (
            "place",
            {"title": "Amt", "category": "office", "hours_0_mode": "closed"},
            [],  # a non-field error, checked below
        ),
        (
            "place",
            {"title": "Amt", "category": "office", "latitude": "91"},
            ["Ensure this value is less than or equal to 90."],
        ),
    ],
)
def test_bad_input_is_reported_and_nothing_saved(client, editor, guide_region, other_region, kind, data, expected):
    if data.get("commune") == "FOREIGN":
        data = {**data, "commune": commune("Offenbach am Main").pk}
    client.force_login(editor)
    response = client.post(url(guide_region, f"new/{kind}/"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    if expected:
        assert errors(response) == expected
    else:
        assert "Give the opening hours for every day of the week, or for none." in response.content.decode()
    assert count(ContentItem) == 0
    assert count(TranslationVersion) == 0


def test_place_of_another_region_cannot_be_chosen(client, editor, guide_region, other_region, lang):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    foreign = services.item_create(actor=None, region=other_region, model=Place, title="Fremder Ort")
    client.force_login(editor)
    page = client.get(url(guide_region, "new/event/")).content.decode()
    assert "Fremder Ort" not in page
    response = client.post(
        url(guide_region, "new/event/"),
        {"title": "Fest", "starts_at": "2026-05-01T18:00", "ends_at": "2026-05-01T19:00", "location": foreign.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert errors(response) == ["Choose one of this region&#x27;s entries."]
    with scopes_disabled():
        assert Event.objects.count() == 0


def test_edit_structured_fields_only_keeps_the_texts_and_translations(client, editor, guide_region, place, lang):
    services.text_save(actor=None, item=place, language=lang("en"), title="Town hall")
    client.force_login(editor)
    form = client.get(url(guide_region, f"items/{place.pk}/")).content.decode()
    assert 'value="Rathaus Dietzenbach"' in form
    response = client.post(
        url(guide_region, f"items/{place.pk}/"),
        {"title": "Rathaus Dietzenbach", "category": "office", "town": "Dietzenbach", "is_barrier_free": "unknown"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Saved."]
    place.refresh_from_db()
    assert (place.category, place.town, place.is_barrier_free) == ("office", "Dietzenbach", None)
    assert texts(place).version == 1
    assert texts(place, "en").status == "up_to_date"


def test_edit_the_text_makes_translations_outdated_unless_minor(client, editor, guide_region, place, lang):
    services.text_save(actor=None, item=place, language=lang("en"), title="Town hall")
    client.force_login(editor)
    base = {"category": "other", "is_barrier_free": "unknown"}
    client.post(url(guide_region, f"items/{place.pk}/"), {**base, "title": "Rathaus", "is_minor": "on"})
    assert (texts(place).title, texts(place).version, texts(place, "en").status) == ("Rathaus", 2, "up_to_date")
    client.post(url(guide_region, f"items/{place.pk}/"), {**base, "title": "Rathaus", "body": "<p>Neu</p>"})
    assert (texts(place).body, texts(place).version, texts(place, "en").status) == ("<p>Neu</p>", 3, "outdated")
    response = client.post(
        url(guide_region, f"items/{place.pk}/"),
        {**base, "title": "Rathaus", "body": "<p>Neu</p>"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert '<li class="message success">Nothing has changed.</li>' in response.content.decode()
    assert texts(place).version == 3


def test_moving_a_page_below_itself_is_not_offered_and_refused(client, editor, guide_region):
    top = services.item_create(actor=None, region=guide_region, model=Page, title="Oben")
    child = services.item_create(actor=None, region=guide_region, model=Page, title="Unten", parent=top)
    other = services.item_create(actor=None, region=guide_region, model=Page, title="Anderswo")
    client.force_login(editor)
    html = client.get(url(guide_region, f"items/{top.pk}/")).content.decode()
    options = re.findall(r'<option value="(\d*)"', html.split('name="parent"', 1)[1].split("</select>", 1)[0])
    assert options == ["", str(other.pk)]
    response = client.post(url(guide_region, f"items/{top.pk}/"), {"title": "Oben", "parent": child.pk})
    assert response.status_code == 200
    top.refresh_from_db()
    assert top.parent_id is None
    response = client.post(url(guide_region, f"items/{child.pk}/"), {"title": "Unten", "parent": other.pk})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.parent_id == other.pk


def test_a_failed_save_writes_nothing(client, editor, guide_region, place):
    """The structured fields are valid, the text is not: neither is saved."""
    client.force_login(editor)
    response = client.post(
        url(guide_region, f"items/{place.pk}/"),
        {"title": "", "category": "health", "town": "Rodgau", "is_barrier_free": "unknown"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert errors(response) == ["This field is required."]
    place.refresh_from_db()
    assert (place.category, place.town) == ("other", "")


def test_a_service_error_after_a_first_write_rolls_everything_back(client, editor, guide_region, place, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"title": "Refused by the service."})

    monkeypatch.setattr(services, "text_save", refuse)
    client.force_login(editor)
    response = client.post(
        url(guide_region, f"items/{place.pk}/"),
        {"title": "Neuer Titel", "category": "health", "is_barrier_free": "unknown"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert errors(response) == ["Refused by the service."]
    place.refresh_from_db()
    assert place.category == "other"


def test_items_of_another_region_are_404(client, member, guide_region, other_region, lang, place):
    outsider = member("editor", region=other_region)
    client.force_login(outsider)
    assert client.get(f"/app/{other_region.slug}/guide/items/{place.pk}/").status_code == 404
    response = client.post(f"/app/{other_region.slug}/guide/items/{place.pk}/status/", {"status": "published"})
    assert response.status_code == 404
    place.refresh_from_db()
    assert place.status == "draft"


def test_publish_unpublish_archive_and_restore(client, editor, guide_region, place):
    client.force_login(editor)
    for status, message in [
        ("published", "Published."),
        ("draft", "Unpublished: it is a draft again."),
        ("archived", "Archived."),
        ("draft", "Unpublished: it is a draft again."),
    ]:
        response = client.post(
            url(guide_region, f"items/{place.pk}/status/"), {"status": status}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.url == url(guide_region, f"items/{place.pk}/")
        assert [str(m) for m in response.wsgi_request._messages][-1] == message
        place.refresh_from_db()
        assert place.status == status
    response = client.post(
        url(guide_region, f"items/{place.pk}/status/"), {"status": "gone"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [str(m) for m in response.wsgi_request._messages][-1] == "Choose one of the statuses offered."


def test_read_only_members_see_the_item_but_cannot_change_it(client, member, guide_region, place):
    reader = member("read_only", region=guide_region)
    client.force_login(reader)
    html = client.get(url(guide_region, f"items/{place.pk}/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(re.findall(r'<input type="text" name="title" value="Rathaus Dietzenbach"[^>]* disabled', html)) == 1
    assert ">Save</button>" not in html
    assert client.post(url(guide_region, f"items/{place.pk}/"), {"title": "Gehackt"}).status_code == 403
    assert texts(place).title == "Rathaus Dietzenbach"


def test_saving_a_page_whose_parent_is_archived_keeps_the_parent(client, editor, guide_region):
    top = services.item_create(actor=None, region=guide_region, model=Page, title="Oben")
    child = services.item_create(actor=None, region=guide_region, model=Page, title="Unten", parent=top)
    services.item_set_status(actor=editor, item=top, status="archived")
    services.item_set_status(actor=editor, item=child, status="draft")
    client.force_login(editor)
    html = client.get(url(guide_region, f"items/{child.pk}/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{top.pk}" selected>Page {top.pk} (archived)</option>' in html
    response = client.post(url(guide_region, f"items/{child.pk}/"), {"title": "Unten neu", "parent": top.pk})
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.parent_id, texts(child).title) == (top.pk, "Unten neu")
