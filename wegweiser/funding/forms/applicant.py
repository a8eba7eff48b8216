"""The applicant organisations' forms: registering, a new application, the application itself
(its fixed part, the call's own questions, the cost and financing plan), documents, and the
proof of use. The services check everything again; these forms parse what people type (amounts
in German or English notation) and keep choices to what exists."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wegweiser.funding.models import Application, CostItem, FormField, Organisation
from wegweiser.funding.services import CostLine
from wegweiser.tenancy.models import Commune, Region

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")
GERMAN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
MAX_ROWS = 60


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    return field.max_length or 0


def current_language() -> str:
    return (get_language() or "de").split("-")[0]


def parse_amount(text: str) -> Decimal:
    """An amount as people type it: "1.234,50", "1234,50", "1234.50", "1 234,50 €".

    The last of "," and "." is the decimal mark; a lone "." before groups of three digits is a
    German thousands separator ("1.500" is fifteen hundred) when the page is in German.
    Raises ``ValueError`` for anything else."""
    cleaned = text.strip().replace("€", "").replace("\N{NO-BREAK SPACE}", "").replace(" ", "")
    if not cleaned:
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(text)
        cleaned = cleaned.replace(",", ".")
    elif GERMAN_THOUSANDS.match(cleaned) and current_language() == "de":
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def amount_text(value: Decimal | None) -> str:
    """An amount for an input field, with the decimal mark of the page's language."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text.replace(".", ",") if current_language() == "de" else text


class MoneyField(forms.CharField):
    """An amount in euros, not negative, at most two decimal places."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, e.g. 1250,00."),
        "negative": _("Amounts cannot be negative."),
        "cents": _("Amounts have at most two decimal places (cents)."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return amount_text(value)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_amount(str(text))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if amount != amount.quantize(CENT):
            raise forms.ValidationError(self.error_messages["cents"], code="cents")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount.quantize(CENT)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


# ----------------------------------------------------------------------------- registration


class RegisterForm(forms.Form):
    """An organisation registers: it and its first person's account (inactive until the
    e-mail address is confirmed)."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=_max_length(Organisation, "name"))
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=[("", "---------"), *Organisation.Kind.choices])
    commune: forms.ModelChoiceField[Commune] = forms.ModelChoiceField(
        queryset=Commune.objects.none(), label=_("Commune"), help_text=_("Where the organisation is based.")
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=_max_length(Organisation, "address"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    register_number = forms.CharField(
        label=_("Register number"),
        max_length=_max_length(Organisation, "register_number"),
        required=False,
        help_text=_("For registered associations: the number in the register of associations, e.g. VR 1234."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=_max_length(Organisation, "contact_name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You sign in with this address. We send a link to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=_max_length(Organisation, "phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    # The service's field names, mapped to this form's.
    SERVICE_FIELDS = {"password": "password1"}

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune_field: Any = self.fields["commune"]
        commune_field.queryset = Commune.objects.filter(region=region).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data

    def service_values(self) -> dict[str, Any]:
        """The keyword arguments of ``services.organisation_register`` (without the region)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "commune": data["commune"],
            "address": data["address"],
            "register_number": data["register_number"],
            "contact_name": data["contact_name"],
            "email": data["email"],
            "phone": data["phone"],
            "password": data["password1"],
        }


# ----------------------------------------------------------------------------- applying


class NewApplicationForm(forms.Form):
    """Start an application to a call: the project's working title (and, for people acting for
    several organisations, which one applies)."""

    title = forms.CharField(label=_("Project title"), max_length=_max_length(Application, "title"))
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )

    def __init__(self, *args: Any, organisations: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name")
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk


class ApplicationForm(forms.Form):
    """The fixed part of every application."""

    title = forms.CharField(label=_("Project title"), max_length=_max_length(Application, "title"))
    summary = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=5000,
        help_text=_("What will happen, for whom, and what should it achieve?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    starts_on = forms.DateField(
        label=_("Project from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Project until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    requested_amount = MoneyField(
        label=_("Requested amount (€)"),
        required=False,
        help_text=_("Costs minus own contribution minus third-party funds."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The project must end after it starts."))
        return data

    @classmethod
    def initial_for(cls, application: Application) -> dict[str, Any]:
        return {
            "title": application.title,
            "summary": application.summary,
            "starts_on": application.starts_on,
            "ends_on": application.ends_on,
            "requested_amount": application.requested_amount,
        }

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "requested_amount": data["requested_amount"] if data["requested_amount"] is not None else "0",
        }


class AnswersForm(forms.Form):
    """The call's own questions, built from its ``FormField``s: one form field per question
    (named ``q_<key>``), labels, help texts and sections in ``language`` (falling back to the
    original German). Nothing is required here: a draft may be incomplete; on submission the
    service names the questions still open."""

    PREFIX = "q_"

    def __init__(self, *args: Any, call_fields: Sequence[FormField], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call_fields = list(call_fields)
        self.section_of: dict[str, str] = {}
        for question in self.call_fields:
            section, label, help_text = question.text(language)
            name = self.PREFIX + question.key
            required = question.required and question.kind != FormField.Kind.CHECKBOX
            if required:  # needed on submission, not for the draft: said in the label
                label = str(_("%(label)s (required)") % {"label": label})
            field = self._field_for(question, label, help_text)
            if required:
                field.widget.attrs["aria-required"] = "true"
            self.fields[name] = field
            self.section_of[name] = section

    @staticmethod
    def _field_for(question: FormField, label: str, help_text: str) -> forms.Field:
        common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
        kind = question.kind
        if kind == FormField.Kind.TEXTAREA:
            return forms.CharField(max_length=question.max_length, widget=forms.Textarea(attrs={"rows": 4}), **common)
        if kind == FormField.Kind.NUMBER:
            return forms.DecimalField(localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        if kind == FormField.Kind.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
        if kind == FormField.Kind.CHOICE:
            choices = [("", "---------"), *((str(c), str(c)) for c in question.choices)]
            return forms.ChoiceField(choices=choices, **common)
        if kind == FormField.Kind.CHECKBOX:
            return forms.BooleanField(**common)
        return forms.CharField(max_length=question.max_length, **common)

    @classmethod
    def initial_for(cls, application: Application) -> dict[str, Any]:
        return {cls.PREFIX + key: value for key, value in (application.answers or {}).items()}

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The bound fields grouped by section (the original one: a section translated on one
        question only still holds all of them), in the call's order."""
        titles: dict[str, str] = {}
        grouped: dict[str, list[forms.BoundField]] = {}
        for question in self.call_fields:
            name = self.PREFIX + question.key
            if question.section not in titles or titles[question.section] == question.section:
                titles[question.section] = self.section_of[name]
            grouped.setdefault(question.section, []).append(self[name])
        return [(titles[section], fields) for section, fields in grouped.items()]

    def answers(self) -> dict[str, Any]:
        """The answers by question key, as the service takes them."""
        found: dict[str, Any] = {}
        for question in self.call_fields:
            value: Any = self.cleaned_data.get(self.PREFIX + question.key)
            if value is None or value == "":
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, date):
                value = value.isoformat()
            found[question.key] = value
        return found


class CostItemForm(forms.Form):
    """One line of the cost and financing plan. An empty line is skipped."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CostItem.Kind.choices, initial=CostItem.Kind.COST)
    category = forms.ChoiceField(
        label=_("Category"), choices=CostItem.Category.choices, initial=CostItem.Category.OTHER
    )
    description = forms.CharField(
        label=_("Description"), max_length=_max_length(CostItem, "description"), required=False
    )
    planned = MoneyField(label=_("Planned amount (€)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank(data):
            return data
        if not (data.get("description") or "").strip():
            self.add_error("description", _("Describe each line of the cost plan."))
        if data.get("planned") is None and "planned" not in self.errors:
            self.add_error("planned", _("Enter the amount of this line."))
        return data

    @staticmethod
    def is_blank(data: dict[str, Any]) -> bool:
        return not (data.get("description") or "").strip() and data.get("planned") is None


class BaseCostItemFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every posted row counts, whatever the page thought was stored (a stale second tab):
        # blank rows are skipped by ``lines()``, not by comparing with the stored plan.
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def lines(self) -> list[CostLine]:
        """The filled-in lines as the service takes them (blank and removed lines left out)."""
        found: list[CostLine] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or CostItemForm.is_blank(data):
                continue
            found.append((data["kind"], data["category"], data["description"].strip(), data["planned"]))
        return found


def cost_item_formset(*, data: Any = None, application: Application, extra: int = 3) -> BaseCostItemFormSet:
    """The cost plan's lines as stored, plus ``extra`` empty rows (more rows: a new page with
    a larger ``extra``, no JavaScript needed)."""
    formset_class = forms.formset_factory(
        CostItemForm,
        formset=BaseCostItemFormSet,
        extra=max(0, min(extra, MAX_ROWS)),
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )
    initial = [
        {"kind": item.kind, "category": item.category, "description": item.description, "planned": item.planned}
        for item in application.cost_items.all()
    ]
    formset = formset_class(data, initial=initial, prefix="costs")
    assert isinstance(formset, BaseCostItemFormSet)
    return formset


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, image (JPG, PNG) or office document (DOCX, XLSX, ODT, ODS); at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Optional, e.g. “Statutes” or “Quote for the rooms”."),
    )


# ----------------------------------------------------------------------------- proof of use


class ProofForm(forms.Form):
    """The Verwendungsnachweis: the factual report, the participants reached, and the actual
    amount of every line of the cost plan (fields ``actual_<item id>``)."""

    report = forms.CharField(
        label=_("Factual report"),
        required=False,
        max_length=20000,
        help_text=_("What did the project do, whom did it reach, what came of it?"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    participants = forms.IntegerField(label=_("Participants reached"), required=False, min_value=0, max_value=1000000)

    def __init__(self, *args: Any, items: Sequence[CostItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"actual_{item.pk}"] = MoneyField(label=item.description, required=False)

    @classmethod
    def initial_for(cls, *, report: str, participants: int | None, items: Sequence[CostItem]) -> dict[str, Any]:
        initial: dict[str, Any] = {"report": report, "participants": participants}
        initial.update({f"actual_{item.pk}": item.actual for item in items})
        return initial

    def rows(self) -> list[tuple[CostItem, forms.BoundField]]:
        return [(item, self[f"actual_{item.pk}"]) for item in self.items]

    def actuals(self) -> dict[int, Any]:
        return {item.pk: self.cleaned_data.get(f"actual_{item.pk}") for item in self.items}
