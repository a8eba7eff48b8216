"""Every region view × every kind of user: who gets the page, who is refused (403),
who must not even learn that it exists (404), who is sent to log in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import scopes_disabled

from wegweiser.tenancy import services
from wegweiser.tenancy.models import Membership

pytestmark = pytest.mark.django_db

ALL = ("coordinator", "staff", "editor", "read_only", "ministry")


@dataclass(frozen=True)
class View:
    name: str
    path: str  # {r}: region slug, {m}: a membership id, {i}: an invitation id
    method: str
    allowed: tuple[str, ...]
    ok: int = 200


VIEWS = [
    View("dashboard", "/app/{r}/", "get", ALL),
    View("members", "/app/{r}/members/", "get", ALL),
    View("invite", "/app/{r}/members/invite/", "get", ("coordinator",)),
    View("invite-post", "/app/{r}/members/invite/", "post", ("coordinator",), 302),
    View("membership-edit", "/app/{r}/members/{m}/", "get", ("coordinator",)),
    View("membership-edit-post", "/app/{r}/members/{m}/", "post", ("coordinator",), 302),
    View("membership-active", "/app/{r}/members/{m}/active/", "post", ("coordinator",), 302),
    View("invitation-revoke", "/app/{r}/members/invitations/{i}/revoke/", "post", ("coordinator",), 302),
    View("settings", "/app/{r}/settings/", "get", ("coordinator",)),
    View("settings-post", "/app/{r}/settings/", "post", ("coordinator",), 302),
    View("audit-log", "/app/{r}/audit/", "get", ("coordinator",)),
]

POST_DATA = {
    "invite-post": {"email": "new@example.org", "role": "staff"},
    "membership-edit-post": {"role": "editor"},
    "membership-active": {"is_active": "0"},
    "settings-post": {"requires_two_factor": ""},
}


@pytest.fixture
def setting(region, member, user_factory):
    """A region with a coordinator, a staff member (the target of member views) and an
    open invitation."""
    coordinator = member("coordinator", email="coord@example.org")
    target = member("staff", email="target@example.org")
    invitation = services.invitation_create(actor=coordinator, region=region, email="open@example.org", role="staff")
    with scopes_disabled():
        membership = Membership.objects.get(user=target)
    return {"r": region.slug, "m": membership.pk, "i": invitation.pk, "coordinator": coordinator}


def _user_for(kind, region, other_region, member, user_factory, setting):
    if kind == "anonymous":
        return None
    if kind == "coordinator":
        return setting["coordinator"]
    if kind == "ministry":
        return user_factory(is_ministry=True)
    if kind == "other-region-coordinator":
        return member("coordinator", region=other_region)
    if kind == "platform-admin":
        return user_factory(is_superuser=True)
    if kind == "no-membership":
        return user_factory()
    if kind == "deactivated":
        user = member("staff", region=region)
        with scopes_disabled():
            Membership.objects.filter(user=user).update(is_active=False)
        return user
    return member(kind, region=region)


KINDS = [*ALL, "other-region-coordinator", "platform-admin", "no-membership", "deactivated", "anonymous"]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
@pytest.mark.parametrize("kind", KINDS)
def test_role_view_matrix(client, region, other_region, member, user_factory, setting, view, kind):
    user = _user_for(kind, region, other_region, member, user_factory, setting)
    if user is not None:
        client.force_login(user)
    path = view.path.format(**setting)
    response = getattr(client, view.method)(path, POST_DATA.get(view.name, {}))
    if kind == "anonymous":
        expected = 302
    elif kind in view.allowed:
        expected = view.ok
    elif kind in ALL:
        expected = 403  # a member (or the ministry) without the permission
    else:
        expected = 404  # not this user's region: its existence is not revealed
    assert response.status_code == expected, (kind, view.name, response.status_code)
    if kind == "anonymous":
        assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("view", [v for v in VIEWS if "{m}" in v.path or "{i}" in v.path], ids=lambda v: v.name)
def test_ids_of_another_region_answer_404_even_to_its_coordinator(client, other_region, member, setting, view):
    """A coordinator of Offenbach am Main asks for Kreis Offenbach's records via her own region's URL."""
    outsider = member("coordinator", region=other_region)
    client.force_login(outsider)
    path = view.path.format(r=other_region.slug, m=setting["m"], i=setting["i"])
    response = getattr(client, view.method)(path, POST_DATA.get(view.name, {}))
    assert response.status_code == 404
    with scopes_disabled():
        assert Membership.objects.get(pk=setting["m"]).role == "staff"
        assert Membership.objects.get(pk=setting["m"]).is_active is True


def test_unknown_region_is_404(client, member):
    client.force_login(member("coordinator"))
    assert client.get("/app/no-such-region/").status_code == 404


def test_django_admin_only_for_platform_administrators(client, member, user_factory):
    client.force_login(member("coordinator"))
    assert client.get("/admin/").status_code == 302
    client.force_login(user_factory(is_ministry=True))
    assert client.get("/admin/").status_code == 302
    client.force_login(user_factory(is_superuser=True))
    assert client.get("/admin/").status_code == 200
    for path in [
        "/admin/accounts/user/",
        "/admin/tenancy/region/",
        "/admin/tenancy/commune/",
        "/admin/tenancy/membership/",
        "/admin/audit/auditentry/",
    ]:
        assert client.get(path).status_code == 200, path


def test_anonymous_user_has_no_region_access(region):
    from wegweiser.tenancy.selectors import region_access_get

    assert region_access_get(user=AnonymousUser(), region=region) is None


def test_admin_log_in_goes_through_wegweiser_log_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


def test_admin_needs_the_second_factor_where_the_administrator_has_one(client, user_factory):
    from wegweiser.accounts import services
    from wegweiser.accounts.tests.test_login import current_code

    admin = user_factory(is_superuser=True)
    device = services.two_factor_device_start(user=admin)
    services.two_factor_confirm(user=admin, device=device, token=current_code(device))
    client.force_login(admin)  # password only: not verified
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/app/", "/accounts/profile/", "/accounts/profile/export/", "/accounts/two-factor/", "/accounts/password/"],
)
def test_personal_pages_need_a_log_in(client, hessen, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", ["/", "/about/", "/accounts/login/", "/accounts/password/reset/", "/healthz"])
def test_public_pages_need_no_log_in(client, hessen, path):
    assert client.get(path).status_code == 200
