"""Visitors' "Was this helpful?": the list (all or unread only) and marking entries read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.guide import services
from wegweiser.guide.forms import FeedbackFilterForm, FeedbackReadForm, language_name
from wegweiser.guide.models import Feedback
from wegweiser.guide.permissions import EDIT_CONTENT, VIEW_CONTENT
from wegweiser.guide.views.editor.common import actor, language_columns, safe_next, source_of, titles_in
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

FEEDBACK_PAGE_SIZE = 50


@region_view(VIEW_CONTENT)
def feedback_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """Newest first; ``?unread=1`` shows only what nobody has marked read yet."""
    region = access.region
    filters = FeedbackFilterForm(request.GET or None)
    unread_only = bool(filters.is_valid() and filters.cleaned_data["unread"])
    entries = Feedback.objects.filter(region=region).select_related("language").order_by("-created_at", "-pk")
    if unread_only:
        entries = entries.filter(is_read=False)
    page = Paginator(entries, FEEDBACK_PAGE_SIZE).get_page(request.GET.get("page"))
    columns = language_columns(region)
    titles = titles_in(region, source_of(columns), [f.item_id for f in page if f.item_id])
    return render(
        request,
        "guide/editor/feedback.html",
        {
            "page": page,
            "rows": [(f, titles.get(f.item_id, "") if f.item_id else "", language_name(f.language)) for f in page],
            "filters": filters,
            "unread_only": unread_only,
            "unread_count": Feedback.objects.filter(region=region, is_read=False).count(),
            "can_edit": access.can(EDIT_CONTENT),
        },
    )


@region_view(EDIT_CONTENT)
@require_POST
def feedback_read_view(request: HttpRequest, access: RegionAccess, feedback_id: int) -> HttpResponse:
    feedback = Feedback.objects.filter(region=access.region, pk=feedback_id).first()
    if feedback is None:
        raise Http404(_("No such feedback."))
    back = safe_next(request, reverse("workspace:guide:feedback", args=[access.region.slug]))
    form = FeedbackReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the actions offered."))
        return redirect(back)
    is_read = form.cleaned_data["action"] == "read"
    services.feedback_mark_read(actor=actor(request), feedback=feedback, is_read=is_read)
    messages.success(request, _("Marked as read.") if is_read else _("Marked as unread."))
    return redirect(back)
