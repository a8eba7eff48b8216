"""Log-in in two steps (password, then a one-time code where the user has 2FA), profile,
two-factor set-up, personal data export and accepting an invitation."""

from __future__ import annotations

import json
import time
from typing import Any, TypeVar

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, signals
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.accounts import services
from wegweiser.accounts.forms import (
    EmailAuthenticationForm,
    PasswordConfirmForm,
    ProfileForm,
    TokenForm,
)
from wegweiser.accounts.models import User

R = TypeVar("R", bound=HttpResponseBase)

PENDING_KEY = "wegweiser_2fa_pending"
PENDING_SECONDS = 300
SETUP_KEY = "wegweiser_2fa_setup_device"


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _finish_login(request: HttpRequest, user: User, backend: str, next_url: str) -> HttpResponseRedirect:
    login(request, user, backend=backend)
    return _with_language(HttpResponseRedirect(next_url), user.language)


def _with_language(response: R, language: str) -> R:
    """Remember the interface language in the cookie Django's LocaleMiddleware reads."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=60 * 60 * 24 * 365,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = EmailAuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        backend = getattr(user, "backend", "django.contrib.auth.backends.ModelBackend")
        if services.user_has_two_factor(user):
            request.session.cycle_key()
            request.session[PENDING_KEY] = {"user": user.pk, "backend": backend, "at": time.time(), "next": next_url}
            return redirect("accounts:login_verify")
        return _finish_login(request, user, backend, next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def login_verify_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user = User.objects.get(pk=pending["user"])
    if not AxesProxyHandler.is_allowed(request, credentials={"username": user.email}):
        return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            del request.session[PENDING_KEY]
            response = _finish_login(request, user, pending["backend"], pending["next"])
            otp_login(request, device)
            return response
        # Count a wrong code like a wrong password, so lock-out covers both steps.
        signals.user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
        form.add_error("token", _("This code is not valid. Try the current one."))
    return render(request, "accounts/login_verify.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return _with_language(redirect("accounts:profile"), user.language)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "has_two_factor": services.user_has_two_factor(user),
            "two_factor_required": services.two_factor_required(user),
            "password_form": PasswordConfirmForm(user),
        },
    )


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user keeps it for the next log-in."""
    language = request.POST.get("language", "")
    next_url = _safe_next(request, "/")
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            services.user_language_set(user=request.user, language=language)
        _with_language(response, language)
    return response


@login_required
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    import segno

    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(pk=request.session.get(SETUP_KEY), user=user, confirmed=False).first()
    if device is None:
        device = services.two_factor_device_start(user=user)
        request.session[SETUP_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            del request.session[SETUP_KEY]
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return render(
                request, "accounts/two_factor_backup_codes.html", {"codes": codes, "next": _safe_next(request, "")}
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title=_("QR code for your authenticator app")),
            "secret": _base32(device),
            "next": _safe_next(request, ""),
        },
    )


def _base32(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_POST
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordConfirmForm(user, request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["password"][0]))
        return redirect("accounts:profile")
    try:
        services.two_factor_disable(actor=user, user=user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


@login_required
def export_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    data = services.user_export(user=user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="wegweiser-personal-data.json"'
    return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_changed(actor=form.user, user=form.user, how="reset")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_changed(actor=form.user, user=form.user, how="changed")
        messages.success(self.request, _("Your password has been changed."))
        return response


password_reset_view = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm_view = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change_view = PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
)
