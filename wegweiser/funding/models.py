"""Funding: the programmes a region's office runs (its own WIR grant, micro-project funds it
passes on), their yearly budgets split into budget lines, calls with a configurable application
form, applications with a cost plan, review, decision, the money that follows (ledger), and the
grantee's proof of use (Verwendungsnachweis).

Never over budget: a budget line keeps ``committed`` (what approvals hold, net of releases and
reclaims) next to its ``amount``; a check constraint ``committed <= amount`` and the services'
``UPDATE … SET committed = committed + x`` make the database refuse an approval that does not
fit, also when two reviewers approve at the same instant (ADR 0015). Every change of money is
a ``LedgerEntry`` as well, so the figures can be traced and re-added.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from wegweiser.core.models import TimeStampedModel
from wegweiser.tenancy.models import Commune, Region

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class Source(models.TextChoices):
    STATE_WIR = "state_wir", _("State of Hessen (WIR)")
    KREIS = "kreis", _("District or city")
    AMIF = "amif", _("EU (AMIF)")
    OTHER = "other", _("Other")


class Programme(TimeStampedModel):
    """A funding programme over a grant period, e.g. "WIR-Vielfaltszentrum 2025–2027" or
    "Mikroprojekte"."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("funding source"), max_length=20, choices=Source.choices, default=Source.STATE_WIR)
    starts_on = models.DateField(_("grant period from"))
    ends_on = models.DateField(_("grant period until"))
    funding_rate = models.DecimalField(
        _("funding rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(0)],
        help_text=_("Share of the eligible costs the programme pays; the rest is co-financing."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="funding_programme_unique_name"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="funding_programme_period"),
            models.CheckConstraint(
                condition=Q(funding_rate__gte=0, funding_rate__lte=100), name="funding_programme_rate"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Budget(TimeStampedModel):
    """One year of a programme: what the source grants and what others co-finance."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    co_financing = models.DecimalField(
        _("co-financing"), **MONEY, default=ZERO, help_text=_("Own or third-party money in the same year.")
    )
    co_financing_source = models.CharField(_("co-financed by"), max_length=200, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["programme", "year"]
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="funding_budget_one_per_year"),
            models.CheckConstraint(condition=Q(co_financing__gte=0), name="funding_budget_co_financing"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class BudgetLine(TimeStampedModel):
    """A part of a year's budget for one purpose. ``committed`` and ``paid`` are kept by the
    services only (F-expression updates); the constraints are the guarantee."""

    class Purpose(models.TextChoices):
        MICRO_PROJECTS = "micro_projects", _("Micro-projects")
        LOTSEN = "lotsen", _("Integrationslotsen allowances")
        SPRACHPOOL = "sprachpool", _("Sprachpool compensation")
        EVENTS = "events", _("Events")
        STAFF = "staff", _("Staff")
        OTHER = "other", _("Other")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.OTHER)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    committed = models.DecimalField(_("committed"), **MONEY, default=ZERO, editable=False)
    paid = models.DecimalField(_("paid"), **MONEY, default=ZERO, editable=False)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["budget", "name"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="funding_line_unique_name"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_line_amount"),
            # The guarantee: no approval beyond the budget, whoever approves when.
            models.CheckConstraint(
                condition=Q(committed__gte=0, committed__lte=F("amount")), name="funding_line_within_budget"
            ),
            models.CheckConstraint(condition=Q(paid__gte=0), name="funding_line_paid"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} – {self.name}"

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed


class Organisation(TimeStampedModel):
    """An applicant: an association, a migrant organisation, a commune."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Registered association")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
        COMMUNE = "commune", _("Commune")
        OTHER = "other", _("Other organisation")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    register_number = models.CharField(_("register number (e.g. VR 1234)"), max_length=60, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="funding_organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class OrganisationMember(TimeStampedModel):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["organisation", "email"], name="funding_org_member_unique")]

    def __str__(self) -> str:
        return f"{self.email} ({self.organisation})"


class Call(TimeStampedModel):
    """A call for applications (Förderaufruf) to one budget line."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="calls", verbose_name=_("budget line"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.TextField(_("who may apply"), blank=True)
    opens_at = models.DateTimeField(_("applications from"))
    closes_at = models.DateTimeField(_("deadline"))
    max_amount = models.DecimalField(
        _("maximum per application"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    eligible_kinds = models.JSONField(
        _("eligible kinds of organisation"), default=list, blank=True, help_text=_("Empty: all kinds.")
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="funding_call_period")]

    def __str__(self) -> str:
        return self.title


class FormField(models.Model):
    """One question of a call's application form, in a section. ``translations`` holds the
    label and help text in further languages: ``{"en": {"label": …, "help_text": …}}``."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        CHECKBOX = "checkbox", _("Yes/no")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="fields")
    section = models.CharField(_("section"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="funding_field_unique_key")]

    def __str__(self) -> str:
        return self.label

    def text(self, language: str) -> tuple[str, str, str]:
        """Section, label and help text in ``language`` (falling back to the original)."""
        found = self.translations.get(language) or {}
        return (
            found.get("section") or self.section,
            found.get("label") or self.label,
            found.get("help_text") or self.help_text,
        )


class Criterion(models.Model):
    """A line of the call's scoring sheet."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=5)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INCOMPLETE = "incomplete", _("Documents missing")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PARTIALLY_APPROVED = "partially_approved", _("Approved in part")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed (proof of use accepted)")

    GRANTED = (Status.APPROVED, Status.PARTIALLY_APPROVED, Status.CLOSED)

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("number"), max_length=20)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("short description"), blank=True)
    starts_on = models.DateField(_("project from"), null=True, blank=True)
    ends_on = models.DateField(_("project until"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    requested_amount = models.DecimalField(_("requested amount"), **MONEY, default=ZERO)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    completeness_note = models.TextField(_("what is missing"), blank=True)
    financial_note = models.TextField(_("financial check"), blank=True)
    financial_ok = models.BooleanField(_("cost plan checked"), null=True, blank=True)
    approved_amount = models.DecimalField(_("approved amount"), **MONEY, null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("budget line"),
    )

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="funding_application_unique_number"),
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="funding_application_requested"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="funding_application_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CostItem(models.Model):
    """A line of the cost and financing plan: a cost, or money from elsewhere (own share,
    third parties). Planned by the applicant; ``actual`` filled in the proof of use."""

    class Kind(models.TextChoices):
        COST = "cost", _("Cost")
        OWN = "own", _("Own contribution")
        THIRD_PARTY = "third_party", _("Third-party funds")

    class Category(models.TextChoices):
        FEES = "fees", _("Fees and honoraria")
        MATERIAL = "material", _("Material")
        ROOMS = "rooms", _("Rooms")
        TRAVEL = "travel", _("Travel")
        CATERING = "catering", _("Catering")
        PUBLICITY = "publicity", _("Publicity")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="cost_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COST)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    description = models.CharField(_("description"), max_length=300)
    planned = models.DecimalField(_("planned"), **MONEY)
    actual = models.DecimalField(_("actual"), **MONEY, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "kind", "position", "pk"]
        verbose_name = _("cost plan item")
        verbose_name_plural = _("cost plan items")
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0), name="funding_cost_planned"),
            models.CheckConstraint(condition=Q(actual__isnull=True) | Q(actual__gte=0), name="funding_cost_actual"),
        ]

    def __str__(self) -> str:
        return self.description


def attachment_path(instance: Attachment, filename: str) -> str:
    """Per region and application, never guessable from outside (served by a view only)."""
    import uuid

    return f"funding/{instance.application.region_id}/{instance.application_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    for_proof = models.BooleanField(_("part of the proof of use"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Review(TimeStampedModel):
    """A reviewer's content scoring of an application along the call's criteria."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("scores"), default=dict)  # criterion id (str) -> points
    total = models.PositiveIntegerField(_("points"), default=0)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="funding_review_one_each")]

    def __str__(self) -> str:
        return f"{self.application} – {self.reviewer}"


class LedgerEntry(models.Model):
    """A movement of money on a budget line. Never changed or deleted: a correction is a new
    entry. ``commitment`` (an approval) and ``release`` (an approval reduced, unpaid money
    freed) move ``committed``; ``payment`` (a tranche) and ``reclaim`` (unspent money paid
    back, which also frees the commitment) move ``paid``."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        PAYMENT = "payment", _("Payment")
        RELEASE = "release", _("Release")
        RECLAIM = "reclaim", _("Reclaim")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    booked_on = models.DateField(_("booked on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["booked_on", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_ledger_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class ProofOfUse(TimeStampedModel):
    """The grantee's Verwendungsnachweis: a factual report and the actual figures (on the
    application's cost items), checked by the office."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CORRECTIONS = "corrections", _("Corrections requested")
        ACCEPTED = "accepted", _("Accepted")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="proof")
    report = models.TextField(_("factual report"), blank=True)
    participants = models.PositiveIntegerField(_("participants reached"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    office_note = models.TextField(_("note of the office"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reclaimed_amount = models.DecimalField(_("reclaimed"), **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")

    def __str__(self) -> str:
        return f"{self.application}"
