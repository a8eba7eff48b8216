""" "Was this helpful?": works without JavaScript, limits the comment and the rate per client,
and takes only published items of the region."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled
from pytest_django.asserts import assertInHTML

from wegweiser.guide import services
from wegweiser.guide.models import Feedback, Page
from wegweiser.public.guide.feedback import FEEDBACK_LIMIT
from wegweiser.public.tests.guide_content import lang

pytestmark = pytest.mark.django_db

URL = "/kreis-offenbach/en/feedback/"


def feedback_rows():
    with scopes_disabled():
        return list(Feedback.objects.values_list("item_id", "language__code", "is_helpful", "comment"))


def test_feedback_without_javascript_redirects_back_with_thanks(client, content):
    response = client.post(URL, {"item": content.start.pk, "helpful": "yes", "comment": "  Sehr gut  "})
    assert response.status_code == 302
    assert response["Location"] == "/kreis-offenbach/en/first-steps/"
    assert feedback_rows() == [(content.start.pk, "en", True, "Sehr gut")]
    page = client.get(response["Location"]).content.decode()
    assertInHTML('<ul class="messages" role="status"><li>Thank you for your feedback.</li></ul>', page)


def test_no_without_comment(client, content):
    response = client.post(URL, {"item": content.health.pk, "helpful": "no"})
    assert response.status_code == 302
    assert feedback_rows() == [(content.health.pk, "en", False, "")]


def test_the_page_offers_the_form(client, content):
    page = client.get("/kreis-offenbach/en/first-steps/").content.decode()
    assertInHTML(f'<input type="hidden" name="item" value="{content.start.pk}">', page)
    assertInHTML('<button type="submit" name="helpful" value="yes">Yes, helpful</button>', page)
    assertInHTML('<button type="submit" name="helpful" value="no">No, not helpful</button>', page)


def test_comment_longer_than_1000_characters_is_refused(client, content):
    response = client.post(URL, {"item": content.start.pk, "helpful": "yes", "comment": "x" * 1001})
    assert response.status_code == 400
    assertInHTML(
        '<p class="notice error" id="feedback-error" role="alert">'
        "Ensure this value has at most 1000 characters (it has 1001).</p>",
        response.content.decode(),
    )
    assert "x" * 1001 in response.content.decode()  # the visitor's text is kept to shorten it
    assert feedback_rows() == []
    assert client.post(URL, {"item": content.start.pk, "helpful": "yes", "comment": "x" * 1000}).status_code == 302
    assert len(feedback_rows()) == 1


def test_missing_answer_is_refused(client, content):
    response = client.post(URL, {"item": content.start.pk, "helpful": "maybe"})
    assert response.status_code == 400
    assertInHTML(
        '<p class="notice error" id="feedback-error" role="alert">Please choose “Yes” or “No”.</p>',
        response.content.decode(),
    )
    assert feedback_rows() == []


@pytest.mark.parametrize("item", ["", "abc", "0", "999999", "²", "9" * 30, "-1"])
def test_unknown_item_answers_404(client, content, item):
    assert client.post(URL, {"item": item, "helpful": "yes"}).status_code == 404
    assert feedback_rows() == []


def test_draft_and_other_regions_items_answer_404(client, content, other_region):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    elsewhere = services.item_create(actor=None, region=other_region, model=Page, title="Anderswo", status="published")
    assert client.post(URL, {"item": elsewhere.pk, "helpful": "yes"}).status_code == 404
    assert client.post(URL, {"item": content.draft_page.pk, "helpful": "yes"}).status_code == 404
    assert feedback_rows() == []


def test_rate_limit_per_client(client, content):
    for _ in range(FEEDBACK_LIMIT):
        assert client.post(URL, {"item": content.start.pk, "helpful": "yes"}).status_code == 302
    response = client.post(URL, {"item": content.start.pk, "helpful": "yes"})
    assert response.status_code == 429
    assertInHTML(
        '<p class="notice error" role="alert">'
        "You have sent a lot of feedback in a short time. Please try again in an hour.</p>",
        response.content.decode(),
    )
    assert len(feedback_rows()) == FEEDBACK_LIMIT
    # Another client is not affected.
    other = client.post(URL, {"item": content.start.pk, "helpful": "no"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert len(feedback_rows()) == FEEDBACK_LIMIT + 1


def test_get_is_not_allowed(client, content):
    assert client.get(URL).status_code == 405
