"""Every guide editor view × every kind of user: who gets the page, who is refused (403),
who must not even learn that it exists (404), who is sent to log in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_scopes import scope, scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, EventCategory, Feedback, Page, RegionLanguage, Translation
from wegweiser.tenancy.models import Membership

pytestmark = pytest.mark.django_db

ALL = ("coordinator", "staff", "editor", "read_only", "ministry")
EDITORS = ("coordinator", "editor")


@dataclass(frozen=True)
class View:
    name: str
    path: str  # {r}: region slug, {p}: a page's id, {f}: a feedback entry's id
    method: str
    allowed: tuple[str, ...]
    ok: int = 200


VIEWS = [
    View("overview", "/app/{r}/guide/", "get", ALL),
    View("archived", "/app/{r}/guide/archived/", "get", ALL),
    View("feedback", "/app/{r}/guide/feedback/", "get", ALL),
    View("feedback-read", "/app/{r}/guide/feedback/{f}/read/", "post", EDITORS, 302),
    View("event-categories", "/app/{r}/guide/event-categories/", "get", EDITORS),
    View("event-categories-post", "/app/{r}/guide/event-categories/", "post", EDITORS, 302),
    View("language-todo", "/app/{r}/guide/translations/en/", "get", ALL),
    View("languages", "/app/{r}/guide/languages/", "get", ("coordinator",)),
    View("languages-post", "/app/{r}/guide/languages/", "post", ("coordinator",), 302),
    View("language-change", "/app/{r}/guide/languages/en/", "post", ("coordinator",), 302),
    View("bulk", "/app/{r}/guide/bulk/", "post", EDITORS, 302),
    View("create", "/app/{r}/guide/new/page/", "get", EDITORS),
    View("create-post", "/app/{r}/guide/new/page/", "post", EDITORS, 302),
    View("edit", "/app/{r}/guide/items/{p}/", "get", ALL),
    View("edit-post", "/app/{r}/guide/items/{p}/", "post", EDITORS, 302),
    View("status", "/app/{r}/guide/items/{p}/status/", "post", EDITORS, 302),
    View("page-move", "/app/{r}/guide/items/{p}/move/", "post", EDITORS, 302),
    View("translate", "/app/{r}/guide/items/{p}/en/", "get", ALL),
    View("translate-post", "/app/{r}/guide/items/{p}/en/", "post", EDITORS, 302),
    View("approve", "/app/{r}/guide/items/{p}/ar/approve/", "post", EDITORS, 302),
    View("history", "/app/{r}/guide/items/{p}/de/history/", "get", ALL),
    View("diff", "/app/{r}/guide/items/{p}/de/history/1/", "get", ALL),
    View("restore", "/app/{r}/guide/items/{p}/de/history/1/restore/", "post", EDITORS, 302),
    View("preview", "/app/{r}/guide/preview/ar/", "post", EDITORS),
]

POST_DATA = {
    "languages-post": {"language": "{ru}"},
    "language-change": {"action": "hide"},
    "feedback-read": {"action": "read"},
    "event-categories-post": {"german_name": "Sprachcafé"},
    "page-move": {"direction": "down"},
    "bulk": {"action": "publish", "items": "{p}"},
    "create-post": {"title": "Neue Seite"},
    "edit-post": {"title": "Sprachkurse neu"},
    "status": {"status": "published"},
    "translate-post": {"title": "Language courses", "based_on_source": "1"},
    "preview": {"title": "دورات اللغة", "body": "<p>نص</p>"},
}
CHANGES = {  # what a refused request must not have done
    "bulk": lambda s: s["page"].status == "draft",
    "create-post": lambda s: ContentItem.objects.count() == 2,
    "edit-post": lambda s: Translation.objects.get(item=s["page"], language__code="de").title == "Sprachkurse",
    "status": lambda s: s["page"].status == "draft",
    "translate-post": lambda s: not Translation.objects.filter(language__code="en").exists(),
    "approve": lambda s: Translation.objects.get(item=s["page"], language__code="ar").status == "machine",
    "restore": lambda s: Translation.objects.get(item=s["page"], language__code="de").version == 2,
    "languages-post": lambda s: not RegionLanguage.objects.filter(language__code="ru").exists(),
    "language-change": lambda s: RegionLanguage.objects.get(region=s["page"].region, language__code="en").is_visible,
    "feedback-read": lambda s: not Feedback.objects.get(pk=s["f"]).is_read,
    "event-categories-post": lambda s: not EventCategory.objects.exists(),
    "page-move": lambda s: Page.objects.get(pk=s["p"]).position == 0,
}


@pytest.fixture
def setting(guide_region, member, lang):
    """A page with two German versions and a machine translation into Arabic, a second page
    after it, and a visitor's feedback."""
    coordinator = member("coordinator", region=guide_region, email="coord@example.org")
    page = services.item_create(actor=None, region=guide_region, model=Page, title="Sprachkurse")
    services.text_save(actor=None, item=page, language=lang("de"), title="Sprachkurse", is_minor=True)
    services.text_save(actor=None, item=page, language=lang("ar"), title="دورات اللغة", is_machine=True)
    services.item_create(actor=None, region=guide_region, model=Page, title="Beratung", position=1)
    feedback = services.feedback_submit(region=guide_region, item=page, language=lang("ar"), is_helpful=True)
    return {
        "r": guide_region.slug,
        "p": page.pk,
        "f": feedback.pk,
        "ru": lang("ru").pk,
        "page": page,
        "coordinator": coordinator,
    }


def _user_for(kind, region, other_region, member, user_factory, setting):
    if kind == "anonymous":
        return None
    if kind == "coordinator":
        return setting["coordinator"]
    if kind == "ministry":
        return user_factory(is_ministry=True)
    if kind == "other-region-editor":
        return member("editor", region=other_region)
    if kind == "no-membership":
        return user_factory()
    if kind == "deactivated":
        user = member("editor", region=region)
        with scopes_disabled():
            Membership.objects.filter(user=user).update(is_active=False)
        return user
    return member(kind, region=region)


def _data(view, setting):
    return {k: v.format(**setting) for k, v in POST_DATA.get(view.name, {}).items()}


KINDS = [*ALL, "other-region-editor", "no-membership", "deactivated", "anonymous"]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
@pytest.mark.parametrize("kind", KINDS)
def test_role_view_matrix(client, guide_region, other_region, member, user_factory, setting, view, kind):
    user = _user_for(kind, guide_region, other_region, member, user_factory, setting)
    if user is not None:
        client.force_login(user)
    response = getattr(client, view.method)(view.path.format(**setting), _data(view, setting))
    if kind == "anonymous":
        expected = 302
    elif kind in view.allowed:
        expected = view.ok
    elif kind in ALL:
        expected = 403
    else:
        expected = 404
    assert response.status_code == expected, (kind, view.name, response.status_code)
    if kind == "anonymous":
        assert response.url.startswith("/accounts/login/?next=")
    if expected != view.ok and view.name in CHANGES:
        setting["page"].refresh_from_db()
        with scope(region=guide_region):
            assert CHANGES[view.name](setting), (kind, view.name)


@pytest.mark.parametrize("view", [v for v in VIEWS if "{p}" in v.path or "{f}" in v.path], ids=lambda v: v.name)
def test_item_ids_of_another_region_answer_404_even_to_its_editors(client, other_region, member, lang, setting, view):
    """An editor of Offenbach am Main asks for Kreis Offenbach's page or feedback via her own
    region's URL."""
    services.region_language_add(actor=None, region=other_region, language=lang("de"), is_source=True)
    for code in ("en", "ar"):
        services.region_language_add(actor=None, region=other_region, language=lang(code))
    client.force_login(member("coordinator", region=other_region))
    path = view.path.format(**{**setting, "r": other_region.slug})
    response = getattr(client, view.method)(path, _data(view, setting))
    assert response.status_code == 404
    setting["page"].refresh_from_db()
    with scope(region=setting["page"].region):
        for name, unchanged in CHANGES.items():
            assert unchanged(setting), name


def test_the_workspace_menu_shows_the_guide_to_members_who_may_view_it(client, member, guide_region):
    client.force_login(member("staff", region=guide_region))
    html = client.get(f"/app/{guide_region.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="/app/{guide_region.slug}/guide/">Guide</a>' in html
    html = client.get(f"/app/{guide_region.slug}/guide/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="/app/{guide_region.slug}/guide/" aria-current="page">Guide</a>' in html
