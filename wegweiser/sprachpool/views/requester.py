"""The requesting institutions' portal: their requests, a new request, cancelling it, and
confirming the service afterwards. Only the requests of the user's own institutions exist
here; any other id is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.models import User
from wegweiser.sprachpool import portal, rules, services
from wegweiser.sprachpool.forms.requester import CancelForm, ConfirmForm, RequestForm
from wegweiser.sprachpool.models import Request
from wegweiser.sprachpool.permissions import REQUEST_MEDIATION
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

PAST_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _attach(form: Form, error: ValidationError, renames: dict[str, str] | None = None) -> None:
    """Put a service's errors on the form's fields (renamed where the form names them
    differently); the rest above the form."""
    renames = renames or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = renames.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def _request_or_404(access: RegionAccess, user: User, request_id: int) -> Request:
    found = portal.requester_request_get(user=user, region=access.region, request_id=request_id)
    if found is None:
        raise Http404(_("No such request."))
    return found


def _refused(request: HttpRequest, access: RegionAccess, found: Request, error: ValidationError) -> HttpResponse:
    """A service refused the whole action (not one field): say why on the request's page."""
    messages.error(request, " ".join(str(message) for message in error.messages))
    return redirect("workspace:sprachpool:my_request_detail", region_slug=access.region.slug, request_id=found.pk)


@region_view(REQUEST_MEDIATION)
def my_requests_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    user = _user(request)
    lists = portal.requester_request_list(user=user, region=access.region, now=timezone.now())
    past = Paginator(lists.past, PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    institutions = portal.requester_institution_list(user=user, region=access.region, active_only=False)
    return render(
        request,
        "sprachpool/requester/request_list.html",
        {
            "to_confirm": lists.to_confirm,
            "upcoming": lists.upcoming,
            "past": past,
            "institutions": institutions,
            "show_institution": len(institutions) > 1,
        },
    )


@region_view(REQUEST_MEDIATION)
def my_request_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    user, region = _user(request), access.region
    institutions = portal.requester_institution_list(user=user, region=region)
    pool = services.pool_settings_get(region=region)
    today = timezone.localdate()
    form = RequestForm(
        request.POST or None,
        region=region,
        institutions=institutions,
        today=today,
        initial={"contact_name": user.full_name},
    )
    if request.method == "POST" and institutions and form.is_valid():
        try:
            created = services.request_submit(actor=user, **form.service_values())
        except ValidationError as error:
            _attach(form, error, RequestForm.SERVICE_FIELDS)
        else:
            messages.success(request, _("Request %(number)s has been sent to the office.") % {"number": created.number})
            for issue in rules.request_rule_issues(created, pool, now=timezone.now()):
                messages.warning(request, _("Please note: %(issue)s") % {"issue": issue.message})
            return redirect("workspace:sprachpool:my_request_detail", region_slug=region.slug, request_id=created.pk)
    return render(
        request,
        "sprachpool/requester/request_form.html",
        {"form": form, "institutions": institutions, "lead_time_days": pool.lead_time_working_days},
    )


def _detail(
    request: HttpRequest,
    access: RegionAccess,
    found: Request,
    *,
    cancel_form: CancelForm | None = None,
    confirm_form: ConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    assignment = portal.request_assignment_get(request=found)
    now = timezone.now()
    can_cancel = found.is_open and found.starts_at > now
    can_confirm = found.status == Request.Status.ASSIGNED and found.starts_at <= now and assignment is not None
    context: dict[str, Any] = {
        "item": found,
        "assignment": assignment,
        "timeline": portal.request_timeline(request=found, assignment=assignment),
        "can_cancel": can_cancel,
        "can_confirm": can_confirm,
        "cancel_form": cancel_form or CancelForm(),
        "confirm_form": confirm_form or ConfirmForm(initial={"actual_minutes": found.duration_minutes}),
    }
    return render(request, "sprachpool/requester/request_detail.html", context, status=status)


@region_view(REQUEST_MEDIATION)
def my_request_detail_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    return _detail(request, access, _request_or_404(access, _user(request), request_id))


@region_view(REQUEST_MEDIATION)
@require_POST
def my_request_cancel_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    user = _user(request)
    found = _request_or_404(access, user, request_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.request_cancel(actor=user, request=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the request changed meanwhile: the page tells how
                return _refused(request, access, found, error)
            _attach(form, error)
        else:
            messages.success(request, _("Request %(number)s has been cancelled.") % {"number": found.number})
            return redirect(
                "workspace:sprachpool:my_request_detail", region_slug=access.region.slug, request_id=found.pk
            )
    found.refresh_from_db()
    return _detail(request, access, found, cancel_form=form)


@region_view(REQUEST_MEDIATION)
@require_POST
def my_request_confirm_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    user = _user(request)
    found = _request_or_404(access, user, request_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.request_confirm(actor=user, request=found, actual_minutes=form.cleaned_data["actual_minutes"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, access, found, error)
            _attach(form, error)
        else:
            messages.success(
                request,
                _("Thank you: %(minutes)s minutes confirmed for request %(number)s.")
                % {"minutes": form.cleaned_data["actual_minutes"], "number": found.number},
            )
            return redirect(
                "workspace:sprachpool:my_request_detail", region_slug=access.region.slug, request_id=found.pk
            )
    found.refresh_from_db()
    return _detail(request, access, found, confirm_form=form)


urlpatterns: list[URLPattern] = [
    path("my/requests/", my_requests_view, name="my_requests"),
    path("my/requests/new/", my_request_new_view, name="my_request_new"),
    path("my/requests/<int:request_id>/", my_request_detail_view, name="my_request_detail"),
    path("my/requests/<int:request_id>/cancel/", my_request_cancel_view, name="my_request_cancel"),
    path("my/requests/<int:request_id>/confirm/", my_request_confirm_view, name="my_request_confirm"),
]
