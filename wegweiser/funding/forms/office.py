"""The office's forms: they parse and check what was typed; the services decide and write.
Rows to choose from (budget lines, calls, communes, organisations) are limited to the region,
so another region's id is a form error, never a write. Amounts are read in German or English
notation ("1.234,50" or "1234.50") and checked by ``services.money``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wegweiser.funding import selectors, services
from wegweiser.funding.models import (
    Application,
    BudgetLine,
    Call,
    Criterion,
    FormField,
    Organisation,
    Programme,
    Source,
)
from wegweiser.tenancy.models import Commune, Region
from wegweiser.tenancy.selectors import commune_list

# The languages the applicants' form is offered in besides German (the original).
TRANSLATION_LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
    ("tr", _("Turkish")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def attach(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names where there is one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def datetime_field(label: Any) -> forms.DateTimeField:
    """Date and time in the region's time zone (Europe/Berlin)."""
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def model_field(model: type[Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django derives from the model field (label, help text, validators)."""
    formfield = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    assert formfield is not None
    return formfield


def parse_amount(text: str) -> str:
    """ "1.234,50" or "1234,50" → "1234.50"; "1234.50" stays. The service checks the rest."""
    text = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


class MoneyField(forms.CharField):
    """An amount in euros, exact to the cent, never negative (``services.money``'s rules)."""

    def __init__(self, *, allow_zero: bool = True, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return services.money(parse_amount(str(text)), "amount", allow_zero=self.allow_zero)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    default_error_messages = {"invalid_choice": _("Choose one of this region's entries.")}


class LineChoiceField(RegionChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, BudgetLine)
        return f"{obj.budget.programme.name} {obj.budget.year} – {obj.name}"


# ----------------------------------------------------------------------------- programmes and budgets


class ProgrammeForm(forms.Form):
    name = model_field(Programme, "name")
    description = model_field(Programme, "description", widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(label=_("Funding source"), choices=Source.choices)
    starts_on = date_field(_("Grant period from"))
    ends_on = date_field(_("Grant period until"))
    funding_rate = forms.DecimalField(
        label=_("Funding rate (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("100.00"),
        help_text=_("Share of the eligible costs the programme pays; the rest is co-financing."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The grant period must end after it starts."))
        return data

    @classmethod
    def initial_of(cls, programme: Programme) -> dict[str, Any]:
        return {name: getattr(programme, name) for name in cls.base_fields}


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    co_financing = MoneyField(
        label=_("Co-financing (€)"), required=False, help_text=_("Own or third-party money in the same year.")
    )
    co_financing_source = forms.CharField(label=_("Co-financed by"), max_length=200, required=False)


class LineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BudgetLine.Purpose.choices)
    amount = MoneyField(label=_("Amount (€)"))


# ----------------------------------------------------------------------------- calls and their forms


class CallForm(forms.Form):
    line = LineChoiceField(BudgetLine.objects.none(), label=_("Budget line"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    eligibility = forms.CharField(label=_("Who may apply"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_at = datetime_field(_("Applications from"))
    closes_at = datetime_field(_("Deadline"))
    max_amount = MoneyField(label=_("Maximum per application (€)"), required=False, allow_zero=False)
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Eligible kinds of organisation"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all kinds may apply."),
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = selectors.line_choices(region=region)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The deadline must come after the opening."))
        return data

    @classmethod
    def initial_of(cls, call: Call) -> dict[str, Any]:
        return {name: getattr(call, name) for name in cls.base_fields}


KEY_PATTERN = re.compile(r"^[a-z0-9_-]+$")


class FormFieldForm(forms.Form):
    section = forms.CharField(label=_("Section"), max_length=120)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        help_text=_(
            "A short name for the answer in exports, e.g. “target_group”. Lower-case letters, digits, _ and -."
        ),
    )
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Help text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=FormField.Kind.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice: one option per line."),
    )
    max_length = forms.IntegerField(label=_("Maximum length (characters)"), required=False, min_value=1)

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip()
        if not KEY_PATTERN.match(key):
            raise ValidationError(_("Lower-case letters, digits, _ and - only."))
        return key

    def clean_choices(self) -> list[str]:
        options = [" ".join(line.split()) for line in str(self.cleaned_data.get("choices") or "").splitlines()]
        return list(dict.fromkeys(o for o in options if o))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == FormField.Kind.CHOICE and not data.get("choices"):
            self.add_error("choices", _("A choice needs at least one option."))
        if data.get("kind") != FormField.Kind.CHOICE:
            data["choices"] = []
        return data

    @classmethod
    def initial_of(cls, question: FormField) -> dict[str, Any]:
        initial = {name: getattr(question, name) for name in cls.base_fields}
        initial["choices"] = "\n".join(question.choices or [])
        return initial


class FieldTranslationForm(forms.Form):
    """Section, question and help text of one question in each further language."""

    PARTS = (("section", _("Section")), ("label", _("Question")), ("help_text", _("Help text")))

    def __init__(self, *args: Any, question: FormField, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        for code, language in TRANSLATION_LANGUAGES:
            stored = (question.translations or {}).get(code) or {}
            for part, label in self.PARTS:
                widget: forms.Widget = (
                    forms.Textarea(attrs={"rows": 2, "lang": code, "dir": "rtl" if code in ("ar", "fa") else "ltr"})
                    if part == "help_text"
                    else forms.TextInput(attrs={"lang": code, "dir": "rtl" if code in ("ar", "fa") else "ltr"})
                )
                self.fields[f"{code}_{part}"] = forms.CharField(
                    label=f"{label} ({language})",
                    required=False,
                    max_length=300 if part != "help_text" else 2000,
                    initial=stored.get(part, ""),
                    widget=widget,
                )

    def languages(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """Per language: code, name and its three fields, for the template."""
        return [
            (code, name, [self[f"{code}_{part}"] for part, _label in self.PARTS])
            for code, name in TRANSLATION_LANGUAGES
        ]

    def translations(self) -> dict[str, dict[str, str]]:
        """The stored dict: languages without any text are left out; other languages kept."""
        result: dict[str, dict[str, str]] = {
            code: texts
            for code, texts in (self.question.translations or {}).items()
            if code not in dict(TRANSLATION_LANGUAGES)
        }
        for code, _name in TRANSLATION_LANGUAGES:
            texts = {part: str(self.cleaned_data.get(f"{code}_{part}") or "").strip() for part, _label in self.PARTS}
            texts = {part: text for part, text in texts.items() if text}
            if texts:
                result[code] = texts
        return result


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, max_value=100, initial=5)

    @classmethod
    def initial_of(cls, criterion: Criterion) -> dict[str, Any]:
        return {"name": criterion.name, "max_points": criterion.max_points}


# ----------------------------------------------------------------------------- applications


class ApplicationFilterForm(forms.Form):
    call = RegionChoiceField(Call.objects.none(), label=_("Call"), required=False, empty_label=_("All calls"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[c for c in Application.Status.choices if c[0] != Application.Status.DRAFT]],
    )
    commune = RegionChoiceField(
        Commune.objects.none(), label=_("Commune"), required=False, empty_label=_("All communes")
    )
    organisation = RegionChoiceField(
        Organisation.objects.none(), label=_("Organisation"), required=False, empty_label=_("All organisations")
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.filter(region=region).order_by("-closes_at")  # type: ignore[attr-defined]
        self.fields["commune"].queryset = commune_list(region=region)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = selectors.organisation_choices(region=region)  # type: ignore[attr-defined]


class CompletenessForm(forms.Form):
    complete = forms.ChoiceField(
        label=_("Is the application complete?"), choices=YES_NO, widget=forms.RadioSelect, initial="yes"
    )
    note = forms.CharField(
        label=_("What is missing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant is told this note."),
    )


class ReviewForm(forms.Form):
    """Points for each criterion of the call's scoring sheet, and a comment."""

    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scoring = {
            f"criterion_{c.pk}": forms.IntegerField(
                label=f"{c.name} (0–{c.max_points})", min_value=0, max_value=c.max_points
            )
            for c in criteria
        }
        self.fields = {**scoring, "comment": self.fields["comment"]}

    def scores(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"criterion_{c.pk}"]) for c in self.criteria}


class FinancesForm(forms.Form):
    ok = forms.ChoiceField(
        label=_("Is the cost plan in order?"), choices=YES_NO, widget=forms.RadioSelect, initial="yes"
    )
    note = forms.CharField(
        label=_("Note on the cost plan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (services.Decision.APPROVE, _("Approve in full")),
            (services.Decision.PARTIAL, _("Approve in part")),
            (services.Decision.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    amount = MoneyField(
        label=_("Amount approved in part (€)"),
        required=False,
        allow_zero=False,
        help_text=_("Only for an approval in part."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an approval in part and a rejection; it is printed in the decision letter."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == services.Decision.PARTIAL and not data.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount approved."))
        return data


class PaymentForm(forms.Form):
    amount = MoneyField(label=_("Amount (€)"), allow_zero=False)
    booked_on = date_field(_("Paid on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300, help_text=_("E.g. “1st tranche”."))


class ReleaseForm(forms.Form):
    amount = MoneyField(label=_("Amount to free (€)"), allow_zero=False)
    note = forms.CharField(label=_("Reason"), max_length=300)


class ProofCheckForm(forms.Form):
    accept = forms.ChoiceField(
        label=_("Result of the check"),
        choices=[("accept", _("Accept the proof of use")), ("corrections", _("Ask for corrections"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the grantee"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when asking for corrections."),
    )
