"""The structured (untranslated) fields of each kind of content."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.forms.fields import (
    SCHEDULE_ROWS,
    TIME_FORMAT,
    WEEKDAYS,
    RegionMultipleChoiceField,
    TitledChoiceField,
    datetime_field,
    time_field,
)
from wegweiser.guide.models import ContentItem, Event, EventCategory, Language, Offer, Page, Place, TargetGroup
from wegweiser.guide.schedule import event_rule
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import commune_list


class ItemForm(forms.Form):
    """The untranslated fields of one kind. ``ATTRS`` and ``M2M`` name model fields that the
    form fields of the same name fill one to one; a subclass adds what needs conversion."""

    ATTRS: ClassVar[tuple[str, ...]] = ()
    M2M: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, *args: Any, region: Region, titles: dict[int, str], item: ContentItem | None = None, **kwargs: Any
    ) -> None:
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(item)
        super().__init__(*args, **kwargs)
        self.region, self.titles, self.item = region, titles, item

    def initial_from(self, item: ContentItem) -> dict[str, Any]:
        initial = {name: getattr(item, name) for name in self.ATTRS}
        initial.update({name: list(getattr(item, name).all()) for name in self.M2M})
        return initial

    def plain_fields(self) -> list[forms.BoundField]:
        """The fields shown one below the other (schedules and opening hours are tables)."""
        return [self[name] for name in self.fields if not name.startswith(("schedule_", "hours_"))]

    def attrs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.ATTRS}

    def m2m(self) -> dict[str, Iterable[Any]]:
        return {name: list(self.cleaned_data[name]) for name in self.M2M}

    def _places(self, label: Any) -> TitledChoiceField:
        return TitledChoiceField(
            Place.objects.filter(region=self.region).order_by("pk"), label=label, required=False, titles=self.titles
        )

    def _communes(self) -> TitledChoiceField:
        return TitledChoiceField(commune_list(region=self.region), label=_("Commune"), required=False)


class PageForm(ItemForm):
    parent = forms.TypedChoiceField(label=_("Parent page"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, tree: Sequence[tuple[int, int]] = (), **kwargs: Any) -> None:
        """``tree``: (page id, depth) of the region's pages in tree order."""
        super().__init__(*args, **kwargs)
        excluded = set(_subtree(tree, self.item.pk)) if self.item is not None else set()
        field = self.fields["parent"]
        assert isinstance(field, forms.TypedChoiceField)
        choices: list[tuple[Any, Any]] = [("", _("– none (top level) –"))]
        choices += [(pk, "\u2003" * depth + self.titles.get(pk, str(pk))) for pk, depth in tree if pk not in excluded]
        parent_id = self.item.parent_id if isinstance(self.item, Page) else None
        if parent_id is not None and parent_id not in {pk for pk, _depth in tree}:
            # An archived parent is not in the tree; keep it so that saving does not move the page.
            choices.append((parent_id, str(_("Page %(id)s (archived)") % {"id": parent_id})))
        field.choices = choices

    def initial_from(self, item: ContentItem) -> dict[str, Any]:
        assert isinstance(item, Page)
        return {"parent": item.parent_id}

    def attrs(self) -> dict[str, Any]:
        pk = self.cleaned_data["parent"]
        return {"parent": Page.objects.get(region=self.region, pk=pk) if pk else None}


def _subtree(tree: Sequence[tuple[int, int]], root: int) -> list[int]:
    """The ids of ``root`` and every page below it, from the tree order."""
    ids: list[int] = []
    root_depth: int | None = None
    for pk, depth in tree:
        if root_depth is not None:
            if depth <= root_depth:
                break
            ids.append(pk)
        elif pk == root:
            root_depth = depth
            ids.append(pk)
    return ids


class OfferForm(ItemForm):
    ATTRS = (
        "offer_kind",
        "is_free",
        "commune",
        "provider",
        "location",
        "contact_email",
        "contact_phone",
        "website",
        "starts_on",
        "ends_on",
    )
    M2M = ("target_groups", "languages_spoken")

    offer_kind = forms.ChoiceField(label=_("Kind of offer"), choices=Offer.OfferKind.choices)
    target_groups = RegionMultipleChoiceField(
        TargetGroup.objects.all(), label=_("Target groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages_spoken = RegionMultipleChoiceField(
        Language.objects.all(), label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_free = forms.BooleanField(label=_("Free of charge"), required=False)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    website = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        item = kwargs.get("item")
        self.schedule_rows = (
            max(SCHEDULE_ROWS, len(item.weekly_schedule) + 2) if isinstance(item, Offer) else SCHEDULE_ROWS
        )
        super().__init__(*args, **kwargs)
        self.fields["commune"] = self._communes()
        self.fields["location"] = self._places(_("Place"))
        for i in range(self.schedule_rows):
            self.fields[f"schedule_{i}_weekday"] = forms.TypedChoiceField(
                label=_("Day (row %(n)s)") % {"n": i + 1},
                choices=[("", "–"), *WEEKDAYS],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"schedule_{i}_start"] = time_field(_("From (row %(n)s)") % {"n": i + 1})
            self.fields[f"schedule_{i}_end"] = time_field(_("Until (row %(n)s)") % {"n": i + 1})
        self.order_fields(["offer_kind", *self.M2M, "is_free", "provider", "commune", "location"])

    def initial_from(self, item: ContentItem) -> dict[str, Any]:
        initial = super().initial_from(item)
        assert isinstance(item, Offer)
        for i, row in enumerate(item.weekly_schedule):
            initial.update({f"schedule_{i}_weekday": row.get("weekday"), f"schedule_{i}_start": row.get("start")})
            initial[f"schedule_{i}_end"] = row.get("end")
        return initial

    def schedule(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"schedule_{i}_{part}"] for part in ("weekday", "start", "end")] for i in range(self.schedule_rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must not be before the start."))
        rows = []
        for i in range(self.schedule_rows):
            weekday, start, end = (data.get(f"schedule_{i}_{part}") for part in ("weekday", "start", "end"))
            if weekday is None and start is None and end is None:
                continue
            if weekday is None or start is None or end is None:
                self.add_error(
                    f"schedule_{i}_weekday", _("Give the day, start and end of each row, or leave it empty.")
                )
            elif end <= start:
                self.add_error(f"schedule_{i}_end", _("The end must be after the start."))
            else:
                rows.append(
                    {"weekday": weekday, "start": start.strftime(TIME_FORMAT), "end": end.strftime(TIME_FORMAT)}
                )
        data["weekly_schedule"] = sorted(rows, key=lambda r: (r["weekday"], r["start"]))
        return data

    def attrs(self) -> dict[str, Any]:
        return {**super().attrs(), "weekly_schedule": self.cleaned_data["weekly_schedule"]}


class PlaceForm(ItemForm):
    ATTRS = (
        "category",
        "street",
        "postcode",
        "town",
        "commune",
        "latitude",
        "longitude",
        "is_barrier_free",
        "phone",
        "email",
        "website",
        "is_temporarily_closed",
    )
    MODES: ClassVar[list[tuple[str, Any]]] = [
        ("", _("no information")),
        ("open", _("open at the times given")),
        ("appointment", _("by appointment")),
        ("all_day", _("open all day")),
        ("closed", _("closed")),
    ]

    category = forms.ChoiceField(label=_("Category"), choices=Place.Category.choices)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A German postcode has five digits.")},
    )
    town = forms.CharField(label=_("Town"), max_length=100, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    is_barrier_free = forms.NullBooleanField(label=_("Barrier-free"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    is_temporarily_closed = forms.BooleanField(label=_("Temporarily closed"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = self._communes()
        self.order_fields(self.ATTRS)
        for day, name in WEEKDAYS:
            self.fields[f"hours_{day}_mode"] = forms.ChoiceField(
                label=_("%(day)s: opening") % {"day": name}, choices=self.MODES, required=False
            )
            for slot in (1, 2):
                self.fields[f"hours_{day}_start{slot}"] = time_field(
                    _("%(day)s, time %(n)s: from") % {"day": name, "n": slot}
                )
                self.fields[f"hours_{day}_end{slot}"] = time_field(
                    _("%(day)s, time %(n)s: until") % {"day": name, "n": slot}
                )

    def initial_from(self, item: ContentItem) -> dict[str, Any]:
        initial = super().initial_from(item)
        assert isinstance(item, Place)
        for day, entry in enumerate(item.opening_hours[:7]):
            slots = entry.get("timeSlots") or []
            if entry.get("closed"):
                mode = "closed"
            elif entry.get("allDay"):
                mode = "all_day"
            elif entry.get("appointmentOnly"):
                mode = "appointment"
            else:
                mode = "open" if slots else "closed"
            initial[f"hours_{day}_mode"] = mode
            for slot, times in enumerate(slots[:2], start=1):
                initial[f"hours_{day}_start{slot}"] = times.get("start")
                initial[f"hours_{day}_end{slot}"] = times.get("end")
        return initial

    def opening_hours(self) -> list[tuple[Any, list[forms.BoundField]]]:
        parts = ("mode", "start1", "end1", "start2", "end2")
        return [(name, [self[f"hours_{day}_{part}"] for part in parts]) for day, name in WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = [self._clean_day(data, day) for day, _name in WEEKDAYS]
        given = [d for d in days if d is not None]
        if given and len(given) < len(days):
            self.add_error(None, _("Give the opening hours for every day of the week, or for none."))
        data["opening_hours"] = given if len(given) == len(days) else []
        return data

    def _clean_day(self, data: dict[str, Any], day: int) -> dict[str, Any] | None:
        mode = data.get(f"hours_{day}_mode") or ""
        if not mode:
            return None
        slots: list[dict[str, str]] = []
        previous_end: dt.time | None = None
        is_valid = True
        for slot in (1, 2):
            start, end = data.get(f"hours_{day}_start{slot}"), data.get(f"hours_{day}_end{slot}")
            if start is None and end is None:
                continue
            is_valid = False
            if start is None or end is None:
                self.add_error(f"hours_{day}_start{slot}", _("Give both the start and the end."))
            elif end <= start:
                self.add_error(f"hours_{day}_end{slot}", _("The end must be after the start."))
            elif previous_end is not None and start < previous_end:
                self.add_error(f"hours_{day}_start{slot}", _("The second time must begin after the first ends."))
            else:
                slots.append({"start": start.strftime(TIME_FORMAT), "end": end.strftime(TIME_FORMAT)})
                previous_end, is_valid = end, True
        if mode == "open" and not slots and is_valid:
            self.add_error(f"hours_{day}_start1", _("Give at least one time, or choose another kind of opening."))
        if mode in ("closed", "all_day"):
            slots = []  # times make no sense here; the choice wins
        return {
            "allDay": mode == "all_day",
            "closed": mode == "closed",
            "appointmentOnly": mode == "appointment",
            "timeSlots": slots,
        }

    def attrs(self) -> dict[str, Any]:
        return {**super().attrs(), "opening_hours": self.cleaned_data["opening_hours"]}


class EventForm(ItemForm):
    ATTRS = ("starts_at", "ends_at", "is_all_day", "recurrence_rule", "location", "online_url")
    M2M = ("categories",)

    starts_at = datetime_field(_("Starts at"))
    ends_at = datetime_field(_("Ends at"))
    is_all_day = forms.BooleanField(label=_("All day"), required=False)
    recurrence_rule = forms.CharField(
        label=_("Recurrence (RFC 5545 RRULE)"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for a one-off event. E.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    categories = RegionMultipleChoiceField(
        EventCategory.objects.none(), label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"] = self._places(_("Place"))
        categories = self.fields["categories"]
        assert isinstance(categories, forms.ModelMultipleChoiceField)
        categories.queryset = EventCategory.objects.filter(region=self.region)
        self.order_fields(self.ATTRS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must not be before the start."))
        rule = (data.get("recurrence_rule") or "").strip().upper().removeprefix("RRULE:")
        data["recurrence_rule"] = rule
        if rule and starts and not self.has_error("recurrence_rule"):
            self._check_rule(rule, starts)
        if not data.get("location") and not data.get("online_url") and not self.has_error("location"):
            self.add_error("location", _("Choose a place or give an online link."))
        return data

    def _check_rule(self, rule: str, starts: dt.datetime) -> None:
        """Accept exactly the rules the public guide can show (``schedule.event_rule``)."""
        if "\n" in rule or "DTSTART" in rule or event_rule(Event(starts_at=starts, recurrence_rule=rule)) is None:
            if re.search(r"FREQ=(HOURLY|MINUTELY|SECONDLY)\b", rule):
                self.add_error(
                    "recurrence_rule", _("An event repeats at most daily: use DAILY, WEEKLY, MONTHLY or YEARLY.")
                )
            else:
                self.add_error(
                    "recurrence_rule", _("This is not a valid recurrence rule. Example: FREQ=WEEKLY;BYDAY=TU;COUNT=10")
                )


class NewsForm(ItemForm):
    ATTRS = ("published_at",)

    published_at = datetime_field(_("Published at"), required=False)


class ImprintForm(ItemForm):
    pass


KIND_FORMS: dict[str, type[ItemForm]] = {
    ContentItem.Kind.PAGE: PageForm,
    ContentItem.Kind.OFFER: OfferForm,
    ContentItem.Kind.PLACE: PlaceForm,
    ContentItem.Kind.EVENT: EventForm,
    ContentItem.Kind.NEWS: NewsForm,
    ContentItem.Kind.IMPRINT: ImprintForm,
}
