"""The requesting institution's forms: a new request, cancelling it, confirming the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.sprachpool.models import Gender, Institution, MediationLanguage, Mode, Request, Topic
from wegweiser.sprachpool.portal import language_tree
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Commune, Region

DURATIONS = list(range(30, 241, 15))


def _max_length(name: str) -> int:
    field = Request._meta.get_field(name)
    assert isinstance(field, models.CharField)
    return field.max_length or 0


def _dialect_label(dialect: MediationLanguage, language: MediationLanguage) -> str:
    """ "Kurdisch (Kurmandschi)" under "Kurdisch" reads "— Kurmandschi"."""
    name, parent = str(dialect), str(language)
    if name.startswith(f"{parent} (") and name.endswith(")"):
        name = name[len(parent) + 2 : -1]
    return f"— {name}"


def language_choices() -> list[tuple[int | str, str]]:
    choices: list[tuple[int | str, str]] = [("", "---------")]
    for language, dialects in language_tree():
        choices.append((language.pk, str(language)))
        choices.extend((dialect.pk, _dialect_label(dialect, language)) for dialect in dialects)
    return choices


class TopicField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Topics the pool does not serve stay selectable, with their hint: the office decides."""

    def label_from_instance(self, obj: Any) -> str:
        topic: Topic = obj
        if topic.is_allowed:
            return topic.name
        if topic.hint:
            return str(_("%(topic)s (not served by the pool: %(hint)s)") % {"topic": topic.name, "hint": topic.hint})
        return str(_("%(topic)s (not served by the pool)") % {"topic": topic.name})


class RequestForm(forms.Form):
    """A new request. The service checks everything again; this form turns the date and time
    into an aware moment and keeps choices to the region's institutions, topics and communes."""

    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("Institution")
    )
    language = forms.ModelChoiceField(
        queryset=MediationLanguage.objects.all(),
        label=_("Language"),
        help_text=_("Choose a dialect if it matters, e.g. Sorani or Kurmanji."),
        widget=forms.Select(attrs={"data-testid": "request-language"}),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "request-date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time", "data-testid": "request-time"}, format="%H:%M")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Expected duration"),
        coerce=int,
        choices=[(m, _("%(minutes)s minutes") % {"minutes": m}) for m in DURATIONS],
        initial=60,
        error_messages={"invalid_choice": _("Choose a duration from the list.")},
        widget=forms.Select(attrs={"data-testid": "request-duration"}),
    )
    mode = forms.ChoiceField(
        label=_("How"), choices=Mode.choices, initial=Mode.ON_SITE, widget=forms.RadioSelect(attrs={"class": "modes"})
    )
    commune: forms.ModelChoiceField[Commune] = forms.ModelChoiceField(
        queryset=Commune.objects.none(),
        label=_("Commune"),
        required=False,
        help_text=_("On site only."),
        widget=forms.Select(attrs={"data-testid": "request-commune"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=_max_length("address"),
        required=False,
        help_text=_("On site only: street, house number, room."),
        widget=forms.TextInput(attrs={"data-testid": "request-address"}),
    )
    call_details = forms.CharField(
        label=_("Phone number or video link"),
        max_length=_max_length("call_details"),
        required=False,
        help_text=_("By phone or video only."),
        widget=forms.TextInput(attrs={"data-testid": "request-call-details"}),
    )
    topic = TopicField(
        queryset=Topic.objects.none(),
        label=_("Topic"),
        empty_label=None,
        widget=forms.RadioSelect(attrs={"class": "topics"}),
    )
    preferred_gender = forms.ChoiceField(
        label=_("Preferred gender of the mediator"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
        widget=forms.Select(attrs={"data-testid": "request-gender"}),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=_max_length("contact_name"),
        help_text=_("Who the mediator asks for on the day."),
        widget=forms.TextInput(attrs={"data-testid": "request-contact-name", "autocomplete": "name"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=_max_length("contact_phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "data-testid": "request-contact-phone", "autocomplete": "tel"}),
    )
    notes = forms.CharField(
        label=_("Notes for the office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "data-testid": "request-notes"}),
    )

    # The service's field names, mapped to this form's.
    SERVICE_FIELDS = {"starts_at": "date"}

    def __init__(
        self,
        *args: Any,
        region: Region,
        institutions: Sequence[Institution],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.institutions = list(institutions)
        institution_field: Any = self.fields["institution"]
        institution_field.queryset = Institution.objects.filter(
            region=region, is_active=True, pk__in=[i.pk for i in self.institutions]
        )
        if len(self.institutions) == 1:
            # Only one: nothing to choose (the view shows its name instead).
            institution_field.widget = forms.HiddenInput()
            institution_field.initial = self.institutions[0].pk
        language_field: Any = self.fields["language"]
        language_field.choices = language_choices()
        commune_field: Any = self.fields["commune"]
        commune_field.queryset = Commune.objects.filter(region=region).order_by("name")
        topic_field: Any = self.fields["topic"]
        topic_field.queryset = Topic.objects.filter(region=region).order_by("position", "name")
        date_field: Any = self.fields["date"]
        date_field.widget.attrs["min"] = today.isoformat()

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day < self.today:
            raise forms.ValidationError(_("The date is in the past."))
        return day

    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=BERLIN)

    def service_values(self) -> dict[str, Any]:
        """The keyword arguments of ``services.request_submit``."""
        data = self.cleaned_data
        return {
            "institution": data["institution"],
            "language": data["language"],
            "topic": data["topic"],
            "starts_at": self.starts_at(),
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "contact_name": data["contact_name"],
            "contact_phone": data["contact_phone"],
            "commune": data["commune"],
            "address": data["address"],
            "call_details": data["call_details"],
            "preferred_gender": data["preferred_gender"],
            "notes": data["notes"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "data-testid": "cancel-reason"}),
    )


class ConfirmForm(forms.Form):
    actual_minutes = forms.IntegerField(
        label=_("Actual duration (minutes)"),
        min_value=1,
        max_value=600,
        help_text=_("How long the mediator interpreted, in minutes; it determines her pay."),
        widget=forms.NumberInput(attrs={"data-testid": "confirm-minutes", "inputmode": "numeric"}),
    )
