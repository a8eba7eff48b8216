"""What the editor's views share: looking up the region's items and languages (404 for
anything of another region), titles for lists, and putting service errors on forms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.models import User
from wegweiser.guide.forms import language_name
from wegweiser.guide.models import (
    ContentItem,
    Event,
    Imprint,
    Language,
    NewsItem,
    Offer,
    Page,
    Place,
    RegionLanguage,
    Translation,
    TranslationVersion,
)
from wegweiser.guide.selectors import PageNode, region_language_list
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import RegionAccess

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MODELS: dict[str, type[ContentItem]] = {
    ContentItem.Kind.PAGE: Page,
    ContentItem.Kind.OFFER: Offer,
    ContentItem.Kind.PLACE: Place,
    ContentItem.Kind.EVENT: Event,
    ContentItem.Kind.NEWS: NewsItem,
    ContentItem.Kind.IMPRINT: Imprint,
}

NEW_LABELS: dict[str, StrOrPromise] = {
    ContentItem.Kind.PAGE: _("New page"),
    ContentItem.Kind.OFFER: _("New offer"),
    ContentItem.Kind.PLACE: _("New place"),
    ContentItem.Kind.EVENT: _("New event"),
    ContentItem.Kind.NEWS: _("New news item"),
    ContentItem.Kind.IMPRINT: _("New imprint"),
}

STATUS_LABELS: dict[str, StrOrPromise] = {
    Translation.Status.UP_TO_DATE: _("up to date"),
    Translation.Status.OUTDATED: _("outdated"),
    Translation.Status.MACHINE: _("machine"),
    Translation.Status.IN_REVIEW: _("in review"),
    Translation.MISSING: _("missing"),
}


def actor(request: HttpRequest) -> User:
    """The signed-in user (``region_view`` has made sure there is one)."""
    user = request.user
    assert isinstance(user, User)
    return user


def item_or_404(access: RegionAccess, item_id: int) -> ContentItem:
    """The region's item as its concrete kind; another region's id is 404."""
    item = ContentItem.objects.filter(region=access.region, pk=item_id).first()
    if item is None:
        raise Http404(_("No such item."))
    return item.concrete()


def region_language_or_404(access: RegionAccess, code: str) -> RegionLanguage:
    rl = RegionLanguage.objects.filter(region=access.region, language__code=code).select_related("language").first()
    if rl is None:
        raise Http404(_("This language is not offered in this region."))
    return rl


@dataclass(frozen=True)
class LanguageColumn:
    language: Language
    is_source: bool
    is_visible: bool
    name: str


def language_columns(region: Region) -> list[LanguageColumn]:
    """The region's languages, source first, named in the staff UI's language."""
    return [
        LanguageColumn(rl.language, rl.is_source, rl.is_visible, language_name(rl.language))
        for rl in region_language_list(region=region)
    ]


def source_of(columns: Iterable[LanguageColumn]) -> Language | None:
    return next((c.language for c in columns if c.is_source), None)


def titles_in(region: Region, language: Language | None, item_ids: Iterable[int] | None = None) -> dict[int, str]:
    """``{item_id: title}`` in ``language`` from one query (all items when no ids given)."""
    if language is None:
        return {}
    qs = Translation.objects.filter(region=region, language=language)
    if item_ids is not None:
        qs = qs.filter(item_id__in=list(item_ids))
    return dict(qs.values_list("item_id", "title"))


@dataclass(frozen=True)
class Badge:
    code: str
    name: str
    status: str
    label: str
    url: str


def badges(
    region: Region, item_id: int, columns: list[LanguageColumn], statuses: dict[str, str], *, item_url: str
) -> list[Badge]:
    """One badge per region language: the translation's status, linking to where to work on it."""
    result = []
    for column in columns:
        code = column.language.code
        status = statuses.get(code, Translation.MISSING)
        url = item_url if column.is_source else translate_url(region, item_id, code)
        result.append(Badge(code, column.name, status, str(STATUS_LABELS[status]), url))
    return result


def item_url(region: Region, item_id: int) -> str:
    return reverse("workspace:guide:item_edit", args=[region.slug, item_id])


def translate_url(region: Region, item_id: int, code: str) -> str:
    return reverse("workspace:guide:translate", args=[region.slug, item_id, code])


def attach(forms: Iterable[Form], error: ValidationError) -> None:
    """Put a service's ValidationError on the form that has the field it names, else on the first."""
    forms = list(forms)
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        owner = next((f for f in forms if field in f.fields), None)
        if owner is not None:
            owner.add_error(field, errors)
        else:
            forms[0].add_error(None, errors)


def flatten_tree(nodes: list[PageNode]) -> list[PageNode]:
    """The page tree's nodes in reading order (each page, then its subpages)."""
    out: list[PageNode] = []
    for node in nodes:
        out.extend([node, *flatten_tree(node.children)])
    return out


def text_initial(text: Translation | TranslationVersion) -> dict[str, Any]:
    """A text's values as a TextForm's initial data."""
    initial: dict[str, Any] = {"title": text.title, "summary": text.summary, "body": text.body}
    initial.update({f"field__{name}": value for name, value in text.fields.items()})
    return initial


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` the form sent if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def disable(*forms: Form) -> None:
    """Read-only view of a form for members who may look but not edit."""
    for form in forms:
        for field in form.fields.values():
            field.disabled = True
