"""The office's pages (coordinators and staff; read-only members look): the inbox of requests,
one request with the rule check, the ranked candidates and every decision, the mediators with
their languages, times, documents and personal data, the institutions and the pool's rules.

Each page is a ``region_view``: another region's ids are 404, a missing permission is 403.
Each write is one service call; bad input comes back as form errors on the page it came from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegweiser.accounts.models import User
from wegweiser.sprachpool import matching_data, selectors, services
from wegweiser.sprachpool.forms.office import (
    AbsenceForm,
    ApproveForm,
    AssignForm,
    BaseLanguageFormSet,
    ConfirmForm,
    DocumentForm,
    EraseForm,
    InboxFilterForm,
    InstitutionForm,
    MediatorFilterForm,
    MediatorForm,
    MemberInviteForm,
    OfferForm,
    PoolSettingsForm,
    ReasonForm,
    RequestForm,
    TopicForm,
    UnservedForm,
    attach,
    language_formset,
    slot_formset,
)
from wegweiser.sprachpool.models import Absence, Institution, Mediator, MediatorDocument, Request, Topic
from wegweiser.sprachpool.permissions import CONFIGURE_POOL, MANAGE_POOL, VIEW_POOL
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

CANDIDATES_SHOWN = 25  # eligible mediators listed on a request's page (all with ?all=1)
CANDIDATES_INELIGIBLE_SHOWN = 10  # and of those not eligible, with their reasons
Bound = dict[str, Any]  # template name of a form -> the bound form to show instead of a fresh one


def _actor(request: HttpRequest) -> User:
    """The signed-in user (``region_view`` has made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


# ----------------------------------------------------------------------------- inbox


@region_view(VIEW_POOL)
@require_GET
def office_home_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    filters = InboxFilterForm(request.GET or None, region=region)
    values: dict[str, Any] = {}
    if filters.is_valid():
        values = {k: v for k, v in filters.cleaned_data.items() if v not in (None, "")}
    inbox = selectors.office_inbox(region=region, **values)
    return render(
        request,
        "sprachpool/office/home.html",
        {
            "filters": filters,
            "inbox": inbox,
            "status_counts": [(s, label, inbox.counts[s]) for s, label in Request.Status.choices],
            "can_manage": access.can(MANAGE_POOL),
        },
    )


# ----------------------------------------------------------------------------- one request


def _request_or_404(access: RegionAccess, request_id: int) -> Request:
    found = selectors.request_get(region=access.region, request_id=request_id)
    if found is None:
        raise Http404(_("No such request."))
    return found


def _request_page(
    request: HttpRequest, access: RegionAccess, request_id: int, bound: Bound | None = None
) -> HttpResponse:
    region = access.region
    detail = selectors.request_detail(region=region, request_id=request_id)
    if detail is None:
        raise Http404(_("No such request."))
    obj = detail.request
    status = obj.status
    candidates = (
        matching_data.candidate_list(request=obj)
        if status in (Request.Status.SUBMITTED, Request.Status.APPROVED)
        else []
    )
    # A large pool lists hundreds for a common language: the best first, the rest on demand.
    hidden = 0
    if request.GET.get("all") != "1":
        eligible = [c for c in candidates if c.eligible][:CANDIDATES_SHOWN]
        others = [c for c in candidates if not c.eligible][:CANDIDATES_INELIGIBLE_SHOWN]
        hidden = len(candidates) - len(eligible) - len(others)
        candidates = eligible + others
    suggestion = "\n".join(issue.message for issue in detail.rule_issues)
    context: dict[str, Any] = {
        "detail": detail,
        "req": obj,
        "candidates": candidates,
        "candidates_hidden": hidden,
        "can_manage": access.can(MANAGE_POOL),
        "can_approve": status == Request.Status.SUBMITTED,
        "can_reject": status in (Request.Status.SUBMITTED, Request.Status.APPROVED),
        "can_offer": status == Request.Status.APPROVED and not detail.has_begun,
        "can_assign": status == Request.Status.APPROVED,
        "can_release": status == Request.Status.ASSIGNED,
        "can_confirm": status == Request.Status.ASSIGNED and detail.has_begun,
        "is_open": obj.is_open,
        "open_offer_ids": {o.mediator_id for o in detail.offers if o.status == "open"},
        "approve_form": ApproveForm(initial={"funding_source": detail.pool.default_funding}),
        "reject_form": ReasonForm(prefix="reject", initial={"reason": suggestion}),
        "offer_form": OfferForm(region=region),
        "assign_form": AssignForm(region=region),
        "release_form": ReasonForm(prefix="release"),
        "cancel_form": ReasonForm(prefix="cancel"),
        "unserved_form": UnservedForm(prefix="unserved"),
        "confirm_form": ConfirmForm(initial={"actual_minutes": obj.duration_minutes}),
    }
    context.update(bound or {})
    return render(request, "sprachpool/office/request_detail.html", context)


@region_view(VIEW_POOL)
@require_GET
def request_detail_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    return _request_page(request, access, request_id)


def _request_action(
    request: HttpRequest,
    access: RegionAccess,
    request_id: int,
    key: str,
    form: forms.Form,
    run: Callable[[Request, dict[str, Any]], str],
) -> HttpResponse:
    """Validate ``form``, ``run`` the service (it returns the success message) and go back to
    the request; on an error show the request again with the form's errors."""
    obj = _request_or_404(access, request_id)
    if form.is_valid():
        try:
            done = run(obj, form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, done)
            return redirect("workspace:sprachpool:request_detail", region_slug=access.region.slug, request_id=obj.pk)
    return _request_page(request, access, request_id, {key: form})


@region_view(MANAGE_POOL)
@require_POST
def request_approve_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        services.request_approve(
            actor=_actor(request),
            request=obj,
            funding_source=data["funding_source"],
            exception_reason=data["exception_reason"],
        )
        return _("Request %(number)s approved. Now find a mediator.") % {"number": obj.number}

    return _request_action(request, access, request_id, "approve_form", ApproveForm(request.POST), run)


@region_view(MANAGE_POOL)
@require_POST
def request_reject_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        services.request_reject(actor=_actor(request), request=obj, reason=data["reason"])
        return _("Request %(number)s rejected; the requester has been told why.") % {"number": obj.number}

    form = ReasonForm(request.POST, prefix="reject")
    return _request_action(request, access, request_id, "reject_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_offer_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        offers = services.offer_create(actor=_actor(request), request=obj, mediators=list(data["mediators"]))
        if not offers:
            return _("These mediators have already been asked.")
        return _("Asked: %(names)s.") % {"names": ", ".join(o.mediator.full_name for o in offers)}

    form = OfferForm(request.POST, region=access.region)
    return _request_action(request, access, request_id, "offer_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_assign_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        mediator = data["mediator"]
        services.assignment_create(actor=_actor(request), request=obj, mediator=mediator)
        return _("%(name)s is booked for request %(number)s.") % {"name": mediator.full_name, "number": obj.number}

    form = AssignForm(request.POST, region=access.region)
    return _request_action(request, access, request_id, "assign_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_release_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        services.assignment_release(actor=_actor(request), request=obj, reason=data["reason"])
        return _("The booking was released; request %(number)s needs a mediator again.") % {"number": obj.number}

    form = ReasonForm(request.POST, prefix="release")
    return _request_action(request, access, request_id, "release_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_cancel_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        services.request_cancel(actor=_actor(request), request=obj, reason=data["reason"])
        return _("Request %(number)s cancelled; everyone concerned has been told.") % {"number": obj.number}

    form = ReasonForm(request.POST, prefix="cancel")
    return _request_action(request, access, request_id, "cancel_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_unserved_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        services.request_mark_unserved(actor=_actor(request), request=obj, reason=data["reason"], note=data["note"])
        return _("Request %(number)s recorded as not served.") % {"number": obj.number}

    form = UnservedForm(request.POST, prefix="unserved")
    return _request_action(request, access, request_id, "unserved_form", form, run)


@region_view(MANAGE_POOL)
@require_POST
def request_confirm_view(request: HttpRequest, access: RegionAccess, request_id: int) -> HttpResponse:
    def run(obj: Request, data: dict[str, Any]) -> str:
        assignment = services.request_confirm(
            actor=_actor(request), request=obj, actual_minutes=data["actual_minutes"], travel_km=data["travel_km"]
        )
        return _("Request %(number)s confirmed: %(minutes)s minutes, %(total)s € for %(name)s.") % {
            "number": obj.number,
            "minutes": assignment.actual_minutes,
            "total": _money(assignment.total_amount),
            "name": assignment.mediator.full_name,
        }

    return _request_action(request, access, request_id, "confirm_form", ConfirmForm(request.POST), run)


def _money(amount: Any) -> str:
    return number_format(amount or 0, decimal_pos=2)


@region_view(MANAGE_POOL)
def request_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """The office enters a request taken by phone."""
    region = access.region
    form = RequestForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.request_submit(actor=_actor(request), **form.values())
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Request %(number)s entered.") % {"number": obj.number})
            return redirect("workspace:sprachpool:request_detail", region_slug=region.slug, request_id=obj.pk)
    return render(
        request,
        "sprachpool/office/request_form.html",
        {"form": form, "pool": services.pool_settings_get(region=region)},
    )


# ----------------------------------------------------------------------------- mediators


@region_view(VIEW_POOL)
@require_GET
def mediator_list_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    filters = MediatorFilterForm(request.GET or None)
    values: dict[str, Any] = {}
    if filters.is_valid():
        values = {
            "language": filters.cleaned_data["language"],
            "is_active": filters.is_active(),
            "tier": filters.cleaned_data["tier"],
        }
    return render(
        request,
        "sprachpool/office/mediator_list.html",
        {
            "filters": filters,
            "rows": selectors.mediator_list(region=access.region, **values),
            "can_manage": access.can(MANAGE_POOL),
        },
    )


@region_view(MANAGE_POOL)
def mediator_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    data = request.POST if request.method == "POST" else None
    form = MediatorForm(data, region=region)
    languages = language_formset(data)
    if data is not None and all([form.is_valid(), languages.is_valid()]):  # both, for all errors
        try:
            mediator = services.mediator_save(
                actor=_actor(request),
                region=region,
                languages=languages.choices(),
                communes_served=form.cleaned_data["communes_served"],
                **form.values(),
            )
        except ValidationError as error:
            _attach_mediator(form, languages, error)
        else:
            messages.success(request, _("%(name)s added to the pool.") % {"name": mediator.full_name})
            return redirect(_mediator_url(access, mediator))
    return render(request, "sprachpool/office/mediator_new.html", {"form": form, "languages": languages})


def _attach_mediator(form: MediatorForm, languages: BaseLanguageFormSet, error: ValidationError) -> None:
    """The service names ``languages`` for the formset; everything else goes on the profile."""
    if hasattr(error, "error_dict") and "languages" in error.error_dict:
        languages.add_service_error(ValidationError(error.error_dict.pop("languages")))
        if not error.error_dict:
            return
    attach(form, error)


def _mediator_or_404(access: RegionAccess, mediator_id: int) -> Mediator:
    found = selectors.mediator_get(region=access.region, mediator_id=mediator_id)
    if found is None:
        raise Http404(_("No such mediator."))
    return found


def _erased(request: HttpRequest, access: RegionAccess, mediator: Mediator) -> HttpResponse | None:
    """Back to the page with a message when the mediator's data has been erased: the anonymous
    shell keeps the statistics and is not edited any more."""
    if mediator.erased_at is None:
        return None
    messages.error(request, _("This mediator's personal data has been erased; nothing can be changed."))
    return redirect(_mediator_url(access, mediator))


def _mediator_url(access: RegionAccess, mediator: Mediator, anchor: str = "") -> str:
    url = reverse("workspace:sprachpool:mediator_detail", args=[access.region.slug, mediator.pk])
    return f"{url}#{anchor}" if anchor else url


def _mediator_page(
    request: HttpRequest, access: RegionAccess, mediator_id: int, bound: Bound | None = None
) -> HttpResponse:
    region = access.region
    detail = selectors.mediator_detail(region=region, mediator_id=mediator_id)
    if detail is None:
        raise Http404(_("No such mediator."))
    mediator = detail.mediator
    can_manage = access.can(MANAGE_POOL)
    context: dict[str, Any] = {
        "detail": detail,
        "mediator": mediator,
        "can_manage": can_manage and mediator.erased_at is None,
        "form": MediatorForm(region=region, mediator=mediator),
        "languages": language_formset(mediator=mediator),
        "slots": slot_formset(mediator=mediator),
        "absence_form": AbsenceForm(prefix="absence"),
        "document_form": DocumentForm(prefix="document"),
        "document_forms": {},
        "erase_form": EraseForm(prefix="erase"),
    }
    context.update(bound or {})
    edit_forms: dict[int, DocumentForm] = context["document_forms"]
    context["document_rows"] = [
        (
            row,
            edit_forms.get(row.document.pk)
            or DocumentForm(
                prefix=f"document-{row.document.pk}",
                initial={
                    "kind": row.document.kind,
                    "issued_on": row.document.issued_on,
                    "expires_on": row.document.expires_on,
                    "note": row.document.note,
                },
            ),
        )
        for row in detail.documents
    ]
    if not context["can_manage"]:
        for item in (context["form"], *context["languages"], *context["slots"]):
            for field in item.fields.values():
                field.disabled = True
    return render(request, "sprachpool/office/mediator_detail.html", context)


@region_view(VIEW_POOL)
def mediator_detail_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    """The mediator's page; a POST saves the profile (office only)."""
    if request.method != "POST":
        return _mediator_page(request, access, mediator_id)
    if not access.can(MANAGE_POOL):
        raise PermissionDenied(_("Your role in this region does not allow this."))
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    form = MediatorForm(request.POST, region=access.region, mediator=mediator)
    if form.is_valid():
        try:
            services.mediator_save(
                actor=_actor(request),
                region=access.region,
                mediator=mediator,
                communes_served=form.cleaned_data["communes_served"],
                **form.values(),
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Profile of %(name)s saved.") % {"name": mediator.full_name})
            return redirect(_mediator_url(access, mediator, "profile"))
    return _mediator_page(request, access, mediator_id, {"form": form})


@region_view(MANAGE_POOL)
@require_POST
def mediator_languages_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    languages = language_formset(request.POST, mediator=mediator)
    if languages.is_valid():
        try:
            services.mediator_save(
                actor=_actor(request), region=access.region, mediator=mediator, languages=languages.choices()
            )
        except ValidationError as error:
            languages.add_service_error(error)
        else:
            messages.success(request, _("Languages of %(name)s saved.") % {"name": mediator.full_name})
            return redirect(_mediator_url(access, mediator, "languages"))
    return _mediator_page(request, access, mediator_id, {"languages": languages})


@region_view(MANAGE_POOL)
@require_POST
def mediator_slots_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    """The weekly pattern; overlapping times are refused by the service and nothing is saved."""
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    slots = slot_formset(request.POST, mediator=mediator)
    if slots.is_valid():
        try:
            services.availability_set(actor=_actor(request), mediator=mediator, slots=slots.slots())
        except ValidationError as error:
            slots.add_service_error(error)
        else:
            messages.success(request, _("Available times of %(name)s saved.") % {"name": mediator.full_name})
            return redirect(_mediator_url(access, mediator, "availability"))
    return _mediator_page(request, access, mediator_id, {"slots": slots})


@region_view(MANAGE_POOL)
@require_POST
def absence_add_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    form = AbsenceForm(request.POST, prefix="absence")
    if form.is_valid():
        try:
            services.absence_add(actor=_actor(request), mediator=mediator, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Absence of %(name)s entered.") % {"name": mediator.full_name})
            return redirect(_mediator_url(access, mediator, "absences"))
    return _mediator_page(request, access, mediator_id, {"absence_form": form})


@region_view(MANAGE_POOL)
@require_POST
def absence_remove_view(request: HttpRequest, access: RegionAccess, mediator_id: int, absence_id: int) -> HttpResponse:
    mediator = _mediator_or_404(access, mediator_id)
    absence = Absence.objects.filter(mediator=mediator, pk=absence_id).first()
    if absence is None:
        raise Http404(_("No such absence."))
    services.absence_remove(actor=_actor(request), absence=absence)
    messages.success(request, _("Absence removed."))
    return redirect(_mediator_url(access, mediator, "absences"))


@region_view(MANAGE_POOL)
@require_POST
def document_save_view(
    request: HttpRequest, access: RegionAccess, mediator_id: int, document_id: int | None = None
) -> HttpResponse:
    """Add a document, or change the one given."""
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    document = None
    if document_id is not None:
        document = MediatorDocument.objects.filter(mediator=mediator, pk=document_id).first()
        if document is None:
            raise Http404(_("No such document."))
    prefix = f"document-{document_id}" if document is not None else "document"
    form = DocumentForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.document_save(actor=_actor(request), mediator=mediator, document=document, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect(_mediator_url(access, mediator, "documents"))
    bound: Bound = {"document_forms": {document.pk: form}} if document is not None else {"document_form": form}
    return _mediator_page(request, access, mediator_id, bound)


@region_view(MANAGE_POOL)
@require_POST
def mediator_invite_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    mediator = _mediator_or_404(access, mediator_id)
    if (erased := _erased(request, access, mediator)) is not None:
        return erased
    try:
        invitation = services.mediator_invite(actor=_actor(request), mediator=mediator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if invitation is None:
            messages.success(request, _("%(name)s already had an account and can now log in.") % {"name": mediator})
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect(_mediator_url(access, mediator))


@region_view(MANAGE_POOL)
@require_GET
def mediator_export_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    """Everything kept about the mediator as a JSON download (GDPR Art. 15; audit-logged)."""
    mediator = _mediator_or_404(access, mediator_id)
    data = services.mediator_export(actor=_actor(request), mediator=mediator)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="sprachpool-mediator-{mediator.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@region_view(MANAGE_POOL)
@require_POST
def mediator_erase_view(request: HttpRequest, access: RegionAccess, mediator_id: int) -> HttpResponse:
    """Erase the mediator's personal data (GDPR Art. 17) after an explicit confirmation."""
    mediator = _mediator_or_404(access, mediator_id)
    form = EraseForm(request.POST, prefix="erase")
    if form.is_valid():
        try:
            services.mediator_erase(actor=_actor(request), mediator=mediator)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("The mediator's personal data has been erased."))
            return redirect(_mediator_url(access, mediator))
    return _mediator_page(request, access, mediator_id, {"erase_form": form})


# ----------------------------------------------------------------------------- institutions


@region_view(VIEW_POOL)
@require_GET
def institution_list_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return render(
        request,
        "sprachpool/office/institution_list.html",
        {"institutions": selectors.institution_list(region=access.region), "can_manage": access.can(MANAGE_POOL)},
    )


@region_view(MANAGE_POOL)
def institution_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    form = InstitutionForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_save(actor=_actor(request), region=region, **form.values())
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": institution.name})
            return redirect(_institution_url(access, institution))
    return render(request, "sprachpool/office/institution_new.html", {"form": form})


def _institution_or_404(access: RegionAccess, institution_id: int) -> Institution:
    found = selectors.institution_get(region=access.region, institution_id=institution_id)
    if found is None:
        raise Http404(_("No such institution."))
    return found


def _institution_url(access: RegionAccess, institution: Institution) -> str:
    return reverse("workspace:sprachpool:institution_detail", args=[access.region.slug, institution.pk])


def _institution_page(
    request: HttpRequest, access: RegionAccess, institution: Institution, bound: Bound | None = None
) -> HttpResponse:
    can_manage = access.can(MANAGE_POOL)
    context: dict[str, Any] = {
        "institution": institution,
        "members": selectors.institution_member_list(institution=institution),
        "can_manage": can_manage,
        "form": InstitutionForm(region=access.region, institution=institution),
        "invite_form": MemberInviteForm(prefix="invite"),
    }
    context.update(bound or {})
    if not can_manage:
        for field in context["form"].fields.values():
            field.disabled = True
    return render(request, "sprachpool/office/institution_detail.html", context)


@region_view(VIEW_POOL)
def institution_detail_view(request: HttpRequest, access: RegionAccess, institution_id: int) -> HttpResponse:
    """The institution and the people who request for it; a POST saves its details."""
    institution = _institution_or_404(access, institution_id)
    if request.method != "POST":
        return _institution_page(request, access, institution)
    if not access.can(MANAGE_POOL):
        raise PermissionDenied(_("Your role in this region does not allow this."))
    form = InstitutionForm(request.POST, region=access.region, institution=institution)
    if form.is_valid():
        try:
            services.institution_save(
                actor=_actor(request), region=access.region, institution=institution, **form.values()
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": institution.name})
            return redirect(_institution_url(access, institution))
    institution.refresh_from_db()
    return _institution_page(request, access, institution, {"form": form})


@region_view(MANAGE_POOL)
@require_POST
def institution_member_invite_view(request: HttpRequest, access: RegionAccess, institution_id: int) -> HttpResponse:
    institution = _institution_or_404(access, institution_id)
    form = MemberInviteForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            member = services.institution_member_invite(
                actor=_actor(request), institution=institution, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            attach(form, error)
        else:
            if member.user_id is None:
                done = _("Invitation sent to %(email)s.")
            else:
                done = _("%(email)s can now request mediators for this institution.")
            messages.success(request, done % {"email": member.email})
            return redirect(_institution_url(access, institution))
    return _institution_page(request, access, institution, {"invite_form": form})


@region_view(MANAGE_POOL)
@require_POST
def institution_member_remove_view(
    request: HttpRequest, access: RegionAccess, institution_id: int, member_id: int
) -> HttpResponse:
    institution = _institution_or_404(access, institution_id)
    member = selectors.institution_member_list(institution=institution).filter(pk=member_id).first()
    if member is None:
        raise Http404(_("No such member."))
    services.institution_member_remove(actor=_actor(request), member=member)
    messages.success(request, _("%(email)s can no longer request for this institution.") % {"email": member.email})
    return redirect(_institution_url(access, institution))


# ----------------------------------------------------------------------------- settings


def _settings_page(request: HttpRequest, access: RegionAccess, bound: Bound | None = None) -> HttpResponse:
    region = access.region
    can_configure = access.can(CONFIGURE_POOL)
    topics = list(selectors.topic_list(region=region))
    context: dict[str, Any] = {
        "can_configure": can_configure,
        "form": PoolSettingsForm(pool=services.pool_settings_get(region=region)),
        "topic_forms": {},
        "new_topic_form": TopicForm(prefix="topic-new"),
    }
    context.update(bound or {})
    edits: dict[int, TopicForm] = context["topic_forms"]
    context["topic_rows"] = [(t, edits.get(t.pk) or TopicForm(topic=t)) for t in topics]
    if not can_configure:
        for field in context["form"].fields.values():
            field.disabled = True
    return render(request, "sprachpool/office/settings.html", context)


@region_view(VIEW_POOL)
def pool_settings_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """The region's rules and rates, and its topics; only a coordinator changes them."""
    if request.method != "POST":
        return _settings_page(request, access)
    if not access.can(CONFIGURE_POOL):
        raise PermissionDenied(_("Your role in this region does not allow this."))
    region = access.region
    form = PoolSettingsForm(request.POST, pool=services.pool_settings_get(region=region))
    if form.is_valid():
        try:
            services.pool_settings_update(actor=_actor(request), region=region, **form.values())
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Rules and rates saved."))
            return redirect("workspace:sprachpool:pool_settings", region_slug=region.slug)
    return _settings_page(request, access, {"form": form})


@region_view(CONFIGURE_POOL)
@require_POST
def topic_save_view(request: HttpRequest, access: RegionAccess, topic_id: int | None = None) -> HttpResponse:
    region = access.region
    topic = None
    if topic_id is not None:
        topic = Topic.objects.filter(region=region, pk=topic_id).first()
        if topic is None:
            raise Http404(_("No such topic."))
    form = TopicForm(request.POST, topic=topic) if topic else TopicForm(request.POST, prefix="topic-new")
    if form.is_valid():
        try:
            saved = services.topic_save(actor=_actor(request), region=region, topic=topic, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Topic “%(name)s” saved.") % {"name": saved.name})
            return redirect(reverse("workspace:sprachpool:pool_settings", args=[region.slug]) + "#topics")
    bound: Bound = {"topic_forms": {topic.pk: form}} if topic is not None else {"new_topic_form": form}
    return _settings_page(request, access, bound)


urlpatterns: list[URLPattern] = [
    path("", office_home_view, name="office_home"),
    path("requests/new/", request_new_view, name="request_new"),
    path("requests/<int:request_id>/", request_detail_view, name="request_detail"),
    path("requests/<int:request_id>/approve/", request_approve_view, name="request_approve"),
    path("requests/<int:request_id>/reject/", request_reject_view, name="request_reject"),
    path("requests/<int:request_id>/offer/", request_offer_view, name="request_offer"),
    path("requests/<int:request_id>/assign/", request_assign_view, name="request_assign"),
    path("requests/<int:request_id>/release/", request_release_view, name="request_release"),
    path("requests/<int:request_id>/cancel/", request_cancel_view, name="request_cancel"),
    path("requests/<int:request_id>/unserved/", request_unserved_view, name="request_unserved"),
    path("requests/<int:request_id>/confirm/", request_confirm_view, name="request_confirm"),
    path("mediators/", mediator_list_view, name="mediator_list"),
    path("mediators/new/", mediator_new_view, name="mediator_new"),
    path("mediators/<int:mediator_id>/", mediator_detail_view, name="mediator_detail"),
    path("mediators/<int:mediator_id>/languages/", mediator_languages_view, name="office_mediator_languages"),
    path("mediators/<int:mediator_id>/availability/", mediator_slots_view, name="office_mediator_availability"),
    path("mediators/<int:mediator_id>/absences/", absence_add_view, name="office_absence_add"),
    path(
        "mediators/<int:mediator_id>/absences/<int:absence_id>/remove/",
        absence_remove_view,
        name="office_absence_remove",
    ),
    path("mediators/<int:mediator_id>/documents/", document_save_view, name="office_document_add"),
    path("mediators/<int:mediator_id>/documents/<int:document_id>/", document_save_view, name="office_document_edit"),
    path("mediators/<int:mediator_id>/invite/", mediator_invite_view, name="mediator_invite"),
    path("mediators/<int:mediator_id>/export/", mediator_export_view, name="mediator_export"),
    path("mediators/<int:mediator_id>/erase/", mediator_erase_view, name="mediator_erase"),
    path("institutions/", institution_list_view, name="institution_list"),
    path("institutions/new/", institution_new_view, name="institution_new"),
    path("institutions/<int:institution_id>/", institution_detail_view, name="institution_detail"),
    path(
        "institutions/<int:institution_id>/members/",
        institution_member_invite_view,
        name="office_institution_member_invite",
    ),
    path(
        "institutions/<int:institution_id>/members/<int:member_id>/remove/",
        institution_member_remove_view,
        name="office_institution_member_remove",
    ),
    path("settings/", pool_settings_view, name="pool_settings"),
    path("settings/topics/", topic_save_view, name="office_topic_add"),
    path("settings/topics/<int:topic_id>/", topic_save_view, name="office_topic_edit"),
]
