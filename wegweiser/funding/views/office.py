"""The office's funding pages (coordinators and staff; read-only members and the ministry
look): programmes with their yearly budgets and lines, the ledger of a line, calls with their
application form and scoring sheet, applications from the completeness check to the decision
letter, payments and the check of the proof of use.

Each page is a ``region_view``: another region's ids are 404, a missing permission is 403.
Each write is one service call; bad input comes back as form errors on the page it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegweiser.accounts.models import User
from wegweiser.funding import letters, selectors, services
from wegweiser.funding.forms.office import (
    ApplicationFilterForm,
    BudgetForm,
    CallForm,
    CompletenessForm,
    CriterionForm,
    DecideForm,
    FieldTranslationForm,
    FinancesForm,
    FormFieldForm,
    LineForm,
    PaymentForm,
    ProgrammeForm,
    ProofCheckForm,
    ReleaseForm,
    ReviewForm,
    attach,
)
from wegweiser.funding.models import ZERO, Application, Budget, BudgetLine, Call, Programme, ProofOfUse
from wegweiser.funding.permissions import (
    DECIDE_APPLICATIONS,
    MANAGE_FUNDING,
    MANAGE_LEDGER,
    REVIEW_APPLICATIONS,
    VIEW_FUNDING,
)
from wegweiser.funding.templatetags.funding_office import euro_text
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

Bound = dict[str, Any]  # template name of a form -> the bound form to show instead of a fresh one


def _actor(request: HttpRequest) -> User:
    """The signed-in user (``region_view`` has made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _require(access: RegionAccess, permission: str) -> None:
    """For pages that everyone with VIEW_FUNDING reads but only some may change (POST)."""
    if not access.can(permission):
        raise PermissionDenied(_("Your role in this region does not allow this."))


def _disable(form: forms.Form) -> None:
    for field in form.fields.values():
        field.disabled = True


# ----------------------------------------------------------------------------- overview


@region_view(VIEW_FUNDING)
@require_GET
def office_home_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    return render(
        request,
        "funding/office/home.html",
        {
            "programmes": selectors.programme_overview(region=region),
            "open_calls": selectors.open_call_list(region=region),
            "action": selectors.applications_needing_action(region=region),
            "can_manage": access.can(MANAGE_FUNDING),
        },
    )


# ----------------------------------------------------------------------------- programmes and budgets


def _programme_or_404(access: RegionAccess, programme_id: int) -> Programme:
    found = selectors.programme_get(region=access.region, programme_id=programme_id)
    if found is None:
        raise Http404(_("No such programme."))
    return found


def _programme_url(access: RegionAccess, programme: Programme) -> str:
    return reverse("workspace:funding:programme_edit", args=[access.region.slug, programme.pk])


@region_view(MANAGE_FUNDING)
def programme_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(actor=_actor(request), region=access.region, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(
                request, _("Programme “%(name)s” created. Now add its yearly budgets.") % {"name": programme.name}
            )
            return redirect(_programme_url(access, programme))
    return render(request, "funding/office/programme_form.html", {"form": form, "programme": None})


@region_view(VIEW_FUNDING)
def programme_edit_view(request: HttpRequest, access: RegionAccess, programme_id: int) -> HttpResponse:
    """The programme with its budgets and lines; a POST saves the programme (MANAGE_FUNDING)."""
    programme = _programme_or_404(access, programme_id)
    can_manage = access.can(MANAGE_FUNDING)
    if request.method == "POST":
        _require(access, MANAGE_FUNDING)
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                services.programme_save(
                    actor=_actor(request), region=access.region, programme=programme, **form.cleaned_data
                )
            except ValidationError as error:
                attach(form, error)
            else:
                messages.success(request, _("Programme “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
                return redirect(_programme_url(access, programme))
        programme.refresh_from_db()
    else:
        form = ProgrammeForm(initial=ProgrammeForm.initial_of(programme))
        if not can_manage:
            _disable(form)
    return render(
        request,
        "funding/office/programme_form.html",
        {
            "form": form,
            "programme": programme,
            "budgets": selectors.programme_budgets(programme=programme),
            "can_manage": can_manage,
        },
    )


def _budget_or_404(access: RegionAccess, budget_id: int) -> Budget:
    found = selectors.budget_get(region=access.region, budget_id=budget_id)
    if found is None:
        raise Http404(_("No such budget."))
    return found


def _budget_page(
    request: HttpRequest, access: RegionAccess, programme: Programme, budget: Budget | None
) -> HttpResponse:
    initial = (
        {"year": budget.year, "co_financing": budget.co_financing, "co_financing_source": budget.co_financing_source}
        if budget
        else {}
    )
    form = BudgetForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.budget_save(
                actor=_actor(request),
                programme=programme,
                budget=budget,
                year=data["year"],
                co_financing=data["co_financing"] if data["co_financing"] is not None else ZERO,
                co_financing_source=data["co_financing_source"],
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Budget %(year)s saved.") % {"year": saved.year})
            return redirect(_programme_url(access, programme))
    return render(request, "funding/office/budget_form.html", {"form": form, "programme": programme, "budget": budget})


@region_view(MANAGE_FUNDING)
def budget_new_view(request: HttpRequest, access: RegionAccess, programme_id: int) -> HttpResponse:
    return _budget_page(request, access, _programme_or_404(access, programme_id), None)


@region_view(MANAGE_FUNDING)
def budget_edit_view(request: HttpRequest, access: RegionAccess, budget_id: int) -> HttpResponse:
    budget = _budget_or_404(access, budget_id)
    return _budget_page(request, access, budget.programme, budget)


def _line_or_404(access: RegionAccess, line_id: int) -> BudgetLine:
    found = selectors.line_get(region=access.region, line_id=line_id)
    if found is None:
        raise Http404(_("No such budget line."))
    return found


def _line_page(request: HttpRequest, access: RegionAccess, budget: Budget, line: BudgetLine | None) -> HttpResponse:
    initial = {"name": line.name, "purpose": line.purpose, "amount": line.amount} if line else {}
    form = LineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.line_save(
                actor=_actor(request),
                budget=budget,
                line=line,
                name=data["name"],
                purpose=data["purpose"],
                amount=data["amount"],
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Budget line “%(name)s” saved.") % {"name": saved.name})
            return redirect(_programme_url(access, budget.programme))
    return render(
        request,
        "funding/office/line_form.html",
        {
            "form": form,
            "budget": budget,
            "programme": budget.programme,
            "line": line,
            "figures": selectors.line_figures(line) if line else None,
        },
    )


@region_view(MANAGE_FUNDING)
def line_new_view(request: HttpRequest, access: RegionAccess, budget_id: int) -> HttpResponse:
    return _line_page(request, access, _budget_or_404(access, budget_id), None)


@region_view(MANAGE_FUNDING)
def line_edit_view(request: HttpRequest, access: RegionAccess, line_id: int) -> HttpResponse:
    line = _line_or_404(access, line_id)
    return _line_page(request, access, line.budget, line)


@region_view(VIEW_FUNDING)
@require_GET
def line_ledger_view(request: HttpRequest, access: RegionAccess, line_id: int) -> HttpResponse:
    ledger = selectors.line_ledger(region=access.region, line_id=line_id)
    if ledger is None:
        raise Http404(_("No such budget line."))
    return render(
        request, "funding/office/line_ledger.html", {"ledger": ledger, "can_manage": access.can(MANAGE_FUNDING)}
    )


# ----------------------------------------------------------------------------- calls and their forms


def _call_or_404(access: RegionAccess, call_id: int) -> Call:
    found = selectors.call_get(region=access.region, call_id=call_id)
    if found is None:
        raise Http404(_("No such call."))
    return found


def _call_url(access: RegionAccess, call: Call, anchor: str = "") -> str:
    url = reverse("workspace:funding:call_edit", args=[access.region.slug, call.pk])
    return f"{url}#{anchor}" if anchor else url


@region_view(VIEW_FUNDING)
@require_GET
def call_list_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    return render(
        request,
        "funding/office/call_list.html",
        {
            "calls": selectors.call_list(region=access.region),
            "now": timezone.now(),
            "can_manage": access.can(MANAGE_FUNDING),
        },
    )


@region_view(MANAGE_FUNDING)
def call_new_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form = CallForm(request.POST or None, region=access.region)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_save(actor=_actor(request), region=access.region, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(
                request, _("Call “%(title)s” created. Now add the questions of its form.") % {"title": call.title}
            )
            return redirect(_call_url(access, call))
    return render(request, "funding/office/call_form.html", {"form": form, "call": None})


@region_view(VIEW_FUNDING)
def call_edit_view(request: HttpRequest, access: RegionAccess, call_id: int) -> HttpResponse:
    """The call, its questions by section and its scoring sheet; a POST saves the call."""
    call = _call_or_404(access, call_id)
    can_manage = access.can(MANAGE_FUNDING)
    if request.method == "POST":
        _require(access, MANAGE_FUNDING)
        form = CallForm(request.POST, region=access.region)
        if form.is_valid():
            try:
                services.call_save(actor=_actor(request), region=access.region, call=call, **form.cleaned_data)
            except ValidationError as error:
                attach(form, error)
            else:
                messages.success(request, _("Call “%(title)s” saved.") % {"title": form.cleaned_data["title"]})
                return redirect(_call_url(access, call))
        call.refresh_from_db()
    else:
        form = CallForm(initial=CallForm.initial_of(call), region=access.region)
        if not can_manage:
            _disable(form)
    return render(
        request,
        "funding/office/call_form.html",
        {
            "form": form,
            "call": call,
            "call_form": selectors.call_form(call=call),
            "is_open": services.call_is_open(call),
            "can_manage": can_manage,
        },
    )


def _question_page(request: HttpRequest, access: RegionAccess, call_id: int, field_id: int | None) -> HttpResponse:
    call = _call_or_404(access, call_id)
    question = None
    if field_id is not None:
        question = selectors.form_field_get(call=call, field_id=field_id)
        if question is None:
            raise Http404(_("No such question."))
    initial = FormFieldForm.initial_of(question) if question else {"required": True}
    form = FormFieldForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.form_field_save(actor=_actor(request), call=call, field=question, **form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Question “%(label)s” saved.") % {"label": saved.label})
            return redirect(_call_url(access, call, "questions"))
    return render(request, "funding/office/call_field_form.html", {"form": form, "call": call, "question": question})


@region_view(MANAGE_FUNDING)
def call_field_new_view(request: HttpRequest, access: RegionAccess, call_id: int) -> HttpResponse:
    return _question_page(request, access, call_id, None)


@region_view(MANAGE_FUNDING)
def call_field_edit_view(request: HttpRequest, access: RegionAccess, call_id: int, field_id: int) -> HttpResponse:
    return _question_page(request, access, call_id, field_id)


@region_view(MANAGE_FUNDING)
def call_field_translate_view(request: HttpRequest, access: RegionAccess, call_id: int, field_id: int) -> HttpResponse:
    """Section, question and help text in the languages the applicants may read the form in."""
    call = _call_or_404(access, call_id)
    question = selectors.form_field_get(call=call, field_id=field_id)
    if question is None:
        raise Http404(_("No such question."))
    form = FieldTranslationForm(request.POST if request.method == "POST" else None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.form_field_save(actor=_actor(request), call=call, field=question, translations=form.translations())
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Translations of “%(label)s” saved.") % {"label": question.label})
            return redirect(_call_url(access, call, "questions"))
    return render(
        request, "funding/office/call_field_translate.html", {"form": form, "call": call, "question": question}
    )


def _criterion_page(request: HttpRequest, access: RegionAccess, call_id: int, criterion_id: int | None) -> HttpResponse:
    call = _call_or_404(access, call_id)
    criterion = None
    if criterion_id is not None:
        criterion = selectors.criterion_get(call=call, criterion_id=criterion_id)
        if criterion is None:
            raise Http404(_("No such criterion."))
    initial = CriterionForm.initial_of(criterion) if criterion else {}
    form = CriterionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.criterion_save(
                actor=_actor(request),
                call=call,
                criterion=criterion,
                name=form.cleaned_data["name"],
                max_points=form.cleaned_data["max_points"],
            )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, _("Criterion “%(name)s” saved.") % {"name": saved.name})
            return redirect(_call_url(access, call, "criteria"))
    return render(request, "funding/office/criterion_form.html", {"form": form, "call": call, "criterion": criterion})


@region_view(MANAGE_FUNDING)
def call_criterion_new_view(request: HttpRequest, access: RegionAccess, call_id: int) -> HttpResponse:
    return _criterion_page(request, access, call_id, None)


@region_view(MANAGE_FUNDING)
def call_criterion_edit_view(
    request: HttpRequest, access: RegionAccess, call_id: int, criterion_id: int
) -> HttpResponse:
    return _criterion_page(request, access, call_id, criterion_id)


# ----------------------------------------------------------------------------- applications


@region_view(VIEW_FUNDING)
@require_GET
def application_list_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    filters = ApplicationFilterForm(request.GET or None, region=region)
    values: dict[str, Any] = {}
    if filters.is_valid():
        values = {k: v for k, v in filters.cleaned_data.items() if v not in (None, "")}
    return render(
        request,
        "funding/office/application_list.html",
        {"filters": filters, "applications": selectors.application_list(region=region, **values)},
    )


def _application_or_404(access: RegionAccess, application_id: int) -> Application:
    found = selectors.application_get(region=access.region, application_id=application_id)
    if found is None:
        raise Http404(_("No such application."))
    return found


def _application_url(access: RegionAccess, application: Application, anchor: str = "") -> str:
    url = reverse("workspace:funding:application_detail", args=[access.region.slug, application.pk])
    return f"{url}#{anchor}" if anchor else url


def _application_page(
    request: HttpRequest, access: RegionAccess, application_id: int, bound: Bound | None = None
) -> HttpResponse:
    detail = selectors.application_detail(region=access.region, application_id=application_id)
    if detail is None:
        raise Http404(_("No such application."))
    application = detail.application
    status = application.status
    granted = status in (Application.Status.APPROVED, Application.Status.PARTIALLY_APPROVED)
    own_review = next((r.review for r in detail.reviews if r.review.reviewer_id == request.user.pk), None)
    review_initial: dict[str, Any] = {}
    if own_review is not None:
        review_initial = {f"criterion_{pk}": points for pk, points in own_review.scores.items()}
        review_initial["comment"] = own_review.comment
    can_review, can_decide, can_ledger = (
        access.can(REVIEW_APPLICATIONS),
        access.can(DECIDE_APPLICATIONS),
        access.can(MANAGE_LEDGER),
    )
    context: dict[str, Any] = {
        "detail": detail,
        "application": application,
        "money": detail.money,
        "has_letter": letters.has_letter(application),
        "show_completeness": can_review and status == Application.Status.SUBMITTED,
        "show_review": can_review and status == Application.Status.IN_REVIEW and bool(detail.criteria),
        "show_finances": can_review and status == Application.Status.IN_REVIEW,
        "show_decide": can_decide and status == Application.Status.IN_REVIEW,
        "show_payment": can_ledger and granted and detail.money.unpaid > 0,
        "show_release": can_ledger and granted and detail.money.unpaid > 0,
        "show_proof_check": (
            can_ledger and detail.proof is not None and detail.proof.status == ProofOfUse.Status.SUBMITTED
        ),
        "completeness_form": CompletenessForm(prefix="completeness"),
        "review_form": ReviewForm(prefix="review", criteria=detail.criteria, initial=review_initial),
        "finances_form": FinancesForm(
            prefix="finances",
            initial={"ok": "no" if application.financial_ok is False else "yes", "note": application.financial_note},
        ),
        "decide_form": DecideForm(prefix="decide"),
        "payment_form": PaymentForm(
            prefix="payment", initial={"booked_on": timezone.localdate(), "amount": detail.money.unpaid}
        ),
        "release_form": ReleaseForm(prefix="release"),
        "proof_check_form": ProofCheckForm(prefix="proof"),
    }
    context.update(bound or {})
    return render(request, "funding/office/application_detail.html", context)


@region_view(VIEW_FUNDING)
@require_GET
def application_detail_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    return _application_page(request, access, application_id)


def _application_action(
    request: HttpRequest,
    access: RegionAccess,
    application_id: int,
    key: str,
    form: forms.Form,
    run: Callable[[Application, dict[str, Any]], str],
    anchor: str = "",
) -> HttpResponse:
    """Validate ``form``, ``run`` the service (it returns the success message) and go back to
    the application; on an error show the application again with the form's errors."""
    application = _application_or_404(access, application_id)
    if form.is_valid():
        try:
            done = run(application, form.cleaned_data)
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(request, done)
            return redirect(_application_url(access, application, anchor))
    return _application_page(request, access, application_id, {key: form})


@region_view(REVIEW_APPLICATIONS)
@require_POST
def application_completeness_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    def run(application: Application, data: dict[str, Any]) -> str:
        complete = data["complete"] == "yes"
        services.application_check_completeness(
            actor=_actor(request), application=application, complete=complete, note=data["note"]
        )
        if complete:
            return _("Application %(number)s is complete and now in review.") % {"number": application.number}
        return _("Application %(number)s went back to the applicant to complete.") % {"number": application.number}

    form = CompletenessForm(request.POST, prefix="completeness")
    return _application_action(request, access, application_id, "completeness_form", form, run)


@region_view(REVIEW_APPLICATIONS)
@require_POST
def application_review_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    application = _application_or_404(access, application_id)
    form = ReviewForm(
        request.POST, prefix="review", criteria=list(application.call.criteria.order_by("position", "pk"))
    )

    def run(application: Application, data: dict[str, Any]) -> str:
        review = services.review_save(
            actor=_actor(request), application=application, scores=form.scores(), comment=data["comment"]
        )
        return _("Your review of %(number)s is saved: %(points)s points.") % {
            "number": application.number,
            "points": review.total,
        }

    return _application_action(request, access, application_id, "review_form", form, run, "reviews")


@region_view(REVIEW_APPLICATIONS)
@require_POST
def application_finances_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    def run(application: Application, data: dict[str, Any]) -> str:
        ok = data["ok"] == "yes"
        services.application_check_finances(actor=_actor(request), application=application, ok=ok, note=data["note"])
        if ok:
            return _("The cost plan of %(number)s is checked.") % {"number": application.number}
        return _("The cost plan of %(number)s is marked as not in order.") % {"number": application.number}

    form = FinancesForm(request.POST, prefix="finances")
    return _application_action(request, access, application_id, "finances_form", form, run, "cost-plan")


@region_view(DECIDE_APPLICATIONS)
@require_POST
def application_decide_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    form = DecideForm(request.POST, prefix="decide")

    def run(application: Application, data: dict[str, Any]) -> str:
        try:
            decided = services.application_decide(
                actor=_actor(request),
                application=application,
                decision=data["decision"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except ValidationError as error:
            # A full approval has no amount of its own: "over budget" belongs to the whole form.
            if data["decision"] == services.Decision.APPROVE and hasattr(error, "error_dict"):
                raise ValidationError(
                    {NON_FIELD_ERRORS if k == "amount" else k: v for k, v in error.error_dict.items()}
                ) from None
            raise
        if decided.status == Application.Status.REJECTED:
            return _("Application %(number)s rejected.") % {"number": decided.number}
        return _("Application %(number)s approved: %(amount)s committed.") % {
            "number": decided.number,
            "amount": euro_text(decided.approved_amount),
        }

    return _application_action(request, access, application_id, "decide_form", form, run, "decision")


@region_view(VIEW_FUNDING)
@require_GET
def application_letter_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    """The decision letter as PDF, shown in the browser; only once the application is decided."""
    application = _application_or_404(access, application_id)
    if not letters.has_letter(application):
        raise Http404(_("This application has not been decided yet."))
    return letters.decision_letter_response(application)


@region_view(MANAGE_LEDGER)
@require_POST
def application_payment_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    def run(application: Application, data: dict[str, Any]) -> str:
        entry = services.payment_record(
            actor=_actor(request),
            application=application,
            amount=data["amount"],
            booked_on=data["booked_on"],
            note=data["note"],
        )
        return _("Payment of %(amount)s to %(number)s booked.") % {
            "amount": euro_text(entry.amount),
            "number": application.number,
        }

    form = PaymentForm(request.POST, prefix="payment")
    return _application_action(request, access, application_id, "payment_form", form, run, "money")


@region_view(MANAGE_LEDGER)
@require_POST
def application_release_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    def run(application: Application, data: dict[str, Any]) -> str:
        entry = services.commitment_release(
            actor=_actor(request), application=application, amount=data["amount"], note=data["note"]
        )
        return _("%(amount)s of %(number)s freed; they are available again.") % {
            "amount": euro_text(entry.amount),
            "number": application.number,
        }

    form = ReleaseForm(request.POST, prefix="release")
    return _application_action(request, access, application_id, "release_form", form, run, "money")


@region_view(MANAGE_LEDGER)
@require_POST
def application_proof_check_view(request: HttpRequest, access: RegionAccess, application_id: int) -> HttpResponse:
    def run(application: Application, data: dict[str, Any]) -> str:
        accept = data["accept"] == "accept"
        proof = services.proof_check(actor=_actor(request), application=application, accept=accept, note=data["note"])
        if not accept:
            return _("The grantee has been asked to correct the proof of use.")
        if proof.reclaimed_amount:
            return _("Proof of use accepted; %(amount)s are reclaimed.") % {"amount": euro_text(proof.reclaimed_amount)}
        return _("Proof of use accepted.")

    form = ProofCheckForm(request.POST, prefix="proof")
    return _application_action(request, access, application_id, "proof_check_form", form, run, "proof")


urlpatterns: list[URLPattern] = [
    path("", office_home_view, name="office_home"),
    path("programmes/new/", programme_new_view, name="programme_new"),
    path("programmes/<int:programme_id>/", programme_edit_view, name="programme_edit"),
    path("programmes/<int:programme_id>/budgets/new/", budget_new_view, name="budget_new"),
    path("budgets/<int:budget_id>/", budget_edit_view, name="budget_edit"),
    path("budgets/<int:budget_id>/lines/new/", line_new_view, name="line_new"),
    path("lines/<int:line_id>/", line_ledger_view, name="line_ledger"),
    path("lines/<int:line_id>/edit/", line_edit_view, name="line_edit"),
    path("calls/", call_list_view, name="call_list"),
    path("calls/new/", call_new_view, name="call_new"),
    path("calls/<int:call_id>/", call_edit_view, name="call_edit"),
    path("calls/<int:call_id>/questions/new/", call_field_new_view, name="call_field_new"),
    path("calls/<int:call_id>/questions/<int:field_id>/", call_field_edit_view, name="call_field_edit"),
    path(
        "calls/<int:call_id>/questions/<int:field_id>/translations/",
        call_field_translate_view,
        name="call_field_translate",
    ),
    path("calls/<int:call_id>/criteria/new/", call_criterion_new_view, name="call_criterion_new"),
    path("calls/<int:call_id>/criteria/<int:criterion_id>/", call_criterion_edit_view, name="call_criterion_edit"),
    path("applications/", application_list_view, name="application_list"),
    path("applications/<int:application_id>/", application_detail_view, name="application_detail"),
    path(
        "applications/<int:application_id>/completeness/",
        application_completeness_view,
        name="application_completeness",
    ),
    path("applications/<int:application_id>/review/", application_review_view, name="application_review"),
    path("applications/<int:application_id>/finances/", application_finances_view, name="application_finances"),
    path("applications/<int:application_id>/decide/", application_decide_view, name="application_decide"),
    path("applications/<int:application_id>/letter/", application_letter_view, name="application_letter"),
    path("applications/<int:application_id>/payment/", application_payment_view, name="application_payment"),
    path("applications/<int:application_id>/release/", application_release_view, name="application_release"),
    path("applications/<int:application_id>/proof/", application_proof_check_view, name="application_proof_check"),
]
