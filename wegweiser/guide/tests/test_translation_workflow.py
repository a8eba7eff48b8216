import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from wegweiser.audit.models import AuditEntry
from wegweiser.guide import services
from wegweiser.guide.models import Page, Translation, TranslationVersion
from wegweiser.guide.selectors import page_tree, translation_status_counts, translation_status_map

pytestmark = pytest.mark.django_db


def make_page(editor, region, title="Sprachkurse", parent=None, body="<p>Deutschkurse für Frauen</p>"):
    return services.item_create(actor=editor, region=region, model=Page, title=title, body=body, parent=parent)


def status(item, code):
    with scope(region=item.region):
        return Translation.objects.get(item=item, language__code=code).status


def test_editor_changes_german_and_english_becomes_outdated_until_updated(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    services.text_save(
        actor=editor, item=page, language=lang("en"), title="Language courses", body="<p>German courses for women</p>"
    )
    assert status(page, "en") == "up_to_date"

    services.text_save(
        actor=editor,
        item=page,
        language=lang("de"),
        title="Sprachkurse",
        body="<p>Deutschkurse für Frauen und Männer</p>",
    )
    assert status(page, "en") == "outdated"

    services.text_save(
        actor=editor,
        item=page,
        language=lang("en"),
        title="Language courses",
        body="<p>German courses for women and men</p>",
    )
    assert status(page, "en") == "up_to_date"
    with scope(region=guide_region):
        assert list(
            TranslationVersion.objects.filter(item=page, language__code="en").values_list("version", flat=True)
        ) == [2, 1]


def test_minor_edit_keeps_translations_current(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    services.text_save(actor=editor, item=page, language=lang("en"), title="Language courses")
    services.text_save(
        actor=editor,
        item=page,
        language=lang("de"),
        title="Sprachkurse",
        body="<p>Deutschkurse für Frauen.</p>",
        is_minor=True,
    )
    assert status(page, "en") == "up_to_date"
    page.refresh_from_db()
    assert page.source_major == 1


def test_translation_started_before_a_source_change_is_saved_as_outdated(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    services.text_save(actor=editor, item=page, language=lang("de"), title="Sprachkurse neu")
    # The translator opened the side-by-side view at source version 1 and saves now.
    services.text_save(actor=editor, item=page, language=lang("ar"), title="دورات اللغة", based_on_source=1)
    assert status(page, "ar") == "outdated"
    with pytest.raises(ValidationError):
        services.text_save(actor=editor, item=page, language=lang("ar"), title="x", based_on_source=7)


def test_machine_translation_is_labelled_until_a_person_approves(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    services.text_save(actor=editor, item=page, language=lang("uk"), title="Мовні курси", is_machine=True)
    assert status(page, "uk") == "machine"
    services.translation_approve(actor=editor, item=page, language=lang("uk"))
    assert status(page, "uk") == "up_to_date"
    services.text_save(actor=editor, item=page, language=lang("tr"), title="Dil kursları", for_review=True)
    assert status(page, "tr") == "in_review"


def test_status_for_a_whole_region_in_a_fixed_number_of_queries(
    editor, guide_region, lang, django_assert_max_num_queries
):
    pages = [make_page(editor, guide_region, title=f"Seite {i}") for i in range(12)]
    for page in pages[:5]:
        services.text_save(actor=editor, item=page, language=lang("en"), title="Page")
    services.text_save(actor=editor, item=pages[0], language=lang("de"), title="Seite 0 neu")
    with scope(region=guide_region), django_assert_max_num_queries(3):
        counts = translation_status_counts(region=guide_region)
    assert counts["de"] == {"up_to_date": 12, "outdated": 0, "machine": 0, "in_review": 0, "missing": 0}
    assert counts["en"] == {"up_to_date": 4, "outdated": 1, "machine": 0, "in_review": 0, "missing": 7}
    assert counts["ar"]["missing"] == 12
    with scope(region=guide_region), django_assert_max_num_queries(1):
        by_item = translation_status_map(region=guide_region)
    assert by_item[pages[0].pk] == {"de": "up_to_date", "en": "outdated"}


def test_html_is_cleaned_on_save(editor, guide_region, lang):
    page = make_page(
        editor,
        guide_region,
        body='<p onclick="x()">Hallo<script>alert(1)</script>'
        '<a href="javascript:alert(1)">a</a><a href="https://x.de">b</a></p>',
    )
    with scope(region=guide_region):
        body = Translation.objects.get(item=page, language__code="de").body
    assert (
        body == '<p>Hallo<a rel="noopener noreferrer">a</a><a href="https://x.de" rel="noopener noreferrer">b</a></p>'
    )


def test_page_tree_order_move_and_no_cycles(editor, guide_region, lang, django_assert_max_num_queries):
    make_page(editor, guide_region, title="Erste Anlaufstellen")
    courses = make_page(editor, guide_region, title="Sprachkurse")
    child = make_page(editor, guide_region, title="Integrationskurse", parent=courses)
    services.page_move(actor=editor, page=courses, parent=None, position=0)
    german = lang("de")
    with scope(region=guide_region), django_assert_max_num_queries(2):
        tree = page_tree(region=guide_region, language=german)
    assert [(n.translation.title, [c.translation.title for c in n.children]) for n in tree] == [
        ("Sprachkurse", ["Integrationskurse"]),
        ("Erste Anlaufstellen", []),
    ]
    with pytest.raises(ValidationError):
        services.page_move(actor=editor, page=courses, parent=child, position=0)
    with scope(region=guide_region):
        assert page_tree(region=guide_region, language=lang("en"))[0].translation is None


def test_archive_takes_the_subtree_and_restore_brings_it_back(editor, guide_region):
    parent = make_page(editor, guide_region, title="Familie")
    child = make_page(editor, guide_region, title="Kita", parent=parent)
    services.item_set_status(actor=editor, item=parent, status="archived")
    child.refresh_from_db()
    assert child.status == "archived"
    services.item_set_status(actor=editor, item=parent, status="draft")
    child.refresh_from_db()
    assert child.status == "draft"


def test_restoring_a_version_makes_a_new_version(editor, guide_region, lang):
    page = make_page(editor, guide_region, title="Alt")
    services.text_save(actor=editor, item=page, language=lang("de"), title="Neu")
    with scope(region=guide_region):
        first = TranslationVersion.objects.get(item=page, language__code="de", version=1)
    services.version_restore(actor=editor, version=first)
    with scope(region=guide_region):
        current = Translation.objects.get(item=page, language__code="de")
    assert (current.title, current.version) == ("Alt", 3)


def test_every_change_is_audited_and_advances_the_change_counter(editor, guide_region, lang):
    page = make_page(editor, guide_region)
    first = page.change_seq
    services.text_save(actor=editor, item=page, language=lang("en"), title="Courses")
    page.refresh_from_db()
    assert page.change_seq > first
    with scope(region=guide_region):
        actions = list(
            AuditEntry.objects.filter(target_type="guide.page", target_id=str(page.pk)).values_list("action", flat=True)
        )
    assert sorted(actions) == ["guide.page.created", "guide.page.text_saved"]


@pytest.mark.parametrize("role", ["staff", "read_only"])
def test_only_editors_and_coordinators_edit(member, guide_region, role):
    with pytest.raises(PermissionDenied):
        services.item_create(actor=member(role, region=guide_region), region=guide_region, model=Page, title="x")


def test_bad_input_saves_nothing(editor, guide_region, lang):
    with pytest.raises(ValidationError) as info:
        services.item_create(actor=editor, region=guide_region, model=Page, title="  ")
    assert list(info.value.message_dict) == ["title"]
    page = make_page(editor, guide_region)
    with pytest.raises(ValidationError):
        services.text_save(actor=editor, item=page, language=lang("ru"), title="Курсы")  # not offered
    with scope(region=guide_region):
        assert Page.objects.count() == 1
        assert Translation.objects.filter(item=page).count() == 1


def test_slugs_are_unique_per_language_and_avoid_the_guides_own_paths(editor, guide_region, lang):
    a = make_page(editor, guide_region, title="Beratung")
    b = make_page(editor, guide_region, title="Beratung")
    c = make_page(editor, guide_region, title="Events")
    d = make_page(editor, guide_region, title="دورات اللغة")
    with scope(region=guide_region):
        slugs = [Translation.objects.get(item=p, language__code="de").slug for p in (a, b, c, d)]
    assert slugs == ["beratung", "beratung-2", "events-2", "دورات-اللغة"]
