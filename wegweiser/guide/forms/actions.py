"""Filters and actions on lists of content, and the region's languages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.guide.forms.fields import LanguageChoiceField, RegionMultipleChoiceField
from wegweiser.guide.models import ContentItem, Language, RegionLanguage
from wegweiser.tenancy.models import Region


class ContentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("all")), *ContentItem.Kind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("all")),
            (ContentItem.Status.DRAFT, _("Draft")),
            (ContentItem.Status.PUBLISHED, _("Published")),
        ],
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ContentItem.Status.choices)


class BulkForm(forms.Form):
    ACTIONS: ClassVar[dict[str, str]] = {
        "publish": ContentItem.Status.PUBLISHED,
        "unpublish": ContentItem.Status.DRAFT,
        "archive": ContentItem.Status.ARCHIVED,
    }

    action = forms.ChoiceField(
        label=_("With the selected"),
        choices=[("publish", _("publish")), ("unpublish", _("unpublish")), ("archive", _("archive"))],
    )
    items = RegionMultipleChoiceField(
        ContentItem.objects.none(),
        error_messages={
            "required": _("Select at least one item."),
            "invalid_choice": _("Choose only items of this region that are not archived."),
            "invalid_pk_value": _("Choose only items of this region that are not archived."),
        },
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = self.fields["items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = ContentItem.objects.filter(region=region).exclude(status=ContentItem.Status.ARCHIVED)


class LanguageAddForm(forms.Form):
    language = LanguageChoiceField(
        Language.objects.none(),
        label=_("Language"),
        error_messages={"invalid_choice": _("Choose a language that is not offered yet.")},
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = RegionLanguage.objects.filter(region=region).values_list("language_id", flat=True)
        field = self.fields["language"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Language.objects.exclude(pk__in=list(taken)).order_by("english_name")


class LanguageChangeForm(forms.Form):
    """One button of a language's row: show, hide, or move it in the public language list."""

    action = forms.ChoiceField(
        choices=[("show", _("show")), ("hide", _("hide")), ("up", _("move up")), ("down", _("move down"))]
    )


class PageMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class FeedbackReadForm(forms.Form):
    action = forms.ChoiceField(choices=[("read", _("mark as read")), ("unread", _("mark as unread"))])


class FeedbackFilterForm(forms.Form):
    unread = forms.BooleanField(label=_("Unread only"), required=False)
