import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from wegweiser.accounts import services
from wegweiser.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def with_two_factor(user) -> TOTPDevice:
    device = services.two_factor_device_start(user=user)
    services.two_factor_confirm(user=user, device=device, token=current_code(device))
    device.refresh_from_db()
    return device


def login(client, email, password=PASSWORD, **meta):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **meta)


def test_login_with_email_is_case_insensitive_and_lands_in_workspace(client, member, region):
    member("staff", email="anna@example.org")
    response = login(client, "Anna@Example.org")
    assert response.status_code == 302
    assert response.url == "/app/"
    assert client.get("/app/").url == f"/app/{region.slug}/"


def test_wrong_password_shows_error_in_german(client, member):
    member("staff", email="anna@example.org")
    response = login(client, "anna@example.org", "wrong password")
    assert response.status_code == 200
    assert "E-Mail-Adresse und Passwort passen nicht zusammen." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_out_after_five_failed_logins(client, member):
    member("staff", email="anna@example.org")
    for _ in range(4):
        assert login(client, "anna@example.org", "wrong").status_code == 200
    response = login(client, "anna@example.org", "wrong")
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    # Even the right password is refused while locked out.
    response = login(client, "anna@example.org")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_is_per_account_and_address(client, member):
    member("staff", email="anna@example.org")
    member("staff", email="ben@example.org")
    for _ in range(5):
        login(client, "anna@example.org", "wrong")
    assert login(client, "ben@example.org").status_code == 302
    other_address = login(client.__class__(REMOTE_ADDR="10.9.9.9"), "anna@example.org")
    assert other_address.status_code == 302


def test_two_factor_login_needs_the_current_code(client, member):
    user = member("staff", email="anna@example.org")
    device = with_two_factor(user)
    response = login(client, "anna@example.org")
    assert response.url == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(reverse("accounts:login_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "Dieser Code ist nicht gültig." in response.content.decode()
    assert "_auth_user_id" not in client.session
    # django-otp throttles after a failure; move past it as a person would by waiting. The
    # code used to confirm the set-up cannot be replayed: the app shows the next one by then.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(reverse("accounts:login_verify"), {"token": current_code(device)}).status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:login_verify"), {"token": current_code(device, offset=1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_backup_code_signs_in_once(client, member):
    user = member("staff", email="anna@example.org")
    device = services.two_factor_device_start(user=user)
    codes = services.two_factor_confirm(user=user, device=device, token=current_code(device))
    assert len(codes) == 10
    login(client, "anna@example.org")
    assert client.post(reverse("accounts:login_verify"), {"token": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(token=codes[0]).exists() is False
    client.logout()
    login(client, "anna@example.org")
    response = client.post(reverse("accounts:login_verify"), {"token": codes[0]})
    assert response.status_code == 200


def test_verify_step_without_password_step_goes_back_to_login(client):
    response = client.get(reverse("accounts:login_verify"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


def test_set_up_two_factor_through_the_pages(client, member):
    user = member("staff", email="anna@example.org")
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "12"})
    assert response.status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    with scope(region=None):
        [entry] = AuditEntry.objects.filter(action="accounts.two_factor.enabled")
    assert (entry.actor, entry.target_id, entry.is_personal_data) == (user, str(user.pk), True)


def test_region_requiring_two_factor_sends_members_to_set_up(client, member, region):
    user = member("staff")
    region.requires_two_factor = True
    region.save()
    client.force_login(user)
    response = client.get(f"/app/{region.slug}/")
    assert response.status_code == 302
    assert response.url == f"/accounts/two-factor/?next=%2Fapp%2F{region.slug}%2F"
    # After setting it up in this session, the region opens.
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert client.get(f"/app/{region.slug}/").status_code == 200


def test_two_factor_cannot_be_turned_off_where_a_region_requires_it(client, member, region):
    user = member("staff")
    with_two_factor(user)
    region.requires_two_factor = True
    region.save()
    client.force_login(user)
    response = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD}, follow=True)
    assert "Eine Region, in der Sie arbeiten, verlangt die Zwei-Faktor-Authentifizierung" in (response.content.decode())
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    region.requires_two_factor = False
    region.save()
    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=user).count() == 0


def test_password_reset_by_email(client, member):
    member("staff", email="anna@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Wegweiser: neues Passwort wählen"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert response.url == reverse("accounts:password_reset_complete")
    assert login(client, "anna@example.org", "a new long passphrase").status_code == 302
    with scope(region=None):
        assert AuditEntry.objects.filter(action="accounts.user.password_reset").count() == 1


def test_password_change_is_audited_without_the_password(client, member):
    user = member("staff")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.url == reverse("accounts:profile")
    with scope(region=None):
        [entry] = AuditEntry.objects.filter(action="accounts.user.password_changed")
    assert (entry.actor, entry.changes) == (user, {})


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_profile_change_is_audited_as_personal_data(client, member):
    user = member("staff", full_name="Anna A")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Anna Beispiel", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Anna Beispiel", "en")
    with scope(region=None):
        [entry] = AuditEntry.objects.filter(action="accounts.user.profile_changed")
    assert entry.is_personal_data is True
    assert entry.changes == {
        "full_name": {"before": "Anna A", "after": "Anna Beispiel"},
        "language": {"before": "de", "after": "en"},
    }
    assert response.cookies["wegweiser_language"].value == "en"


def test_personal_data_export(client, member, region):
    user = member("editor", email="anna@example.org", full_name="Anna", communes=["06438001"])
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Disposition"] == 'attachment; filename="wegweiser-personal-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["two_factor"] is False
    assert [(m["region"], m["role"], m["communes"]) for m in data["memberships"]] == [
        ("Kreis Offenbach", "editor", ["Dietzenbach"])
    ]


def test_language_switch_is_remembered_for_the_user(client, member):
    user = member("staff")
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/app/"})
    assert response.url == "/app/"
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("accounts:profile"))
    assert '<html lang="en"' in page.content.decode()
    assert "Your account" in page.content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_locked_out_account_cannot_pass_the_code_step_either(client, member):
    user = member("staff", email="anna@example.org")
    device = with_two_factor(user)
    login(client, "anna@example.org")
    for _ in range(5):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
        client.post(reverse("accounts:login_verify"), {"token": "abcdef"})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:login_verify"), {"token": current_code(device, offset=1)})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_client_address_behind_the_proxy_counts(client, member, settings):
    """Behind nginx every request comes from 127.0.0.1; X-Forwarded-For tells clients apart."""
    settings.PROXY_COUNT = 1
    member("staff", email="anna@example.org")
    for _ in range(5):
        login(
            client, "anna@example.org", "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5"
        )
    assert (
        login(
            client, "anna@example.org", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5"
        ).status_code
        == 429
    )
    assert (
        login(
            client, "anna@example.org", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7"
        ).status_code
        == 302
    )
