"""A region's event categories: the German name and, optionally, one per other language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.forms.fields import language_name
from wegweiser.guide.models import EventCategory, Language

NAME_MAX = EventCategory._meta.get_field("german_name").max_length


class EventCategoryForm(forms.Form):
    german_name = forms.CharField(
        label=_("Name in German"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"lang": "de"})
    )

    def __init__(self, *args: Any, languages: Sequence[Language], **kwargs: Any) -> None:
        """``languages``: the region's languages other than the source, in their order."""
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for language in self.languages:
            self.fields[f"name__{language.code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language_name(language)},
                max_length=NAME_MAX,
                required=False,
                widget=forms.TextInput(attrs={"lang": language.bcp47_tag, "dir": language.dir}),
            )

    def names(self) -> dict[str, str]:
        return {language.code: self.cleaned_data[f"name__{language.code}"] for language in self.languages}
