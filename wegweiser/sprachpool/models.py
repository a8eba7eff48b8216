"""The Sprachpool: language mediators (Sprachmittler), the institutions that request them,
requests with offers and assignments, and what the mediators are paid.

A request goes ``submitted`` → ``approved`` (the office checked it against the region's
rules and chose who pays) → ``assigned`` (a mediator accepted an offer or the office
assigned one) → ``completed`` (the institution confirmed the service and its actual
duration; the compensation is computed then). It may end ``rejected``, ``cancelled`` or
``unserved`` (with a reason) instead.

No double booking: an active ``Assignment`` blocks its mediator from ``blocked_from``
(the start, minus the travel buffer for appointments on site) to ``blocked_until`` (the
end). The database refuses overlapping blocks of one mediator: an exclusion constraint on
PostgreSQL and a trigger on SQLite (migration 0002).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from wegweiser.core.models import TimeStampedModel
from wegweiser.tenancy.models import Commune, Region

MONEY: dict[str, Any] = {"max_digits": 10, "decimal_places": 2}


class Tier(models.TextChoices):
    """Qualification, from least to most qualified."""

    TRAINED = "trained", _("Trained volunteer")
    CERTIFIED = "certified", _("Certified community interpreter")
    SWORN = "sworn", _("Sworn interpreter")


TIER_ORDER = {Tier.TRAINED: 0, Tier.CERTIFIED: 1, Tier.SWORN: 2}


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class Gender(models.TextChoices):
    FEMALE = "f", pgettext_lazy("gender", "Female")
    MALE = "m", pgettext_lazy("gender", "Male")
    DIVERSE = "d", pgettext_lazy("gender", "Diverse")


class Level(models.TextChoices):
    """Command of a language (CEFR, or native)."""

    NATIVE = "native", _("Native speaker")
    C2 = "C2", "C2"
    C1 = "C1", "C1"
    B2 = "B2", "B2"
    B1 = "B1", "B1"
    A2 = "A2", "A2"


LEVEL_ORDER = {Level.A2: 0, Level.B1: 1, Level.B2: 2, Level.C1: 3, Level.C2: 4, Level.NATIVE: 5}


class FundingSource(models.TextChoices):
    WIR = "wir", _("WIR funds (state of Hessen)")
    KREIS = "kreis", _("District or city budget")


class MediationLanguage(models.Model):
    """A language or dialect mediators speak, for all regions (reference data, migration
    0003). A dialect names its language (``dialect_of``): Kurmanci and Sorani of Kurdish,
    Dari and Farsi of Persian."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_de = models.CharField(_("German name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    dialect_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="dialects", verbose_name=_("dialect of")
    )

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("mediation language")
        verbose_name_plural = _("mediation languages")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        name = self.name_de if (get_language() or "de").startswith("de") else self.name_en
        return name


class PoolSettings(TimeStampedModel):
    """A region's rules and rates for its Sprachpool."""

    class BillingUnit(models.TextChoices):
        HALF_HOUR = "half_hour", _("per started half hour")
        HOUR = "hour", _("per started hour")

    class TravelBilling(models.TextChoices):
        NONE = "none", _("no travel costs")
        PER_KM = "per_km", _("per kilometre")
        FLAT = "flat", _("flat rate per appointment on site")

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="sprachpool_settings")
    lead_time_working_days = models.PositiveSmallIntegerField(
        _("lead time (working days)"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_("Requests must reach the office this many working days (Mon–Fri, no Hessian holidays) ahead."),
    )
    max_duration_minutes = models.PositiveSmallIntegerField(
        _("maximum duration (minutes)"), default=180, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    travel_buffer_minutes = models.PositiveSmallIntegerField(
        _("travel buffer (minutes)"),
        default=30,
        validators=[MaxValueValidator(240)],
        help_text=_("Kept free before every appointment on site, so that a mediator can get there."),
    )
    billing_unit = models.CharField(
        _("billing unit"), max_length=10, choices=BillingUnit.choices, default=BillingUnit.HALF_HOUR
    )
    rate_trained = models.DecimalField(
        _("rate for trained volunteers"), **MONEY, default=Decimal("12.50"), validators=[MinValueValidator(0)]
    )
    rate_certified = models.DecimalField(
        _("rate for certified interpreters"), **MONEY, default=Decimal("17.50"), validators=[MinValueValidator(0)]
    )
    rate_sworn = models.DecimalField(
        _("rate for sworn interpreters"), **MONEY, default=Decimal("30.00"), validators=[MinValueValidator(0)]
    )
    travel_billing = models.CharField(
        _("travel costs"), max_length=10, choices=TravelBilling.choices, default=TravelBilling.PER_KM
    )
    travel_rate_per_km = models.DecimalField(
        _("travel rate per km"), **MONEY, default=Decimal("0.30"), validators=[MinValueValidator(0)]
    )
    travel_flat = models.DecimalField(
        _("travel flat rate"), **MONEY, default=Decimal("5.00"), validators=[MinValueValidator(0)]
    )
    default_funding = models.CharField(
        _("default funding source"), max_length=10, choices=FundingSource.choices, default=FundingSource.WIR
    )
    document_reminder_days = models.PositiveSmallIntegerField(
        _("remind of expiring documents (days ahead)"), default=30, validators=[MaxValueValidator(365)]
    )

    objects = ScopedManager(region="region")

    class Meta:
        verbose_name = _("Sprachpool settings")
        verbose_name_plural = _("Sprachpool settings")

    def __str__(self) -> str:
        return str(self.region)

    def rate_for(self, tier: str) -> Decimal:
        return {Tier.TRAINED: self.rate_trained, Tier.CERTIFIED: self.rate_certified, Tier.SWORN: self.rate_sworn}[
            Tier(tier)
        ]


class Topic(TimeStampedModel):
    """What an appointment is about. Topics that are not allowed (appointments with legal
    consequences, medical consent) are for sworn interpreters, not the pool."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=120)
    is_allowed = models.BooleanField(_("allowed"), default=True)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="sprachpool_topic_unique_name")]

    def __str__(self) -> str:
        return self.name


class Institution(TimeStampedModel):
    """A department or partner institution that may request mediators."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Municipal department")
        SCHOOL = "school", _("School")
        KITA = "kita", _("Day-care centre (Kita)")
        COUNSELLING = "counselling", _("Counselling centre")
        HEALTH = "health", _("Health service")
        ASSOCIATION = "association", _("Registered association (partner)")
        OTHER = "other", _("Other")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="sprachpool_institution_unique_name")]

    def __str__(self) -> str:
        return self.name


class InstitutionMember(TimeStampedModel):
    """A person who requests mediators for an institution. Invited by address; ``user`` is
    set when the invitation is accepted."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="members", verbose_name=_("institution")
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="institution_memberships",
        verbose_name=_("user"),
    )

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["email"]
        verbose_name = _("institution member")
        verbose_name_plural = _("institution members")
        constraints = [
            models.UniqueConstraint(fields=["institution", "email"], name="sprachpool_institution_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.institution})"


class Mediator(TimeStampedModel):
    """A language mediator of the region's pool. Personal data: export and erasure in
    ``services.mediator_export`` / ``mediator_erase`` (erasure keeps anonymous figures)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_profiles",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    german_level = models.CharField(_("German"), max_length=10, choices=Level.choices, default=Level.B2)
    tier = models.CharField(_("qualification"), max_length=10, choices=Tier.choices, default=Tier.TRAINED)
    home_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home commune")
    )
    communes_served = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="+",
        verbose_name=_("communes served"),
        help_text=_("Leave empty for the whole region."),
    )
    on_site = models.BooleanField(_("on site"), default=True)
    by_phone = models.BooleanField(_("by phone"), default=True)
    by_video = models.BooleanField(_("by video"), default=False)
    max_hours_per_month = models.PositiveSmallIntegerField(
        _("maximum hours per month"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    conflict_notes = models.TextField(
        _("conflicts of interest"),
        blank=True,
        help_text=_("E.g. relatives working at an institution; shown to the office when matching."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("language mediator")
        verbose_name_plural = _("language mediators")
        constraints = [
            models.CheckConstraint(condition=models.Q(gender__in=["f", "m", "d"]), name="sprachpool_mediator_gender"),
            models.CheckConstraint(
                condition=models.Q(tier__in=["trained", "certified", "sworn"]), name="sprachpool_mediator_tier"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def modes(self) -> frozenset[str]:
        return frozenset(
            mode
            for mode, yes in ((Mode.ON_SITE, self.on_site), (Mode.PHONE, self.by_phone), (Mode.VIDEO, self.by_video))
            if yes
        )


class MediatorLanguage(models.Model):
    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(
        MediationLanguage, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.NATIVE)
    is_verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["language__name_de"]
        verbose_name = _("mediator language")
        verbose_name_plural = _("mediator languages")
        constraints = [
            models.UniqueConstraint(fields=["mediator", "language"], name="sprachpool_mediator_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class AvailabilitySlot(models.Model):
    """A weekly time the mediator is usually available (Europe/Berlin)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("available time")
        verbose_name_plural = _("available times")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="sprachpool_slot_order"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="sprachpool_slot_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Absence(models.Model):
    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="sprachpool_absence_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class MediatorDocument(TimeStampedModel):
    class Kind(models.TextChoices):
        CONFIDENTIALITY = "confidentiality", _("Confidentiality declaration")
        POLICE_CERTIFICATE = "police_certificate", _("Police certificate")
        QUALIFICATION = "qualification", _("Qualification certificate")
        OTHER = "other", _("Other document")

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["expires_on", "kind"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.get_kind_display()


class Request(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved, looking for a mediator")
        ASSIGNED = "assigned", _("Mediator assigned")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        UNSERVED = "unserved", _("Not served")

    class UnservedReason(models.TextChoices):
        NO_LANGUAGE = "no_language", _("No mediator for the language")
        NO_TIME = "no_time", _("No mediator available at that time")
        NO_ANSWER = "no_answer", _("No mediator accepted")
        NO_SHOW = "no_show", _("Mediator did not come")
        OTHER = "other", _("Other reason")

    OPEN = (Status.SUBMITTED, Status.APPROVED, Status.ASSIGNED)

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    number = models.CharField(_("number"), max_length=20)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="requests", verbose_name=_("institution")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.ForeignKey(
        MediationLanguage, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("expected duration (minutes)"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    call_details = models.CharField(_("phone number or video link"), max_length=300, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("topic"))
    preferred_gender = models.CharField(
        _("preferred gender of the mediator"), max_length=1, choices=Gender.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    unserved_reason = models.CharField(_("why not served"), max_length=20, choices=UnservedReason.choices, blank=True)
    unserved_note = models.TextField(_("note"), blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="sprachpool_request_unique_number"),
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="sprachpool_request_duration"),
        ]
        indexes = [models.Index(fields=["region", "status", "starts_at"], name="sprachpool_request_open")]

    def __str__(self) -> str:
        return self.number

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Offer(TimeStampedModel):
    """The office asks a mediator whether she can take a request."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="offers")
    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "mediator"], condition=models.Q(status="open"), name="sprachpool_offer_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.mediator}"


class Assignment(TimeStampedModel):
    """A mediator booked for a request; after the service, its confirmation and pay."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assignments")
    mediator = models.ForeignKey(Mediator, on_delete=models.PROTECT, related_name="assignments")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    blocked_from = models.DateTimeField()
    blocked_until = models.DateTimeField()
    is_active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Confirmed by the institution after the service:
    actual_minutes = models.PositiveSmallIntegerField(_("actual duration (minutes)"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Compensation, computed at confirmation with the rates then in force:
    billed_units = models.PositiveSmallIntegerField(_("billed units"), null=True, blank=True)
    rate = models.DecimalField(_("rate"), **MONEY, null=True, blank=True)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=7, decimal_places=1, null=True, blank=True)
    fee_amount = models.DecimalField(_("fee"), **MONEY, null=True, blank=True)
    travel_amount = models.DecimalField(_("travel costs"), **MONEY, null=True, blank=True)
    total_amount = models.DecimalField(_("total"), **MONEY, null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(is_active=True), name="sprachpool_assignment_one_active"
            ),
            models.CheckConstraint(
                condition=models.Q(blocked_until__gt=models.F("blocked_from")), name="sprachpool_assignment_order"
            ),
        ]
        indexes = [models.Index(fields=["mediator", "blocked_from"], name="sprachpool_assignment_busy")]

    def __str__(self) -> str:
        return f"{self.request} – {self.mediator}"
