"""The applicant side over HTTP: an association registers on the public pages, confirms its
address, applies to an open call, saves drafts, submits, uploads documents, follows the
decision and hands in the proof of use. Nobody sees another organisation's application,
another region, or the office's documents without being part of it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.funding import services
from wegweiser.funding.models import Application, Attachment, CostItem, Organisation, OrganisationMember, ProofOfUse
from wegweiser.tenancy.models import Commune, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_earlier_registrations():
    """Registrations count against a limit per address (127.0.0.1 for every test): each test
    starts with none."""
    from django.core.cache import cache

    cache.clear()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url(region, rest=""):
    return f"/app/{region.slug}/funding/{rest}"


def public_url(region, rest=""):
    return f"/funding/{region.slug}/{rest}"


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def errors_of(html, field):
    """The error texts shown for ``field`` (Django's field group: errors with id ``id_<field>_error``)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def fetch(model, **filters):
    with scopes_disabled():
        return model.objects.get(**filters)


def count(model, **filters):
    with scopes_disabled():
        return model.objects.filter(**filters).count()


@pytest.fixture
def rana(grants):
    return client_for(grants.applicant)


def form_data(*, action="save", rows=None, answers=None, **overrides):
    """A filled-in application form whose cost plan adds up: 2,500 − 300 − 200 = 2,000."""
    data = {
        "action": action,
        "title": "Sprachcafé für Frauen",
        "summary": "Wöchentliches Sprachcafé mit Kinderbetreuung",
        "starts_on": "2026-03-01",
        "ends_on": "2026-11-30",
        "requested_amount": "2000.00",
        "q_goal": "Frauen kommen ins Gespräch",
        "q_target_group": "Frauen",
        "q_participants": "25",
        "q_remarks": "",
    }
    if answers is not None:
        data.update(answers)
    rows = (
        rows
        if rows is not None
        else [
            ("cost", "fees", "Honorar Kursleitung", "2300.00"),
            ("cost", "material", "Material", "200.00"),
            ("own", "other", "Eigenanteil Verein", "300.00"),
            ("third_party", "other", "Spende Sparkasse", "200.00"),
        ]
    )
    data.update(cost_rows(rows))
    data.update(overrides)
    return data


def cost_rows(rows, initial=0):
    data = {
        "costs-TOTAL_FORMS": str(len(rows)),
        "costs-INITIAL_FORMS": str(initial),
        "costs-MIN_NUM_FORMS": "0",
        "costs-MAX_NUM_FORMS": "60",
    }
    for i, (kind, category, description, planned) in enumerate(rows):
        data.update(
            {
                f"costs-{i}-kind": kind,
                f"costs-{i}-category": category,
                f"costs-{i}-description": description,
                f"costs-{i}-planned": planned,
            }
        )
    return data


def items_of(application):
    with scopes_disabled():
        return [
            (i.kind, i.category, i.description, i.planned)
            for i in CostItem.objects.filter(application=application).order_by("position")
        ]


def started(grants, title="Sprachcafé für Frauen"):
    return services.application_create(
        actor=grants.applicant, call=grants.call, organisation=grants.association, title=title
    )


# ----------------------------------------------------------------------------- public: calls and registration


def test_the_public_call_list_shows_the_regions_published_calls_open_ones_first(grants, other_region, client):
    with scopes_disabled():
        now = timezone.now()
        upcoming = services.call_save(
            actor=None,
            region=grants.region,
            line=grants.line,
            title="Mikroprojekte Herbst",
            opens_at=now + timedelta(days=40),
            closes_at=now + timedelta(days=70),
            is_published=True,
        )
        services.call_save(
            actor=None,
            region=grants.region,
            line=grants.line,
            title="Noch nicht veröffentlicht",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=5),
            is_published=False,
        )
    response = client.get(public_url(grants.region), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<h3 id="call-\d+">(.*?)</h3>', html) == ["Mikroprojekte 2026", upcoming.title]
    assert '<html lang="en"' in html
    assert "Kleine Projekte von Vereinen und Migrantenorganisationen" in html
    assert "3.000,00 €" in html
    assert f'href="{public_url(grants.region, "register/")}"' in html
    assert f'href="/accounts/login/?next=/app/{grants.region.slug}/funding/my/"' in html
    # Another region has no calls; an unknown region does not exist.
    assert re.findall(r'<h3 id="call-\d+">', client.get(public_url(other_region)).content.decode()) == []
    assert client.get("/funding/atlantis/").status_code == 404
    assert client.get("/funding/atlantis/register/").status_code == 404
    assert client.get("/funding/atlantis/activate/abc/").status_code == 404


def register_data(**overrides):
    with scopes_disabled():
        rodgau = Commune.objects.get(name="Rodgau")
    data = {
        "name": "Afghanischer Frauenverein Rodgau e.V.",
        "kind": "association",
        "commune": str(rodgau.pk),
        "address": "Hauptstraße 1, 63110 Rodgau",
        "register_number": "VR 4711",
        "contact_name": "Mariam Sadat",
        "email": "Mariam@Frauenverein.example",
        "phone": "06106 1234",
        "password1": "ein langes Passwort 2026",
        "password2": "ein langes Passwort 2026",
    }
    data.update(overrides)
    return data


def test_registering_creates_an_inactive_account_and_mails_the_activation_link(
    grants, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(public_url(grants.region, "register/"), register_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == public_url(grants.region, "register/sent/")
    sent = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "We have sent you an e-mail with a link" in sent

    user = User.objects.get(email="mariam@frauenverein.example")
    assert (user.is_active, user.full_name) == (False, "Mariam Sadat")
    organisation = fetch(Organisation, region=grants.region, name="Afghanischer Frauenverein Rodgau e.V.")
    assert (
        organisation.kind,
        organisation.commune.name,
        organisation.address,
        organisation.register_number,
        organisation.contact_name,
        organisation.email,
        organisation.phone,
    ) == (
        "association",
        "Rodgau",
        "Hauptstraße 1, 63110 Rodgau",
        "VR 4711",
        "Mariam Sadat",
        "mariam@frauenverein.example",
        "06106 1234",
    )
    assert fetch(OrganisationMember, organisation=organisation).user == user
    assert fetch(Membership, user=user).role == "applicant"

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["mariam@frauenverein.example"]
    # In the language of the page the registration was made on (here English).
    assert mail.subject == "Confirm your registration for funding in Kreis Offenbach"
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/funding/{grants.region.slug}/activate/[^/\s]+/)", mail.body)
    assert link is not None
    assert "Afghanischer Frauenverein Rodgau e.V." in mail.body

    # The link activates the account and offers the log-in.
    page = client.get(link.group(1), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "your e-mail address is confirmed" in page.content.decode()
    assert f'href="/accounts/login/?next=/app/{grants.region.slug}/funding/my/"' in page.content.decode()
    user.refresh_from_db()
    assert user.is_active is True


def test_a_bad_activation_link_says_so(grants, client):
    response = client.get(public_url(grants.region, "activate/not-a-token/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    found = re.search(r'data-testid="activation-error">(.*?)</p>', response.content.decode())
    assert found.group(1) == "This link is not valid or has expired. Please register again."


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        (
            {"email": "vorstand@kulturverein.example"},
            "email",
            "There is already an account with this address. Please sign in.",
        ),
        (
            {"name": "deutsch-syrischer kulturverein dietzenbach e.V."},
            "name",
            "This organisation is already registered; ask its members to add you.",
        ),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "This password is entirely numeric."),
        ({"password2": "ein anderes Passwort 2026"}, "password2", "The two passwords differ."),
        ({"email": "kein-e-mail"}, "email", "Enter a valid email address."),
        ({"kind": "club"}, "kind", "Select a valid choice. club is not one of the available choices."),
    ],
)
def test_bad_registrations_show_form_errors_and_create_nothing(grants, client, change, field, error):
    users = User.objects.count()
    response = client.post(public_url(grants.region, "register/"), register_data(**change), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert error in errors_of(response.content.decode(), field)
    assert User.objects.count() == users
    assert count(Organisation, region=grants.region) == 1


def test_registration_offers_only_the_regions_communes(grants, other_region, client):
    with scopes_disabled():
        offenbach = Commune.objects.get(region=other_region)
    response = client.post(
        public_url(grants.region, "register/"), register_data(commune=str(offenbach.pk)), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert errors_of(response.content.decode(), "commune") == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


# ----------------------------------------------------------------------------- applying


def test_the_list_shows_own_applications_and_the_open_calls(grants, rana, member):
    draft = grants.draft()
    with scopes_disabled():
        other = Organisation.objects.create(
            region=grants.region, name="Anderer Verein", kind="association", contact_name="X", email="x@example.org"
        )
    other_person = member("applicant", email="x@example.org")
    with scopes_disabled():
        OrganisationMember.objects.create(
            region=grants.region, organisation=other, email="x@example.org", user=other_person
        )
    services.application_create(actor=other_person, call=grants.call, organisation=other, title="Fremdes Projekt")

    html = rana.get(url(grants.region, "my/")).content.decode()
    table = html.split('data-testid="applications"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<a href="[^"]+">(F\d{4}-\d{3})</a>', table) == [draft.number]
    assert "Fremdes Projekt" not in html
    assert 'data-status="draft"' in table
    assert "2.000,00 €" in table
    assert f'action="{url(grants.region, f"my/new/{grants.call.pk}/")}"' in html


def test_apply_starts_a_draft(grants, rana):
    response = rana.post(
        url(grants.region, f"my/new/{grants.call.pk}/"), {"title": " Nähkurs ", "organisation": grants.association.pk}
    )
    application = fetch(Application, region=grants.region, title="Nähkurs")
    assert response.status_code == 302
    assert response["Location"] == url(grants.region, f"my/{application.pk}/")
    assert (application.status, application.organisation, application.created_by, application.line) == (
        "draft",
        grants.association,
        grants.applicant,
        grants.line,
    )
    page = rana.get(response["Location"])
    assert page.status_code == 200
    assert 'data-testid="application-form"' in page.content.decode()


def test_apply_without_a_title_is_a_form_error(grants, rana):
    response = rana.post(
        url(grants.region, f"my/new/{grants.call.pk}/"), {"title": "", "organisation": grants.association.pk}
    )
    assert response.status_code == 200
    assert errors_of(response.content.decode(), f"call{grants.call.pk}_title") == ["This field is required."]
    assert count(Application) == 0


def test_apply_to_a_closed_call_is_refused(grants, rana):
    with scopes_disabled():
        grants.call.closes_at = timezone.now() - timedelta(minutes=1)
        grants.call.save()
    response = rana.post(
        url(grants.region, f"my/new/{grants.call.pk}/"), {"title": "Zu spät", "organisation": grants.association.pk}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["This call is not open for applications."]
    assert count(Application) == 0


def test_a_call_for_other_kinds_of_organisation_is_not_offered(grants, rana):
    with scopes_disabled():
        grants.call.eligible_kinds = ["commune"]
        grants.call.save()
    assert 'data-testid="open-call"' not in rana.get(url(grants.region, "my/")).content.decode()
    response = rana.post(
        url(grants.region, f"my/new/{grants.call.pk}/"), {"title": "Nähkurs", "organisation": grants.association.pk}
    )
    assert messages_of(response) == ["Your kind of organisation may not apply to this call."]
    assert count(Application) == 0


def test_saving_a_draft_stores_the_answers_and_the_cost_plan_exactly(grants, rana):
    application = started(grants)
    response = rana.post(
        url(grants.region, f"my/{application.pk}/"),
        form_data(
            requested_amount="2.000,00",
            rows=[
                ("cost", "fees", "Honorar Kursleitung", "2300,50"),
                ("cost", "material", "Material", "199.50"),
                ("own", "other", "Eigenanteil Verein", "300"),
                ("third_party", "other", "Spende Sparkasse", "200.00"),
                ("cost", "other", "", ""),  # an empty row is skipped
            ],
            answers={"q_remarks": "Mit Kinderbetreuung", "q_participants": "25.5"},
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url(grants.region, f"my/{application.pk}/")
    assert messages_of(response) == ["Your draft has been saved."]
    application.refresh_from_db()
    assert (
        application.title,
        application.summary,
        application.starts_on,
        application.ends_on,
        application.requested_amount,
        application.status,
    ) == (
        "Sprachcafé für Frauen",
        "Wöchentliches Sprachcafé mit Kinderbetreuung",
        date(2026, 3, 1),
        date(2026, 11, 30),
        Decimal("2000.00"),
        "draft",
    )
    assert application.answers == {
        "goal": "Frauen kommen ins Gespräch",
        "target_group": "Frauen",
        "participants": "25.5",
        "remarks": "Mit Kinderbetreuung",
    }
    assert items_of(application) == [
        ("cost", "fees", "Honorar Kursleitung", Decimal("2300.50")),
        ("cost", "material", "Material", Decimal("199.50")),
        ("own", "other", "Eigenanteil Verein", Decimal("300.00")),
        ("third_party", "other", "Spende Sparkasse", Decimal("200.00")),
    ]
    # The page shows the saved sums and that they add up.
    html = rana.get(response["Location"]).content.decode()
    assert re.search(r'data-testid="sum-costs">(.*?)<', html).group(1) == "2.500,00 €"
    assert re.search(r'data-testid="sum-gap">(.*?)<', html).group(1) == "2.000,00 €"
    assert "The cost plan adds up." in html


def test_a_line_can_be_removed_and_rows_added_without_javascript(grants, rana):
    application = grants.draft()
    data = form_data(action="add_rows")
    data.update(
        cost_rows(
            [
                ("cost", "fees", "Honorar Kursleitung", "2300.00"),
                ("cost", "material", "Material", "200.00"),
                ("own", "other", "Eigenanteil Verein", "300.00"),
                ("third_party", "other", "Spende Sparkasse", "200.00"),
                ("cost", "other", "", ""),
            ],
            initial=4,
        )
    )
    data["costs-3-DELETE"] = "on"
    response = rana.post(url(grants.region, f"my/{application.pk}/"), data)
    assert response.status_code == 302
    assert response["Location"] == url(grants.region, f"my/{application.pk}/?rows=5#cost-plan")
    assert [row[2] for row in items_of(application)] == ["Honorar Kursleitung", "Material", "Eigenanteil Verein"]
    html = rana.get(url(grants.region, f"my/{application.pk}/?rows=5")).content.decode()
    assert 'name="costs-TOTAL_FORMS" value="8"' in html
    assert (
        "The cost plan does not add up yet: it leaves 2.200,00 € for the grant, but you apply for 2.000,00 €." in html
    )


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"requested_amount": "-5"}, "requested_amount", "Amounts cannot be negative."),
        ({"requested_amount": "12,345"}, "requested_amount", "Amounts have at most two decimal places (cents)."),
        ({"requested_amount": "viel"}, "requested_amount", "Enter an amount in euros, e.g. 1250,00."),
        ({"costs-1-planned": "-200.00"}, "costs-1-planned", "Amounts cannot be negative."),
        ({"costs-1-description": ""}, "costs-1-description", "Describe each line of the cost plan."),
        ({"ends_on": "2026-01-01"}, "ends_on", "The project must end after it starts."),
        (
            {"q_target_group": "Senioren"},
            "q_target_group",
            "Select a valid choice. Senioren is not one of the available choices.",
        ),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(grants, rana, change, field, error):
    application = grants.draft()
    before = items_of(application)
    response = rana.post(url(grants.region, f"my/{application.pk}/"), form_data(summary="Geändert", **change))
    html = response.content.decode()
    assert response.status_code == 200
    assert errors_of(html, field) == [error]
    assert messages_of(response) == ["Nothing has been saved. Please correct the marked entries."]
    assert 'data-testid="error-summary"' in html
    application.refresh_from_db()
    assert (application.summary, application.requested_amount) == (
        "Wöchentliches Sprachcafé mit Kinderbetreuung",
        Decimal("2000.00"),
    )
    assert items_of(application) == before


def test_submitting_a_cost_plan_that_does_not_add_up_keeps_the_draft_and_shows_why(grants, rana):
    application = started(grants)
    response = rana.post(
        url(grants.region, f"my/{application.pk}/"), form_data(action="submit", requested_amount="2100.00")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert messages_of(response) == [
        "Your draft has been saved, but it could not be submitted yet. Please see the notes below."
    ]
    expected = (
        "The cost plan does not add up: costs of 2.500,00 € minus own contribution 300,00 € and third-party funds "
        "200,00 € leave 2.000,00 €, but you apply for 2.100,00 €."
    )
    plan_errors = re.search(r'data-testid="plan-errors"><ul class="errorlist">(.*?)</ul>', html).group(1)
    assert re.findall(r"<li>(.*?)</li>", plan_errors) == [expected]
    application.refresh_from_db()
    assert (application.status, application.requested_amount) == ("draft", Decimal("2100.00"))
    assert len(items_of(application)) == 4


def test_submitting_without_required_answers_names_the_questions(grants, rana):
    application = started(grants)
    response = rana.post(
        url(grants.region, f"my/{application.pk}/"),
        form_data(action="submit", answers={"q_goal": "", "q_target_group": ""}),
    )
    html = response.content.decode()
    assert errors_of(html, "q_goal") == ["Please answer this question."]
    assert errors_of(html, "q_target_group") == ["Please answer this question."]
    application.refresh_from_db()
    assert application.status == "draft"


def test_submitting_after_the_deadline_is_refused(grants, rana):
    application = started(grants)
    with scopes_disabled():
        grants.call.closes_at = timezone.now() - timedelta(hours=1)
        grants.call.save()
    response = rana.post(url(grants.region, f"my/{application.pk}/"), form_data(action="submit"))
    html = response.content.decode()
    deadline = timezone.localtime(grants.call.closes_at).strftime("%d.%m.%Y %H:%M")
    assert response.status_code == 200
    assert f"The deadline of this call was {deadline}; applications can no longer be submitted." in html
    assert "This call is not open for applications at the moment" in html
    application.refresh_from_db()
    assert application.status == "draft"


def test_submitting_a_complete_application(grants, rana):
    application = started(grants)
    response = rana.post(url(grants.region, f"my/{application.pk}/"), form_data(action="submit"))
    assert response.status_code == 302
    assert messages_of(response) == [
        f"Application {application.number} has been submitted. The office will check it; you will be told by e-mail."
    ]
    application.refresh_from_db()
    assert (application.status, application.requested_amount) == ("submitted", Decimal("2000.00"))
    # Now read-only, with its timeline; a change is refused.
    html = rana.get(url(grants.region, f"my/{application.pk}/")).content.decode()
    assert 'data-testid="application-form"' not in html
    timeline = html.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<strong>(.*?)</strong>", timeline) == ["Draft started", "Submitted"]
    refused = rana.post(url(grants.region, f"my/{application.pk}/"), form_data(title="Anders"))
    assert messages_of(refused) == ["A submitted application can no longer be changed."]
    application.refresh_from_db()
    assert application.title == "Sprachcafé für Frauen"


def test_an_incomplete_application_shows_the_office_note_and_can_be_fixed(grants, rana):
    application = grants.submitted()
    services.application_check_completeness(
        actor=grants.staff, application=application, complete=False, note="Die Satzung fehlt."
    )
    html = rana.get(url(grants.region, f"my/{application.pk}/")).content.decode()
    assert 'data-testid="application-form"' in html
    assert (
        re.search(r'data-testid="completeness-note">(.*?)</div>', html, re.S).group(1).count("Die Satzung fehlt.") == 1
    )
    response = rana.post(url(grants.region, f"my/{application.pk}/"), form_data(action="submit"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"


def test_withdrawing(grants, rana):
    application = grants.submitted()
    response = rana.post(url(grants.region, f"my/{application.pk}/withdraw/"))
    assert response.status_code == 302
    assert messages_of(response) == [f"Application {application.number} has been withdrawn."]
    rana.get(response["Location"])  # shows (and so uses up) the message
    application.refresh_from_db()
    assert application.status == "withdrawn"
    again = rana.post(url(grants.region, f"my/{application.pk}/withdraw/"))
    assert messages_of(again) == ["A decided application cannot be withdrawn."]


# ----------------------------------------------------------------------------- documents


def test_an_uploaded_pdf_is_stored_and_served_to_the_organisation_and_the_office(grants, rana, member, other_region):
    application = grants.draft()
    response = rana.post(
        url(grants.region, f"my/{application.pk}/documents/"),
        {"file": SimpleUploadedFile("satzung.pdf", PDF, content_type="application/pdf"), "name": "Satzung"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["“Satzung” has been added."]
    attachment = fetch(Attachment, application=application)
    assert (attachment.name, attachment.for_proof, attachment.uploaded_by) == ("Satzung", False, grants.applicant)
    link = url(grants.region, f"attachments/{attachment.pk}/")
    assert f'href="{link}"' in rana.get(url(grants.region, f"my/{application.pk}/")).content.decode()

    for client in (rana, client_for(grants.coordinator), client_for(grants.staff)):
        download = client.get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"] == 'attachment; filename="satzung.pdf"'

    # Someone of another organisation, another region's office, a requester: it does not exist.
    stranger = member("applicant", email="fremd@example.org")
    with scopes_disabled():
        other = Organisation.objects.create(
            region=grants.region, name="Anderer Verein", kind="association", contact_name="X", email="fremd@example.org"
        )
        OrganisationMember.objects.create(region=grants.region, organisation=other, email=stranger.email, user=stranger)
    assert client_for(stranger).get(link).status_code == 404
    assert client_for(member("coordinator", region=other_region)).get(link).status_code == 404
    assert client_for(member("requester")).get(link).status_code == 404
    assert (
        client_for(member("coordinator", region=other_region))
        .get(f"/app/{other_region.slug}/funding/attachments/{attachment.pk}/")
        .status_code
        == 404
    )


def test_an_exe_is_refused_with_a_form_error(grants, rana):
    application = grants.draft()
    response = rana.post(
        url(grants.region, f"my/{application.pk}/documents/"),
        {"file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00", content_type="application/octet-stream")},
    )
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "file") == ["Allowed are PDF, images and office documents."]
    assert count(Attachment) == 0


# ----------------------------------------------------------------------------- who sees what


def test_another_organisations_application_is_404(grants, member):
    application = grants.draft()
    stranger = member("applicant", email="fremd@example.org")
    with scopes_disabled():
        other = Organisation.objects.create(
            region=grants.region, name="Anderer Verein", kind="association", contact_name="X", email="fremd@example.org"
        )
        OrganisationMember.objects.create(region=grants.region, organisation=other, email=stranger.email, user=stranger)
    client = client_for(stranger)
    for rest in ("", "withdraw/", "documents/", "proof/", "letter.pdf"):
        assert client.get(url(grants.region, f"my/{application.pk}/{rest}")).status_code in (404, 405)
        assert client.post(url(grants.region, f"my/{application.pk}/{rest}"), form_data()).status_code == 404
    application.refresh_from_db()
    assert application.status == "draft"


PAGES = [
    ("get", "my/"),
    ("get", "my/{id}/"),
    ("post", "my/{id}/"),
    ("get", "my/{id}/proof/"),
    ("get", "my/{id}/letter.pdf"),
    ("post", "my/new/{call}/"),
    ("post", "my/{id}/documents/"),
    ("post", "my/{id}/withdraw/"),
]


@pytest.mark.parametrize("role", ["coordinator", "staff", "read_only", "requester"])
@pytest.mark.parametrize(("method", "page"), PAGES)
def test_other_roles_get_403_on_the_applicant_pages(grants, member, role, method, page):
    application = grants.approved()
    client = client_for(grants.coordinator if role == "coordinator" else member(role))
    target = url(grants.region, page.format(id=application.pk, call=grants.call.pk))
    assert getattr(client, method)(target).status_code == 403


@pytest.mark.parametrize("role", ["applicant", "coordinator"])
@pytest.mark.parametrize(("method", "page"), PAGES)
def test_another_regions_people_get_404(grants, member, other_region, role, method, page):
    application = grants.approved()
    client = client_for(member(role, region=other_region))
    target = url(grants.region, page.format(id=application.pk, call=grants.call.pk))
    assert getattr(client, method)(target).status_code == 404
    application.refresh_from_db()
    assert application.status == "approved"


def test_an_application_of_another_region_is_404_in_ones_own_region(grants, member, other_region):
    application = grants.draft()
    stranger = member("applicant", region=other_region)
    assert client_for(stranger).get(url(other_region, f"my/{application.pk}/")).status_code == 404


def test_not_signed_in_goes_to_the_log_in(grants, client):
    response = client.get(url(grants.region, "my/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# ----------------------------------------------------------------------------- languages


def test_questions_appear_in_the_users_language_falling_back_to_german(grants):
    application = grants.draft()
    english = client_for(grants.applicant, language="en").get(url(grants.region, f"my/{application.pk}/"))
    german = client_for(grants.applicant, language="de").get(url(grants.region, f"my/{application.pk}/"))
    label = r'<label for="id_q_{}"[^>]*>(.*?)</label>'
    assert re.search(label.format("target_group"), english.content.decode()).group(1) == "Target group (required):"
    assert re.findall(r"<legend>(.*?)</legend>", english.content.decode())[1:3] == ["Project", "Sonstiges"]
    # Not translated: the German original.
    assert re.search(label.format("remarks"), english.content.decode()).group(1) == "Anmerkungen:"
    assert "Zielgruppe" in re.search(label.format("target_group"), german.content.decode()).group(1)
    assert "Target group" not in german.content.decode()


# ----------------------------------------------------------------------------- decision and proof of use


def test_the_decision_and_its_letter(grants, rana):
    application = grants.approved()
    html = rana.get(url(grants.region, f"my/{application.pk}/")).content.decode()
    assert re.search(r'data-testid="approved-amount">(.*?)<', html).group(1) == "2.000,00 €"
    letter_url = url(grants.region, f"my/{application.pk}/letter.pdf")
    assert f'href="{letter_url}"' in html
    timeline = html.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<strong>(.*?)</strong>", timeline) == [
        "Draft started",
        "Submitted",
        "Complete: in review",
        "Approved",
    ]
    letter = rana.get(letter_url)
    assert (letter.status_code, letter["Content-Type"]) == (200, "application/pdf")
    assert letter.content.startswith(b"%PDF")
    # Before the decision there is no letter.
    draft = grants.draft(title="Noch offen")
    assert rana.get(url(grants.region, f"my/{draft.pk}/letter.pdf")).status_code == 404


def test_a_rejection_shows_its_reason(grants, rana):
    application = grants.in_review()
    services.application_decide(
        actor=grants.coordinator, application=application, decision="reject", reason="Kein Bezug zur Integration."
    )
    html = rana.get(url(grants.region, f"my/{application.pk}/")).content.decode()
    assert re.search(r'data-testid="decision-reason">(.*?)<', html).group(1) == "Kein Bezug zur Integration."
    assert 'data-status="rejected"' in html


def proof_data(application, action="save", report="Zwölf Treffen mit 25 Frauen; drei fanden Arbeit.", **actuals):
    with scopes_disabled():
        items = list(CostItem.objects.filter(application=application).order_by("position"))
    values = ["2300.00", "150.00", "300.00", "200.00"]
    data = {"action": action, "report": report, "participants": "25"}
    for item, value in zip(items, values, strict=True):
        data[f"actual_{item.pk}"] = actuals.get(item.description, value)
    return data


def test_the_proof_of_use_is_saved_then_submitted(grants, rana):
    application = grants.approved()
    page = rana.get(url(grants.region, f"my/{application.pk}/proof/"))
    assert page.status_code == 200
    assert 'data-testid="proof-form"' in page.content.decode()

    saved = rana.post(url(grants.region, f"my/{application.pk}/proof/"), proof_data(application, Material="149,50"))
    assert saved.status_code == 302
    assert messages_of(saved) == ["Your proof of use has been saved."]
    proof = fetch(ProofOfUse, application=application)
    assert (proof.status, proof.participants, proof.report) == (
        "draft",
        25,
        "Zwölf Treffen mit 25 Frauen; drei fanden Arbeit.",
    )
    with scopes_disabled():
        assert [i.actual for i in CostItem.objects.filter(application=application).order_by("position")] == [
            Decimal("2300.00"),
            Decimal("149.50"),
            Decimal("300.00"),
            Decimal("200.00"),
        ]

    rana.get(saved["Location"])
    submitted = rana.post(url(grants.region, f"my/{application.pk}/proof/"), proof_data(application, action="submit"))
    assert messages_of(submitted) == ["Your proof of use has been submitted. The office will check it."]
    proof.refresh_from_db()
    assert proof.status == "submitted"
    html = rana.get(url(grants.region, f"my/{application.pk}/proof/")).content.decode()
    assert 'data-testid="proof-form"' not in html
    assert 'data-status="submitted"' in html


def test_a_proof_without_a_report_or_with_a_negative_amount_is_not_submitted(grants, rana):
    application = grants.approved()
    short = rana.post(
        url(grants.region, f"my/{application.pk}/proof/"), proof_data(application, action="submit", report="Gut.")
    )
    assert errors_of(short.content.decode(), "report") == [
        "Describe in a few sentences what the project did and achieved."
    ]
    assert messages_of(short) == [
        "Your proof of use has been saved, but it could not be submitted yet. Please see the notes below."
    ]
    assert fetch(ProofOfUse, application=application).status == "draft"

    negative = rana.post(url(grants.region, f"my/{application.pk}/proof/"), proof_data(application, Material="-1"))
    with scopes_disabled():
        material = CostItem.objects.get(application=application, description="Material")
    assert errors_of(negative.content.decode(), f"actual_{material.pk}") == ["Amounts cannot be negative."]
    assert material.actual == Decimal("150.00")


def test_proof_documents_are_marked_as_such(grants, rana):
    application = grants.approved()
    response = rana.post(
        url(grants.region, f"my/{application.pk}/documents/"),
        {"file": SimpleUploadedFile("belege.pdf", PDF, content_type="application/pdf")},
    )
    assert response["Location"] == url(grants.region, f"my/{application.pk}/proof/")
    attachment = fetch(Attachment, application=application)
    assert (attachment.name, attachment.for_proof) == ("belege.pdf", True)


def test_a_draft_has_no_proof_of_use(grants, rana):
    application = grants.draft()
    response = rana.get(url(grants.region, f"my/{application.pk}/proof/"))
    assert response.status_code == 302
    assert messages_of(response) == ["A proof of use belongs to an approved application."]


def test_registrations_from_one_address_are_limited(grants, client):
    from django.core.cache import cache

    cache.clear()
    url = public_url(grants.region, "register/")
    for n in range(5):
        response = client.post(
            url, register_data(name=f"Verein {n}", email=f"verein{n}@example.org"), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 302, n
    response = client.post(url, register_data(name="Verein 6", email="verein6@example.org"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Too many registrations from this address. Please try again in an hour."
    ]
    assert not User.objects.filter(email="verein6@example.org").exists()
