"""XLIFF 1.2 for translation agencies: export, fill the targets as an agency would, import."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation as django_translation
from django_scopes import scope

from wegweiser.audit.models import AuditEntry
from wegweiser.guide import services
from wegweiser.guide.models import Page, Translation, TranslationVersion
from wegweiser.guide.translation_services import xliff_import
from wegweiser.guide.xliff import Selection, xliff_export, xliff_items

pytestmark = pytest.mark.django_db

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
VERSION = "{urn:wegweiser:xliff:1}source-version"


def make_page(editor, region, title="Sprachkurse", **texts):
    return services.item_create(actor=editor, region=region, model=Page, title=title, **texts)


def export(region, lang, code="ar", selection=Selection.ALL, ids=()):
    with scope(region=region):
        items = xliff_items(region=region, language=lang(code), selection=selection, item_ids=ids)
        return xliff_export(region=region, source=lang("de"), language=lang(code), items=items)


def fill(document: bytes, translate) -> bytes:
    """What the agency does: a target for every unit, ``translate(original, unit_id, source)``."""
    root = fromstring(document)
    for file in root.iterfind("x:file", NS):
        for unit in file.iterfind("x:body/x:trans-unit", NS):
            target = unit.find("x:target", NS)
            if target is None:
                target = ET.SubElement(unit, f"{{{NS['x']}}}target")
            target.text = translate(file.get("original"), unit.get("id"), unit.find("x:source", NS).text)
            target.attrib = {"state": "translated"}
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def status(item, code):
    with scope(region=item.region):
        row = Translation.objects.filter(item=item, language__code=code).first()
        return row.status if row else "missing"


def test_export_is_an_xliff_document_with_one_file_per_item(editor, guide_region, lang):
    page = make_page(
        editor,
        guide_region,
        summary="Kurse in der Nähe",
        body="<p>Deutsch <em>lernen</em></p>",
        fields={"hint": "Anmeldung"},
    )
    services.text_save(actor=editor, item=page, language=lang("ar"), title="دورات اللغة", is_machine=True)

    root = fromstring(export(guide_region, lang))

    assert (root.tag, root.get("version")) == ("{urn:oasis:names:tc:xliff:document:1.2}xliff", "1.2")
    [file] = root.findall("x:file", NS)
    assert file.attrib == {
        "original": f"wegweiser:page:{page.pk}",
        "source-language": "de-DE",
        "target-language": "ar",
        "datatype": "html",
        VERSION: "1",
    }
    assert file.find("x:header/x:note", NS).text == "wegweiser:source-version=1"
    units = [
        (u.get("id"), u.find("x:source", NS).text, u.find("x:target", NS) is not None and u.find("x:target", NS).attrib)
        for u in file.iterfind("x:body/x:trans-unit", NS)
    ]
    assert units == [
        ("title", "Sprachkurse", {"state": "needs-review-translation", "state-qualifier": "mt-suggestion"}),
        ("summary", "Kurse in der Nähe", False),
        ("body", "<p>Deutsch <em>lernen</em></p>", False),
        ("fields.hint", "Anmeldung", False),
    ]
    assert file.find("x:body/x:trans-unit/x:target", NS).text == "دورات اللغة"


def test_export_selections(editor, guide_region, other_region, lang):
    missing = make_page(editor, guide_region, title="Fehlt")
    outdated = make_page(editor, guide_region, title="Veraltet")
    current = make_page(editor, guide_region, title="Aktuell")
    archived = make_page(editor, guide_region, title="Archiviert")
    services.text_save(actor=editor, item=outdated, language=lang("ar"), title="قديم")
    services.text_save(actor=editor, item=outdated, language=lang("de"), title="Veraltet, neu")
    services.text_save(actor=editor, item=current, language=lang("ar"), title="حالي")
    services.item_set_status(actor=editor, item=archived, status="archived")

    def originals(document):
        return [f.get("original") for f in fromstring(document).iterfind("x:file", NS)]

    assert originals(export(guide_region, lang)) == [f"wegweiser:page:{p.pk}" for p in (missing, outdated, current)]
    assert originals(export(guide_region, lang, selection=Selection.OPEN)) == [
        f"wegweiser:page:{p.pk}" for p in (missing, outdated)
    ]
    assert originals(export(guide_region, lang, selection=Selection.IDS, ids=[current.pk, archived.pk])) == [
        f"wegweiser:page:{p.pk}" for p in (current, archived)
    ]
    with django_translation.override("en"), pytest.raises(ValidationError) as error:
        export(guide_region, lang, selection=Selection.IDS, ids=[current.pk, 999999])
    assert error.value.message_dict == {"ids": ["These numbers are not items of this region: 999999"]}


def test_round_trip_saves_translations_with_the_source_version_they_were_made_from(editor, guide_region, lang):
    fresh = make_page(editor, guide_region, title="Wohnen", body="<p>Eine Wohnung finden</p>", fields={"hint": "Amt"})
    changed = make_page(editor, guide_region, title="Arbeit")
    skipped = make_page(editor, guide_region, title="Schule")
    document = export(guide_region, lang, code="uk")
    # While the agency works, the German text of one page changes.
    services.text_save(actor=editor, item=changed, language=lang("de"), title="Arbeit und Ausbildung")

    def translate(original, unit_id, source):
        return "" if original == f"wegweiser:page:{skipped.pk}" else f"UK {source}"

    with django_translation.override("en"):
        lines = xliff_import(actor=editor, region=guide_region, data=fill(document, translate))

    assert [
        (line.item.pk, line.language.code, line.result, line.status, line.made_from, line.source_major)
        for line in lines
    ] == [
        (fresh.pk, "uk", "saved", "up_to_date", 1, 1),
        (changed.pk, "uk", "saved", "outdated", 1, 2),
        (skipped.pk, "uk", "skipped", "", 1, 1),
    ]
    with scope(region=guide_region):
        saved = Translation.objects.get(item=fresh, language__code="uk")
    assert (saved.title, saved.body, saved.fields, saved.source_major) == (
        "UK Wohnen",
        "UK <p>Eine Wohnung finden</p>",
        {"hint": "UK Amt"},
        1,
    )
    assert [status(p, "uk") for p in (fresh, changed, skipped)] == ["up_to_date", "outdated", "missing"]
    with scope(region=guide_region):
        entry = AuditEntry.objects.get(action="guide.xliff.imported")
    assert entry.changes == {"items": {"before": None, "after": 3}, "saved": {"before": None, "after": 2}}


def test_html_comes_back_as_html(editor, guide_region, lang):
    page = make_page(editor, guide_region, body="<p>Deutsch <strong>lernen</strong></p>")
    document = fill(
        export(guide_region, lang),
        lambda original, unit_id, source: (
            "<p>تعلم <strong>الألمانية</strong></p><script>x()</script>" if unit_id == "body" else "تعلم"
        ),
    )
    xliff_import(actor=editor, region=guide_region, data=document)
    with scope(region=guide_region):
        assert Translation.objects.get(item=page, language__code="ar").body == "<p>تعلم <strong>الألمانية</strong></p>"


def test_importing_the_same_file_twice_changes_nothing(editor, guide_region, lang):
    page = make_page(editor, guide_region, body="<p>Text</p>")
    document = fill(export(guide_region, lang), lambda original, unit_id, source: f"AR {source}")
    xliff_import(actor=editor, region=guide_region, data=document)
    lines = xliff_import(actor=editor, region=guide_region, data=document)
    assert [(line.result, line.status) for line in lines] == [("unchanged", "up_to_date")]
    with scope(region=guide_region):
        assert TranslationVersion.objects.filter(item=page, language__code="ar").count() == 1


def test_the_source_version_note_is_enough_when_a_tool_drops_the_attribute(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    services.text_save(actor=editor, item=page, language=lang("de"), title="Sprachkurse 2")
    document = fill(export(guide_region, lang), lambda original, unit_id, source: "دورات").replace(
        b' wegweiser:source-version="2"', b""
    )
    assert b"wegweiser:source-version=2</" in document
    assert b'source-version="2"' not in document
    services.text_save(actor=editor, item=page, language=lang("de"), title="Sprachkurse 3")
    [line] = xliff_import(actor=editor, region=guide_region, data=document)
    assert (line.made_from, line.status) == (2, "outdated")


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:wegweiser="urn:wegweiser:xliff:1" version="1.2">
  <file original="{original}" source-language="de-DE" target-language="{target}" datatype="html"
        wegweiser:source-version="{version}">
    <body>{units}</body>
  </file>
</xliff>"""


def document(
    original, target="ar", version=1, units='<trans-unit id="title"><source>S</source><target>T</target></trans-unit>'
):
    return XLIFF.format(original=original, target=target, version=version, units=units).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="&lol2;"/></xliff>"""


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: b"not xml at all", "The file is not valid XML (syntax error: line 1, column 0)."),
        (lambda p: BILLION_LAUGHS, "The file contains a DTD or entities, which are not allowed."),
        (
            lambda p: document(p).replace(
                b"urn:oasis:names:tc:xliff:document:1.2", b"urn:oasis:names:tc:xliff:document:2.0"
            ),
            "The file is not an XLIFF 1.2 document.",
        ),
        (lambda p: document("wegweiser:page:999999"), "wegweiser:page:999999 is not an item of this region."),
        (lambda p: document(f"wegweiser:offer:{p}"), "wegweiser:offer:{p} is not an item of this region."),
        (
            lambda p: document("integreat:page:5"),
            "The file contains an item that does not come from Wegweiser (“integreat:page:5”).",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}", target="ru"),
            "wegweiser:page:{p}: the region does not offer the target language “ru”.",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}", target="de-DE"),
            "wegweiser:page:{p}: the region does not offer the target language “de-DE”.",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}", units='<trans-unit id="summary"><source>S</source></trans-unit>'),
            "wegweiser:page:{p}: the title is missing.",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}", version=7),
            "wegweiser:page:{p}: The source version this translation is based on is unknown.",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}").replace(b' wegweiser:source-version="1"', b""),
            "wegweiser:page:{p}: the source version is missing (attribute wegweiser:source-version).",
        ),
        (
            lambda p: document(
                f"wegweiser:page:{p}",
                units='<trans-unit id="title"><source>S</source><target>T <g id="1">x</g></target></trans-unit>',
            ),
            "wegweiser:page:{p}, text “title”: the translation contains XLIFF inline elements. "
            "Please export it with the HTML as plain text.",
        ),
        (
            lambda p: document(f"wegweiser:page:{p}", units='<trans-unit id="colour"><source>S</source></trans-unit>'),
            "wegweiser:page:{p}: unknown or repeated text “colour”.",
        ),
        (
            lambda p: b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
            "The file contains no items.",
        ),
        (lambda p: b" " * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB. Please split it into several files."),
    ],
)
def test_invalid_files_are_refused_with_a_clear_message(editor, guide_region, lang, make, message):
    page = make_page(editor, guide_region)
    with django_translation.override("en"), pytest.raises(ValidationError) as error:
        xliff_import(actor=editor, region=guide_region, data=make(page.pk))
    assert error.value.messages == [message.format(p=page.pk)]
    assert status(page, "ar") == "missing"


def test_one_bad_item_and_nothing_is_saved(editor, guide_region, lang):
    good = make_page(editor, guide_region, title="Gut")
    bad = make_page(editor, guide_region, title="Schlecht")
    document = fill(
        export(guide_region, lang),
        lambda original, unit_id, source: "x" * 251 if original == f"wegweiser:page:{bad.pk}" else "جيد",
    )
    with django_translation.override("en"), pytest.raises(ValidationError) as error:
        xliff_import(actor=editor, region=guide_region, data=document)
    assert error.value.messages == [f"wegweiser:page:{bad.pk}: The title may have at most 250 characters."]
    assert (status(good, "ar"), status(bad, "ar")) == ("missing", "missing")
    with scope(region=guide_region):
        assert AuditEntry.objects.filter(action="guide.xliff.imported").exists() is False


def test_another_regions_items_cannot_be_imported(editor, guide_region, other_region, member, lang):
    page = make_page(editor, guide_region)
    document = fill(export(guide_region, lang), lambda original, unit_id, source: "ترجمة")
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.region_language_add(actor=None, region=other_region, language=lang("ar"))
    stranger = member("editor", region=other_region)
    with django_translation.override("en"), pytest.raises(ValidationError) as error:
        xliff_import(actor=stranger, region=other_region, data=document)
    assert error.value.messages == [f"wegweiser:page:{page.pk} is not an item of this region."]
    assert status(page, "ar") == "missing"


def test_only_editors_may_import(member, editor, guide_region, lang):
    make_page(editor, guide_region)
    document = fill(export(guide_region, lang), lambda original, unit_id, source: "ترجمة")
    with pytest.raises(PermissionDenied):
        xliff_import(actor=member("read_only", region=guide_region), region=guide_region, data=document)
