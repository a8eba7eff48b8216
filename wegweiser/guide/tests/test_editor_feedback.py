"""Visitors' feedback: marking entries read or unread, and showing only the unread ones."""

import re

import pytest
from django_scopes import scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import Feedback, Page

pytestmark = pytest.mark.django_db


def url(region, rest=""):
    return f"/app/{region.slug}/guide/feedback/{rest}"


def listed(html):
    """(id, read state) of each entry shown, in order."""
    return [
        (int(pk), state)
        for pk, state in re.findall(r'data-feedback="(\d+)".*?data-testid="read-state">([^<]+)</span>', html, re.S)
    ]


def is_read(feedback):
    with scopes_disabled():
        return Feedback.objects.get(pk=feedback.pk).is_read


@pytest.fixture
def entries(guide_region, lang):
    """Three answers, oldest first."""
    page = services.item_create(actor=None, region=guide_region, model=Page, title="Beratung")
    return [
        services.feedback_submit(region=guide_region, item=page, language=lang("ar"), is_helpful=True),
        services.feedback_submit(region=guide_region, item=None, language=lang("en"), is_helpful=False, comment="?"),
        services.feedback_submit(region=guide_region, item=page, language=lang("de"), is_helpful=False),
    ]


def test_editor_marks_an_entry_read_and_unread(client, editor, guide_region, entries):
    first, second, third = entries
    client.force_login(editor)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(html) == [(third.pk, "new"), (second.pk, "new"), (first.pk, "new")]
    assert re.findall(r'<tr data-feedback="\d+"( class="unread")?>', html) == [' class="unread"'] * 3
    assert '>3 answers to "Was this helpful?" 3 are unread.</p>' in html

    response = client.post(
        url(guide_region, f"{second.pk}/read/"),
        {"action": "read", "next": url(guide_region)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response.url == url(guide_region)
    assert [str(m) for m in response.wsgi_request._messages] == ["Marked as read."]
    assert (is_read(first), is_read(second), is_read(third)) == (False, True, False)
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(html) == [(third.pk, "new"), (second.pk, "read"), (first.pk, "new")]
    assert re.findall(r'<tr data-feedback="\d+"( class="unread")?>', html) == [' class="unread"', "", ' class="unread"']
    row = html.split(f'data-feedback="{second.pk}"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'name="action" value="(\w+)"', row) == ["unread"]
    assert "2 are unread." in html

    response = client.post(url(guide_region, f"{second.pk}/read/"), {"action": "unread"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.url == url(guide_region)
    assert is_read(second) is False


def test_unread_only_filter_and_its_pages(client, editor, guide_region, entries, monkeypatch):
    first, second, third = entries
    services.feedback_mark_read(actor=None, feedback=second)
    client.force_login(editor)
    html = client.get(url(guide_region, "?unread=on"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(html) == [(third.pk, "new"), (first.pk, "new")]
    assert '<input type="checkbox" name="unread" id="id_unread" checked>' in html
    assert "2 answers to" in html

    monkeypatch.setattr("wegweiser.guide.views.editor.feedback.FEEDBACK_PAGE_SIZE", 1)
    html = client.get(url(guide_region, "?unread=on&page=1"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(html) == [(third.pk, "new")]
    assert '<a href="?unread=on&amp;page=2">Older</a>' in html

    services.feedback_mark_read(actor=None, feedback=first)
    services.feedback_mark_read(actor=None, feedback=third)
    html = client.get(url(guide_region, "?unread=on"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(html) == []
    assert "No unread feedback." in html


def test_marking_read_with_the_unread_filter_returns_to_the_filtered_list(client, editor, guide_region, entries):
    client.force_login(editor)
    back = url(guide_region, "?unread=on")
    response = client.post(url(guide_region, f"{entries[0].pk}/read/"), {"action": "read", "next": back})
    assert response.url == back
    html = client.get(back, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [pk for pk, _state in listed(html)] == [entries[2].pk, entries[1].pk]


def test_members_who_may_only_look_see_no_buttons(client, member, guide_region, entries):
    client.force_login(member("staff", region=guide_region))
    html = client.get(url(guide_region), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(listed(html)) == 3
    assert "Mark as read" not in html


@pytest.mark.parametrize("data", [{"action": "delete"}, {}])
def test_bad_input_is_reported_and_changes_nothing(client, editor, guide_region, entries, data):
    client.force_login(editor)
    response = client.post(url(guide_region, f"{entries[0].pk}/read/"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Choose one of the actions offered."]
    assert is_read(entries[0]) is False


def test_feedback_of_another_region_is_404_and_never_listed(client, editor, guide_region, other_region, lang):
    foreign = services.feedback_submit(region=other_region, item=None, language=lang("de"), is_helpful=False)
    client.force_login(editor)
    response = client.post(url(guide_region, f"{foreign.pk}/read/"), {"action": "read"})
    assert response.status_code == 404
    assert is_read(foreign) is False
    assert listed(client.get(url(guide_region, "?unread=on")).content.decode()) == []
