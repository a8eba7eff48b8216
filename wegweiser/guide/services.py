"""Writes to the guide's content. Each runs in one transaction, checks the actor's
permission, cleans and validates, writes, keeps translation statuses and the region's
change counter current, and records one audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between
from wegweiser.core.html import clean_html
from wegweiser.guide.models import (
    ContentItem,
    EventCategory,
    Feedback,
    GuideState,
    Language,
    Page,
    RegionLanguage,
    Translation,
    TranslationVersion,
)
from wegweiser.guide.permissions import EDIT_CONTENT, MANAGE_LANGUAGES, PUBLISH_CONTENT
from wegweiser.tenancy.models import Region
from wegweiser.tenancy.selectors import permission_require

ItemT = TypeVar("ItemT", bound=ContentItem)


def _next_seq(region: Region) -> int:
    """Take the region's next change number (row-locked, so numbers never repeat)."""
    state, _created = GuideState.objects.select_for_update().get_or_create(region=region)
    state.seq += 1
    state.save(update_fields=["seq"])
    return state.seq


def _touch(item: ContentItem) -> None:
    item.change_seq = _next_seq(item.region)
    ContentItem.objects.filter(pk=item.pk).update(change_seq=item.change_seq, updated_at=timezone.now())


def source_language(region: Region) -> Language:
    rl = RegionLanguage.objects.filter(region=region, is_source=True).select_related("language").first()
    if rl is None:
        raise ValidationError(_("This region has no source language yet."))
    return rl.language


def _region_language(region: Region, language: Language) -> RegionLanguage:
    rl = RegionLanguage.objects.filter(region=region, language=language).first()
    if rl is None:
        raise ValidationError({"language": _("This language is not offered in this region.")})
    return rl


# The public guide's own path segments under /<region>/<language>/: no page may take them.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "offers",
        "places",
        "events",
        "news",
        "imprint",
        "search",
        "feedback",
        "offline",
        "print",
        "pdf",
        "qr",
        "feed",
        "api",
    }
)


def _unique_slug(item: ContentItem, language: Language, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:180] or f"{item.kind}-{item.pk}"
    taken = set(
        Translation.objects.filter(region=item.region, language=language, item__kind=item.kind, slug__startswith=base)
        .exclude(item=item)
        .values_list("slug", flat=True)
    )
    if item.kind == ContentItem.Kind.PAGE:
        taken |= RESERVED_PAGE_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_texts(title: str, summary: str, body: str, fields: dict[str, Any] | None) -> dict[str, Any]:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("A title is required.")})
    if len(title) > 250:
        raise ValidationError({"title": _("The title may have at most 250 characters.")})
    summary = (summary or "").strip()
    if len(summary) > 500:
        raise ValidationError({"summary": _("The summary may have at most 500 characters.")})
    clean_fields = {str(k): str(v).strip() for k, v in (fields or {}).items() if str(v).strip()}
    return {"title": title, "summary": summary, "body": clean_html(body), "fields": clean_fields}


def item_create(
    *,
    actor: User | None,
    region: Region,
    model: type[ItemT],
    title: str,
    summary: str = "",
    body: str = "",
    fields: dict[str, Any] | None = None,
    status: str = ContentItem.Status.DRAFT,
    m2m: dict[str, Iterable[Any]] | None = None,
    **attrs: Any,
) -> ItemT:
    """Create an item of ``model`` (Page, Offer, …) with its source text as version 1."""
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=EDIT_CONTENT)
        texts = _clean_texts(title, summary, body, fields)
        item = model(region=region, kind=model.KIND, status=status, source_major=1, created_by=actor, **attrs)
        item.full_clean(exclude=["region", "created_by", "change_seq"])
        item.save()
        for name, values in (m2m or {}).items():
            getattr(item, name).set(values)
        language = source_language(region)
        _write_text(item, language, texts, actor=actor, source_major=1, status=Translation.Status.UP_TO_DATE)
        _touch(item)
        audit_record(
            actor=actor,
            action=f"guide.{item.kind}.created",
            target=item,
            region=region,
            changes=changes_between({}, {"title": texts["title"], "status": status}),
        )
    return item


def item_update(
    *, actor: User | None, item: ContentItem, m2m: dict[str, Iterable[Any]] | None = None, **attrs: Any
) -> ContentItem:
    """Change an item's structured (untranslated) fields: address, dates, kind, …"""
    with transaction.atomic(), scope(region=item.region):
        permission_require(actor=actor, region=item.region, permission=EDIT_CONTENT)
        before = {name: getattr(item, name) for name in attrs}
        for name, value in attrs.items():
            setattr(item, name, value)
        item.full_clean(exclude=["region", "created_by", "change_seq"])
        item.save()
        for name, values in (m2m or {}).items():
            getattr(item, name).set(values)
        _touch(item)
        changes = changes_between(before, attrs)
        if changes or m2m:
            audit_record(
                actor=actor, action=f"guide.{item.kind}.changed", target=item, region=item.region, changes=changes
            )
    return item


def _write_text(
    item: ContentItem,
    language: Language,
    texts: dict[str, Any],
    *,
    actor: User | None,
    source_major: int,
    status: str,
    is_minor: bool = False,
    is_machine: bool = False,
) -> Translation:
    now = timezone.now()
    current = Translation.objects.select_for_update().filter(item=item, language=language).first()
    version = (current.version + 1) if current else 1
    TranslationVersion.objects.create(
        region=item.region,
        item=item,
        language=language,
        version=version,
        source_major=source_major,
        is_minor=is_minor,
        is_machine=is_machine,
        created_at=now,
        author=actor,
        **texts,
    )
    if current is None:
        current = Translation(region=item.region, item=item, language=language)
        current.slug = _unique_slug(item, language, texts["title"])
    elif current.title != texts["title"]:
        current.slug = _unique_slug(item, language, texts["title"])
    for name, value in texts.items():
        setattr(current, name, value)
    current.version = version
    current.source_major = source_major
    current.status = status
    current.updated_at = now
    current.updated_by = actor
    current.save()
    return current


def text_save(
    *,
    actor: User | None,
    item: ContentItem,
    language: Language,
    title: str,
    summary: str = "",
    body: str = "",
    fields: dict[str, Any] | None = None,
    is_minor: bool = False,
    based_on_source: int | None = None,
    is_machine: bool = False,
    for_review: bool = False,
) -> Translation:
    """Save the item's text in ``language`` as a new version.

    In the source language a non-minor edit raises the source version and marks every
    translation made from an older one outdated, in one UPDATE. In a target language the
    translation records the source version it was made from (``based_on_source``, which
    the side-by-side editor sends, else the current one).
    """
    item = item.concrete()
    with transaction.atomic(), scope(region=item.region):
        permission_require(actor=actor, region=item.region, permission=EDIT_CONTENT)
        _region_language(item.region, language)
        texts = _clean_texts(title, summary, body, fields)
        # Lock the item's row: two editors saving at once take turns on the source version.
        item.source_major = (
            ContentItem.objects.select_for_update().values_list("source_major", flat=True).get(pk=item.pk)
        )
        source = source_language(item.region)
        if language.pk == source.pk:
            if not is_minor:
                item.source_major += 1
                ContentItem.objects.filter(pk=item.pk).update(source_major=item.source_major)
            translation = _write_text(
                item,
                language,
                texts,
                actor=actor,
                source_major=item.source_major,
                status=Translation.Status.UP_TO_DATE,
                is_minor=is_minor,
            )
            if not is_minor:
                Translation.objects.filter(item=item, source_major__lt=item.source_major).exclude(
                    language=source
                ).exclude(status=Translation.Status.OUTDATED).update(status=Translation.Status.OUTDATED)
        else:
            made_from = item.source_major if based_on_source is None else based_on_source
            if not 0 < made_from <= item.source_major:
                raise ValidationError(_("The source version this translation is based on is unknown."))
            if is_machine:
                status = Translation.Status.MACHINE
            elif for_review:
                status = Translation.Status.IN_REVIEW
            elif made_from < item.source_major:
                status = Translation.Status.OUTDATED
            else:
                status = Translation.Status.UP_TO_DATE
            translation = _write_text(
                item,
                language,
                texts,
                actor=actor,
                source_major=made_from,
                status=status,
                is_minor=is_minor,
                is_machine=is_machine,
            )
        _touch(item)
        audit_record(
            actor=actor,
            action=f"guide.{item.kind}.text_saved",
            target=item,
            region=item.region,
            changes={
                "language": {"before": None, "after": language.code},
                "version": {"before": translation.version - 1, "after": translation.version},
            },
        )
    return translation


def translation_approve(*, actor: User, item: ContentItem, language: Language) -> Translation:
    """A person has reviewed a machine translation (or one in review): it counts as theirs."""
    item = item.concrete()
    with transaction.atomic(), scope(region=item.region):
        permission_require(actor=actor, region=item.region, permission=PUBLISH_CONTENT)
        translation = Translation.objects.select_for_update().filter(item=item, language=language).first()
        if translation is None:
            raise ValidationError(_("There is no translation to approve."))
        item.source_major = ContentItem.objects.values_list("source_major", flat=True).get(pk=item.pk)
        before = translation.status
        translation.status = (
            Translation.Status.OUTDATED
            if translation.source_major < item.source_major
            else Translation.Status.UP_TO_DATE
        )
        translation.updated_by = actor
        translation.updated_at = timezone.now()
        translation.save(update_fields=["status", "updated_by", "updated_at"])
        _touch(item)
        audit_record(
            actor=actor,
            action=f"guide.{item.kind}.translation_approved",
            target=item,
            region=item.region,
            changes={
                "status": {"before": before, "after": translation.status},
                "language": {"before": None, "after": language.code},
            },
        )
    return translation


def version_restore(*, actor: User, version: TranslationVersion) -> Translation:
    """Bring an earlier version back as the newest one (nothing is overwritten)."""
    with scope(region=version.region):
        is_source = version.language_id == source_language(version.region).pk
    return text_save(
        actor=actor,
        item=version.item,
        language=version.language,
        title=version.title,
        summary=version.summary,
        body=version.body,
        fields=version.fields,
        based_on_source=None if is_source else version.source_major,
    )


def _page_subtree_ids(page: Page) -> list[int]:
    ids, frontier = [page.pk], [page.pk]
    while frontier:
        frontier = list(Page.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def item_set_status(*, actor: User, item: ContentItem, status: str) -> ContentItem:
    """Publish, unpublish (back to draft), archive or restore. Archiving a page archives its
    subpages; restoring restores them."""
    if status not in ContentItem.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic(), scope(region=item.region):
        permission_require(actor=actor, region=item.region, permission=PUBLISH_CONTENT)
        before = item.status
        targets = [item.pk]
        if item.kind == ContentItem.Kind.PAGE and status == ContentItem.Status.ARCHIVED:
            targets = _page_subtree_ids(Page.objects.get(pk=item.pk))
        elif item.kind == ContentItem.Kind.PAGE and before == ContentItem.Status.ARCHIVED:
            targets = [
                pk
                for pk in _page_subtree_ids(Page.objects.get(pk=item.pk))
                if pk == item.pk or ContentItem.objects.get(pk=pk).status == ContentItem.Status.ARCHIVED
            ]
        seq = _next_seq(item.region)
        ContentItem.objects.filter(pk__in=targets).update(status=status, change_seq=seq, updated_at=timezone.now())
        item.status, item.change_seq = status, seq
        audit_record(
            actor=actor,
            action=f"guide.{item.kind}.status_changed",
            target=item,
            region=item.region,
            changes={"status": {"before": before, "after": status}},
        )
    return item


def page_move(*, actor: User, page: Page, parent: Page | None, position: int) -> Page:
    """Put ``page`` under ``parent`` (None: top level) at ``position`` among its siblings."""
    with transaction.atomic(), scope(region=page.region):
        permission_require(actor=actor, region=page.region, permission=EDIT_CONTENT)
        if parent is not None:
            if parent.region_id != page.region_id:
                raise ValidationError({"parent": _("Choose a page of this region.")})
            if parent.pk in _page_subtree_ids(page):
                raise ValidationError({"parent": _("A page cannot be moved below itself.")})
        before = {"parent": page.parent_id, "position": page.position}
        siblings = list(
            Page.objects.filter(parent=parent)
            .exclude(pk=page.pk)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        position = max(0, min(position, len(siblings)))
        siblings.insert(position, page.pk)
        for index, pk in enumerate(siblings):
            Page.objects.filter(pk=pk).update(position=index)
        Page.objects.filter(pk=page.pk).update(parent=parent)
        page.refresh_from_db()
        _touch(page)
        audit_record(
            actor=actor,
            action="guide.page.moved",
            target=page,
            region=page.region,
            changes=changes_between(before, {"parent": page.parent_id, "position": page.position}),
        )
    return page


def region_language_add(
    *, actor: User | None, region: Region, language: Language, is_source: bool = False
) -> RegionLanguage:
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LANGUAGES)
        if RegionLanguage.objects.filter(region=region, language=language).exists():
            raise ValidationError({"language": _("This language is already offered.")})
        position = RegionLanguage.objects.filter(region=region).count()
        rl = RegionLanguage.objects.create(region=region, language=language, is_source=is_source, position=position)
        GuideState.objects.get_or_create(region=region)
        seq = _next_seq(region)
        ContentItem.objects.filter(region=region).update(change_seq=seq)
        audit_record(
            actor=actor,
            action="guide.language.added",
            target=rl,
            region=region,
            changes={"language": {"before": None, "after": language.code}},
        )
    return rl


def region_language_update(
    *, actor: User, region_language: RegionLanguage, is_visible: bool, position: int
) -> RegionLanguage:
    """Show or hide a language in the public guide and set its place in the language list.
    The source language always stays visible."""
    region = region_language.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LANGUAGES)
        if region_language.is_source and not is_visible:
            raise ValidationError({"is_visible": _("The source language is always shown.")})
        if position < 0:
            raise ValidationError({"position": _("Enter a position of 0 or more.")})
        before = {"is_visible": region_language.is_visible, "position": region_language.position}
        region_language.is_visible, region_language.position = is_visible, position
        region_language.save(update_fields=["is_visible", "position"])
        seq = _next_seq(region)
        ContentItem.objects.filter(region=region).update(change_seq=seq)
        changes = changes_between(before, {"is_visible": is_visible, "position": position})
        if changes:
            audit_record(
                actor=actor, action="guide.language.changed", target=region_language, region=region, changes=changes
            )
    return region_language


def event_category_create(
    *, actor: User | None, region: Region, german_name: str, names: dict[str, str] | None = None
) -> EventCategory:
    """A new event category for the region, with its name in German and other languages."""
    german_name = (german_name or "").strip()
    if not german_name:
        raise ValidationError({"german_name": _("A name is required.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=EDIT_CONTENT)
        slug = slugify(german_name)[:50] or "kategorie"
        if EventCategory.objects.filter(region=region, slug=slug).exists():
            raise ValidationError({"german_name": _("This category exists already.")})
        category = EventCategory.objects.create(
            region=region,
            slug=slug,
            german_name=german_name,
            names={k: v.strip() for k, v in (names or {}).items() if v and v.strip()},
        )
        audit_record(actor=actor, action="guide.event_category.created", target=category, region=region)
    return category


def feedback_mark_read(*, actor: User, feedback: Feedback, is_read: bool = True) -> Feedback:
    with transaction.atomic(), scope(region=feedback.region):
        permission_require(actor=actor, region=feedback.region, permission=EDIT_CONTENT)
        if feedback.is_read != is_read:
            feedback.is_read = is_read
            feedback.save(update_fields=["is_read"])
    return feedback


FEEDBACK_COMMENT_MAX = 1000


def feedback_submit(
    *, region: Region, item: ContentItem | None, language: Language, is_helpful: bool, comment: str = ""
) -> Feedback:
    """A visitor's "Was this helpful?" (rate-limited by the caller, per client)."""
    comment = (comment or "").strip()
    if len(comment) > FEEDBACK_COMMENT_MAX:
        raise ValidationError({"comment": _("The comment may have at most 1000 characters.")})
    if item is not None and item.region_id != region.pk:
        raise ValidationError(_("This page does not belong to this region."))
    with scope(region=region):
        return Feedback.objects.create(
            region=region, item=item, language=language, is_helpful=is_helpful, comment=comment
        )
