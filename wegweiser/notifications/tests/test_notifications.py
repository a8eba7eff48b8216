from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from config import urls as project_urls
from wegweiser.notifications.context_processors import notifications
from wegweiser.notifications.models import Notification
from wegweiser.notifications.services import notify

# Until config/urls.py mounts the notifications, this module is the URLconf for its tests.
urlpatterns = list(project_urls.urlpatterns)
if not any(isinstance(p, URLResolver) and p.namespace == "notifications" for p in urlpatterns):
    urlpatterns.insert(0, path("app/notifications/", include("wegweiser.notifications.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

TITLE = gettext_lazy("New request %(number)s: %(language)s on %(date)s")
BODY = gettext_lazy("%(institution)s asks for a mediator (%(topic)s).")
PARAMS = {
    "number": "2026-0007",
    "language": "Arabisch",
    "date": "05.12.2026 10:00",
    "institution": "Ernst-Reuter-Schule",
    "topic": "Elterngespräch",
}


@pytest.fixture
def english(user_factory):
    return user_factory(email="clara@example.org", full_name="Clara", language="en")


def _note(user, title="Hello", *, read=False, url="/app/kreis-offenbach/", region=None):
    return Notification.objects.create(
        user=user, region=region, kind="test.note", title=title, url=url, read_at=timezone.now() if read else None
    )


def _english(client):
    client.cookies["wegweiser_language"] = "en"
    return client


def test_notify_writes_one_per_active_user_in_the_users_language(english, user_factory, region):
    inactive = user_factory(email="gone@example.org", language="en", is_active=False)

    created = notify(
        users=[english, None, inactive, english],
        region=region,
        kind="sprachpool.request.submitted",
        title=TITLE,
        body=BODY,
        params=PARAMS,
        url="/app/kreis-offenbach/sprachpool/",
        email=False,
    )

    assert [n.pk for n in created] == list(Notification.objects.values_list("pk", flat=True))
    note = Notification.objects.get()
    assert (note.user, note.region, note.kind, note.title, note.body, note.url, note.read_at, note.emailed) == (
        english,
        region,
        "sprachpool.request.submitted",
        "New request 2026-0007: Arabisch on 05.12.2026 10:00",
        "Ernst-Reuter-Schule asks for a mediator (Elterngespräch).",
        "/app/kreis-offenbach/sprachpool/",
        None,
        False,
    )


def test_the_mail_leaves_only_after_the_commit(english, region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            users=[english],
            region=region,
            kind="sprachpool.request.submitted",
            title=TITLE,
            body=BODY,
            params=PARAMS,
            url="/app/kreis-offenbach/sprachpool/",
        )
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@example.org"]
    assert message.subject == "Wegweiser: New request 2026-0007: Arabisch on 05.12.2026 10:00"
    assert message.body == (
        "New request 2026-0007: Arabisch on 05.12.2026 10:00\n\n"
        "Ernst-Reuter-Schule asks for a mediator (Elterngespräch).\n\n"
        "Open in Wegweiser: http://127.0.0.1:8000/app/kreis-offenbach/sprachpool/\n\n"
        "-- \nWegweiser\n\n"
    )
    assert Notification.objects.get().emailed is True


def test_no_mail_when_asked_for_none(english, region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[english], region=region, kind="test.quiet", title=TITLE, params=PARAMS, email=False)
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_the_list_shows_only_ones_own_notifications_unread_highlighted(client, english, user_factory):
    other = user_factory(email="other@example.org")
    _note(other, "Not for Clara")
    old = _note(english, "Read long ago", read=True)
    new = _note(english, "Fresh news")
    client.force_login(english)

    response = _english(client).get("/app/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not for Clara" not in html
    assert (
        f'<li class="card unread" data-testid="notification-{new.pk}">\n    <h2>\n'
        f'      <span class="badge">New</span>\n'
        f'      <a href="/app/notifications/{new.pk}/"><strong>Fresh news</strong></a>' in html
    )
    assert f'<li class="card" data-testid="notification-{old.pk}">\n    <h2>\n      \n' in html
    assert f'<a href="/app/notifications/{old.pk}/">Read long ago</a>' in html
    assert html.index("Fresh news") < html.index("Read long ago")  # newest first
    assert 'action="/app/notifications/read/"' in html


def test_mark_all_read_marks_only_ones_own(client, english, user_factory):
    other = user_factory(email="other@example.org")
    theirs = _note(other, "Not for Clara")
    _note(english, "One")
    _note(english, "Two")
    _note(english, "Old", read=True)
    client.force_login(english)

    response = _english(client).post("/app/notifications/read/")

    assert response.status_code == 302
    assert response.url == "/app/notifications/"
    assert Notification.objects.filter(user=english, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.get(response.url).content.decode()
    assert '<li class="message success">2 notifications marked as read.</li>' in html
    assert 'action="/app/notifications/read/"' not in html  # nothing left to mark


def test_mark_all_read_needs_a_post(client, english):
    client.force_login(english)
    assert client.get("/app/notifications/read/").status_code == 405


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, english, user_factory):
    note = _note(english, url="/app/kreis-offenbach/sprachpool/requests/7/")
    before = timezone.now()
    client.force_login(english)

    response = client.get(f"/app/notifications/{note.pk}/")

    assert response.status_code == 302
    assert response.url == "/app/kreis-offenbach/sprachpool/requests/7/"
    note.refresh_from_db()
    assert before <= note.read_at <= timezone.now()


def test_another_users_notification_cannot_be_opened(client, english, user_factory):
    theirs = _note(user_factory(email="other@example.org"))
    client.force_login(english)
    assert client.get(f"/app/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_to_another_site_is_not_followed(client, english):
    note = _note(english, url="https://evil.example/phish")
    client.force_login(english)
    response = client.get(f"/app/notifications/{note.pk}/")
    assert (response.status_code, response.url) == (302, "/app/notifications/")


def test_signed_out_visitors_are_sent_to_the_log_in(client):
    response = client.get("/app/notifications/")
    assert response.status_code == 302
    assert response.url.endswith("?next=/app/notifications/")


def test_unread_count_costs_one_query_and_only_when_shown(english, user_factory):
    _note(english, "One")
    _note(english, "Two")
    _note(english, "Old", read=True)
    _note(user_factory(email="other@example.org"), "Theirs")
    request = RequestFactory().get("/")
    request.user = english

    with CaptureQueriesContext(connection) as queries:
        context = notifications(request)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        shown = (str(context["unread_notifications"]), bool(context["unread_notifications"]))
    assert shown == ("2", True)
    assert len(queries) == 1
    assert "COUNT" in queries[0]["sql"].upper()


def test_no_count_for_signed_out_visitors():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert notifications(request) == {"unread_notifications": 0}
    assert len(queries) == 0


def test_the_bell_shows_the_unread_count(english, rf):
    request = rf.get("/")
    request.user = english
    html = render_to_string("notifications/_bell.html", {"user": english, "unread_notifications": 3}, request=request)
    assert 'href="/app/notifications/"' in html
    assert '<span class="badge" data-testid="notification-unread">3</span>' in html
    quiet = render_to_string("notifications/_bell.html", {"user": english, "unread_notifications": 0}, request=request)
    assert "notification-unread" not in quiet


def test_old_notifications_page(client, english):
    Notification.objects.bulk_create(
        Notification(user=english, kind="test.note", title=f"Note {n}", read_at=timezone.now()) for n in range(51)
    )
    Notification.objects.filter(title="Note 0").update(created_at=timezone.now() - timedelta(days=1))
    client.force_login(english)
    first = _english(client).get("/app/notifications/").content.decode()
    second = client.get("/app/notifications/?page=2").content.decode()
    assert ("Note 0\n" in first, "Note 0\n" in second) == (False, True)
    assert "Page 2 of 2" in second
