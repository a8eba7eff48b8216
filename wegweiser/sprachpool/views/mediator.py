"""The mediators' portal, made for a phone: open offers to accept or decline, upcoming and
past assignments, and the times she is usually available and absent. A mediator sees only
her own offers and what her assignments need; any other id is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.models import User
from wegweiser.sprachpool import portal, services
from wegweiser.sprachpool.forms.mediator import AbsenceForm, AvailabilityForm, DeclineForm
from wegweiser.sprachpool.models import Mediator, Offer
from wegweiser.sprachpool.permissions import MEDIATE
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _attach(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _mediator(request: HttpRequest, access: RegionAccess) -> Mediator | None:
    return portal.mediator_for_user(user=_user(request), region=access.region)


def _mediator_or_404(request: HttpRequest, access: RegionAccess) -> Mediator:
    mediator = _mediator(request, access)
    if mediator is None:
        raise Http404(_("You have no mediator profile in this region."))
    return mediator


def _home(access: RegionAccess) -> HttpResponse:
    return redirect("workspace:sprachpool:mediator_home", region_slug=access.region.slug)


@region_view(MEDIATE)
def mediator_home_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    mediator = _mediator(request, access)
    context: dict[str, Any] = {"mediator": mediator}
    if mediator is not None:
        now = timezone.now()
        context.update(
            offers=portal.mediator_offer_list(mediator=mediator, now=now),
            upcoming=portal.mediator_assignment_upcoming(mediator=mediator, now=now),
            past=portal.mediator_assignment_past(mediator=mediator, now=now),
            decline_form=DeclineForm(),
        )
    return render(request, "sprachpool/mediator/home.html", context)


@region_view(MEDIATE)
@require_POST
def offer_accept_view(request: HttpRequest, access: RegionAccess, offer_id: int) -> HttpResponse:
    mediator = _mediator_or_404(request, access)
    offer = portal.mediator_offer_get(mediator=mediator, offer_id=offer_id)
    if offer is None:
        raise Http404(_("No such offer."))
    if offer.status == Offer.Status.DECLINED:
        messages.error(
            request, _("You have declined this offer already. Please call the office if you can go after all.")
        )
        return _home(access)
    try:
        services.offer_accept(actor=_user(request), offer=offer)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Thank you! You are booked for %(number)s. The details are under “Your next assignments”.")
            % {"number": offer.request.number},
        )
    return _home(access)


@region_view(MEDIATE)
@require_POST
def offer_decline_view(request: HttpRequest, access: RegionAccess, offer_id: int) -> HttpResponse:
    mediator = _mediator_or_404(request, access)
    offer = portal.mediator_offer_get(mediator=mediator, offer_id=offer_id)
    if offer is None:
        raise Http404(_("No such offer."))
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note can have at most 300 characters."))
        return _home(access)
    try:
        services.offer_decline(actor=_user(request), offer=offer, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("You declined %(number)s. Thank you for answering.") % {"number": offer.request.number}
        )
    return _home(access)


def _availability_page(
    request: HttpRequest,
    mediator: Mediator,
    *,
    form: AvailabilityForm | None = None,
    absence_form: AbsenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    absences = portal.mediator_absence_list(mediator=mediator, today=today)
    return render(
        request,
        "sprachpool/mediator/availability.html",
        {
            "mediator": mediator,
            "form": form or AvailabilityForm(slots=mediator.availability.all()),
            "absence_form": absence_form or AbsenceForm(existing=absences, today=today),
            "absences": absences,
        },
        status=status,
    )


@region_view(MEDIATE)
def mediator_availability_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    mediator = _mediator_or_404(request, access)
    if request.method != "POST":
        return _availability_page(request, mediator)
    form = AvailabilityForm(request.POST, slots=mediator.availability.all())
    if form.is_valid():
        try:
            services.availability_set(actor=_user(request), mediator=mediator, slots=form.slots)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your usual times are saved."))
            return redirect("workspace:sprachpool:mediator_availability", region_slug=access.region.slug)
    return _availability_page(request, mediator, form=form)


@region_view(MEDIATE)
@require_POST
def mediator_absence_add_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    mediator = _mediator_or_404(request, access)
    today = timezone.localdate()
    existing = list(mediator.absences.all())
    form = AbsenceForm(request.POST, existing=existing, today=today)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.absence_add(
                actor=_user(request),
                mediator=mediator,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your absence is saved."))
            return redirect("workspace:sprachpool:mediator_availability", region_slug=access.region.slug)
    return _availability_page(request, mediator, absence_form=form)


@region_view(MEDIATE)
@require_POST
def mediator_absence_remove_view(request: HttpRequest, access: RegionAccess, absence_id: int) -> HttpResponse:
    mediator = _mediator_or_404(request, access)
    absence = portal.mediator_absence_get(mediator=mediator, absence_id=absence_id)
    if absence is None:
        raise Http404(_("No such absence."))
    services.absence_remove(actor=_user(request), absence=absence)
    messages.success(request, _("The absence is removed."))
    return redirect("workspace:sprachpool:mediator_availability", region_slug=access.region.slug)


urlpatterns: list[URLPattern] = [
    path("me/", mediator_home_view, name="mediator_home"),
    path("me/offers/<int:offer_id>/accept/", offer_accept_view, name="offer_accept"),
    path("me/offers/<int:offer_id>/decline/", offer_decline_view, name="offer_decline"),
    path("me/availability/", mediator_availability_view, name="mediator_availability"),
    path("me/absences/", mediator_absence_add_view, name="mediator_absence_add"),
    path("me/absences/<int:absence_id>/remove/", mediator_absence_remove_view, name="mediator_absence_remove"),
]
