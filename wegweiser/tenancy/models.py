"""Hessen's WIR regions, their communes, and who works in which region in which role.

Every region-owned model has a non-null ``region`` and a ``ScopedManager(region=...)``:
querying it outside ``django_scopes.scope(region=...)`` raises ``ScopeError`` instead of
returning other regions' rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from wegweiser.core.models import TimeStampedModel


class Region(TimeStampedModel):
    """One of the 33 WIR regions: the tenant. Each has its own Vielfaltszentrum."""

    class Kind(models.TextChoices):
        LANDKREIS = "landkreis", _("District (Landkreis)")
        KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city")
        SONDERSTATUSSTADT = "sonderstatusstadt", _("City with special status")

    key = models.CharField(
        _("official key"),
        max_length=8,
        unique=True,
        help_text=_("Kreis key (5 digits); for a city with special status its AGS (8 digits)."),
    )
    slug = models.SlugField(_("URL name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    seat = models.CharField(_("administrative seat"), max_length=120, blank=True)
    requires_two_factor = models.BooleanField(
        _("two-factor authentication required"),
        default=False,
        help_text=_("Members must sign in with a one-time code from an authenticator app."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["landkreis", "kreisfreie_stadt", "sonderstatusstadt"]),
                name="region_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A Hessian municipality (Gemeinde) as in the official register, in exactly one region."""

    class Kind(models.TextChoices):
        KREISFREIE_STADT = "61", _("District-free city")
        STADT = "63", _("Town")
        GEMEINDE = "64", _("Municipality")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", verbose_name=_("region"))
    ags = models.CharField(_("official municipality key (AGS)"), max_length=8, unique=True)
    ars = models.CharField(_("official regional key (ARS)"), max_length=12, unique=True)
    official_name = models.CharField(_("official name"), max_length=120)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"))
    area_ha = models.PositiveIntegerField(_("area (ha)"))
    postcode = models.CharField(_("postcode of the administrative seat"), max_length=5)
    # The commune's centre, for distance estimates (data/commune_centres.csv); may be unknown.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do in a region. Ministry and platform administrators are not
    members: they are flags on the user (see ``accounts.User``)."""

    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff")
    EDITOR = "editor", _("Editor")
    READ_ONLY = "read_only", _("Read-only")
    # People outside the office, each seeing only their own part (the Sprachpool):
    REQUESTER = "requester", _("Requesting institution")
    MEDIATOR = "mediator", _("Language mediator")
    APPLICANT = "applicant", _("Applicant organisation")  # applies for funding


# The office's roles; the others are invited from the area they belong to (e.g. a mediator's page).
STAFF_ROLES = (Role.COORDINATOR, Role.STAFF, Role.EDITOR, Role.READ_ONLY)


class Membership(TimeStampedModel):
    """A user's role in one region, optionally limited to some of its communes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("region"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="+",
        verbose_name=_("limited to communes"),
        help_text=_("Leave empty for the whole region."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["user__full_name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="membership_unique_per_region"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.region} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    """An e-mailed offer to join a region in a role. Accepting it creates the membership."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("region"))
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    communes = models.ManyToManyField(Commune, blank=True, related_name="+", verbose_name=_("limited to communes"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # At most one open invitation per address and region: a second invite replaces it.
            models.UniqueConstraint(
                Lower("email"),
                "region",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.region}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
