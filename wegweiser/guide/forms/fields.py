"""Form fields and helpers shared by the editor's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.models import Language, TargetGroup

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
SCHEDULE_ROWS = 5
TIME_FORMAT = "%H:%M"


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


def datetime_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class TitledChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of the region's rows, labelled by their (German) title."""

    default_error_messages = {"invalid_choice": _("Choose one of this region's entries.")}

    def __init__(self, *args: Any, titles: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.titles = titles or {}

    def label_from_instance(self, obj: Model) -> str:
        return self.titles.get(obj.pk, str(obj))


def in_ui_language(german: str, english: str) -> str:
    """A reference name (language, target group) in the staff UI's language."""
    return german if (get_language() or "de").startswith("de") else english


def language_name(language: Language) -> str:
    return in_ui_language(language.german_name, language.english_name)


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    default_error_messages = {
        "invalid_choice": _("Choose only entries offered here."),
        "invalid_pk_value": _("Choose only entries offered here."),
    }

    def label_from_instance(self, obj: Model) -> str:
        if isinstance(obj, Language):
            return language_name(obj)
        if isinstance(obj, TargetGroup):
            return in_ui_language(obj.german_name, obj.english_name)
        return str(obj)


class LanguageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Language)
        return f"{language_name(obj)} – {obj.native_name}"
