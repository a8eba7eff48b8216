"""Input of the staff editor: one form per kind for the structured (untranslated) fields, and
forms for texts. Forms only parse and check input; the writes are ``guide.services``'.

Choices that point at region-owned rows (communes, places, pages, event categories) only
offer the editor's region, so an id of another region is an invalid choice, never saved.
"""

from wegweiser.guide.forms.actions import (
    BulkForm,
    ContentFilterForm,
    FeedbackFilterForm,
    FeedbackReadForm,
    LanguageAddForm,
    LanguageChangeForm,
    PageMoveForm,
    StatusForm,
)
from wegweiser.guide.forms.categories import EventCategoryForm
from wegweiser.guide.forms.fields import language_name
from wegweiser.guide.forms.items import KIND_FORMS, ItemForm, PageForm
from wegweiser.guide.forms.texts import SourceTextForm, TextForm, TranslationForm

__all__ = [
    "KIND_FORMS",
    "BulkForm",
    "ContentFilterForm",
    "EventCategoryForm",
    "FeedbackFilterForm",
    "FeedbackReadForm",
    "ItemForm",
    "LanguageAddForm",
    "LanguageChangeForm",
    "PageForm",
    "PageMoveForm",
    "SourceTextForm",
    "StatusForm",
    "TextForm",
    "TranslationForm",
    "language_name",
]
