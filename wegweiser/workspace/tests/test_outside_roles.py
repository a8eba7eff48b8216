"""People from outside the office (requesting institutions, mediators) start in their own
part of the region and are not offered as roles in the office's member form."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "home"),
    [("requester", "sprachpool/my/requests/"), ("mediator", "sprachpool/me/")],
)
def test_region_start_sends_outside_roles_to_their_part(client, member, role, home):
    client.force_login(member(role))
    response = client.get("/app/kreis-offenbach/")
    assert (response.status_code, response["Location"]) == (302, f"/app/kreis-offenbach/{home}")


@pytest.mark.parametrize("role", ["requester", "mediator"])
def test_outside_roles_see_no_office_pages(client, member, role):
    client.force_login(member(role))
    for url in ["members/", "audit/", "settings/", "guide/"]:
        assert client.get(f"/app/kreis-offenbach/{url}").status_code == 403, url


def test_office_member_form_offers_only_office_roles(client, member):
    client.force_login(member("coordinator"))
    html = client.get("/app/kreis-offenbach/members/invite/").content.decode()
    assert 'value="coordinator"' in html
    assert 'value="requester"' not in html
    assert 'value="mediator"' not in html
    response = client.post("/app/kreis-offenbach/members/invite/", {"email": "x@example.org", "role": "mediator"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
