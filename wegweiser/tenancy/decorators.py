"""Resolve the request's region once, check access once, and run the view in its scope."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.tenancy.selectors import RegionAccess, region_access_get, region_get_by_slug

P = ParamSpec("P")
RegionView = Callable[Concatenate[HttpRequest, RegionAccess, P], HttpResponse]

LAST_REGION_KEY = "wegweiser_region"


def region_view(permission: str) -> Callable[[RegionView[P]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``(request, access, ...)`` under a ``<region_slug>`` URL.

    - not signed in: to the log-in page;
    - a region that does not exist or is none of the user's: 404, so that the existence
      of other regions' records is never revealed;
    - the region requires 2FA and this session has not passed it: to the 2FA set-up;
    - a member without ``permission``: 403.
    """

    def decorator(view: RegionView[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, region_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            region = region_get_by_slug(slug=region_slug)
            access = region_access_get(user=request.user, region=region) if region else None
            if access is None:
                raise Http404(_("No such region."))
            if access.membership is not None and access.region.requires_two_factor and not _is_verified(request):
                messages.warning(
                    request,
                    _("%(region)s requires two-factor authentication. Please set it up to continue.")
                    % {"region": access.region.name},
                )
                url = reverse("accounts:two_factor_setup")
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
            if not access.can(permission):
                raise PermissionDenied(_("Your role in this region does not allow this."))
            request.session[LAST_REGION_KEY] = access.region.slug
            request.region_access = access  # type: ignore[attr-defined]
            with scope(region=access.region):
                return view(request, access, *args, **kwargs)

        return wrapped

    return decorator


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())
