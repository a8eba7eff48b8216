import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, GuideState, Page, RegionLanguage, Translation, TranslationVersion

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "integreat"
DE = DATA / "rems-murr-kreis_de_pages.json"
EN = DATA / "rems-murr-kreis_en_pages.json"
MT = DATA / "page_texts_mt_ar_uk_fr.json"
MAP_PAGE = "integreat:rems-murr-kreis:page:5393736"  # "Plan des Landkreises"


def run(*args: object) -> list[str]:
    """The command's report without its first line (which carries the time taken)."""
    out = StringIO()
    call_command("import_integreat", *[str(arg) for arg in args], stdout=out)
    return out.getvalue().splitlines()[1:]


def write(tmp_path, name, data) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def pages(path: Path = DE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def page(external_id: str) -> Page:
    return Page.objects.get(external_id=external_id)


def text(external_id: str, code: str) -> Translation:
    return Translation.objects.get(item__external_id=external_id, language__code=code)


def children(parent: Page | None) -> list[str]:
    qs = Page.objects.filter(parent=parent).order_by("position", "pk")
    return [text(p.external_id, "de").title for p in qs]


def test_import_keeps_tree_order_and_language_links(region, no_scope):
    assert run(region.slug, DE, EN, "--mt", MT) == [
        "  languages added: de, en, ar, fr, uk",
        "  pages (de): 35 created, 0 updated, 0 unchanged, 0 skipped",
        "  texts (en): 35 created, 0 updated, 0 unchanged, 0 skipped",
        "  machine translations (ar): 20 created, 0 updated, 0 unchanged, 0 skipped",
        "  machine translations (fr): 20 created, 0 updated, 0 unchanged, 0 skipped",
        "  machine translations (uk): 20 created, 0 updated, 0 unchanged, 0 skipped",
    ]
    languages = RegionLanguage.objects.filter(region=region).order_by("position")
    assert [(rl.language.code, rl.is_source) for rl in languages] == [
        ("de", True),
        ("en", False),
        ("ar", False),
        ("fr", False),
        ("uk", False),
    ]
    assert Page.objects.filter(region=region, status=ContentItem.Status.PUBLISHED).count() == 35
    assert children(None) == ["Willkommen", "Sprache und Bildung"]
    welcome = page("integreat:rems-murr-kreis:page:3148123")
    assert children(welcome) == [
        "Willkommen im Rems-Murr-Kreis",
        "Einreise aus der Ukraine und Aufenthalt in Deutschland",
        "Zusammenleben in Deutschland",
    ]
    assert children(page("integreat:rems-murr-kreis:page:3748297")) == [
        "Grußwort",
        "Wissenswertes über den Rems-Murr-Kreis",
        "Plan des Landkreises",
        "Über Integreat",
    ]
    assert children(page("integreat:rems-murr-kreis:page:3690960")) == [
        "Allgemeine Informationen zum Spracherwerb",
        "Sprachkurse/Deutschkurse mit Zertifikat",
        "Sprachfördermaßnahmen ohne Zertifikat",
        "Übersetzungen",
        "Erwachsenenbildung",
    ]
    # English: the translation of the German page it links to, made from source version 1
    english = text("integreat:rems-murr-kreis:page:3748297", "en")
    assert (english.title, english.status, english.source_major) == (
        "Welcome to the Rems-Murr district",
        Translation.Status.UP_TO_DATE,
        1,
    )
    assert Translation.objects.filter(region=region, language__code="en").count() == 35


def test_machine_texts_are_labelled_machine_and_wrapped_in_paragraphs(region, no_scope):
    run(region.slug, DE, "--mt", MT)
    assert Translation.objects.filter(region=region, status=Translation.Status.MACHINE).count() == 60
    arabic = text(MAP_PAGE, "ar")
    assert arabic.title == "خريطة الحي"
    assert arabic.body.startswith(
        "<p>هل تبحث عن عنوان محدد أو مكان محدد في منطقة ريمس-مور؟</p>"
        "<p>يوفر MAPS-Me وظيفة التنقل، وهو مجاني ويمكن استخدامه دون اتصال بالإنترنت.</p>"
    )
    assert arabic.body.count("<p>") == 9  # ten lines, the first repeats the title
    version = TranslationVersion.objects.get(item__external_id=MAP_PAGE, language__code="ar")
    assert (version.version, version.is_machine) == (1, True)


def test_second_run_changes_nothing(region, no_scope):
    run(region.slug, DE, EN, "--mt", MT)
    versions, seq = TranslationVersion.objects.count(), GuideState.objects.get(region=region).seq
    assert run(region.slug, DE, EN, "--mt", MT) == [
        "  pages (de): 0 created, 0 updated, 35 unchanged, 0 skipped",
        "  texts (en): 0 created, 0 updated, 35 unchanged, 0 skipped",
        "  machine translations (ar): 0 created, 0 updated, 20 unchanged, 0 skipped",
        "  machine translations (fr): 0 created, 0 updated, 20 unchanged, 0 skipped",
        "  machine translations (uk): 0 created, 0 updated, 20 unchanged, 0 skipped",
    ]
    assert versions == 35 + 35 + 60
    assert TranslationVersion.objects.count() == versions
    assert GuideState.objects.get(region=region).seq == seq


def test_a_changed_and_a_moved_page_are_updated_and_translations_outdated(region, no_scope, tmp_path):
    run(region.slug, DE, EN)
    changed = pages()
    by_id = {p["id"]: p for p in changed}
    by_id[5393736]["title"] = "Karte des Landkreises"
    by_id[5393748]["order"] = 1  # "Über Integreat" moves first among its siblings
    run_lines = run(region.slug, write(tmp_path, "de.json", changed), EN)
    assert run_lines == [
        "  pages (de): 0 created, 4 updated, 31 unchanged, 0 skipped",  # a title, four positions
        "  texts (en): 0 created, 0 updated, 35 unchanged, 0 skipped",
    ]
    assert text(MAP_PAGE, "de").version == 2
    assert text(MAP_PAGE, "en").status == Translation.Status.OUTDATED
    assert children(page("integreat:rems-murr-kreis:page:3748297")) == [
        "Über Integreat",
        "Grußwort",
        "Wissenswertes über den Rems-Murr-Kreis",
        "Karte des Landkreises",
    ]


def test_english_pages_without_link_back_are_matched_through_the_german_links(region, no_scope, tmp_path):
    english = pages(EN)
    for p in english:
        del p["available_languages"]["de"]
    assert run(region.slug, DE, write(tmp_path, "en.json", english))[2] == (
        "  texts (en): 35 created, 0 updated, 0 unchanged, 0 skipped"
    )
    assert text("integreat:rems-murr-kreis:page:3148123", "en").title == "Welcome"


def test_translations_without_german_page_are_skipped(region, no_scope):
    assert run(region.slug, EN, "--mt", MT) == [
        "  languages added: de, en",
        "  texts (en): 0 created, 0 updated, 0 unchanged, 35 skipped",
        "  machine translations (ar): 0 created, 0 updated, 0 unchanged, 20 skipped",
        "  machine translations (fr): 0 created, 0 updated, 0 unchanged, 20 skipped",
        "  machine translations (uk): 0 created, 0 updated, 0 unchanged, 20 skipped",
    ]
    assert ContentItem.objects.count() == 0


def test_machine_text_never_replaces_a_persons_translation(region, no_scope, member):
    run(region.slug, DE, "--mt", MT)
    coordinator = member("coordinator")
    services.translation_approve(actor=coordinator, item=page(MAP_PAGE), language=text(MAP_PAGE, "ar").language)
    services.text_save(
        actor=coordinator, item=page(MAP_PAGE), language=text(MAP_PAGE, "uk").language, title="Мапа району"
    )
    assert run(region.slug, DE, "--mt", MT)[1:] == [
        "  machine translations (ar): 0 created, 0 updated, 19 unchanged, 1 skipped",
        "  machine translations (fr): 0 created, 0 updated, 20 unchanged, 0 skipped",
        "  machine translations (uk): 0 created, 0 updated, 19 unchanged, 1 skipped",
    ]
    assert text(MAP_PAGE, "ar").status == Translation.Status.UP_TO_DATE
    assert (text(MAP_PAGE, "uk").title, text(MAP_PAGE, "uk").version) == ("Мапа району", 2)


def assert_nothing_saved(region):
    with scopes_disabled():
        assert ContentItem.objects.count() == 0
        assert RegionLanguage.objects.filter(region=region).count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
        ('{"pages": []}', "not an Integreat pages export (expected a non-empty JSON array)"),
        ("[]", "not an Integreat pages export (expected a non-empty JSON array)"),
        ("[1]", "page #0: field 'path' is missing or has the wrong type"),
        ('[{"id": 1, "path": "/x/"}]', "page 1: path '/x/' is not /<region>/<language>/<page>/"),
    ],
)
def test_bad_files_are_refused(region, tmp_path, content, message):
    path = write(tmp_path, "bad.json", content)
    with pytest.raises(CommandError) as error:
        run(region.slug, DE, path)
    assert str(error.value) == f"{path}: {message}. Nothing was imported."
    assert_nothing_saved(region)


def test_missing_file_and_unknown_region_are_refused(region, tmp_path):
    with pytest.raises(CommandError, match=r"^Unknown region: nirgendwo$"):
        run("nirgendwo", DE)
    with pytest.raises(CommandError) as error:
        run(region.slug, DE, tmp_path / "missing.json")
    assert str(error.value) == f"{tmp_path / 'missing.json'}: file not found. Nothing was imported."
    with pytest.raises(CommandError) as error:
        run(region.slug, DE, "--mt", tmp_path / "missing.json")
    assert str(error.value) == f"{tmp_path / 'missing.json'}: file not found. Nothing was imported."
    assert_nothing_saved(region)


def test_a_page_whose_parent_is_missing_is_refused(region, tmp_path):
    orphaned = [p for p in pages() if p["id"] != 3748297]
    path = write(tmp_path, "de.json", orphaned)
    with pytest.raises(CommandError) as error:
        run(region.slug, path)
    assert str(error.value) == f"{path}: page 5393712: its parent page is not in the file. Nothing was imported."
    assert_nothing_saved(region)


def test_bad_machine_texts_and_unknown_languages_are_refused(region, tmp_path):
    bad = write(tmp_path, "mt.json", [{"region": "rems-murr-kreis", "de_page_id": "x"}])
    with pytest.raises(CommandError) as error:
        run(region.slug, DE, "--mt", bad)
    assert str(error.value) == (
        f"{bad}: record #0: field 'de_page_id' is missing or has the wrong type. Nothing was imported."
    )
    klingon = write(
        tmp_path,
        "tlh.json",
        [{"region": "rems-murr-kreis", "de_page_id": 3148123, "language": "tlh", "title": "nuqneH", "text": "x"}],
    )
    with pytest.raises(CommandError, match=r"^Languages unknown to Wegweiser: tlh\. Nothing was imported\.$"):
        run(region.slug, DE, "--mt", klingon)
    assert_nothing_saved(region)


def test_an_error_midway_rolls_back_everything(region, tmp_path):
    too_long = pages()
    too_long[-1]["title"] = "x" * 251
    path = write(tmp_path, "de.json", too_long)
    with pytest.raises(CommandError) as error:
        run(region.slug, path, EN)
    assert str(error.value) == (
        f"{path}: page {too_long[-1]['id']}: The title may have at most 250 characters. Nothing was imported."
    )
    assert_nothing_saved(region)


def test_guide_setup_gives_every_region_german_as_source_once(hessen, region, lang):
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=lang("de"), is_source=True)
    out = StringIO()
    call_command("guide_setup", stdout=out)
    assert out.getvalue() == "German added as source language: 32 regions; 1 already had a source language.\n"
    out = StringIO()
    call_command("guide_setup", stdout=out)
    assert out.getvalue() == "German added as source language: 0 regions; 33 already had a source language.\n"
    with scopes_disabled():
        sources = RegionLanguage.objects.filter(is_source=True)
        assert sources.count() == 33
        assert set(sources.values_list("language__code", flat=True)) == {"de"}
        assert RegionLanguage.objects.count() == 33


def test_an_outdated_machine_translation_is_still_replaced_by_a_newer_one(region, no_scope, tmp_path):
    run(region.slug, DE, "--mt", MT)
    german = pages()
    next(p for p in german if p["id"] == 5393736)["title"] = "Karte des Landkreises"
    machine = json.loads(MT.read_text(encoding="utf-8"))
    next(r for r in machine if r["de_page_id"] == 5393736 and r["language"] == "ar")["title"] = "خريطة المنطقة"
    lines = run(region.slug, write(tmp_path, "de.json", german), "--mt", write(tmp_path, "mt.json", machine))
    assert lines == [
        "  pages (de): 0 created, 1 updated, 34 unchanged, 0 skipped",
        "  machine translations (ar): 0 created, 1 updated, 19 unchanged, 0 skipped",
        "  machine translations (fr): 0 created, 0 updated, 20 unchanged, 0 skipped",
        "  machine translations (uk): 0 created, 0 updated, 20 unchanged, 0 skipped",
    ]
    assert (text(MAP_PAGE, "ar").title, text(MAP_PAGE, "ar").status) == ("خريطة المنطقة", Translation.Status.MACHINE)
    assert text(MAP_PAGE, "uk").status == Translation.Status.OUTDATED
