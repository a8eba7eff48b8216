"""Reads about regions, communes and memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.tenancy.models import Commune, Invitation, Membership, Region
from wegweiser.tenancy.permissions import MINISTRY, role_has


@dataclass(frozen=True)
class RegionAccess:
    """What one user may do in one region: resolved once per request."""

    region: Region
    role: str  # a ``Role`` value, or ``MINISTRY``
    membership: Membership | None
    commune_ids: frozenset[int]  # empty: the whole region

    def can(self, permission: str) -> bool:
        return role_has(self.role, permission)

    @property
    def is_ministry(self) -> bool:
        return self.role == MINISTRY


def region_access_get(*, user: User, region: Region) -> RegionAccess | None:
    """The user's access to ``region``, or None when the region is none of theirs.

    An active membership wins over the ministry flag, so a ministry official who is also
    a member acts in their member role there.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    with scopes_disabled():
        membership = (
            Membership.objects.filter(user=user, region=region, is_active=True).prefetch_related("communes").first()
        )
    if membership is not None:
        return RegionAccess(
            region=region,
            role=membership.role,
            membership=membership,
            commune_ids=frozenset(c.pk for c in membership.communes.all()),
        )
    if user.is_ministry:
        return RegionAccess(region=region, role=MINISTRY, membership=None, commune_ids=frozenset())
    return None


def permission_require(*, actor: User | None, region: Region, permission: str) -> None:
    """The check every service makes first: ``PermissionDenied`` unless ``actor`` may do
    ``permission`` in ``region``. ``actor=None`` is the system (importers, demo data,
    management commands), never a web request."""
    if actor is None:
        return
    access = region_access_get(user=actor, region=region)
    if access is None or not access.can(permission):
        raise PermissionDenied(_("You are not allowed to do this in this region."))


def region_list_for_user(*, user: User) -> list[tuple[Region, str]]:
    """The regions a user can open, with their role there, for the region switcher."""
    if not user.is_authenticated:
        return []
    # A user's own memberships span regions by nature; no region scope applies here.
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("region").order_by("region__name")
        )
    roles = {m.region_id: m.role for m in memberships}
    if user.is_ministry:
        return [(r, roles.get(r.pk, MINISTRY)) for r in Region.objects.order_by("name")]
    return [(m.region, m.role) for m in memberships]


def region_list_with_figures() -> QuerySet[Region]:
    """All regions with commune count and population, e.g. for the public chooser."""
    return Region.objects.annotate(commune_count=Count("communes"), population=Sum("communes__population")).order_by(
        "name"
    )


def region_get_by_slug(*, slug: str) -> Region | None:
    return Region.objects.filter(slug=slug).first()


def commune_list(*, region: Region) -> QuerySet[Commune]:
    return Commune.objects.filter(region=region).order_by("name")


def membership_list(*, region: Region, include_inactive: bool = True) -> QuerySet[Membership]:
    qs = Membership.objects.filter(region=region).select_related("user").prefetch_related("communes")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "user__full_name", "user__email")


def membership_role_counts(*, region: Region) -> dict[str, int]:
    rows = Membership.objects.filter(region=region, is_active=True).values("role").annotate(n=Count("id"))
    return {row["role"]: row["n"] for row in rows}


def invitation_open_list(*, region: Region) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(region=region, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .prefetch_related("communes")
        .order_by("-created_at")
    )


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The token is the capability: whoever holds it may see its one invitation."""
    with scopes_disabled():
        return (
            Invitation.objects.filter(token=token)
            .select_related("region", "invited_by")
            .prefetch_related("communes")
            .first()
        )


def coordinator_count(*, region: Region, excluding: Membership | None = None) -> int:
    qs = Membership.objects.filter(region=region, role="coordinator", is_active=True)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.count()


def user_requires_two_factor(*, user: User) -> bool:
    """Whether any region the user is an active member of demands 2FA."""
    with scopes_disabled():
        return Membership.objects.filter(user=user, is_active=True, region__requires_two_factor=True).exists()


def office_user_list(*, region: Region) -> list[User]:
    """The office's active people (coordinators and staff): who is told about new work."""
    with scopes_disabled():
        return [
            m.user
            for m in Membership.objects.filter(
                region=region, is_active=True, role__in=["coordinator", "staff"]
            ).select_related("user")
        ]


def region_objects_require(region: Region, **objects: Any) -> None:
    """Every object given belongs to ``region``: a form cannot smuggle in another region's."""
    for name, obj in objects.items():
        if obj is not None and getattr(obj, "region_id", region.pk) != region.pk:
            raise ValidationError({name: _("Choose one of this region's entries.")})
