"""Members, invitations and settings of one region (the coordinator's management pages)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import services as account_services
from wegweiser.accounts.forms import SignUpForm
from wegweiser.accounts.models import User
from wegweiser.tenancy import services
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.forms import InvitationForm, MembershipForm, RegionSettingsForm
from wegweiser.tenancy.models import Invitation, Membership
from wegweiser.tenancy.permissions import MANAGE_MEMBERS, MANAGE_REGION, VIEW_MEMBERS
from wegweiser.tenancy.selectors import RegionAccess, invitation_get_by_token, invitation_open_list, membership_list


def _attach(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@region_view(VIEW_MEMBERS)
def member_list_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    can_manage = access.can(MANAGE_MEMBERS)
    return render(
        request,
        "tenancy/member_list.html",
        {
            "memberships": membership_list(region=access.region, include_inactive=can_manage),
            "invitations": invitation_open_list(region=access.region) if can_manage else [],
            "can_manage": can_manage,
            "site_url": settings.SITE_URL,
        },
    )


@region_view(MANAGE_MEMBERS)
def invitation_create_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form = InvitationForm(access.region, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,  # type: ignore[arg-type]
                region=access.region,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                communes=form.cleaned_data["communes"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("workspace:members", region_slug=access.region.slug)
    return render(request, "tenancy/invitation_form.html", {"form": form})


@region_view(MANAGE_MEMBERS)
@require_POST
def invitation_revoke_view(request: HttpRequest, access: RegionAccess, invitation_id: int) -> HttpResponse:
    invitation = Invitation.objects.filter(region=access.region, pk=invitation_id).first()
    if invitation is None:
        raise Http404
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("workspace:members", region_slug=access.region.slug)


def _membership_or_404(access: RegionAccess, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(region=access.region, pk=membership_id).select_related("user", "region").first()
    )
    if membership is None:
        raise Http404
    return membership


@region_view(MANAGE_MEMBERS)
def membership_edit_view(request: HttpRequest, access: RegionAccess, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(access, membership_id)
    form = MembershipForm(
        access.region,
        request.POST or None,
        initial={"role": membership.role, "communes": list(membership.communes.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.user,  # type: ignore[arg-type]
                membership=membership,
                role=form.cleaned_data["role"],
                communes=form.cleaned_data["communes"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Membership of %(name)s saved.") % {"name": membership.user.display_name})
            return redirect("workspace:members", region_slug=access.region.slug)
    return render(request, "tenancy/membership_form.html", {"form": form, "membership": membership})


@region_view(MANAGE_MEMBERS)
@require_POST
def membership_active_view(request: HttpRequest, access: RegionAccess, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(access, membership_id)
    is_active = request.POST.get("is_active") == "1"
    try:
        services.membership_set_active(actor=request.user, membership=membership, is_active=is_active)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = _("%(name)s is active again.") if is_active else _("%(name)s has been deactivated.")
        messages.success(request, text % {"name": membership.user.display_name})
    return redirect("workspace:members", region_slug=access.region.slug)


@region_view(MANAGE_REGION)
def region_settings_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    form = RegionSettingsForm(request.POST or None, initial={"requires_two_factor": access.region.requires_two_factor})
    if request.method == "POST" and form.is_valid():
        services.region_settings_update(
            actor=request.user,  # type: ignore[arg-type]
            region=access.region,
            requires_two_factor=form.cleaned_data["requires_two_factor"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("workspace:region_settings", region_slug=access.region.slug)
    return render(request, "tenancy/region_settings.html", {"form": form})


def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_get_by_token(token=token)
    try:
        invitation = services.invitation_check_usable(invitation)
    except ValidationError as error:
        return render(request, "tenancy/invitation_invalid.html", {"message": error.messages[0]}, status=410)

    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "tenancy/invitation.html", {"invitation": invitation, "wrong_account": True})
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
                return redirect("workspace:home")
            messages.success(request, _("Welcome to %(region)s.") % {"region": membership.region.name})
            return redirect("workspace:dashboard", region_slug=membership.region.slug)
        return render(request, "tenancy/invitation.html", {"invitation": invitation})

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, "tenancy/invitation.html", {"invitation": invitation, "must_sign_in": True})

    form = SignUpForm(invitation.email, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = account_services.user_create(
                email=invitation.email,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in User.Language.values else "de",
            )
            membership = services.invitation_accept(invitation=invitation, user=new_user)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(region)s.") % {"region": membership.region.name})
            return redirect("workspace:dashboard", region_slug=membership.region.slug)
    return render(request, "tenancy/invitation.html", {"invitation": invitation, "form": form})
