"""The content overview (page tree and lists with each language's status), what is left to
translate per language, the archive and bulk status changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from wegweiser.guide import services
from wegweiser.guide.forms import BulkForm, ContentFilterForm, language_name
from wegweiser.guide.models import ContentItem, Translation
from wegweiser.guide.permissions import EDIT_CONTENT, PUBLISH_CONTENT, VIEW_CONTENT
from wegweiser.guide.selectors import PageNode, page_tree, translation_status_counts, translation_status_map
from wegweiser.guide.views.editor.common import (
    NEW_LABELS,
    STATUS_LABELS,
    Badge,
    LanguageColumn,
    actor,
    badges,
    flatten_tree,
    item_url,
    language_columns,
    region_language_or_404,
    safe_next,
    source_of,
    titles_in,
    translate_url,
)
from wegweiser.tenancy.decorators import region_view
from wegweiser.tenancy.selectors import RegionAccess

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HEADINGS: dict[str, StrOrPromise] = {
    ContentItem.Kind.PAGE: gettext_lazy("Pages"),
    ContentItem.Kind.OFFER: gettext_lazy("Offers"),
    ContentItem.Kind.PLACE: gettext_lazy("Places"),
    ContentItem.Kind.EVENT: gettext_lazy("Events"),
    ContentItem.Kind.NEWS: gettext_lazy("News"),
    ContentItem.Kind.IMPRINT: gettext_lazy("Imprint"),
}
BULK_DONE: dict[str, Callable[[int], str]] = {
    ContentItem.Status.PUBLISHED: lambda n: ngettext("%(n)d item published.", "%(n)d items published.", n),
    ContentItem.Status.DRAFT: lambda n: ngettext("%(n)d item unpublished.", "%(n)d items unpublished.", n),
    ContentItem.Status.ARCHIVED: lambda n: ngettext("%(n)d item archived.", "%(n)d items archived.", n),
}


@dataclass(frozen=True)
class Row:
    item: ContentItem
    title: str
    url: str
    badges: list[Badge]
    depth: int = 0
    can_move_up: bool = False
    can_move_down: bool = False


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    rows: list[Row]
    can_add: bool
    new_label: str


@region_view(VIEW_CONTENT)
def overview_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """Everything in one place, in a fixed number of queries whatever the region's size."""
    region = access.region
    columns = language_columns(region)
    source = source_of(columns)
    filters = ContentFilterForm(request.GET or None)
    kind = status = ""
    if filters.is_valid():
        kind, status = filters.cleaned_data["kind"], filters.cleaned_data["status"]
    statuses = translation_status_map(region=region)

    def row(item: ContentItem, title: str, depth: int = 0, moves: tuple[bool, bool] = (False, False)) -> Row:
        url = item_url(region, item.pk)
        item_badges = badges(region, item.pk, columns, statuses.get(item.pk, {}), item_url=url)
        return Row(item, title, url, item_badges, depth, *moves)

    sections: list[Section] = []
    if source is not None and kind in ("", ContentItem.Kind.PAGE):
        tree = page_tree(region=region, language=source)
        moves = _moves(tree)
        rows = [
            row(n.page, n.translation.title if n.translation else "", n.depth, moves[n.page.pk])
            for n in flatten_tree(tree)
            if not status or n.page.status == status
        ]
        sections.append(Section("page", str(HEADINGS["page"]), rows, True, str(NEW_LABELS["page"])))
    others = ContentItem.objects.filter(region=region).exclude(kind=ContentItem.Kind.PAGE)
    others = others.exclude(status=ContentItem.Status.ARCHIVED).order_by("pk")
    if kind:
        others = others.filter(kind=kind)
    if status:
        others = others.filter(status=status)
    items = list(others)
    titles = titles_in(region, source, [i.pk for i in items])
    has_imprint = ContentItem.objects.filter(region=region, kind=ContentItem.Kind.IMPRINT).exists()
    for value in ContentItem.Kind.values:
        if value == ContentItem.Kind.PAGE or kind not in ("", value):
            continue
        rows = [row(i, titles.get(i.pk, "")) for i in items if i.kind == value]
        can_add = value != ContentItem.Kind.IMPRINT or not has_imprint
        sections.append(Section(value, str(HEADINGS[value]), rows, can_add, str(NEW_LABELS[value])))
    return render(
        request,
        "guide/editor/overview.html",
        {
            "columns": columns,
            "sections": sections,
            "filters": filters,
            "counts": _count_rows(columns, translation_status_counts(region=region)),
            "can_edit": access.can(EDIT_CONTENT) and source is not None,
            "can_publish": access.can(PUBLISH_CONTENT),
            "bulk_form": BulkForm(region=region),
        },
    )


def _moves(nodes: list[PageNode]) -> dict[int, tuple[bool, bool]]:
    """``{page_id: (can move up, can move down)}``: whether a page has a sibling before and after it."""
    result: dict[int, tuple[bool, bool]] = {}
    for index, node in enumerate(nodes):
        result[node.page.pk] = (index > 0, index < len(nodes) - 1)
        result.update(_moves(node.children))
    return result


def _count_rows(columns: list[LanguageColumn], counts: dict[str, dict[str, int]]) -> list[dict[str, object]]:
    order = [*Translation.Status.values, Translation.MISSING]
    return [
        {
            "column": c,
            "cells": [(s, STATUS_LABELS[s], counts.get(c.language.code, {}).get(s, 0)) for s in order],
        }
        for c in columns
        if not c.is_source
    ]


@region_view(VIEW_CONTENT)
def language_todo_view(request: HttpRequest, access: RegionAccess, code: str) -> HttpResponse:
    """What is missing, outdated, machine-translated or in review in one language."""
    region = access.region
    rl = region_language_or_404(access, code)
    if rl.is_source:
        return redirect("workspace:guide:overview", region_slug=region.slug)
    columns = language_columns(region)
    wanted = request.GET.get("status", "")
    if wanted not in (*Translation.Status.values, Translation.MISSING):
        wanted = ""
    statuses = dict(Translation.objects.filter(region=region, language=rl.language).values_list("item_id", "status"))
    items = list(
        ContentItem.objects.filter(region=region).exclude(status=ContentItem.Status.ARCHIVED).order_by("kind", "pk")
    )
    rows = []
    for item in items:
        current = statuses.get(item.pk, Translation.MISSING)
        if current == Translation.Status.UP_TO_DATE or (wanted and current != wanted):
            continue
        rows.append((item, current, STATUS_LABELS[current], translate_url(region, item.pk, code)))
    titles = titles_in(region, source_of(columns), [r[0].pk for r in rows])
    return render(
        request,
        "guide/editor/language_todo.html",
        {
            "language": rl.language,
            "language_label": language_name(rl.language),
            "rows": [(item, titles.get(item.pk, ""), *rest) for item, *rest in rows],
            "counts": _count_rows(columns, translation_status_counts(region=region)),
            "wanted": wanted,
            "status_choices": [(s, STATUS_LABELS[s]) for s in STATUS_LABELS if s != Translation.Status.UP_TO_DATE],
        },
    )


@region_view(VIEW_CONTENT)
def archived_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    region = access.region
    columns = language_columns(region)
    items = list(ContentItem.objects.filter(region=region, status=ContentItem.Status.ARCHIVED).order_by("kind", "pk"))
    titles = titles_in(region, source_of(columns), [i.pk for i in items])
    return render(
        request,
        "guide/editor/archived.html",
        {
            "rows": [(i, titles.get(i.pk, ""), item_url(region, i.pk)) for i in items],
            "can_publish": access.can(PUBLISH_CONTENT),
        },
    )


@region_view(PUBLISH_CONTENT)
@require_POST
def bulk_view(request: HttpRequest, access: RegionAccess) -> HttpResponse:
    """Publish, unpublish or archive the selected items: all of them or, on an error, none."""
    back = safe_next(request, reverse("workspace:guide:overview", args=[access.region.slug]))
    form = BulkForm(request.POST, region=access.region)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    target = BulkForm.ACTIONS[form.cleaned_data["action"]]
    changed = 0
    try:
        with transaction.atomic():
            for item in form.cleaned_data["items"]:
                if item.status != target:
                    services.item_set_status(actor=actor(request), item=item, status=target)
                    changed += 1
    except ValidationError as error:
        messages.error(request, _("Nothing was changed: %(error)s") % {"error": " ".join(error.messages)})
        return redirect(back)
    messages.success(request, BULK_DONE[target](changed) % {"n": changed})
    return redirect(back)
