"""The office's forms: they parse and check what was typed; the services decide and write.
Choices of rows (institutions, topics, communes, mediators) are limited to the region, so an id
of another region is a form error, never a write."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wegweiser.sprachpool.models import (
    AvailabilitySlot,
    FundingSource,
    Gender,
    Institution,
    Level,
    MediationLanguage,
    Mediator,
    MediatorDocument,
    Mode,
    PoolSettings,
    Request,
    Tier,
    Topic,
)
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.sprachpool.selectors import (
    berlin_today,
    institution_choices,
    mediation_language_list,
    mediator_choices,
    topic_list,
)
from wegweiser.tenancy.models import Commune, Region
from wegweiser.tenancy.selectors import commune_list

BLANK = [("", "–")]


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def time_field(label: Any, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


def model_field(model: type[Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django derives from the model field (label, choices, validators)."""
    formfield = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    assert formfield is not None
    return formfield


def berlin_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BERLIN)


class LanguageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Languages, each followed by its dialects, named in the UI's language."""

    default_error_messages = {"invalid_choice": _("Choose a language from the list.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Language"))
        super().__init__(mediation_language_list(), **kwargs)

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, MediationLanguage)
        name = obj.name_de if (get_language() or "de").startswith("de") else obj.name_en
        return f"— {name}" if obj.dialect_of_id else name


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    default_error_messages = {"invalid_choice": _("Choose one of this region's entries.")}


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    default_error_messages = {
        "invalid_choice": _("Choose only this region's entries."),
        "invalid_pk_value": _("Choose only this region's entries."),
    }


class MediatorMultipleChoiceField(RegionMultipleChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Mediator)
        return obj.full_name


def attach(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names where there is one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# ----------------------------------------------------------------------------- inbox


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Open requests")), *Request.Status.choices]
    )
    language = LanguageChoiceField(required=False, empty_label=_("All languages"))
    institution = RegionChoiceField(
        Institution.objects.none(), label=_("Institution"), required=False, empty_label=_("All institutions")
    )
    starts_on = date_field(_("From"), required=False)
    ends_on = date_field(_("Until"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_choices(region=region, active_only=False)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return data


# ----------------------------------------------------------------------------- one request


class ApproveForm(forms.Form):
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    exception_reason = forms.CharField(
        label=_("Reason for an exception to the rules"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    """Reject, release or cancel: a reason the people concerned are told."""

    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class OfferForm(forms.Form):
    mediators = MediatorMultipleChoiceField(
        Mediator.objects.none(),
        label=_("Mediators"),
        error_messages={"required": _("Choose at least one mediator.")},
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediator_choices(region=region)  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    mediator = RegionChoiceField(
        Mediator.objects.none(), label=_("Mediator"), error_messages={"required": _("Choose a mediator.")}
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediator_choices(region=region)  # type: ignore[attr-defined]


class UnservedForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why could the request not be served?"), choices=Request.UnservedReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    actual_minutes = forms.IntegerField(label=_("Actual duration (minutes)"), min_value=1, max_value=600)
    travel_km = forms.DecimalField(
        label=_("Kilometres travelled (there and back)"),
        required=False,
        min_value=0,
        max_value=1000,
        max_digits=5,
        decimal_places=1,
        help_text=_("Leave empty to use the estimated road distance."),
    )


class RequestForm(forms.Form):
    """A request the office takes by phone."""

    institution = RegionChoiceField(Institution.objects.none(), label=_("Institution"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    language = LanguageChoiceField()
    day = date_field(_("Date"))
    at = time_field(_("Time"))
    duration_minutes = forms.IntegerField(
        label=_("Expected duration (minutes)"), min_value=15, max_value=600, initial=60
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ON_SITE, widget=forms.RadioSelect)
    commune = RegionChoiceField(Commune.objects.none(), label=_("Commune"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    call_details = forms.CharField(label=_("Phone number or video link"), max_length=300, required=False)
    topic = RegionChoiceField(Topic.objects.none(), label=_("Topic"))
    preferred_gender = forms.ChoiceField(
        label=_("Preferred gender of the mediator"), choices=[("", _("No preference")), *Gender.choices], required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["institution"].queryset = institution_choices(region=region)  # type: ignore[attr-defined]
        self.fields["commune"].queryset = commune_list(region=region)  # type: ignore[attr-defined]
        self.fields["topic"].queryset = topic_list(region=region)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("at"):
            data["starts_at"] = berlin_datetime(data["day"], data["at"])
            if data["day"] < berlin_today():
                self.add_error("day", _("The date is in the past."))
        return data

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``services.request_submit``."""
        data = self.cleaned_data
        names = [
            "institution",
            "contact_name",
            "contact_phone",
            "language",
            "starts_at",
            "duration_minutes",
            "mode",
            "commune",
            "address",
            "call_details",
            "topic",
            "preferred_gender",
            "notes",
        ]
        return {name: data[name] for name in names}


# ----------------------------------------------------------------------------- mediators


class MediatorFilterForm(forms.Form):
    language = LanguageChoiceField(required=False, empty_label=_("All languages"))
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Not active"))],
    )
    tier = forms.ChoiceField(label=_("Qualification"), required=False, choices=[("", _("All")), *Tier.choices])

    def is_active(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("active") or "")


MEDIATOR_ATTRS = (
    "full_name",
    "email",
    "phone",
    "gender",
    "german_level",
    "tier",
    "home_commune",
    "on_site",
    "by_phone",
    "by_video",
    "max_hours_per_month",
    "conflict_notes",
    "notes",
    "is_active",
)


class MediatorForm(forms.Form):
    """The profile (languages and times are their own forms)."""

    def __init__(self, *args: Any, region: Region, mediator: Mediator | None = None, **kwargs: Any) -> None:
        if mediator is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(mediator, name) for name in MEDIATOR_ATTRS},
                "communes_served": list(mediator.communes_served.all()),
            }
        super().__init__(*args, **kwargs)
        communes = commune_list(region=region)
        for name in MEDIATOR_ATTRS:
            if name == "home_commune":
                self.fields[name] = RegionChoiceField(communes, label=_("Home commune"), required=False)
            else:
                self.fields[name] = model_field(Mediator, name)
        self.fields["conflict_notes"].widget.attrs["rows"] = 2
        self.fields["notes"].widget.attrs["rows"] = 2
        self.fields["communes_served"] = RegionMultipleChoiceField(
            communes,
            label=_("Communes served"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Leave empty for the whole region."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("on_site", "by_phone", "by_video")):
            self.add_error("on_site", _("Choose at least one way of working."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MEDIATOR_ATTRS}


class MediatorLanguageForm(forms.Form):
    language = LanguageChoiceField(required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.NATIVE)
    is_verified = forms.BooleanField(label=_("Verified"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("language") is None and "language" not in self.errors:
            data["DELETE"] = True  # an empty row
        return data


class BaseLanguageFormSet(BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            language = form.cleaned_data.get("language")
            if language is None or form.cleaned_data.get("DELETE"):
                continue
            if language.pk in seen:
                raise ValidationError(_("Each language only once, please."))
            seen.add(language.pk)
        if not seen:
            raise ValidationError(_("Enter at least one language."))

    def choices(self) -> list[tuple[MediationLanguage, str, bool]]:
        """``(language, level, verified)`` for ``services.mediator_save``."""
        return [
            (f.cleaned_data["language"], f.cleaned_data["level"], f.cleaned_data["is_verified"])
            for f in self.forms
            if f.cleaned_data.get("language") is not None and not f.cleaned_data.get("DELETE")
        ]

    def add_service_error(self, error: ValidationError) -> None:
        self._non_form_errors = self.error_class([*self.non_form_errors(), *error.messages], error_class="nonform")


LanguageFormSet = formset_factory(MediatorLanguageForm, formset=BaseLanguageFormSet, extra=2, can_delete=True)


def language_formset(data: Any = None, *, mediator: Mediator | None = None) -> BaseLanguageFormSet:
    initial = (
        [
            {"language": ml.language, "level": ml.level, "is_verified": ml.is_verified}
            for ml in mediator.languages.select_related("language")
        ]
        if mediator is not None
        else []
    )
    formset = LanguageFormSet(data, initial=initial, prefix="languages")
    assert isinstance(formset, BaseLanguageFormSet)
    return formset


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[*BLANK, *AvailabilitySlot.Weekday.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    starts = time_field(_("From"), required=False)
    ends = time_field(_("Until"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(n) is not None for n in ("weekday", "starts", "ends")]
        if any(filled) and not all(filled) and not self.errors:
            raise ValidationError(_("Enter the weekday, from and until, or leave the row empty."))
        if all(filled) and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The time must end after it starts."))
        return data


class BaseSlotFormSet(BaseFormSet):  # type: ignore[type-arg]
    def slots(self) -> list[tuple[int, time, time]]:
        return [
            (f.cleaned_data["weekday"], f.cleaned_data["starts"], f.cleaned_data["ends"])
            for f in self.forms
            if f.cleaned_data.get("weekday") is not None and not f.cleaned_data.get("DELETE")
        ]

    def add_service_error(self, error: ValidationError) -> None:
        messages = (
            [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error.messages
        )
        self._non_form_errors = self.error_class([*self.non_form_errors(), *messages], error_class="nonform")


SlotFormSet = formset_factory(SlotForm, formset=BaseSlotFormSet, extra=3, can_delete=True)


def slot_formset(data: Any = None, *, mediator: Mediator) -> BaseSlotFormSet:
    initial = [{"weekday": s.weekday, "starts": s.starts, "ends": s.ends} for s in mediator.availability.all()]
    formset = SlotFormSet(data, initial=initial, prefix="slots")
    assert isinstance(formset, BaseSlotFormSet)
    return formset


class AbsenceForm(forms.Form):
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The absence must end on or after its first day."))
        elif ends_on and ends_on < berlin_today():
            self.add_error("ends_on", _("The date is in the past."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=MediatorDocument.Kind.choices)
    issued_on = date_field(_("Issued on"), required=False)
    expires_on = date_field(_("Valid until"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] < data["issued_on"]:
            self.add_error("expires_on", _("A document cannot expire before it was issued."))
        return data


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase this mediator's personal data. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


# ----------------------------------------------------------------------------- institutions

INSTITUTION_ATTRS = ("name", "kind", "commune", "address", "email", "phone", "is_active")


class InstitutionForm(forms.Form):
    def __init__(self, *args: Any, region: Region, institution: Institution | None = None, **kwargs: Any) -> None:
        if institution is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(institution, name) for name in INSTITUTION_ATTRS}
        super().__init__(*args, **kwargs)
        for name in INSTITUTION_ATTRS:
            if name == "commune":
                self.fields[name] = RegionChoiceField(commune_list(region=region), label=_("Commune"), required=False)
            else:
                self.fields[name] = model_field(Institution, name)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INSTITUTION_ATTRS}


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


# ----------------------------------------------------------------------------- settings

POOL_ATTRS = (
    "lead_time_working_days",
    "max_duration_minutes",
    "travel_buffer_minutes",
    "billing_unit",
    "rate_trained",
    "rate_certified",
    "rate_sworn",
    "travel_billing",
    "travel_rate_per_km",
    "travel_flat",
    "default_funding",
    "document_reminder_days",
)


class PoolSettingsForm(forms.Form):
    def __init__(self, *args: Any, pool: PoolSettings, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(pool, name) for name in POOL_ATTRS})
        super().__init__(*args, **kwargs)
        for name in POOL_ATTRS:
            self.fields[name] = model_field(PoolSettings, name)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in POOL_ATTRS}


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_allowed = forms.BooleanField(
        label=_("Allowed"), required=False, initial=True, help_text=_("Untick for topics the pool does not serve.")
    )
    hint = forms.CharField(label=_("Hint"), max_length=300, required=False)

    def __init__(self, *args: Any, topic: Topic | None = None, **kwargs: Any) -> None:
        if topic is not None:
            kwargs.setdefault("initial", {"name": topic.name, "is_allowed": topic.is_allowed, "hint": topic.hint})
            kwargs.setdefault("prefix", f"topic-{topic.pk}")
        super().__init__(*args, **kwargs)
