"""The applicant organisations' portal: their applications and the calls open to them, the
application form (questions, cost and financing plan, documents) until it is submitted, then
its status, the decision and the proof of use. Only the applications of the user's own
organisations exist here; any other id is 404."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.models import User
from wegweiser.funding import letters, portal, services
from wegweiser.funding.forms.applicant import (
    AnswersForm,
    ApplicationForm,
    AttachmentForm,
    BaseCostItemFormSet,
    NewApplicationForm,
    ProofForm,
    cost_item_formset,
    current_language,
)
from wegweiser.funding.models import Application, Call, CostItem, ProofOfUse
from wegweiser.funding.permissions import APPLY_FOR_FUNDING, VIEW_FUNDING
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.permissions import ENTER_REGION
from wegweiser.tenancy.selectors import RegionAccess

EXTRA_ROWS = 3
PROOF_OPEN = (Application.Status.APPROVED, Application.Status.PARTIALLY_APPROVED)
WITHDRAWABLE = (*services.EDITABLE, Application.Status.SUBMITTED, Application.Status.IN_REVIEW)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _attach(form: Form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields; the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _application_or_404(access: RegionAccess, user: User, application_id: int) -> Application:
    found = portal.applicant_application_get(user=user, region=access.region, application_id=application_id)
    if found is None:
        raise Http404(_("No such application."))
    return found


def _to_application(access: RegionAccess, application: Application) -> HttpResponseRedirect:
    return redirect("workspace:funding:my_application", region_slug=access.region.slug, application_id=application.pk)


def _to_proof(access: RegionAccess, application: Application) -> HttpResponseRedirect:
    return redirect(
        "workspace:funding:my_application_proof", region_slug=access.region.slug, application_id=application.pk
    )


# ----------------------------------------------------------------------------- the list


def _list_page(
    request: HttpRequest,
    access: RegionAccess,
    *,
    bound: tuple[int, NewApplicationForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user, region = _user(request), access.region
    open_calls = portal.applicant_call_list(user=user, region=region, now=timezone.now())
    calls = []
    for open_call in open_calls:
        if bound is not None and bound[0] == open_call.call.pk:
            form = bound[1]
        else:
            form = NewApplicationForm(organisations=open_call.organisations, auto_id=f"id_call{open_call.call.pk}_%s")
        calls.append((open_call, form))
    organisations = portal.applicant_organisation_list(user=user, region=region)
    return render(
        request,
        "funding/applicant/application_list.html",
        {
            "organisations": organisations,
            "applications": portal.applicant_application_list(user=user, region=region),
            "calls": calls,
            "show_organisation": len(organisations) > 1,
        },
        status=status,
    )


@region_view(APPLY_FOR_FUNDING)
def my_applications_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return _list_page(request, access)


@region_view(APPLY_FOR_FUNDING)
@require_POST
def my_application_new_view(request: HttpRequest, access: RegionAccess, call_id: int) -> HttpResponse:
    user, region = _user(request), access.region
    open_call = next(
        (c for c in portal.applicant_call_list(user=user, region=region, now=timezone.now()) if c.call.pk == call_id),
        None,
    )
    if open_call is None:
        call = Call.objects.filter(region=region, pk=call_id, is_published=True).first()
        if call is None:
            raise Http404(_("No such call."))
        if services.call_is_open(call):
            messages.error(request, _("Your kind of organisation may not apply to this call."))
        else:
            messages.error(request, _("This call is not open for applications."))
        return redirect("workspace:funding:my_applications", region_slug=region.slug)
    form = NewApplicationForm(
        request.POST, organisations=open_call.organisations, auto_id=f"id_call{open_call.call.pk}_%s"
    )
    if form.is_valid():
        try:
            created = services.application_create(
                actor=user,
                call=open_call.call,
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                _("Application %(number)s has been started. Fill it in, save the draft, and submit it.")
                % {"number": created.number},
            )
            return _to_application(access, created)
    return _list_page(request, access, bound=(call_id, form))


# ----------------------------------------------------------------------------- one application


def _split_errors(
    error: ValidationError, form: ApplicationForm, answers_form: AnswersForm, plan_errors: list[str]
) -> None:
    """A service's errors onto the part of the page they belong to."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        question = AnswersForm.PREFIX + name
        if name == "cost_items":
            plan_errors.extend(message for e in errors for message in e.messages)
        elif question in answers_form.fields:
            answers_form.add_error(question, errors)
        elif name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _error_summary(
    form: ApplicationForm, answers_form: AnswersForm, formset: BaseCostItemFormSet, plan_errors: list[str]
) -> list[tuple[str, str]]:
    """Every error on the page as (where, message), for the summary above the form."""
    found: list[tuple[str, str]] = []
    for part in (form, answers_form):
        for name, errors in part.errors.items():
            where = "" if name == "__all__" else str(part.fields[name].label)
            found.extend((where, str(message)) for message in errors)
    cost_plan = _("Cost and financing plan")
    for number, row in enumerate(formset.forms, start=1):
        for name, errors in row.errors.items():
            label = str(row.fields[name].label) if name in row.fields else ""
            found.extend((f"{cost_plan}, {_('line')} {number}: {label}", str(m)) for m in errors)
    found.extend((str(cost_plan), str(m)) for m in formset.non_form_errors())
    found.extend((str(cost_plan), m) for m in plan_errors)
    return found


def _edit_page(
    request: HttpRequest,
    access: RegionAccess,
    application: Application,
    *,
    form: ApplicationForm | None = None,
    answers_form: AnswersForm | None = None,
    formset: BaseCostItemFormSet | None = None,
    plan_errors: list[str] | None = None,
    upload_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    language = current_language()
    call_fields = list(application.call.fields.all())
    try:
        extra = int(request.GET.get("rows", EXTRA_ROWS))
    except ValueError:
        extra = EXTRA_ROWS
    form = form or ApplicationForm(initial=ApplicationForm.initial_for(application))
    answers_form = answers_form or AnswersForm(
        initial=AnswersForm.initial_for(application), call_fields=call_fields, language=language
    )
    formset = formset or cost_item_formset(application=application, extra=max(extra, EXTRA_ROWS))
    plan_errors = plan_errors or []
    plan = services.cost_plan(application)
    has_items = application.cost_items.exists()
    return render(
        request,
        "funding/applicant/application_form.html",
        {
            "item": application,
            "form": form,
            "answers_form": answers_form,
            "formset": formset,
            "plan_errors": plan_errors,
            "errors": _error_summary(form, answers_form, formset, plan_errors),
            "plan": plan,
            "has_items": has_items,
            "adds_up": has_items and plan.gap == application.requested_amount,
            "attachments": list(application.attachments.filter(for_proof=False)),
            "upload_form": upload_form or AttachmentForm(),
            "can_withdraw": application.status in WITHDRAWABLE,
            "is_open": services.call_is_open(application.call),
        },
        status=status,
    )


def _detail_page(request: HttpRequest, access: RegionAccess, application: Application) -> HttpResponse:
    proof = portal.application_proof_get(application=application)
    granted = application.status in Application.GRANTED
    return render(
        request,
        "funding/applicant/application_detail.html",
        {
            "item": application,
            "sections": portal.application_answer_sections(application=application, language=current_language()),
            "items": list(application.cost_items.all()),
            "plan": services.cost_plan(application),
            "attachments": list(application.attachments.all()),
            "timeline": portal.application_timeline(application=application),
            "money": services.application_money(application) if granted else None,
            "proof": proof,
            "has_proof_page": granted,
            "has_letter": letters.has_letter(application),
            "can_withdraw": application.status in WITHDRAWABLE,
        },
    )


def _more_rows(data: QueryDict) -> QueryDict:
    """The posted data with three more (empty) rows in the cost plan."""
    data = data.copy()
    try:
        total = int(data.get("costs-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data["costs-TOTAL_FORMS"] = str(total + EXTRA_ROWS)
    for index in range(total, total + EXTRA_ROWS):  # as an empty row shows: skipped when saved
        data[f"costs-{index}-kind"] = CostItem.Kind.COST
        data[f"costs-{index}-category"] = CostItem.Category.OTHER
    return data


@region_view(APPLY_FOR_FUNDING)
def my_application_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    user = _user(request)
    application = _application_or_404(access, user, application_id)
    if application.status not in services.EDITABLE:
        if request.method == "POST":
            messages.error(request, _("A submitted application can no longer be changed."))
            return _to_application(access, application)
        return _detail_page(request, access, application)
    if request.method != "POST":
        return _edit_page(request, access, application)

    action = request.POST.get("action", "save")
    data = _more_rows(request.POST) if action == "add_rows" else request.POST
    call_fields = list(application.call.fields.all())
    form = ApplicationForm(data)
    answers_form = AnswersForm(data, call_fields=call_fields, language=current_language())
    formset = cost_item_formset(data=data, application=application)
    plan_errors: list[str] = []
    if not (form.is_valid() & answers_form.is_valid() & formset.is_valid()):
        messages.error(request, _("Nothing has been saved. Please correct the marked entries."))
        return _edit_page(
            request, access, application, form=form, answers_form=answers_form, formset=formset, status=200
        )
    try:
        application = services.application_update(
            actor=user,
            application=application,
            answers=answers_form.answers(),
            cost_items=formset.lines(),
            **form.service_values(),
        )
    except ValidationError as error:
        _split_errors(error, form, answers_form, plan_errors)
        messages.error(request, _("Nothing has been saved. Please correct the marked entries."))
        return _edit_page(
            request, access, application, form=form, answers_form=answers_form, formset=formset, plan_errors=plan_errors
        )
    if action == "submit":
        try:
            services.application_submit(actor=user, application=application)
        except ValidationError as error:
            _split_errors(error, form, answers_form, plan_errors)
            messages.warning(
                request,
                _("Your draft has been saved, but it could not be submitted yet. Please see the notes below."),
            )
            application.refresh_from_db()
            return _edit_page(
                request,
                access,
                application,
                form=form,
                answers_form=answers_form,
                formset=formset,
                plan_errors=plan_errors,
            )
        messages.success(
            request,
            _("Application %(number)s has been submitted. The office will check it; you will be told by e-mail.")
            % {"number": application.number},
        )
        return _to_application(access, application)
    messages.success(request, _("Your draft has been saved."))
    response = _to_application(access, application)
    if action == "add_rows":
        blank = len(formset.forms) - len(formset.lines())  # three of them just added
        return redirect(f"{response.url}?rows={blank}#cost-plan")
    return response


@region_view(APPLY_FOR_FUNDING)
@require_POST
def my_application_upload_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    """A document for the application (while it is a draft) or for the proof of use (once granted)."""
    user = _user(request)
    application = _application_or_404(access, user, application_id)
    for_proof = application.status in PROOF_OPEN
    if application.status not in services.EDITABLE and not for_proof:
        messages.error(request, _("Documents can no longer be added to this application."))
        return _to_application(access, application)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.attachment_add(
                actor=user,
                application=application,
                file=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                for_proof=for_proof,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("“%(name)s” has been added.") % {"name": added.name})
            return _to_proof(access, application) if for_proof else _to_application(access, application)
    if for_proof:
        return _proof_page(request, access, application, upload_form=form)
    return _edit_page(request, access, application, upload_form=form)


@region_view(APPLY_FOR_FUNDING)
@require_POST
def my_application_withdraw_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    user = _user(request)
    application = _application_or_404(access, user, application_id)
    try:
        services.application_withdraw(actor=user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application %(number)s has been withdrawn.") % {"number": application.number})
    return _to_application(access, application)


@region_view(APPLY_FOR_FUNDING)
def my_application_letter_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    application = _application_or_404(access, _user(request), application_id)
    if not letters.has_letter(application):
        raise Http404(_("There is no decision letter for this application."))
    return letters.decision_letter_response(application)


# ----------------------------------------------------------------------------- proof of use


def _proof_page(
    request: HttpRequest,
    access: RegionAccess,
    application: Application,
    *,
    form: ProofForm | None = None,
    actual_errors: list[str] | None = None,
    upload_form: AttachmentForm | None = None,
) -> HttpResponse:
    proof = portal.application_proof_get(application=application)
    items = list(application.cost_items.all())
    editable = application.status in PROOF_OPEN and (
        proof is None or proof.status in (ProofOfUse.Status.DRAFT, ProofOfUse.Status.CORRECTIONS)
    )
    form = form or ProofForm(
        initial=ProofForm.initial_for(
            report=proof.report if proof else "", participants=proof.participants if proof else None, items=items
        ),
        items=items,
    )
    return render(
        request,
        "funding/applicant/proof.html",
        {
            "item": application,
            "proof": proof,
            "form": form,
            "actual_errors": actual_errors or [],
            "editable": editable,
            "items": items,
            "planned": services.cost_plan(application),
            "actual": services.cost_plan(application, actual=True),
            "money": services.application_money(application),
            "attachments": list(application.attachments.filter(for_proof=True)),
            "upload_form": upload_form or AttachmentForm(),
        },
    )


@region_view(APPLY_FOR_FUNDING)
def my_application_proof_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    user = _user(request)
    application = _application_or_404(access, user, application_id)
    if application.status not in Application.GRANTED:
        messages.error(request, _("A proof of use belongs to an approved application."))
        return _to_application(access, application)
    if request.method != "POST":
        return _proof_page(request, access, application)
    items = list(application.cost_items.all())
    form = ProofForm(request.POST, items=items)
    actual_errors: list[str] = []
    if not form.is_valid():
        messages.error(request, _("Nothing has been saved. Please correct the marked entries."))
        return _proof_page(request, access, application, form=form)
    try:
        services.proof_save(
            actor=user,
            application=application,
            report=form.cleaned_data["report"],
            participants=form.cleaned_data["participants"],
            actuals=form.actuals(),
        )
    except ValidationError as error:
        _proof_errors(error, form, actual_errors)
        messages.error(request, _("Nothing has been saved. Please correct the marked entries."))
        return _proof_page(request, access, application, form=form, actual_errors=actual_errors)
    if request.POST.get("action") == "submit":
        try:
            services.proof_submit(actor=user, application=application)
        except ValidationError as error:
            _proof_errors(error, form, actual_errors)
            messages.warning(
                request,
                _("Your proof of use has been saved, but it could not be submitted yet. Please see the notes below."),
            )
            return _proof_page(request, access, application, form=form, actual_errors=actual_errors)
        messages.success(request, _("Your proof of use has been submitted. The office will check it."))
        return _to_proof(access, application)
    messages.success(request, _("Your proof of use has been saved."))
    return _to_proof(access, application)


def _proof_errors(error: ValidationError, form: ProofForm, actual_errors: list[str]) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name == "actuals":
            actual_errors.extend(message for e in errors for message in e.messages)
        else:
            form.add_error(name if name in form.fields else None, errors)


# ----------------------------------------------------------------------------- documents


@region_view(ENTER_REGION)
def attachment_download_view(request: HttpRequest, access: RegionAccess, attachment_id: int) -> HttpResponse:
    """The file, for the office (every application of the region) and for the members of the
    applying organisation; for anyone else it does not exist."""
    if access.can(VIEW_FUNDING):
        attachment = portal.attachment_get(region=access.region, attachment_id=attachment_id)
    elif access.can(APPLY_FOR_FUNDING):
        attachment = portal.attachment_get(region=access.region, attachment_id=attachment_id, user=_user(request))
    else:
        attachment = None
    if attachment is None:
        raise Http404(_("No such document."))
    filename = attachment.file.name.rsplit("/", 1)[-1]
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such document.")) from None
    # Streamed, not read into memory; ``region_view`` is typed for plain responses only.
    return cast(HttpResponse, FileResponse(handle, as_attachment=True, filename=filename))


urlpatterns: list[URLPattern] = [
    path("my/", my_applications_view, name="my_applications"),
    path("my/new/<int:call_id>/", my_application_new_view, name="my_application_new"),
    path("my/<int:application_id>/", my_application_view, name="my_application"),
    path("my/<int:application_id>/documents/", my_application_upload_view, name="my_application_upload"),
    path("my/<int:application_id>/withdraw/", my_application_withdraw_view, name="my_application_withdraw"),
    path("my/<int:application_id>/letter.pdf", my_application_letter_view, name="my_application_letter"),
    path("my/<int:application_id>/proof/", my_application_proof_view, name="my_application_proof"),
    path("attachments/<int:attachment_id>/", attachment_download_view, name="attachment_download"),
]
