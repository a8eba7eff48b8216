"""The content overview, the per-language to-do list, the archive, bulk actions and feedback."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, Feedback, Offer, Page, Place

pytestmark = pytest.mark.django_db


def url(region, rest=""):
    return f"/app/{region.slug}/guide/{rest}"


def page(region, title, parent=None, actor=None, **attrs):
    with scope(region=region):
        position = Page.objects.filter(parent=parent).count()
    return services.item_create(
        actor=actor, region=region, model=Page, title=title, parent=parent, position=position, **attrs
    )


def rows(html, section):
    """(depth, title) of each row in a section's table, in order."""
    part = html.split(f'data-testid="section-{section}"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'<td class="tree" style="--depth: (\d+)">.*?<a href="[^"]+">([^<]+)</a>', part, re.S)
    return [(int(depth), title) for depth, title in found]


def badge(html, item, code):
    row = html.split(f'data-item="{item.pk}"', 1)[1].split("</tr>", 1)[0]
    return re.search(rf'class="st st-(\w+)" href="([^"]+)" data-language="{code}"', row).groups()


@pytest.fixture
def tree(guide_region, lang):
    """Sprachkurse (Integrationskurse, Deutsch für den Beruf), Beratung; English for two."""
    courses = page(guide_region, "Sprachkurse")
    integration = page(guide_region, "Integrationskurse", parent=courses)
    job = page(guide_region, "Deutsch für den Beruf", parent=courses)
    advice = page(guide_region, "Beratung")
    services.text_save(actor=None, item=courses, language=lang("en"), title="Language courses")
    services.text_save(actor=None, item=integration, language=lang("en"), title="Integration courses")
    services.text_save(actor=None, item=integration, language=lang("de"), title="Integrationskurse (neu)")
    services.text_save(actor=None, item=job, language=lang("ar"), title="الألمانية للعمل", is_machine=True)
    return {"courses": courses, "integration": integration, "job": job, "advice": advice}


def test_overview_shows_the_page_tree_in_order_with_each_languages_status(client, editor, guide_region, tree):
    client.force_login(editor)
    response = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html, "page") == [
        (0, "Sprachkurse"),
        (1, "Integrationskurse (neu)"),
        (1, "Deutsch für den Beruf"),
        (0, "Beratung"),
    ]
    assert badge(html, tree["courses"], "en") == (
        "up_to_date",
        f"/app/{guide_region.slug}/guide/items/{tree['courses'].pk}/en/",
    )
    assert badge(html, tree["integration"], "en")[0] == "outdated"
    assert badge(html, tree["job"], "ar")[0] == "machine"
    assert badge(html, tree["advice"], "en")[0] == "missing"
    assert badge(html, tree["advice"], "de") == (
        "up_to_date",
        f"/app/{guide_region.slug}/guide/items/{tree['advice'].pk}/",
    )


def test_overview_counts_translations_per_language(client, editor, guide_region, tree):
    client.force_login(editor)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html.split('data-testid="translation-counts"', 1)[1].split("</table>", 1)[0]
    english = table.split('data-language="en"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'data-status="(\w+)">(\d+)<', english) == [
        ("up_to_date", "1"),
        ("outdated", "1"),
        ("machine", "0"),
        ("in_review", "0"),
        ("missing", "2"),
    ]
    assert 'data-language="de"' not in table  # the source needs no translation


def test_overview_lists_other_kinds_and_filters_by_kind_and_status(client, editor, guide_region, tree):
    offer = services.item_create(
        actor=None, region=guide_region, model=Offer, title="Sprachcafé", offer_kind="language_course"
    )
    place = services.item_create(actor=None, region=guide_region, model=Place, title="Rathaus Dietzenbach")
    services.item_set_status(actor=editor, item=place, status="published")
    client.force_login(editor)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows(html, "offer") == [(0, "Sprachcafé")]
    assert rows(html, "place") == [(0, "Rathaus Dietzenbach")]
    assert 'data-testid="section-imprint"' in html

    html = client.get(url(guide_region, "?kind=place&status=published")).content.decode()
    assert re.findall(r'data-testid="section-(\w+)"', html) == ["place"]
    assert rows(html, "place") == [(0, "Rathaus Dietzenbach")]
    html = client.get(url(guide_region, "?kind=&status=draft")).content.decode()
    assert rows(html, "page") == [
        (0, "Sprachkurse"),
        (1, "Integrationskurse (neu)"),
        (1, "Deutsch für den Beruf"),
        (0, "Beratung"),
    ]
    assert rows(html, "place") == []
    assert rows(html, "offer") == [(0, "Sprachcafé")]
    assert offer.pk


def test_unknown_filter_values_are_reported_not_a_500(client, editor, guide_region, tree):
    client.force_login(editor)
    response = client.get(url(guide_region, "?kind=spaceship&status=lost"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content.decode().count("Select a valid choice.") == 2
    assert len(rows(response.content.decode(), "page")) == 4


def test_overview_takes_the_same_number_of_queries_for_few_and_many_items(
    client, editor, guide_region, tree, django_assert_max_num_queries, lang
):
    services.item_create(actor=None, region=guide_region, model=Offer, title="Angebot", offer_kind="other")
    client.force_login(editor)
    client.get(url(guide_region))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url(guide_region))
    for n in range(25):
        item = page(guide_region, f"Seite {n}", parent=tree["courses"])
        services.text_save(actor=None, item=item, language=lang("en"), title=f"Page {n}")
        services.item_create(actor=None, region=guide_region, model=Offer, title=f"Angebot {n}", offer_kind="other")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url(guide_region))
    assert len(rows(response.content.decode(), "page")) == 29
    assert len(rows(response.content.decode(), "offer")) == 26


def test_overview_never_shows_another_regions_content(client, editor, guide_region, other_region, lang, tree):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    page(other_region, "Geheime Seite aus Offenbach")
    client.force_login(editor)
    html = client.get(url(guide_region)).content.decode()
    assert "Geheime Seite" not in html
    assert len(rows(html, "page")) == 4


def test_language_todo_lists_what_is_missing_outdated_or_machine_translated(client, editor, guide_region, tree):
    client.force_login(editor)
    response = client.get(url(guide_region, "translations/en/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    table = response.content.decode().split('data-testid="todo"', 1)[1]
    found = re.findall(r'data-item="(\d+)">\s*<td>([^<]+)</td>.*?class="st st-(\w+)"', table, re.S)
    assert found == [
        (str(tree["integration"].pk), "Integrationskurse (neu)", "outdated"),
        (str(tree["job"].pk), "Deutsch für den Beruf", "missing"),
        (str(tree["advice"].pk), "Beratung", "missing"),
    ]
    arabic = client.get(url(guide_region, "translations/ar/?status=machine")).content.decode()
    assert re.findall(r'data-item="(\d+)"', arabic.split('data-testid="todo"', 1)[1]) == [str(tree["job"].pk)]
    assert f'href="/app/{guide_region.slug}/guide/items/{tree["job"].pk}/ar/"' in arabic


def test_language_todo_of_a_language_the_region_does_not_offer_is_404(client, editor, guide_region):
    client.force_login(editor)
    assert client.get(url(guide_region, "translations/ru/")).status_code == 404
    assert client.get(url(guide_region, "translations/de/")).status_code == 302


def test_bulk_publish_and_archive_in_one_go(client, editor, guide_region, tree):
    client.force_login(editor)
    ids = [tree["courses"].pk, tree["advice"].pk]
    response = client.post(url(guide_region, "bulk/"), {"action": "publish", "items": ids}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    with scopes_disabled():
        assert dict(ContentItem.objects.filter(pk__in=ids).values_list("pk", "status")) == {
            tree["courses"].pk: "published",
            tree["advice"].pk: "published",
        }
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 items published."]

    response = client.post(url(guide_region, "bulk/"), {"action": "archive", "items": [tree["courses"].pk]})
    with scopes_disabled():
        statuses = dict(ContentItem.objects.filter(region=guide_region).values_list("pk", "status"))
    # Archiving a page archives its subpages.
    assert statuses == {
        tree["courses"].pk: "archived",
        tree["integration"].pk: "archived",
        tree["job"].pk: "archived",
        tree["advice"].pk: "published",
    }


def test_bulk_with_an_item_of_another_region_changes_nothing(client, editor, guide_region, other_region, lang, tree):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    foreign = page(other_region, "Fremd")
    client.force_login(editor)
    response = client.post(
        url(guide_region, "bulk/"),
        {"action": "publish", "items": [tree["courses"].pk, foreign.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Choose only items of this region that are not archived."
    ]
    with scopes_disabled():
        assert set(ContentItem.objects.values_list("status", flat=True)) == {"draft"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "publish"}, "Select at least one item."),
        ({"action": "explode", "items": ["1"]}, "Select a valid choice. explode is not one of the available choices."),
    ],
)
def test_bulk_bad_input_is_reported(client, editor, guide_region, tree, data, message):
    client.force_login(editor)
    response = client.post(url(guide_region, "bulk/"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert message in [str(m) for m in response.wsgi_request._messages]


def test_archive_lists_archived_items_and_restores_them_as_drafts(client, editor, guide_region, tree):
    services.item_set_status(actor=editor, item=tree["advice"], status="archived")
    client.force_login(editor)
    html = client.get(url(guide_region, "archived/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    archived = html.split('data-testid="archived"', 1)[1]
    assert re.findall(r'data-item="(\d+)"', archived) == [str(tree["advice"].pk)]
    assert "Beratung" not in str(rows(client.get(url(guide_region)).content.decode(), "page"))

    response = client.post(
        url(guide_region, f"items/{tree['advice'].pk}/status/"),
        {"status": "draft", "next": url(guide_region, "archived/")},
    )
    assert response.url == url(guide_region, "archived/")
    with scopes_disabled():
        assert ContentItem.objects.get(pk=tree["advice"].pk).status == "draft"


def test_feedback_newest_first_with_item_and_language(client, editor, guide_region, other_region, lang, tree):
    services.feedback_submit(region=guide_region, item=tree["courses"], language=lang("ar"), is_helpful=True)
    services.feedback_submit(
        region=guide_region, item=tree["advice"], language=lang("en"), is_helpful=False, comment="Phone number wrong"
    )
    services.feedback_submit(region=other_region, item=None, language=lang("de"), is_helpful=False, comment="Fremd")
    client.force_login(editor)
    response = client.get(url(guide_region, "feedback/"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    with scopes_disabled():
        newest, oldest = Feedback.objects.filter(region=guide_region).order_by("-pk")
    assert re.findall(r'data-feedback="(\d+)"', html) == [str(newest.pk), str(oldest.pk)]
    assert "Phone number wrong" in html
    assert "Fremd" not in html
    assert ">Beratung</a>" in html
    assert ">Sprachkurse</a>" in html
    assert '<span lang="en-GB" dir="ltr">Phone number wrong</span>' in html
    assert "2 answers to" in html


def move(client, region, item, direction, **extra):
    return client.post(
        url(region, f"items/{item.pk}/move/"), {"direction": direction, **extra}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_pages_move_up_and_down_among_their_siblings(client, editor, guide_region, tree):
    client.force_login(editor)
    response = move(client, guide_region, tree["advice"], "up", next=url(guide_region, "?kind=page"))
    assert response.status_code == 302
    assert response.url == url(guide_region, f"?kind=page#page-{tree['advice'].pk}")
    assert [str(m) for m in response.wsgi_request._messages] == ["Page moved up."]
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows(html, "page") == [
        (0, "Beratung"),
        (0, "Sprachkurse"),
        (1, "Integrationskurse (neu)"),
        (1, "Deutsch für den Beruf"),
    ]
    move(client, guide_region, tree["integration"], "down")
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows(html, "page") == [
        (0, "Beratung"),
        (0, "Sprachkurse"),
        (1, "Deutsch für den Beruf"),
        (1, "Integrationskurse (neu)"),
    ]
    with scope(region=guide_region):
        in_tree_order = Page.objects.order_by(F("parent_id").asc(nulls_first=True), "position")
        assert list(in_tree_order.values_list("pk", "position")) == [
            (tree["advice"].pk, 0),
            (tree["courses"].pk, 1),
            (tree["job"].pk, 0),
            (tree["integration"].pk, 1),
        ]


def test_move_buttons_are_offered_where_a_page_can_move_and_name_it(client, editor, guide_region, tree):
    client.force_login(editor)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    def buttons(item):
        row = html.split(f'data-item="{item.pk}" id="page-{item.pk}">', 1)[1].split("</tr>", 1)[0]
        return re.findall(r'formaction="[^"]+/items/(\d+)/move/" name="direction" value="(\w+)"', row)

    assert buttons(tree["courses"]) == [(str(tree["courses"].pk), "down")]
    assert buttons(tree["integration"]) == [(str(tree["integration"].pk), "down")]
    assert buttons(tree["job"]) == [(str(tree["job"].pk), "up")]
    assert buttons(tree["advice"]) == [(str(tree["advice"].pk), "up")]
    assert 'Move up<span class="visually-hidden"> (Beratung)</span></button>' in html
    assert 'Move down<span class="visually-hidden"> (Integrationskurse (neu))</span></button>' in html


def test_moving_skips_archived_siblings_and_stops_at_either_end(client, editor, guide_region, tree):
    hidden = page(guide_region, "Alt", actor=None)
    services.item_set_status(actor=None, item=hidden, status="archived")  # between Beratung and the end
    middle = page(guide_region, "Wohnen")
    client.force_login(editor)
    move(client, guide_region, middle, "up")
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [title for depth, title in rows(html, "page") if depth == 0] == ["Sprachkurse", "Wohnen", "Beratung"]
    before = rows(html, "page")
    for item, direction in ((tree["courses"], "up"), (tree["advice"], "down"), (tree["job"], "down")):
        response = move(client, guide_region, item, direction)
        assert [str(m) for m in response.wsgi_request._messages][-1] == "Nothing has changed."
    assert rows(client.get(url(guide_region)).content.decode(), "page") == before


@pytest.mark.parametrize("direction", ["sideways", ""])
def test_an_unknown_direction_is_reported(client, editor, guide_region, tree, direction):
    client.force_login(editor)
    response = move(client, guide_region, tree["advice"], direction)
    assert [str(m) for m in response.wsgi_request._messages] == ["Choose one of the actions offered."]
    with scope(region=guide_region):
        assert Page.objects.get(pk=tree["advice"].pk).position == 1


def test_only_pages_move(client, editor, guide_region, tree):
    place = services.item_create(actor=None, region=guide_region, model=Place, title="Rathaus")
    client.force_login(editor)
    assert move(client, guide_region, place, "up").status_code == 404


def test_members_who_may_only_look_get_no_move_buttons(client, member, guide_region, tree):
    client.force_login(member("read_only", region=guide_region))
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(rows(html, "page")) == 4
    assert "/move/" not in html
