"""The public guide's content: pages, offers, places, events, news and the imprint of a
region, each translatable into the region's languages.

Every content item is a ``ContentItem`` (multi-table inheritance: ``Page``, ``Offer``, …).
Its texts live in ``Translation`` (the current text per language) and ``TranslationVersion``
(the history). The source language's text carries a *major version* that only non-minor
edits raise; each translation records the major version it was made from. A translation's
``status`` is stored and kept current by the services (``guide.services``), so the status of
every item in every language of a region is one indexed query, never a per-row computation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from wegweiser.core.models import TimeStampedModel
from wegweiser.tenancy.models import Commune, Region


class GuideState(models.Model):
    """A region's content change counter: every change to an item takes the next number,
    so a client that knows number N fetches only what changed since (delta sync)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="+")
    seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.region_id}: {self.seq}"


class Language(models.Model):
    """A language Wegweiser knows; each region chooses its own (``RegionLanguage``)."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("BCP 47, e.g. de, ar, fa, de-si"))
    bcp47_tag = models.CharField(_("BCP 47 tag"), max_length=20)
    native_name = models.CharField(_("native name"), max_length=60)
    german_name = models.CharField(_("German name"), max_length=60)
    english_name = models.CharField(_("English name"), max_length=60)
    is_rtl = models.BooleanField(_("right to left"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.native_name

    @property
    def dir(self) -> str:
        return "rtl" if self.is_rtl else "ltr"


class RegionLanguage(models.Model):
    """A language a region publishes in. Exactly one is the source (German)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="languages", verbose_name=_("region"))
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    is_source = models.BooleanField(_("source language"), default=False)
    is_visible = models.BooleanField(_("visible in the public guide"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-is_source", "position", "language__code"]
        verbose_name = _("region language")
        verbose_name_plural = _("region languages")
        constraints = [
            models.UniqueConstraint(fields=["region", "language"], name="regionlanguage_unique"),
            models.UniqueConstraint(fields=["region"], condition=Q(is_source=True), name="regionlanguage_one_source"),
        ]

    def __str__(self) -> str:
        return f"{self.region} – {self.language.code}"


class ContentItem(TimeStampedModel):
    """What every piece of guide content shares: region, kind, publication status and the
    source text's major version."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        OFFER = "offer", _("Offer")
        PLACE = "place", _("Place")
        EVENT = "event", _("Event")
        NEWS = "news", _("News")
        IMPRINT = "imprint", _("Imprint")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_major = models.PositiveIntegerField(
        _("source version"), default=0, help_text=_("Raised by every non-minor edit of the source text.")
    )
    change_seq = models.PositiveBigIntegerField(
        _("change number"), default=0, db_index=True, help_text=_("The region's change counter at the last change.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=120,
        blank=True,
        help_text=_("Where an import brought it from, e.g. integreat:rems-murr-kreis:page:1234."),
    )

    objects = ScopedManager(region="region")

    KIND: str = ""  # set by each concrete kind

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        indexes = [models.Index(fields=["region", "kind", "status"], name="guide_item_region_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["page", "offer", "place", "event", "news", "imprint"]), name="guide_item_kind"
            ),
            models.UniqueConstraint(
                fields=["region", "external_id"], condition=~Q(external_id=""), name="guide_item_external_id_unique"
            ),
            # One current imprint per region (an archived one may be replaced).
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind="imprint") & ~Q(status="archived"),
                name="guide_one_imprint_per_region",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "archived"]), name="guide_item_status"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.kind:
            self.kind = self.KIND
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def concrete(self) -> ContentItem:
        """The Page, Offer, … behind a plain ContentItem (one query if not yet one)."""
        if type(self) is not ContentItem:
            return self
        return getattr(self, {"news": "newsitem"}.get(self.kind, self.kind))  # type: ignore[no-any-return]


class Translation(models.Model):
    """The current text of one item in one language."""

    class Status(models.TextChoices):
        UP_TO_DATE = "up_to_date", _("Up to date")
        OUTDATED = "outdated", _("Outdated")
        MACHINE = "machine", _("Machine-translated")
        IN_REVIEW = "in_review", _("In review")

    # "missing" is the absence of a row; it is a status for display only.
    MISSING = "missing"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(_("URL name"), max_length=200, allow_unicode=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("HTML, cleaned by an allow-list on saving."))
    fields = models.JSONField(_("further texts"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"))
    source_major = models.PositiveIntegerField(_("made from source version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(region="region")

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="translation_unique_per_language"),
            models.CheckConstraint(
                condition=Q(status__in=["up_to_date", "outdated", "machine", "in_review"]), name="translation_status"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "language", "status"], name="translation_region_status"),
            models.Index(fields=["region", "language", "slug"], name="translation_region_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language_id}]"


class TranslationVersion(models.Model):
    """One saved state of a translation: the history behind diff and restore."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="versions")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    fields = models.JSONField(default=dict, blank=True)
    source_major = models.PositiveIntegerField()
    is_minor = models.BooleanField(_("minor edit"), default=False)
    is_machine = models.BooleanField(_("machine-translated"), default=False)
    created_at = models.DateTimeField(_("saved at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["item", "language", "version"], name="translationversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language_id}] v{self.version}"


class Page(ContentItem):
    """A page in the region's tree (Erste Anlaufstellen, Sprachkurse, …)."""

    KIND = ContentItem.Kind.PAGE

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent page")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")


class TargetGroup(models.Model):
    """Who an offer is for (families, youth, women, …): a fixed list shared by all regions."""

    code = models.SlugField(unique=True)
    german_name = models.CharField(max_length=80)
    english_name = models.CharField(max_length=80)

    class Meta:
        ordering = ["german_name"]

    def __str__(self) -> str:
        return self.german_name


class Place(ContentItem):
    """A place with address, coordinates and opening hours.

    ``opening_hours`` has seven entries, Monday first, in Integreat's shape:
    ``{"allDay": bool, "closed": bool, "appointmentOnly": bool, "timeSlots": [{"start": "09:00", "end": "12:00"}]}``.
    """

    KIND = ContentItem.Kind.PLACE

    class Category(models.TextChoices):
        OFFICE = "office", _("Office or authority")
        COUNSELLING = "counselling", _("Counselling")
        EDUCATION = "education", _("Education and language")
        HEALTH = "health", _("Health")
        LEISURE = "leisure", _("Leisure")
        WORK = "work", _("Work and training")
        RELIGION = "religion", _("Culture and religion")
        OTHER = "other", _("Other")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_barrier_free = models.BooleanField(_("barrier-free"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)
    is_temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")


class Offer(ContentItem):
    """A directory entry: a course, counselling, leisure or training offer."""

    KIND = ContentItem.Kind.OFFER

    class OfferKind(models.TextChoices):
        INTEGRATION_COURSE = "integration_course", _("Integration course")
        LANGUAGE_COURSE = "language_course", _("Language course")
        COUNSELLING = "counselling", _("Counselling")
        FAMILY_LEISURE = "family_leisure", _("Leisure for families")
        YOUTH_LEISURE = "youth_leisure", _("Leisure for young people")
        VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship exchange")
        HEALTH = "health", _("Health")
        OTHER = "other", _("Other")

    offer_kind = models.CharField(_("kind of offer"), max_length=30, choices=OfferKind.choices)
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="+", verbose_name=_("target groups"))
    languages_spoken: models.ManyToManyField[Language, Any] = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    location = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers", verbose_name=_("place")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    website = models.URLField(_("link"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    weekly_schedule = models.JSONField(
        _("weekly schedule"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"weekday": 0, "start": "09:00", "end": "12:00"}]'),
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="offer_dates_in_order",
            ),
        ]


class EventCategory(models.Model):
    """A region's event categories (courses, leisure, counselling days, …)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField()
    german_name = models.CharField(_("name (German)"), max_length=80)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["german_name"]
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        constraints = [models.UniqueConstraint(fields=["region", "slug"], name="eventcategory_unique")]

    def __str__(self) -> str:
        return self.german_name

    def name_in(self, language_code: str) -> str:
        return str(self.names.get(language_code) or self.german_name)


class Event(ContentItem):
    """An event, one-off or recurring by an RFC 5545 rule, at a place or online."""

    KIND = ContentItem.Kind.EVENT

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_all_day = models.BooleanField(_("all day"), default=False)
    recurrence_rule = models.CharField(
        _("recurrence (RFC 5545 RRULE)"), max_length=300, blank=True, help_text=_("e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10")
    )
    location = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("place")
    )
    online_url = models.URLField(_("online link"), blank=True)
    categories = models.ManyToManyField(EventCategory, blank=True, related_name="+", verbose_name=_("categories"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]


class NewsItem(ContentItem):
    KIND = ContentItem.Kind.NEWS

    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class Imprint(ContentItem):
    """The region's imprint: one per region."""

    KIND = ContentItem.Kind.IMPRINT

    class Meta:
        verbose_name = _("imprint")
        verbose_name_plural = _("imprints")


class MachineTranslationConfig(models.Model):
    """A region's machine translation service: off until a coordinator configures it."""

    class Provider(models.TextChoices):
        NONE = "", _("Off")
        LIBRETRANSLATE = "libretranslate", _("LibreTranslate")
        DEEPL = "deepl", _("DeepL")

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="+")
    provider = models.CharField(_("service"), max_length=20, choices=Provider.choices, blank=True, default="")
    url = models.URLField(_("service address"), blank=True, help_text=_("e.g. https://translate.example.org"))
    api_key = models.CharField(_("API key"), max_length=200, blank=True)

    objects = ScopedManager(region="region")

    class Meta:
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translation")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.provider or 'off'}"

    @property
    def is_enabled(self) -> bool:
        return bool(self.provider and self.url)


class Feedback(models.Model):
    """ "Was this helpful?" from a visitor: shown to editors, nothing else."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    is_helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    is_read = models.BooleanField(_("read"), default=False)

    objects = ScopedManager(region="region")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{'+' if self.is_helpful else '-'} {self.comment[:40]}"
