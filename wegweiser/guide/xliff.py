"""XLIFF 1.2 for translation agencies: export a region's texts, read the translated file back.

One ``<file>`` per item (``original="wegweiser:<kind>:<id>"``), one ``<trans-unit>`` per
text: ``title``, ``summary``, ``body`` (HTML, as escaped text) and ``fields.<name>``. The
source version the agency translates from travels with each file, as the attribute
``wegweiser:source-version`` and, for tools that drop foreign attributes, as a header note
``wegweiser:source-version=<n>``; the import saves the translation as made from that version,
so a translation of an older source comes back marked outdated.

Reading uses defusedxml (no DTDs, no entity expansion) and checks the structure only; what
the file may change in a region is checked by ``translation_services.xliff_import``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.guide.models import ContentItem, Language, Translation
from wegweiser.tenancy.models import Region

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
WEGWEISER_NS = "urn:wegweiser:xliff:1"
MAX_BYTES = 5 * 1024 * 1024

# Process-wide registrations: XLIFF as the default namespace, our attribute with a readable prefix.
ET.register_namespace("", XLIFF_NS)
ET.register_namespace("wegweiser", WEGWEISER_NS)

_ORIGINAL = re.compile("^wegweiser:(" + "|".join(ContentItem.Kind.values) + r"):([1-9][0-9]{0,17})$")
_UNIT_ID = re.compile(r"^(title|summary|body|fields\.\S.{0,99})$")
_NOTE_VERSION = re.compile(r"wegweiser:source-version=([0-9]{1,9})")
_VERSION_ATTRIBUTE = f"{{{WEGWEISER_NS}}}source-version"

# How a tool should treat the target text that is already there.
_TARGET_STATE: dict[str, str] = {
    Translation.Status.UP_TO_DATE: "translated",
    Translation.Status.OUTDATED: "needs-review-translation",
    Translation.Status.MACHINE: "needs-review-translation",
    Translation.Status.IN_REVIEW: "needs-review-translation",
}


def _q(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


class Selection(models.TextChoices):
    ALL = "all", gettext_lazy("All items")
    OPEN = "open", gettext_lazy("Only missing or outdated translations")
    IDS = "ids", gettext_lazy("Only the items with these numbers")


def xliff_items(
    *, region: Region, language: Language, selection: str, item_ids: Sequence[int] = ()
) -> list[ContentItem]:
    """The items to export (archived ones only when asked for by number)."""
    items = ContentItem.objects.filter(region=region).order_by("pk")
    if selection == Selection.IDS:
        wanted = set(item_ids)
        found = list(items.filter(pk__in=wanted))
        unknown = sorted(wanted - {item.pk for item in found})
        if unknown:
            raise ValidationError(
                {
                    "ids": _("These numbers are not items of this region: %(ids)s")
                    % {"ids": ", ".join(map(str, unknown))}
                }
            )
        return found
    items = items.exclude(status=ContentItem.Status.ARCHIVED)
    if selection == Selection.OPEN:
        done = Translation.objects.filter(region=region, language=language).exclude(status=Translation.Status.OUTDATED)
        items = items.exclude(pk__in=done.values("item_id"))
    return list(items)


def xliff_export(*, region: Region, source: Language, language: Language, items: Sequence[ContentItem]) -> bytes:
    """One XLIFF 1.2 document with the source texts of ``items`` and their current
    translations into ``language`` as targets (two queries)."""
    ids = [item.pk for item in items]
    texts = {
        (t.item_id, t.language_id): t
        for t in Translation.objects.filter(region=region, item__in=ids, language__in=[source, language])
    }
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    for item in items:
        original = texts.get((item.pk, source.pk))
        if original is None:
            continue
        target = texts.get((item.pk, language.pk))
        version = str(item.source_major)
        file = ET.SubElement(
            root,
            _q("file"),
            {
                "original": f"wegweiser:{item.kind}:{item.pk}",
                "source-language": source.bcp47_tag,
                "target-language": language.bcp47_tag,
                "datatype": "html",
                _VERSION_ATTRIBUTE: version,
            },
        )
        header = ET.SubElement(file, _q("header"))
        ET.SubElement(header, _q("note"), {"from": "wegweiser"}).text = f"wegweiser:source-version={version}"
        body = ET.SubElement(file, _q("body"))
        units = [("title", original.title, target.title if target else "")]
        units += [("summary", original.summary, target.summary if target else "")]
        units += [("body", original.body, target.body if target else "")]
        units += [
            (f"fields.{name}", str(value), str(target.fields.get(name, "")) if target else "")
            for name, value in original.fields.items()
        ]
        for unit_id, source_text, target_text in units:
            if not source_text and unit_id != "title":
                continue
            unit = ET.SubElement(body, _q("trans-unit"), {"id": unit_id})
            ET.SubElement(unit, _q("source")).text = source_text
            if target is not None and target_text:
                state = _TARGET_STATE.get(target.status, "needs-review-translation")
                attributes = {"state": state}
                if target.status == Translation.Status.MACHINE:
                    attributes["state-qualifier"] = "mt-suggestion"
                ET.SubElement(unit, _q("target"), attributes).text = target_text
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


@dataclass(frozen=True)
class XliffFile:
    """One item's translation as read from a file."""

    original: str  # wegweiser:<kind>:<id>, to name it in messages
    kind: str
    item_id: int
    source_language: str
    target_language: str
    source_version: int
    targets: dict[str, str]  # unit id -> translated text; units without a target are left out


def _target_text(target: ET.Element, original: str, unit_id: str) -> str:
    # Segmenting tools wrap sentences in <mrk mtype="seg">; any other inline element would
    # stand for markup we cannot put back.
    if any(child.tag != _q("mrk") for child in target.iter() if child is not target):
        raise ValidationError(
            _(
                "%(original)s, text “%(unit)s”: the translation contains XLIFF inline elements. "
                "Please export it with the HTML as plain text."
            )
            % {"original": original, "unit": unit_id}
        )
    return "".join(target.itertext())


def _source_version(file: ET.Element) -> int | None:
    value = file.get(_VERSION_ATTRIBUTE)
    if value is None:
        for note in file.iterfind(f"{_q('header')}/{_q('note')}"):
            match = _NOTE_VERSION.search(note.text or "")
            if match:
                value = match.group(1)
                break
    if value is None or not value.isdigit():
        return None
    return int(value)


def _file_read(file: ET.Element) -> XliffFile:
    original = file.get("original", "")
    match = _ORIGINAL.match(original)
    if match is None:
        raise ValidationError(
            _("The file contains an item that does not come from Wegweiser (“%(original)s”).")
            % {"original": original[:80]}
        )
    source_version = _source_version(file)
    if source_version is None:
        raise ValidationError(
            _("%(original)s: the source version is missing (attribute wegweiser:source-version).")
            % {"original": original}
        )
    targets: dict[str, str] = {}
    seen: set[str] = set()
    for unit in file.iterfind(f"{_q('body')}/{_q('trans-unit')}"):
        unit_id = unit.get("id", "")
        if not _UNIT_ID.match(unit_id) or unit_id in seen:
            raise ValidationError(
                _("%(original)s: unknown or repeated text “%(unit)s”.") % {"original": original, "unit": unit_id[:80]}
            )
        seen.add(unit_id)
        target = unit.find(_q("target"))
        if target is not None:
            targets[unit_id] = _target_text(target, original, unit_id)
    if "title" not in seen:
        raise ValidationError(_("%(original)s: the title is missing.") % {"original": original})
    return XliffFile(
        original=original,
        kind=match.group(1),
        item_id=int(match.group(2)),
        source_language=file.get("source-language", ""),
        target_language=file.get("target-language", ""),
        source_version=source_version,
        targets=targets,
    )


def xliff_parse(data: bytes) -> list[XliffFile]:
    """The items of an XLIFF 1.2 document, or a ValidationError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Please split it into several files."))
    try:
        root = DefusedET.fromstring(data, forbid_dtd=True)
    except ET.ParseError as error:
        raise ValidationError(_("The file is not valid XML (%(error)s).") % {"error": error}) from error
    except DefusedXmlException as error:
        raise ValidationError(_("The file contains a DTD or entities, which are not allowed.")) from error
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise ValidationError(_("The file is not an XLIFF 1.2 document."))
    files = [_file_read(file) for file in root.iterfind(_q("file"))]
    if not files:
        raise ValidationError(_("The file contains no items."))
    seen: set[tuple[str, str]] = set()
    for file in files:
        key = (file.original, file.target_language.lower())
        if key in seen:
            raise ValidationError(_("%(original)s appears twice in the file.") % {"original": file.original})
        seen.add(key)
    return files
