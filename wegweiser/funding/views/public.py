"""Public funding pages, without log-in, under /funding/<region>/: the region's calls for
applications, an organisation's registration, and the confirmation of its e-mail address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.core.http import over_limit
from wegweiser.funding import portal, services
from wegweiser.funding.forms.applicant import RegisterForm
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import region_get_by_slug


def _region_or_404(slug: str) -> Region:
    region = region_get_by_slug(slug=slug)
    if region is None:
        raise Http404(_("No such region."))
    return region


def _sign_in_url(region: Region) -> str:
    """The log-in page, coming back to the applicant's applications."""
    target = reverse("workspace:funding:my_applications", args=[region.slug])
    return f"{reverse('accounts:login')}?next={target}"


def calls_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_or_404(region_slug)
    with scope(region=region):
        calls = portal.public_call_list(region=region, now=timezone.now())
        return render(
            request,
            "funding/public/calls.html",
            {"region": region, "calls": calls, "sign_in_url": _sign_in_url(region)},
        )


REGISTRATIONS_PER_HOUR = 5  # per client address: enough for an office's colleagues


def register_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_or_404(region_slug)
    with scope(region=region):
        form = RegisterForm(request.POST or None, region=region)
        if request.method == "POST" and over_limit(
            request, scope="funding-register", limit=REGISTRATIONS_PER_HOUR, window=3600
        ):
            form.add_error(None, _("Too many registrations from this address. Please try again in an hour."))
        elif request.method == "POST" and form.is_valid():
            try:
                services.organisation_register(region=region, **form.service_values())
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    form.add_error(None, error)
                else:
                    for name, errors in error.error_dict.items():
                        field = RegisterForm.SERVICE_FIELDS.get(name, name)
                        form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("funding_public:register_sent", region_slug=region.slug)
        return render(
            request,
            "funding/public/register.html",
            {"region": region, "form": form, "sign_in_url": _sign_in_url(region)},
        )


def register_sent_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = _region_or_404(region_slug)
    return render(request, "funding/public/register_sent.html", {"region": region})


def activate_view(request: HttpRequest, region_slug: str, token: str) -> HttpResponse:
    """The link in the registration e-mail: the account becomes active and may sign in."""
    region = _region_or_404(region_slug)
    try:
        services.organisation_activate(token=token)
    except ValidationError as error:
        return render(
            request,
            "funding/public/activate.html",
            {
                "region": region,
                "error": " ".join(error.messages),
                "register_url": reverse("funding_public:register", args=[region.slug]),
            },
        )
    return render(request, "funding/public/activate.html", {"region": region, "sign_in_url": _sign_in_url(region)})


urlpatterns: list[URLPattern] = [
    path("<slug:region_slug>/", calls_view, name="calls"),
    path("<slug:region_slug>/register/", register_view, name="register"),
    path("<slug:region_slug>/register/sent/", register_sent_view, name="register_sent"),
    path("<slug:region_slug>/activate/<str:token>/", activate_view, name="activate"),
]
