"""Translating side by side, approving, previewing, and the version history with diff and restore."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import MachineTranslationConfig, Page, Translation, TranslationVersion

pytestmark = pytest.mark.django_db


def url(region, rest=""):
    return f"/app/{region.slug}/guide/{rest}"


def translation(item, code):
    with scope(region=item.region):
        return Translation.objects.filter(item=item, language__code=code).first()


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def page(guide_region):
    return services.item_create(
        actor=None,
        region=guide_region,
        model=Page,
        title="Sprachkurse",
        summary="Deutsch lernen",
        body="<p>Deutschkurse für Frauen</p>",
        fields={"note": "Anmeldung nötig"},
    )


def test_side_by_side_shows_the_source_and_an_empty_form(client, editor, guide_region, page):
    client.force_login(editor)
    response = client.get(url(guide_region, f"items/{page.pk}/ar/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    source = html.split('data-testid="source-text"', 1)[1].split("</section>", 1)[0]
    assert '<p class="title">Sprachkurse</p>' in source
    assert "<p>Deutschkurse für Frauen</p>" in source
    assert "<dd>Anmeldung nötig</dd>" in source
    assert 'lang="de-DE" dir="ltr"' in html.split('data-testid="source-text"', 1)[0][-60:]
    assert '<input type="hidden" name="based_on_source" value="1"' in html
    assert re.search(
        r'<input type="text" name="title" maxlength="250" lang="ar" dir="rtl" required id="id_title">', html
    )
    assert 'name="field__note"' in html
    assert '<span class="st st-missing" data-testid="translation-status">missing</span>' in html


def test_saving_a_translation(client, editor, guide_region, page):
    client.force_login(editor)
    response = client.post(
        url(guide_region, f"items/{page.pk}/ar/"),
        {"title": "دورات اللغة", "body": "<p>نص</p>", "field__note": "التسجيل ضروري", "based_on_source": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response.url == url(guide_region, f"items/{page.pk}/ar/")
    assert messages_of(response) == ["Translation saved."]
    text = translation(page, "ar")
    assert (text.title, text.body, text.fields, text.status, text.source_major) == (
        "دورات اللغة",
        "<p>نص</p>",
        {"note": "التسجيل ضروري"},
        "up_to_date",
        1,
    )


def test_a_source_change_while_translating_leaves_the_translation_outdated(client, editor, guide_region, page, lang):
    client.force_login(editor)
    form = client.get(url(guide_region, f"items/{page.pk}/en/")).content.decode()
    shown = re.search(r'name="based_on_source" value="(\d+)"', form).group(1)
    services.text_save(actor=None, item=page, language=lang("de"), title="Sprachkurse", body="<p>Geändert</p>")
    response = client.post(
        url(guide_region, f"items/{page.pk}/en/"),
        {"title": "Language courses", "based_on_source": shown},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert messages_of(response)[0].startswith("Saved, but the German text has changed since you opened it")
    text = translation(page, "en")
    assert (text.status, text.source_major) == ("outdated", 1)


def test_submit_for_review_then_approve(client, editor, guide_region, page):
    client.force_login(editor)
    client.post(
        url(guide_region, f"items/{page.pk}/uk/"),
        {"title": "Мовні курси", "based_on_source": "1", "for_review": "on"},
    )
    assert translation(page, "uk").status == "in_review"
    html = client.get(url(guide_region, f"items/{page.pk}/uk/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Approve translation</button>" in html
    response = client.post(url(guide_region, f"items/{page.pk}/uk/approve/"), HTTP_ACCEPT_LANGUAGE="en")
    assert messages_of(response) == ["Translation approved."]
    assert translation(page, "uk").status == "up_to_date"


def test_approving_a_missing_translation_is_an_error_message(client, editor, guide_region, page):
    client.force_login(editor)
    response = client.post(url(guide_region, f"items/{page.pk}/tr/approve/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert messages_of(response) == ["There is no translation to approve."]


def test_machine_translation_can_be_approved(client, editor, guide_region, page, lang):
    services.text_save(actor=None, item=page, language=lang("fa"), title="دوره های زبان", is_machine=True)
    client.force_login(editor)
    html = client.get(url(guide_region, f"items/{page.pk}/fa/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="st st-machine" data-testid="translation-status">machine</span>' in html
    client.post(url(guide_region, f"items/{page.pk}/fa/approve/"))
    assert translation(page, "fa").status == "up_to_date"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "based_on_source": "1"}, "This field is required."),
        ({"title": "x", "based_on_source": "7"}, "The source version this translation is based on is unknown."),
        ({"title": "x", "based_on_source": "abc"}, "The form was incomplete. Please reload the page"),
        ({"title": "x"}, "The form was incomplete. Please reload the page"),
    ],
)
def test_bad_translation_input_saves_nothing(client, editor, guide_region, page, data, error):
    client.force_login(editor)
    response = client.post(url(guide_region, f"items/{page.pk}/en/"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert error in response.content.decode()
    assert translation(page, "en") is None


def test_translate_view_of_the_source_language_goes_to_the_item(client, editor, guide_region, page):
    client.force_login(editor)
    response = client.get(url(guide_region, f"items/{page.pk}/de/"))
    assert response.url == url(guide_region, f"items/{page.pk}/")
    assert client.get(url(guide_region, f"items/{page.pk}/ru/")).status_code == 404


def test_preview_renders_cleaned_unsaved_text_in_its_direction(client, editor, guide_region, page):
    client.force_login(editor)
    response = client.post(
        url(guide_region, "preview/ar/"),
        {"title": "دورات اللغة", "summary": "ملخص", "body": '<p onclick="x()">نص</p><script>alert(1)</script>'},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.content.decode()
    article = html.split('<article class="preview-article rendered"', 1)[1].split("</article>", 1)[0]
    assert article.startswith(' lang="ar" dir="rtl" data-testid="preview">')
    assert "<h2>دورات اللغة</h2>" in article
    assert "<p>نص</p>" in article
    assert "script" not in article
    assert "onclick" not in article
    assert translation(page, "ar") is None


def test_history_lists_versions_and_diffs_against_the_predecessor(client, editor, guide_region, page, lang):
    services.text_save(
        actor=editor,
        item=page,
        language=lang("de"),
        title="Sprachkurse",
        summary="Deutsch lernen",
        body="<p>Deutschkurse für Frauen</p><p>Neu: Abendkurse</p>",
        fields={"note": "Anmeldung nötig"},
    )
    client.force_login(editor)
    html = client.get(url(guide_region, f"items/{page.pk}/de/history/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.findall(r'data-version="(\d+)"', html) == ["2", "1"]
    assert html.count(">Restore<") == 1  # not the current version

    html = client.get(url(guide_region, f"items/{page.pk}/de/history/2/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Compared with version 1." in html
    text_part = html.split(">Text</h2>", 1)[1].split("</ol>", 1)[0]
    lines = re.findall(
        r'<li(?: class="(\w+)")? lang="de-DE" dir="ltr">(?:<ins>)?(?:<span[^>]+>[^<]+</span>)?([^<]*)', text_part
    )
    assert lines == [("", "Deutschkurse für Frauen"), ("insert", "Neu: Abendkurse")]
    assert '<ins><span class="visually-hidden" lang="en">Added: </span>Neu: Abendkurse</ins>' in text_part
    assert '>Title <span class="muted">(unchanged)</span></h2>' in html

    html = client.get(url(guide_region, f"items/{page.pk}/de/history/1/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The first version: everything is new." in html
    assert client.get(url(guide_region, f"items/{page.pk}/de/history/9/")).status_code == 404


def test_restore_brings_an_old_version_back_as_the_newest(client, editor, guide_region, page, lang):
    services.text_save(actor=editor, item=page, language=lang("de"), title="Kurse", body="<p>Anders</p>")
    client.force_login(editor)
    response = client.post(url(guide_region, f"items/{page.pk}/de/history/1/restore/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.url == url(guide_region, f"items/{page.pk}/de/history/")
    assert messages_of(response) == ["Version 1 restored as version 3."]
    text = translation(page, "de")
    assert (text.version, text.title, text.body) == (3, "Sprachkurse", "<p>Deutschkurse für Frauen</p>")
    with scope(region=guide_region):
        assert TranslationVersion.objects.filter(item=page, language__code="de").count() == 3


def test_history_of_another_regions_item_is_404(client, member, other_region, page):
    client.force_login(member("editor", region=other_region))
    assert client.get(f"/app/{other_region.slug}/guide/items/{page.pk}/de/history/").status_code == 404
    response = client.post(f"/app/{other_region.slug}/guide/items/{page.pk}/de/history/1/restore/")
    assert response.status_code == 404


def test_read_only_members_see_translations_but_cannot_save(client, member, guide_region, page):
    client.force_login(member("read_only", region=guide_region))
    html = client.get(url(guide_region, f"items/{page.pk}/en/"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Save translation</button>" not in html
    response = client.post(url(guide_region, f"items/{page.pk}/en/"), {"title": "x", "based_on_source": "1"})
    assert response.status_code == 403
    assert translation(page, "en") is None


def test_the_machine_translation_button_shows_where_a_service_is_configured(client, editor, member, guide_region, page):
    client.force_login(editor)
    assert (
        'data-testid="machine-translation"'
        not in client.get(url(guide_region, f"items/{page.pk}/ar/")).content.decode()
    )
    with scopes_disabled():
        MachineTranslationConfig.objects.create(
            region=guide_region, provider="libretranslate", url="https://translate.example.org"
        )
    assert 'data-testid="machine-translation"' in client.get(url(guide_region, f"items/{page.pk}/ar/")).content.decode()
    client.force_login(member("read_only", region=guide_region))
    assert (
        'data-testid="machine-translation"'
        not in client.get(url(guide_region, f"items/{page.pk}/ar/")).content.decode()
    )
