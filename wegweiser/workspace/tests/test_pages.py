import re

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from wegweiser.audit.models import AuditEntry
from wegweiser.audit.services import audit_record
from wegweiser.tenancy import services
from wegweiser.tenancy.models import Commune, Invitation, Membership

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_regions_communes_and_members_only(client, region, other_region, member):
    me = member("staff", full_name="Mia Mitarbeit", communes=["06438011"])
    member("coordinator", full_name="Kora Koordination")
    member("coordinator", region=other_region, full_name="Otto Anderswo")
    client.force_login(me)
    html = client.get(f"/app/{region.slug}/").content.decode()
    assert 'data-testid="commune-count">13<' in html
    assert "Rodgau" in html
    assert "Seligenstadt" in html
    assert "Offenbach am Main</td>" not in html
    assert "Kora Koordination" in html
    assert "Otto Anderswo" not in html
    assert 'data-testid="member-count">2<' in html
    assert "beschränkt auf Rodgau" in html


def test_members_list_never_shows_another_regions_members_or_invitations(client, region, other_region, member):
    coordinator = member("coordinator", email="coord@example.org")
    member("staff", region=other_region, email="elsewhere@example.org")
    other_coord = member("coordinator", region=other_region)
    services.invitation_create(
        actor=other_coord, region=other_region, email="invited-elsewhere@example.org", role="staff"
    )
    here = services.invitation_create(actor=coordinator, region=region, email="invited-here@example.org", role="staff")
    client.force_login(coordinator)
    html = client.get(f"/app/{region.slug}/members/").content.decode()
    assert "coord@example.org" in html
    assert "invited-here@example.org" in html
    assert f'value="http://127.0.0.1:8000/invitation/{here.token}/"' in html
    assert "elsewhere@example.org" not in html


def test_audit_log_never_shows_another_regions_entries(client, region, other_region, member):
    coordinator = member("coordinator")
    audit_record(actor=coordinator, action="test.here.done", region=region)
    audit_record(actor=coordinator, action="test.there.done", region=other_region)
    audit_record(actor=coordinator, action="test.nowhere.done")
    client.force_login(coordinator)
    html = client.get(f"/app/{region.slug}/audit/").content.decode()
    assert "test.here.done" in html
    assert "test.there.done" not in html
    assert "test.nowhere.done" not in html


def test_invite_through_the_form(client, region, member, django_capture_on_commit_callbacks):
    client.force_login(member("coordinator"))
    with scopes_disabled():
        rodgau = Commune.objects.get(ags="06438011")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/app/{region.slug}/members/invite/",
            {"email": "neu@example.org", "role": "editor", "communes": [rodgau.pk]},
        )
    assert response.status_code == 302
    assert response.url == f"/app/{region.slug}/members/"
    with scope(region=region):
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role, [c.name for c in invitation.communes.all()]) == (
            "neu@example.org",
            "editor",
            ["Rodgau"],
        )
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "member@example.org", "role": "staff"}, "email", "Diese Person ist bereits Mitglied dieser Region."),
        ({"email": "x@example.org", "role": "ministry"}, "role", "Bitte wählen Sie eine der angebotenen Rollen."),
        ({"email": "kein-e-mail", "role": "staff"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
        (
            {"email": "x@example.org", "role": "staff", "communes": ["OTHER"]},
            "communes",
            "Bitte wählen Sie nur Kommunen dieser Region.",
        ),
    ],
    ids=["already-member", "role-outside-set", "bad-email", "commune-of-other-region"],
)
def test_invite_bad_input_shows_error_and_saves_nothing(client, region, member, data, field, message):
    client.force_login(member("coordinator"))
    member("staff", email="member@example.org")
    if data.get("communes") == ["OTHER"]:
        with scopes_disabled():
            data = {**data, "communes": [Commune.objects.get(ags="06413000").pk]}
    response = client.post(f"/app/{region.slug}/members/invite/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    with scope(region=region):
        assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_change_role_and_deactivate_through_the_pages(client, region, member):
    coordinator = member("coordinator")
    staff = member("staff")
    with scopes_disabled():
        membership = Membership.objects.get(user=staff)
    client.force_login(coordinator)
    response = client.post(f"/app/{region.slug}/members/{membership.pk}/", {"role": "read_only"})
    assert response.status_code == 302
    response = client.post(f"/app/{region.slug}/members/{membership.pk}/active/", {"is_active": "0"}, follow=True)
    assert "wurde deaktiviert" in response.content.decode()
    with scopes_disabled():
        membership.refresh_from_db()
    assert (membership.role, membership.is_active) == ("read_only", False)
    # Deactivated: the region is gone for that person.
    client.force_login(staff)
    assert client.get(f"/app/{region.slug}/").status_code == 404


def test_audit_log_filters(client, region, member):
    coordinator = member("coordinator", full_name="Kora")
    staff = member("staff", full_name="Sam")
    audit_record(actor=coordinator, action="tenancy.membership.changed", region=region)
    audit_record(actor=staff, action="tenancy.invitation.created", region=region)
    audit_record(actor=coordinator, action="tenancy.region.settings_changed", region=region)
    client.force_login(coordinator)
    url = f"/app/{region.slug}/audit/"

    def actions(query):
        return [e.action for e in client.get(url, query).context["page"]]

    assert actions({}) == [
        "tenancy.region.settings_changed",
        "tenancy.invitation.created",
        "tenancy.membership.changed",
    ]
    assert actions({"action": "tenancy.membership"}) == ["tenancy.membership.changed"]
    assert actions({"actor": staff.pk}) == ["tenancy.invitation.created"]
    assert actions({"text": "Sam"}) == []  # text searches targets and actor e-mail, not names
    assert actions({"date_from": "2000-01-01", "date_to": "2000-01-02"}) == []
    response = client.get(url, {"date_from": "2030-01-02", "date_to": "2030-01-01"})
    assert response.context["form"].errors == {"date_to": ["Das Enddatum liegt vor dem Startdatum."]}


def test_region_switcher_lists_only_own_regions(client, region, other_region, member):
    user = member("staff")
    with scopes_disabled():
        Membership.objects.create(user=user, region=other_region, role="read_only")
    client.force_login(user)
    assert client.get("/app/").status_code == 200  # two regions: a choice
    html = client.get(f"/app/{other_region.slug}/").content.decode()
    switcher = html[html.index('<details class="menu region-switcher">') : html.index("</details>")]
    assert re.findall(r'<a href="(/app/[^"]+)"( aria-current="page")?>([^<]+)</a>', switcher) == [
        (f"/app/{region.slug}/", "", "Kreis Offenbach"),
        (f"/app/{other_region.slug}/", ' aria-current="page"', "Offenbach am Main"),
    ]
    # The last region worked in is where the next visit lands.
    assert client.get("/app/").url == f"/app/{other_region.slug}/"


def test_invitation_acceptance_as_new_user(client, region, member):
    coordinator = member("coordinator")
    invitation = services.invitation_create(actor=coordinator, region=region, email="neu@example.org", role="editor")
    url = f"/invitation/{invitation.token}/"
    response = client.post(url, {"full_name": "Nora Neu", "password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"][0].startswith("Dieses Passwort ist zu kurz.")
    response = client.post(
        url, {"full_name": "Nora Neu", "password1": "ein langes Passwort", "password2": "ein langes Passwort"}
    )
    assert response.status_code == 302
    assert response.url == f"/app/{region.slug}/"
    with scope(region=region):
        membership = Membership.objects.get(user__email="neu@example.org")
    assert membership.role == "editor"
    assert client.get(url).status_code == 410


def test_invitation_for_existing_account_asks_to_sign_in(client, region, member, user_factory):
    coordinator = member("coordinator")
    user_factory(email="da@example.org")
    invitation = services.invitation_create(actor=coordinator, region=region, email="da@example.org", role="staff")
    response = client.get(f"/invitation/{invitation.token}/")
    assert response.context["must_sign_in"] is True
    client.force_login(member("staff", region=region, email="jemand@example.org"))
    response = client.post(f"/invitation/{invitation.token}/")
    assert response.context["wrong_account"] is True
    with scope(region=region):
        assert not Membership.objects.filter(user__email="da@example.org").exists()


def test_unknown_invitation_token_is_gone(client, hessen):
    response = client.get("/invitation/nope/")
    assert response.status_code == 410
    assert "Dieser Einladungslink ist nicht gültig." in response.content.decode()


def test_entries_written_by_services_are_region_scoped(region, member):
    coordinator = member("coordinator")
    services.region_settings_update(actor=coordinator, region=region, requires_two_factor=True)
    with scope(region=region):
        assert AuditEntry.objects.count() == 1


def test_figures_are_written_the_german_way(client, region, member):
    client.force_login(member("staff"))
    html = client.get(f"/app/{region.slug}/").content.decode()
    assert '<span class="figure">362.137</span>' in html
    assert '<td class="num">34.928</td>' in html
