"""The user's own notifications, across all regions: a list, opening one, marking all read.
Notifications belong to a user, not to a region, so these views need no region scope; each
reads only ``request.user``'s rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegweiser.accounts.models import User
from wegweiser.notifications.selectors import notification_list
from wegweiser.notifications.services import notification_mark_read

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    notes = notification_list(user=_user(request))
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    has_unread = notes.filter(read_at__isnull=True).exists()
    return render(request, "notifications/list.html", {"page": page, "has_unread": has_unread})


@login_required
def notification_open_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way. Only the user's own
    notifications (another's is a 404) and only links within this site."""
    user = _user(request)
    note = notification_list(user=user).filter(pk=notification_id).first()
    if note is None:
        raise Http404(_("No such notification."))
    notification_mark_read(user=user, ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    count = notification_mark_read(user=_user(request))
    messages.success(
        request,
        ngettext("%(count)s notification marked as read.", "%(count)s notifications marked as read.", count)
        % {"count": count},
    )
    return redirect("notifications:list")
