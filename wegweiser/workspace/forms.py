from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, actions: list[str], actors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefixes = sorted({a.rsplit(".", 1)[0] for a in actions} | set(actions))
        self.fields["action"].choices = [("", _("All actions")), *[(p, p) for p in prefixes]]  # type: ignore[attr-defined]
        self.fields["actor"].choices = [("", _("Everyone")), *actors]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
