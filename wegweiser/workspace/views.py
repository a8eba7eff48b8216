"""The staff workspace shell: choosing a region, its dashboard and its audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wegweiser.audit.selectors import audit_action_list, audit_entry_list
from wegweiser.sprachpool import reports as sprachpool_reports
from wegweiser.sprachpool.permissions import VIEW_POOL, VIEW_STATISTICS
from wegweiser.tenancy.decorators import LAST_REGION_KEY, region_view
from wegweiser.tenancy.models import Role
from wegweiser.tenancy.permissions import ENTER_REGION, MANAGE_MEMBERS, MANAGE_REGION, VIEW_AUDIT_LOG, VIEW_REGION
from wegweiser.tenancy.selectors import (
    RegionAccess,
    commune_list,
    membership_list,
    membership_role_counts,
    region_list_for_user,
)
from wegweiser.workspace.forms import AuditFilterForm

AUDIT_PAGE_SIZE = 50


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Where log-in lands: the last region worked in, the only one, or a choice."""
    regions = region_list_for_user(user=request.user)  # type: ignore[arg-type]
    slugs = {region.slug for region, _role in regions}
    last = request.session.get(LAST_REGION_KEY)
    if last in slugs and not request.GET.get("choose"):
        return redirect("workspace:dashboard", region_slug=last)
    if len(regions) == 1:
        return redirect("workspace:dashboard", region_slug=regions[0][0].slug)
    return render(request, "workspace/home.html", {"regions": regions})


# Where people from outside the office start: their own part of the region.
OUTSIDE_HOMES: dict[str, str] = {
    Role.REQUESTER: "workspace:sprachpool:my_requests",
    Role.MEDIATOR: "workspace:sprachpool:mediator_home",
}


@region_view(ENTER_REGION)
def dashboard_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    if not access.can(VIEW_REGION):
        if access.role in OUTSIDE_HOMES:
            return redirect(OUTSIDE_HOMES[access.role], region_slug=access.region.slug)
        raise PermissionDenied
    communes = list(commune_list(region=access.region))
    counts = membership_role_counts(region=access.region)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "communes": communes,
            "population": sum(c.population for c in communes),
            "my_communes": [c for c in communes if c.pk in access.commune_ids],
            "role_counts": [(label, counts.get(value, 0)) for value, label in Role.choices],
            "members": membership_list(region=access.region, include_inactive=False)[:12],
            "member_total": sum(counts.values()),
            "can_manage_members": access.can(MANAGE_MEMBERS),
            "can_manage_region": access.can(MANAGE_REGION),
            "can_view_audit": access.can(VIEW_AUDIT_LOG),
            "can_view_sprachpool": access.can(VIEW_POOL) or access.can(VIEW_STATISTICS),
            "sprachpool_card": sprachpool_reports.dashboard_card(region=access.region)
            if access.can(VIEW_STATISTICS)
            else None,
        },
    )


@region_view(VIEW_AUDIT_LOG)
def audit_log_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    actors = sorted(
        {(m.user_id, m.user.display_name) for m in membership_list(region=access.region)}, key=lambda a: a[1]
    )
    form = AuditFilterForm(request.GET or None, actions=audit_action_list(region=access.region), actors=actors)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(
        region=access.region,
        action=filters.get("action") or "",
        actor_id=filters.get("actor"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        text=filters.get("text") or "",
    )
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workspace/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
