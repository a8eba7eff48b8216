"""The translation tools over HTTP: who may open what, downloads, uploads, and messages."""

from __future__ import annotations

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django_scopes import scope

from wegweiser.guide import services, translation_services
from wegweiser.guide.models import MachineTranslationConfig, Page, Translation
from wegweiser.guide.tests.test_machine_translation import fake_service  # noqa: F401 (a fixture)
from wegweiser.guide.tests.test_xliff import fill
from wegweiser.tenancy.selectors import region_access_get

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def coordinator(member, guide_region):
    return member("coordinator", region=guide_region)


@pytest.fixture
def guide_page(editor, guide_region):
    return services.item_create(actor=editor, region=guide_region, model=Page, title="Sprachkurse", body="<p>Kurse</p>")


@pytest.fixture
def service(fake_service, coordinator, guide_region):  # noqa: F811
    translation_services.machine_translation_config_update(
        actor=coordinator, region=guide_region, provider="libretranslate", url=fake_service.url, api_key="geheim"
    )
    return fake_service


def url(region, name):
    return f"/app/{region.slug}/guide/{name}"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def translation(item, code):
    with scope(region=item.region):
        return Translation.objects.filter(item=item, language__code=code).first()


# Who may open what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "tools", "settings"),
    [("coordinator", 200, 200), ("editor", 200, 403), ("staff", 403, 403), ("read_only", 403, 403)],
)
def test_access_by_role(client, member, guide_region, role, tools, settings):
    client.force_login(member(role, region=guide_region))
    assert client.get(url(guide_region, "translation-tools/")).status_code == tools
    assert client.get(url(guide_region, "machine-translation/")).status_code == settings


def test_another_regions_members_get_404(client, member, guide_region, other_region, guide_page):
    client.force_login(member("coordinator", region=other_region))
    for path in ["translation-tools/", "machine-translation/", "translation-tools/xliff/?export-language=ar"]:
        assert client.get(url(guide_region, path)).status_code == 404
    assert (
        client.post(url(guide_region, f"machine-translation/items/{guide_page.pk}/"), {"language": "ar"}).status_code
        == 404
    )


def test_an_item_of_another_region_is_404(client, member, editor, guide_region, other_region, guide_page, lang):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.region_language_add(actor=None, region=other_region, language=lang("ar"))
    client.force_login(member("editor", region=other_region))
    response = client.post(url(other_region, f"machine-translation/items/{guide_page.pk}/"), {"language": "ar"})
    assert response.status_code == 404
    assert translation(guide_page, "ar") is None


def test_anonymous_is_sent_to_log_in(client, guide_region):
    response = client.get(url(guide_region, "translation-tools/"))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/app/{guide_region.slug}/guide/translation-tools/",
    )


# Settings ---------------------------------------------------------------------------


def test_settings_page_never_shows_the_key(client, coordinator, guide_region):
    client.force_login(coordinator)
    response = client.post(
        url(guide_region, "machine-translation/"),
        {"provider": "deepl", "url": "https://api-free.deepl.com", "api_key": "s3cr3t-key"},
        **EN,
    )
    assert (response.status_code, response["Location"]) == (302, url(guide_region, "machine-translation/"))
    response = client.get(url(guide_region, "machine-translation/"), **EN)
    content = response.content.decode()
    assert "s3cr3t-key" not in content
    assert "An API key is set." in content
    assert 'name="remove_api_key"' in content
    with scope(region=guide_region):
        config = MachineTranslationConfig.objects.get(region=guide_region)
    assert (config.provider, config.url, config.api_key) == ("deepl", "https://api-free.deepl.com", "s3cr3t-key")

    # Saving again without a key keeps it.
    client.post(url(guide_region, "machine-translation/"), {"provider": "deepl", "url": "https://api.deepl.com"})
    config.refresh_from_db()
    assert (config.url, config.api_key) == ("https://api.deepl.com", "s3cr3t-key")


def test_settings_errors_are_shown_next_to_the_field(client, coordinator, guide_region):
    client.force_login(coordinator)
    response = client.post(url(guide_region, "machine-translation/"), {"provider": "deepl", "url": ""}, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "url": ["Enter the address of the translation service."],
    }
    response = client.post(
        url(guide_region, "machine-translation/"), {"provider": "deepl", "url": "https://api.deepl.com"}, **EN
    )
    assert response.context["form"].errors == {"api_key": ["DeepL needs an API key."]}
    with scope(region=guide_region):
        assert MachineTranslationConfig.objects.filter(region=guide_region).exists() is False


# Machine translation ----------------------------------------------------------------


def test_machine_translate_one_item_and_go_back(client, editor, guide_region, guide_page, service):
    client.force_login(editor)
    back = f"/app/{guide_region.slug}/guide/items/{guide_page.pk}/translate/ar/"
    response = client.post(
        url(guide_region, f"machine-translation/items/{guide_page.pk}/"), {"language": "ar", "next": back}, **EN
    )
    assert (response.status_code, response["Location"]) == (302, back)
    assert (translation(guide_page, "ar").title, translation(guide_page, "ar").status) == (
        "[ar] Sprachkurse",
        "machine",
    )
    response = client.get(url(guide_region, "translation-tools/"), **EN)
    assert messages_of(response) == [
        "Machine translation saved. It is labelled machine-translated until a person approves it."
    ]


def test_machine_translate_failure_is_a_message_and_saves_nothing(client, editor, guide_region, guide_page, service):
    service.reply = lambda request: (500, b"{}")
    client.force_login(editor)
    response = client.post(
        url(guide_region, f"machine-translation/items/{guide_page.pk}/"),
        {"language": "ar", "next": "https://evil.example/"},
        follow=True,
        **EN,
    )
    assert response.redirect_chain == [(url(guide_region, "translation-tools/"), 302)]
    assert messages_of(response) == ["The translation service answered with an error (HTTP 500)."]
    assert translation(guide_page, "ar") is None


def test_machine_translate_unknown_language_is_a_message(client, editor, guide_region, guide_page, service):
    client.force_login(editor)
    response = client.post(
        url(guide_region, f"machine-translation/items/{guide_page.pk}/"), {"language": "xx"}, follow=True, **EN
    )
    assert messages_of(response) == ["Choose one of the region's target languages."]
    assert service.seen == []


def test_machine_translate_missing_texts_of_a_language(client, editor, guide_region, guide_page, service):
    client.force_login(editor)
    response = client.post(
        url(guide_region, "machine-translation/missing/"), {"machine-language": "uk"}, follow=True, **EN
    )
    assert messages_of(response) == ["1 text machine-translated, 0 still missing."]
    assert translation(guide_page, "uk").status == "machine"


def test_tools_page_offers_machine_translation_only_when_set_up(client, editor, guide_region, fake_service):  # noqa: F811
    client.force_login(editor)
    response = client.get(url(guide_region, "translation-tools/"), **EN)
    assert response.context["machine_form"] is None
    assert "Machine translation is off for this region." in response.content.decode()
    assert "Machine translation settings" not in response.content.decode()  # editors do not configure
    translation_services.machine_translation_config_update(
        actor=None, region=guide_region, provider="libretranslate", url=fake_service.url
    )
    response = client.get(url(guide_region, "translation-tools/"), **EN)
    assert [code for code, _name in response.context["machine_form"].fields["language"].choices] == [
        "en",
        "ar",
        "uk",
        "tr",
        "fa",
    ]


def test_side_by_side_include_shows_the_button_only_when_offered_to_editors(
    member, editor, guide_region, guide_page, lang
):
    request = RequestFactory().get("/app/x/")
    context = {"item": guide_page, "language": lang("ar"), "current_region": guide_region, "request": request}

    def render(user, offered):
        access = region_access_get(user=user, region=guide_region)
        return render_to_string(
            "guide/_translation_tools.html",
            {**context, "region_access": access, "machine_translation_offered": offered},
        )

    assert render(editor, False).strip() == ""
    assert render(member("read_only", region=guide_region), True).strip() == ""
    html = render(editor, True)
    assert f'action="/app/{guide_region.slug}/guide/machine-translation/items/{guide_page.pk}/"' in html
    assert '<input type="hidden" name="language" value="ar">' in html
    assert '<input type="hidden" name="next" value="/app/x/">' in html
    assert 'data-testid="machine-translate"' in html


# XLIFF --------------------------------------------------------------------------------


def test_export_downloads_an_xliff_file(client, editor, guide_region, guide_page):
    client.force_login(editor)
    response = client.get(
        url(guide_region, "translation-tools/xliff/"), {"export-language": "ar", "export-selection": "open"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-xliff+xml; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="wegweiser-{guide_region.slug}-ar-')
    root = fromstring(response.content)
    assert [f.get("original") for f in root] == [f"wegweiser:page:{guide_page.pk}"]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"export-language": "ru", "export-selection": "all"},
            {"language": ["Select a valid choice. ru is not one of the available choices."]},
        ),
        (
            {"export-language": "ar", "export-selection": "ids", "export-ids": ""},
            {"ids": ["Enter at least one item number."]},
        ),
        (
            {"export-language": "ar", "export-selection": "ids", "export-ids": "1, zwei"},
            {"ids": ["Enter whole numbers separated by commas."]},
        ),
        (
            {"export-language": "ar", "export-selection": "ids", "export-ids": "999999"},
            {"ids": ["These numbers are not items of this region: 999999"]},
        ),
    ],
)
def test_export_with_bad_input_shows_the_form_again(client, editor, guide_region, guide_page, query, errors):
    client.force_login(editor)
    response = client.get(url(guide_region, "translation-tools/xliff/"), query, **EN)
    assert response.status_code == 400
    assert response.context["export_form"].errors == errors


def test_export_of_another_regions_item_ids_is_refused(
    client, member, editor, guide_region, other_region, guide_page, lang
):
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    services.region_language_add(actor=None, region=other_region, language=lang("ar"))
    client.force_login(member("editor", region=other_region))
    query = {"export-language": "ar", "export-selection": "ids", "export-ids": str(guide_page.pk)}
    response = client.get(url(other_region, "translation-tools/xliff/"), query, **EN)
    assert response.status_code == 400
    assert response.context["export_form"].errors == {
        "ids": [f"These numbers are not items of this region: {guide_page.pk}"]
    }
    assert b"Sprachkurse" not in response.content


def test_import_round_trip_shows_what_happened(client, editor, guide_region, guide_page, lang):
    client.force_login(editor)
    exported = client.get(
        url(guide_region, "translation-tools/xliff/"), {"export-language": "tr", "export-selection": "all"}
    )
    services.text_save(actor=editor, item=guide_page, language=lang("de"), title="Sprachkurse für alle")
    translated = fill(exported.content, lambda original, unit_id, source: f"TR {source}")
    upload = SimpleUploadedFile("tr.xlf", translated, content_type="application/x-xliff+xml")
    response = client.post(url(guide_region, "translation-tools/xliff/import/"), {"import-file": upload}, **EN)
    assert response.status_code == 200
    assert [(line.item.pk, line.result, line.status) for line in response.context["lines"]] == [
        (guide_page.pk, "saved", "outdated")
    ]
    assert (
        "Saved, marked outdated: translated from version 1 of the German text, which is now at version 2."
        in response.content.decode()
    )
    assert (translation(guide_page, "tr").title, translation(guide_page, "tr").status) == ("TR Sprachkurse", "outdated")


def test_import_of_a_bad_file_says_why_and_saves_nothing(client, editor, guide_region, guide_page):
    client.force_login(editor)
    upload = SimpleUploadedFile("x.xlf", b"<xliff/>", content_type="application/xml")
    response = client.post(url(guide_region, "translation-tools/xliff/import/"), {"import-file": upload}, **EN)
    assert response.status_code == 400
    assert response.context["import_form"].errors == {"file": ["The file is not an XLIFF 1.2 document."]}
    assert translation(guide_page, "ar") is None


def test_import_refuses_a_file_over_5_mb(client, editor, guide_region):
    client.force_login(editor)
    upload = SimpleUploadedFile("big.xlf", b" " * (5 * 1024 * 1024 + 1))
    response = client.post(url(guide_region, "translation-tools/xliff/import/"), {"import-file": upload}, **EN)
    assert response.status_code == 400
    assert response.context["import_form"].errors == {
        "file": ["The file is larger than 5 MB. Please split it into several files."]
    }


def test_import_address_opened_with_get_leads_to_the_tools(client, editor, guide_region):
    client.force_login(editor)
    response = client.get(url(guide_region, "translation-tools/xliff/import/"))
    assert (response.status_code, response["Location"]) == (302, url(guide_region, "translation-tools/"))
