"""Texts in one language: the source text and translations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.models import Language


class TextForm(forms.Form):
    """Title, summary, HTML body and the item's further texts (``fields``) in one language."""

    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Text (HTML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paragraphs, headings, lists, links and tables; anything else is removed on saving."),
    )

    def __init__(self, *args: Any, field_names: Sequence[str] = (), language: Language | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.field_names = list(field_names)
        for name in self.field_names:
            self.fields[f"field__{name}"] = forms.CharField(
                label=name.replace("_", " ").capitalize(), required=False, max_length=2000
            )
        if language is not None:
            for name in ["title", "summary", "body", *(f"field__{n}" for n in self.field_names)]:
                self.fields[name].widget.attrs.update({"lang": language.bcp47_tag, "dir": language.dir})

    def texts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data.get("summary", ""),
            "body": data.get("body", ""),
            "fields": {name: data.get(f"field__{name}", "") for name in self.field_names},
        }


class SourceTextForm(TextForm):
    is_minor = forms.BooleanField(
        label=_("Minor edit"),
        required=False,
        help_text=_("Only spelling or formatting: translations stay up to date."),
    )


class TranslationForm(TextForm):
    based_on_source = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            key: _("The form was incomplete. Please reload the page and enter the translation again.")
            for key in ("required", "invalid", "min_value")
        },
    )
    for_review = forms.BooleanField(
        label=_("Submit for review"),
        required=False,
        help_text=_("A colleague checks the translation before it counts as up to date."),
    )
