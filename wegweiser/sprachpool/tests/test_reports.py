"""Payouts, exports, statistics, their pages, and the daily reminders."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.notifications.models import Notification
from wegweiser.sprachpool import exports, reports, services
from wegweiser.sprachpool.models import Assignment, Institution, MediationLanguage, MediatorDocument, Request
from wegweiser.sprachpool.reports import Amounts, PayoutGroup, PayoutReport, PayoutRow
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _today() -> date:
    return timezone.now().astimezone(BERLIN).date()


def _month() -> date:
    """The month after next: far enough ahead for every rule (lead time), whatever today is."""
    return reports.month_next(reports.month_next(reports.month_start(_today())))


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _book(
    pool: Any, *, starts_at: datetime, mediator: Any, minutes: int = 90, funding: str = "wir", **kw: Any
) -> Request:
    request = pool.request(starts_at=starts_at, minutes=minutes, **kw)
    services.request_approve(actor=pool.coordinator, request=request, funding_source=funding)
    services.assignment_create(actor=pool.coordinator, request=request, mediator=mediator)
    request.refresh_from_db()
    return request


def _confirm(pool: Any, request: Request, *, actual: int, km: str) -> Assignment:
    return services.request_confirm(
        actor=pool.secretary,
        request=request,
        actual_minutes=actual,
        travel_km=Decimal(km),
        now=request.starts_at + timedelta(hours=2),
    )


def _served(pool: Any, *, starts_at: datetime, mediator: Any, actual: int, km: str, **kw: Any) -> Assignment:
    return _confirm(pool, _book(pool, starts_at=starts_at, mediator=mediator, **kw), actual=actual, km=km)


# ----------------------------------------------------------------------------- payouts


@pytest.fixture
def payouts(pool: Any) -> date:
    """Four confirmed assignments in ``_month()``, and three that do not belong in its list."""
    month = _month()
    last = reports.month_next(month) - timedelta(days=1)
    # Certified, 17.50 per started half hour; travel 0.30 per km.
    _served(pool, starts_at=_at(month + timedelta(days=2)), mediator=pool.amira, actual=90, km="12.4")  # 52.50 + 3.72
    _served(pool, starts_at=_at(month + timedelta(days=9)), mediator=pool.amira, actual=31, km="7")  # 35.00 + 2.10
    # The last evening of the month (Berlin time) belongs to it ...
    _served(pool, starts_at=_at(last, 23, 30), minutes=30, mediator=pool.amira, funding="kreis", actual=30, km="0")
    # Trained, 12.50: 60 minutes are 2 units = 25.00, plus 20.5 km = 6.15.
    _served(pool, starts_at=_at(month + timedelta(days=4)), mediator=pool.karim, funding="kreis", actual=60, km="20.5")
    # ... the first night of the next month does not, although it is still the old month in UTC.
    _served(pool, starts_at=_at(last + timedelta(days=1), 0, 30), mediator=pool.karim, actual=60, km="1")
    # Booked but not confirmed yet.
    _book(pool, starts_at=_at(month + timedelta(days=5)), mediator=pool.olena, language=pool.ukrainian)
    return month


def test_payout_list_sums_exactly_per_mediator_and_funding_source(pool, payouts):
    with CaptureQueriesContext(connection) as queries:
        report = reports.payout_list(region=pool.region, month=payouts + timedelta(days=17))

    assert len(queries) == 1
    assert report.month == payouts
    assert [(g.funding_source, g.label) for g in report.groups] == [
        ("wir", "WIR funds (state of Hessen)"),
        ("kreis", "District or city budget"),
    ]
    wir, kreis = report.groups
    assert [(r.mediator_id, r.mediator_name, r.tier_label, r.amounts) for r in wir.rows] == [
        (
            pool.amira.pk,
            "Amira Haddad",
            "Certified community interpreter",
            Amounts(2, 121, 5, Decimal("87.50"), Decimal("5.82"), Decimal("93.32")),
        ),
    ]
    assert wir.subtotal == Amounts(2, 121, 5, Decimal("87.50"), Decimal("5.82"), Decimal("93.32"))
    assert [(r.mediator_name, r.amounts) for r in kreis.rows] == [
        ("Amira Haddad", Amounts(1, 30, 1, Decimal("17.50"), Decimal("0.00"), Decimal("17.50"))),
        ("Karim Mansour", Amounts(1, 60, 2, Decimal("25.00"), Decimal("6.15"), Decimal("31.15"))),
    ]
    assert kreis.subtotal == Amounts(2, 90, 3, Decimal("42.50"), Decimal("6.15"), Decimal("48.65"))
    assert report.total == Amounts(4, 211, 8, Decimal("130.00"), Decimal("11.97"), Decimal("141.97"))
    assert str(report.total.total) == "141.97"  # a Decimal with two places, not a float


def test_payout_list_of_another_region_or_month_is_empty(pool, payouts, other_region):
    assert reports.payout_list(region=other_region, month=payouts).groups == []
    following = reports.payout_list(region=pool.region, month=reports.month_next(payouts))
    assert [(g.funding_source, [r.mediator_name for r in g.rows]) for g in following.groups] == [
        ("wir", ["Karim Mansour"])
    ]


def _small_report(pool: Any) -> tuple[PayoutReport, Assignment]:
    assignment = _served(pool, starts_at=_at(_month() + timedelta(days=2)), mediator=pool.amira, actual=90, km="12.4")
    return reports.payout_list(region=pool.region, month=_month()), assignment


def test_payout_csv_is_what_german_excel_opens(pool):
    report, _assignment = _small_report(pool)

    assert (
        exports.payout_csv(report)
        == (
            "\ufeff"
            "Funding source;Mediator;Qualification;Assignments;Minutes;Billed units;"
            "Fee (€);Travel costs (€);Total (€)\r\n"
            "WIR funds (state of Hessen);Amira Haddad;Certified community interpreter;1;90;3;52,50;3,72;56,22\r\n"
            "WIR funds (state of Hessen);Subtotal;;1;90;3;52,50;3,72;56,22\r\n"
            "All funding sources;Total;;1;90;3;52,50;3,72;56,22\r\n"
        ).encode()
    )


def test_payout_xlsx_holds_numbers_with_a_euro_format(pool, payouts):
    report = reports.payout_list(region=pool.region, month=payouts)

    book = openpyxl.load_workbook(io.BytesIO(exports.payout_xlsx(report)))

    sheet = book.active
    assert sheet.title == f"{payouts:%Y-%m}"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        [
            "Funding source",
            "Mediator",
            "Qualification",
            "Assignments",
            "Minutes",
            "Billed units",
            "Fee (€)",
            "Travel costs (€)",
            "Total (€)",
        ],
        [
            "WIR funds (state of Hessen)",
            "Amira Haddad",
            "Certified community interpreter",
            2,
            121,
            5,
            87.5,
            5.82,
            93.32,
        ],
        ["WIR funds (state of Hessen)", "Subtotal", None, 2, 121, 5, 87.5, 5.82, 93.32],
        ["District or city budget", "Amira Haddad", "Certified community interpreter", 1, 30, 1, 17.5, 0, 17.5],
        ["District or city budget", "Karim Mansour", "Trained volunteer", 1, 60, 2, 25, 6.15, 31.15],
        ["District or city budget", "Subtotal", None, 2, 90, 3, 42.5, 6.15, 48.65],
        ["All funding sources", "Total", None, 4, 211, 8, 130, 11.97, 141.97],
    ]
    assert [sheet.cell(row=2, column=c).number_format for c in range(4, 10)] == [
        "General",
        "General",
        "General",
        "#,##0.00 €",
        "#,##0.00 €",
        "#,##0.00 €",
    ]
    assert all(cell.font.b for cell in sheet[1])
    assert all(cell.font.b for cell in sheet[7])
    assert [cell.font.b for cell in sheet[2]] == [False] * 9
    assert (sheet["B3"].font.b, sheet["I3"].font.b) == (True, False)  # the subtotal's label


def test_exports_keep_names_from_becoming_formulas():
    amounts = Amounts(1, 30, 1, Decimal("17.50"), Decimal("0.00"), Decimal("17.50"))
    row = PayoutRow(mediator_id=1, mediator_name='=HYPERLINK("http://x")', tier="trained", amounts=amounts)
    report = PayoutReport(
        region=None,  # type: ignore[arg-type]
        month=date(2026, 3, 1),
        groups=[PayoutGroup(funding_source="wir", rows=[row], subtotal=amounts)],
        total=amounts,
    )
    assert ';"\'=HYPERLINK(""http://x"")";' in exports.payout_csv(report).decode("utf-8-sig")
    cell = openpyxl.load_workbook(io.BytesIO(exports.payout_xlsx(report))).active["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


# ----------------------------------------------------------------------------- statistics


def _submit(pool: Any, institution: Institution, starts_at: datetime, language: Any = None) -> Request:
    return services.request_submit(
        actor=pool.coordinator,
        institution=institution,
        language=language or pool.arabic,
        topic=pool.allowed,
        starts_at=starts_at,
        duration_minutes=60,
        mode="phone",
        contact_name="Herr Klein",
        call_details="06074 1234",
    )


@pytest.fixture
def figures(pool: Any) -> date:
    """Requests in ``_month()`` and the month after, and some just outside."""
    month = _month()
    following = reports.month_next(month)
    with scopes_disabled():
        levantine = MediationLanguage.objects.get(code="apc")
        kita = services.institution_save(
            actor=None,
            region=pool.region,
            name="Kita Sonnenschein",
            kind="kita",
            commune=Commune.objects.get(name="Rodgau"),
        )
    _served(pool, starts_at=_at(month + timedelta(days=2)), mediator=pool.amira, actual=90, km="10")  # 55.50 wir
    _served(  # 35.00 kreis
        pool,
        starts_at=_at(month + timedelta(days=7)),
        mediator=pool.amira,
        funding="kreis",
        language=levantine,
        actual=45,
        km="0",
    )
    no_one = pool.request(starts_at=_at(month + timedelta(days=3)), language=pool.ukrainian)
    services.request_mark_unserved(actor=pool.coordinator, request=no_one, reason="no_language")
    too_late = pool.approved(starts_at=_at(month + timedelta(days=4)))
    services.request_mark_unserved(actor=pool.coordinator, request=too_late, reason="no_time")
    services.request_cancel(
        actor=pool.secretary, request=pool.request(starts_at=_at(month + timedelta(days=5))), reason="Krank"
    )
    _submit(pool, kita, _at(month + timedelta(days=6)))
    services.request_reject(
        actor=pool.coordinator, request=_submit(pool, kita, _at(month + timedelta(days=8))), reason="Kein Bedarf"
    )
    pool.request(starts_at=_at(following, 0, 30))  # the next month in Berlin, still this one in UTC
    pool.request(starts_at=_at(reports.month_next(following) + timedelta(days=1)))  # after the period
    pool.request(starts_at=_at(month - timedelta(days=1), 23, 30))  # before it
    return month


def test_statistics_count_exactly_in_four_queries(pool, figures):
    end = reports.month_next(reports.month_next(figures)) - timedelta(days=1)

    with CaptureQueriesContext(connection) as queries:
        stats = reports.statistics(region=pool.region, start=figures, end=end)

    assert len(queries) == 4
    RC = reports.RequestCounts
    assert stats.counts == RC(total=8, served=2, unserved=2)
    assert stats.counts.served_percent == Decimal("50.0")
    assert [(f.code, f.name, f.counts, f.own) for f in stats.languages] == [
        ("ar", "Arabic", RC(7, 2, 1), RC(6, 1, 1)),
        ("uk", "Ukrainian", RC(1, 0, 1), RC(1, 0, 1)),
    ]
    assert [(d.code, d.name, d.counts) for d in stats.languages[0].dialects] == [
        ("apc", "Arabic (Levantine, e.g. Syrian)", RC(1, 1, 0))
    ]
    assert [(f.name, f.kind_label, f.counts) for f in stats.institutions] == [
        ("Ernst-Reuter-Schule Dietzenbach", "School", RC(6, 2, 2)),
        ("Kita Sonnenschein", "Day-care centre (Kita)", RC(2, 0, 0)),
    ]
    assert [(s.code, s.count) for s in stats.statuses] == [
        ("submitted", 2),
        ("approved", 0),
        ("assigned", 0),
        ("completed", 2),
        ("rejected", 1),
        ("cancelled", 1),
        ("unserved", 2),
    ]
    assert [(r.code, r.label, r.count) for r in stats.unserved_reasons] == [
        ("no_language", "No mediator for the language", 1),
        ("no_time", "No mediator available at that time", 1),
        ("no_answer", "No mediator accepted", 0),
        ("no_show", "Mediator did not come", 0),
        ("other", "Other reason", 0),
    ]
    assert [(c.funding_source, c.amounts) for c in stats.costs] == [
        ("wir", Amounts(1, 90, 3, Decimal("52.50"), Decimal("3.00"), Decimal("55.50"))),
        ("kreis", Amounts(1, 45, 2, Decimal("35.00"), Decimal("0.00"), Decimal("35.00"))),
    ]
    assert stats.amounts == Amounts(2, 135, 5, Decimal("87.50"), Decimal("3.00"), Decimal("90.50"))
    assert stats.amounts.hours == Decimal("2.3")
    assert [(m.month, m.counts, m.amounts.total) for m in stats.months] == [
        (figures, RC(7, 2, 2), Decimal("90.50")),
        (reports.month_next(figures), RC(1, 0, 0), Decimal("0.00")),
    ]


def test_statistics_of_another_region_are_empty(pool, figures, other_region):
    stats = reports.statistics(region=other_region, start=figures, end=figures + timedelta(days=60))
    assert (stats.counts, stats.languages, stats.institutions, stats.costs) == (reports.RequestCounts(), [], [], [])


def test_dashboard_card_shows_this_month_and_the_last_ones(pool, figures):
    following = reports.month_next(figures)

    with CaptureQueriesContext(connection) as queries:
        card = reports.dashboard_card(region=pool.region, today=following + timedelta(days=14))

    assert len(queries) == 4
    assert [m.month for m in card.months][-2:] == [figures, following]
    assert len(card.months) == 6
    assert (card.month.month, card.month.counts.total, card.max_requests) == (following, 1, 7)
    with scope(region=pool.region):
        html = render_to_string(
            "sprachpool/reports/_dashboard_card.html", {"card": card, "current_region": pool.region}
        )
    assert 'data-testid="card-requests">1<' in html
    assert 'data-testid="card-served-percent">–<' in html
    assert f'href="/app/{pool.region.slug}/sprachpool/statistics/"' in html
    assert 'role="img"' in html


# ----------------------------------------------------------------------------- pages


def _client(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.cookies["wegweiser_language"] = "en"
    return client


def test_payouts_page_shows_each_mediators_total_and_the_grand_total(client, pool, payouts):
    html = _client(client, pool.staff).get(f"/app/{pool.region.slug}/sprachpool/payouts/?month={payouts:%Y-%m}")

    assert html.status_code == 200
    text = html.content.decode()
    assert f'data-testid="payout-total-{pool.amira.pk}-wir">93.32 €<' in text
    assert f'data-testid="payout-total-{pool.amira.pk}-kreis">17.50 €<' in text
    assert f'data-testid="payout-total-{pool.karim.pk}-kreis">31.15 €<' in text
    assert 'data-testid="payout-subtotal-kreis"><strong>48.65 €</strong><' in text
    assert 'data-testid="payout-grand-total">141.97 €<' in text
    assert f'href="/app/{pool.region.slug}/sprachpool/payouts/export.csv?month={payouts:%Y-%m}"' in text
    assert '<th scope="row">Karim Mansour</th>' in text


def test_payouts_page_defaults_to_this_month(client, pool):
    response = _client(client, pool.coordinator).get(f"/app/{pool.region.slug}/sprachpool/payouts/")
    assert response.status_code == 200
    assert response.context["report"].month == reports.month_start(_today())
    assert 'data-testid="payout-grand-total">0.00 €<' in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "März", "2026-3-1", "", "0001-01", "9999-12"])
def test_a_bad_month_is_a_form_error_not_a_crash(client, pool, month):
    response = _client(client, pool.coordinator).get(f"/app/{pool.region.slug}/sprachpool/payouts/", {"month": month})
    assert response.status_code == 200
    assert response.context["report"].month == reports.month_start(_today())
    text = response.content.decode()
    assert '<li class="message error">The month could not be read; showing this month instead.</li>' in text
    expected = {"": "This field is required.", "0001-01": "Choose a date between 2000 and 2100."}
    expected["9999-12"] = expected["0001-01"]
    assert response.context["form"].errors["month"] == [
        expected.get(month, "Enter a month as year and month, e.g. 2026-03.")
    ]


def test_payout_exports_are_attachments(client, pool, payouts):
    _client(client, pool.coordinator)
    base = f"/app/{pool.region.slug}/sprachpool/payouts/"

    csv_response = client.get(f"{base}export.csv?month={payouts:%Y-%m}")
    xlsx_response = client.get(f"{base}export.xlsx?month={payouts:%Y-%m}")

    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        csv_response["Content-Disposition"] == f'attachment; filename="sprachpool-kreis-offenbach-{payouts:%Y-%m}.csv"'
    )
    assert csv_response.content == exports.payout_csv(reports.payout_list(region=pool.region, month=payouts))
    assert "no-store" in csv_response["Cache-Control"]
    assert xlsx_response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        xlsx_response["Content-Disposition"]
        == f'attachment; filename="sprachpool-kreis-offenbach-{payouts:%Y-%m}.xlsx"'
    )
    assert openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active["I7"].value == 141.97


def test_an_export_without_a_good_month_goes_back_to_the_list(client, pool):
    _client(client, pool.coordinator)
    response = client.get(f"/app/{pool.region.slug}/sprachpool/payouts/export.csv?month=nonsense")
    assert (response.status_code, response.url) == (302, f"/app/{pool.region.slug}/sprachpool/payouts/")
    assert '<li class="message error">Choose the month to export.</li>' in client.get(response.url).content.decode()


def test_statistics_page_shows_the_figures(client, pool, figures):
    end = reports.month_next(reports.month_next(figures)) - timedelta(days=1)
    response = _client(client, pool.coordinator).get(
        f"/app/{pool.region.slug}/sprachpool/statistics/", {"from": f"{figures:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    for testid, value in [
        ("stat-requests", "8"),
        ("stat-served", "2"),
        ("stat-unserved", "2"),
        ("stat-served-percent", "50.0 %"),
        ("stat-hours", "2.3"),
        ("stat-cost", "90.50 €"),
    ]:
        assert f'data-testid="{testid}">{value}<' in text
    assert text.count('role="img"') == 5
    assert text.count('<svg class="chart" role="img" aria-label="Requests by language, ') == 1
    assert '<tr data-testid="language-apc">\n          <th scope="row">– Arabic (Levantine, e.g. Syrian)</th>' in text
    assert (
        '<tr data-testid="reason-no_language"><th scope="row">No mediator for the language</th><td class="num">1</td>'
        in text
    )
    assert 'data-testid="cost-total"><strong>90.50 €</strong>' in text
    assert "<script" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-02-30", "to": "2026-03-31"},
        {"from": "2026-04-01", "to": "2026-03-01"},
        {"from": "2026-01-01"},
        {"from": "2026-01-01", "to": "9999-12-31"},
        {"from": "0001-01-01", "to": "2026-01-01"},
        {"from": "2000-01-01", "to": "2026-01-01"},
    ],
)
def test_a_bad_period_is_a_form_error_not_a_crash(client, pool, query):
    response = _client(client, pool.coordinator).get(f"/app/{pool.region.slug}/sprachpool/statistics/", query)
    assert response.status_code == 200
    stats = response.context["figures"]
    assert (stats.start, stats.end) == (date(_today().year, 1, 1), date(_today().year, 12, 31))
    assert (
        '<li class="message error">The period could not be read; showing this year instead.</li>'
        in response.content.decode()
    )


def _ministry(user_factory: Any) -> User:
    return user_factory(is_ministry=True)


@pytest.mark.parametrize(
    ("who", "payouts_status", "statistics_status"),
    [
        ("coordinator", 200, 200),
        ("staff", 200, 200),
        ("read_only", 403, 200),
        ("ministry", 403, 200),
        ("requester", 403, 403),
        ("mediator", 403, 403),
        ("editor", 403, 403),
        ("other_coordinator", 404, 404),
    ],
)
def test_who_may_see_payouts_and_statistics(
    client, pool, member, user_factory, other_region, who, payouts_status, statistics_status
):
    if who == "ministry":
        user = _ministry(user_factory)
    elif who == "other_coordinator":
        user = member("coordinator", region=other_region)
    elif who == "requester":
        user = pool.secretary
    elif who == "mediator":
        user = pool.amira.user
    else:
        user = member(who)
    _client(client, user)
    base = f"/app/{pool.region.slug}/sprachpool"
    month = f"{_month():%Y-%m}"
    assert client.get(f"{base}/payouts/").status_code == payouts_status
    assert client.get(f"{base}/payouts/export.csv?month={month}").status_code == payouts_status
    assert client.get(f"{base}/payouts/export.xlsx?month={month}").status_code == payouts_status
    assert client.get(f"{base}/statistics/").status_code == statistics_status


def test_signed_out_visitors_are_sent_to_the_log_in(client, pool):
    response = client.get(f"/app/{pool.region.slug}/sprachpool/payouts/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/")


# ----------------------------------------------------------------------------- reminders


def _speak_english(*users: Any) -> None:
    User.objects.filter(pk__in=[u.pk for u in users]).update(language="en")


def test_an_appointment_tomorrow_is_reminded_exactly_once(pool, django_capture_on_commit_callbacks):
    request = pool.request(days=1, hour=10)
    services.request_approve(
        actor=pool.coordinator, request=request, funding_source="wir", exception_reason="Eilfall: Zeugnisgespräch"
    )
    services.assignment_create(actor=pool.coordinator, request=request, mediator=pool.amira)
    pool.approved(days=14)  # not tomorrow: no reminder
    _speak_english(pool.amira.user, pool.secretary)
    when = request.starts_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
    first, second = io.StringIO(), io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sprachpool_remind", stdout=first)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sprachpool_remind", "--region", pool.region.slug, stdout=second)

    assert first.getvalue() == (
        "kreis-offenbach: appointment reminders: 1, document reminders: 0\n"
        "Total for 1 region(s): appointment reminders: 1, document reminders: 0\n"
    )
    assert second.getvalue() == (
        "kreis-offenbach: appointment reminders: 0, document reminders: 0\n"
        "Total for 1 region(s): appointment reminders: 0, document reminders: 0\n"
    )
    reminders = Notification.objects.filter(kind="sprachpool.assignment.reminder").order_by("user__email")
    assert [(n.user.email, n.title) for n in reminders] == [
        ("amira@example.org", f"Reminder: Arabic tomorrow, {when}"),
        ("sekretariat@schule.example", f"Reminder: Arabic tomorrow, {when}"),
    ]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("amira@example.org", f"Wegweiser: Reminder: Arabic tomorrow, {when}"),
        ("sekretariat@schule.example", f"Wegweiser: Reminder: Arabic tomorrow, {when}"),
    ]
    assert f"Appointment {request.number} at Schulstraße 1, Dietzenbach with Amira Haddad." in mail.outbox[0].body


def test_documents_that_lapse_soon_are_reminded_to_the_office_once(pool, django_capture_on_commit_callbacks):
    today = _today()
    services.document_save(
        actor=None,
        mediator=pool.olena,
        kind="police_certificate",
        issued_on=today - timedelta(days=3 * 365),
        expires_on=today + timedelta(days=10),
    )
    services.document_save(
        actor=None, mediator=pool.karim, kind="confidentiality", issued_on=None, expires_on=today + timedelta(days=60)
    )
    _speak_english(pool.coordinator, pool.staff)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sprachpool_remind", stdout=io.StringIO())
        call_command("sprachpool_remind", stdout=io.StringIO())

    title = f"Police certificate of Olena Kovalenko expires on {today + timedelta(days=10):%d.%m.%Y}"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(pool.coordinator.email, f"Wegweiser: {title}"), (pool.staff.email, f"Wegweiser: {title}")]
    )
    assert "Please ask for a renewed document in good time." in mail.outbox[0].body
    with scopes_disabled():
        assert [(d.kind, d.reminded_at is not None) for d in MediatorDocument.objects.order_by("kind")] == [
            ("confidentiality", False),
            ("police_certificate", True),
        ]


def test_reminders_for_an_unknown_region_fail(pool):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No region with the slug 'atlantis'"):
        call_command("sprachpool_remind", "--region", "atlantis")
