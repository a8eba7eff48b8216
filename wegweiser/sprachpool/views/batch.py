"""The week's batch matching: the solver proposes who takes which approved request; the
coordinator reviews, adjusts (another eligible mediator, or none) and confirms. Confirming
books each pair through ``services.assignment_create``, so the database still refuses any
double booking an adjustment would cause, row by row, with the reason shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegweiser.sprachpool import matching_data, services
from wegweiser.sprachpool.matching import UNSERVED_TEXT, Ranked, rank
from wegweiser.sprachpool.models import Mediator, Request
from wegweiser.sprachpool.permissions import MANAGE_POOL
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

OPTIONS = 8  # eligible mediators offered per request besides the proposed one
# The solver's reasons for leaving a request open, as the request's "not served" reason.
UNSERVED_REASON = {
    "no_language": Request.UnservedReason.NO_LANGUAGE,
    "no_time": Request.UnservedReason.NO_TIME,
    "taken": Request.UnservedReason.NO_TIME,
}


@dataclass(frozen=True)
class Row:
    request: Request
    proposed: int | None  # mediator id
    options: list[Ranked]
    unserved: str  # why the solver left it open ("" when proposed)
    unserved_code: str


def _monday(raw: str | None) -> tuple[date, bool]:
    """The Monday of the week asked for (default: next week), and whether ``raw`` was bad."""
    today = timezone.now().astimezone(BERLIN).date()
    default = today + timedelta(days=7 - today.weekday())
    if not raw:
        return default, False
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return default, True
    if not 2000 <= day.year <= 2100:
        return default, True
    return day - timedelta(days=day.weekday()), False


@region_view(MANAGE_POOL)
def batch_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    week, is_bad = _monday(request.GET.get("week"))
    if is_bad:
        messages.error(request, _("Choose a week by one of its days (e.g. 2026-11-23)."))
    plan = matching_data.week_plan(region=access.region, week_start=week)
    requests = {
        r.pk: r
        for r in Request.objects.filter(region=access.region, pk__in=[f.id for f in plan.requests]).select_related(
            "institution", "language", "commune", "topic"
        )
    }
    rows = []
    for facts in sorted(plan.requests, key=lambda f: (f.starts_at, f.id)):
        proposed = plan.proposal.pairs.get(facts.id)
        ranked = [r for r in rank(facts, plan.mediators, buffer_minutes=plan.buffer_minutes) if r.eligible]
        options = ranked[:OPTIONS]
        if proposed is not None and proposed not in {o.mediator_id for o in options}:
            options += [r for r in ranked if r.mediator_id == proposed]
        code = plan.proposal.unserved.get(facts.id, "")
        rows.append(Row(requests[facts.id], proposed, options, str(UNSERVED_TEXT.get(code, "")), code))
    return render(
        request,
        "sprachpool/office/batch.html",
        {
            "week": week,
            "week_end": week + timedelta(days=6),
            "previous_week": week - timedelta(days=7),
            "next_week": week + timedelta(days=7),
            "rows": rows,
            "proposed_count": len(plan.proposal.pairs),
        },
    )


@require_POST
@region_view(MANAGE_POOL)
def batch_confirm_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    week, _bad = _monday(request.POST.get("week"))
    back = f"{reverse('workspace:sprachpool:batch', args=[access.region.slug])}?week={week:%Y-%m-%d}"
    ids = [int(v) for v in request.POST.getlist("request") if v.isdigit()]
    chosen = Request.objects.filter(region=access.region, pk__in=ids, status=Request.Status.APPROVED)
    mediators = {m.pk: m for m in Mediator.objects.filter(region=access.region, is_active=True)}
    booked, left_open, problems = 0, 0, []
    for item in chosen.order_by("starts_at", "pk"):
        raw = request.POST.get(f"mediator_{item.pk}", "")
        if raw.isdigit() and int(raw) in mediators:
            try:
                services.assignment_create(actor=request.user, request=item, mediator=mediators[int(raw)])  # type: ignore[arg-type]
                booked += 1
            except ValidationError as error:
                problems.append(f"{item.number}: {' '.join(error.messages)}")
        elif request.POST.get(f"unserved_{item.pk}") in UNSERVED_REASON:
            reason = UNSERVED_REASON[request.POST[f"unserved_{item.pk}"]]
            try:
                services.request_mark_unserved(
                    actor=request.user,  # type: ignore[arg-type]
                    request=item,
                    reason=reason,
                    note=_("Batch matching found no mediator."),
                )
                left_open += 1
            except ValidationError as error:
                problems.append(f"{item.number}: {' '.join(error.messages)}")
    if booked:
        messages.success(
            request, ngettext("%(n)s request assigned.", "%(n)s requests assigned.", booked) % {"n": booked}
        )
    if left_open:
        messages.info(
            request,
            ngettext("%(n)s request recorded as not served.", "%(n)s requests recorded as not served.", left_open)
            % {"n": left_open},
        )
    for problem in problems:
        messages.error(request, problem)
    if not (booked or left_open or problems):
        messages.info(request, _("Nothing was chosen."))
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("week/", batch_view, name="batch"),
    path("week/confirm/", batch_confirm_view, name="batch_confirm"),
]
