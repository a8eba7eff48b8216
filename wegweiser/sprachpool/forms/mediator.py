"""The mediator's forms, made for a phone: declining an offer, the weekly times she is usually
available, and her absences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wegweiser.sprachpool.models import Absence, AvailabilitySlot

Weekday = AvailabilitySlot.Weekday
ROWS_PER_DAY = 2


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the office (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"data-testid": "decline-note"}),
    )


@dataclass(frozen=True)
class DayRows:
    label: str
    rows: list[tuple[forms.BoundField, forms.BoundField]]  # (from, until) per row


class AvailabilityForm(forms.Form):
    """Per weekday up to ``rows_per_day`` times "from – until" (at least two, one more than she
    has on her busiest day). Empty rows are ignored; overlaps are refused by the service."""

    def __init__(self, *args: Any, slots: Iterable[AvailabilitySlot] = (), **kwargs: Any) -> None:
        slots = list(slots)
        per_day: dict[int, list[AvailabilitySlot]] = {}
        for slot in sorted(slots, key=lambda s: (s.weekday, s.starts)):
            per_day.setdefault(slot.weekday, []).append(slot)
        self.rows_per_day = max([ROWS_PER_DAY, *(len(day) + 1 for day in per_day.values())])
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        for day, day_slots in per_day.items():
            for n, slot in enumerate(day_slots):
                initial[f"d{day}_{n}_starts"] = slot.starts
                initial[f"d{day}_{n}_ends"] = slot.ends
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for day in Weekday:
            for n in range(self.rows_per_day):
                for part, label in (("starts", _("From")), ("ends", _("Until"))):
                    self.fields[f"d{day.value}_{n}_{part}"] = forms.TimeField(
                        label=label,
                        required=False,
                        widget=forms.TimeInput(
                            attrs={"type": "time", "data-testid": f"slot-{day.value}-{n}-{part}"}, format="%H:%M"
                        ),
                    )

    def days(self) -> list[DayRows]:
        return [
            DayRows(
                str(day.label),
                [(self[f"d{day.value}_{n}_starts"], self[f"d{day.value}_{n}_ends"]) for n in range(self.rows_per_day)],
            )
            for day in Weekday
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.slots: list[tuple[int, time, time]] = []
        for day in Weekday:
            for n in range(self.rows_per_day):
                starts_name, ends_name = f"d{day.value}_{n}_starts", f"d{day.value}_{n}_ends"
                if starts_name in self.errors or ends_name in self.errors:
                    continue
                starts, ends = data.get(starts_name), data.get(ends_name)
                if starts is None and ends is None:
                    continue
                if starts is None:
                    self.add_error(starts_name, _("Enter when this time begins."))
                elif ends is None:
                    self.add_error(ends_name, _("Enter when this time ends."))
                else:
                    self.slots.append((day.value, starts, ends))
        return data


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "absence-from"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "absence-until"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=Absence._meta.get_field("note").max_length,
        required=False,
        widget=forms.TextInput(attrs={"data-testid": "absence-note"}),
    )

    def __init__(self, *args: Any, existing: Sequence[Absence] = (), today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing = list(existing)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first is None or last is None:
            return data
        if last < first:
            self.add_error("ends_on", _("The absence must end on or after its first day."))
        elif last < self.today:
            self.add_error("ends_on", _("This absence is already over."))
        else:
            for other in self.existing:
                if other.starts_on <= last and first <= other.ends_on:
                    self.add_error(
                        None,
                        _("This overlaps your absence %(from)s–%(until)s.")
                        % {
                            "from": date_format(other.starts_on, "SHORT_DATE_FORMAT"),
                            "until": date_format(other.ends_on, "SHORT_DATE_FORMAT"),
                        },
                    )
                    break
        return data
