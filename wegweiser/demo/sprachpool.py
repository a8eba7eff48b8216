"""Demo Sprachpool for Kreis Offenbach: topics, institutions, twelve mediators, and requests
in every state (last month's confirmed ones give a payout list). Made with the services, so
that it looks as if people had worked with it. Idempotent: skipped when mediators exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import InstitutionMember, MediationLanguage, Mediator, Request
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Commune, Membership, Region, Role

TOPICS = [
    ("Elterngespräch (Schule, Kita)", True, ""),
    ("Beratung (Jugendamt, Sozialdienst)", True, ""),
    ("Behördengang ohne Rechtsfolgen", True, "Keine Bescheide, Anhörungen oder Verträge"),
    ("Gesundheit: Orientierung", True, "Kein ärztliches Aufklärungsgespräch"),
    ("Wohnen und Alltag", True, ""),
    ("Arbeit und Ausbildung", True, ""),
    ("Gerichtstermin", False, "Bitte beeidigte Dolmetscher beauftragen"),
    ("Ärztliches Aufklärungsgespräch", False, "Bitte qualifizierte Dolmetscher beauftragen"),
]
INSTITUTIONS = [
    ("Ernst-Reuter-Schule Dietzenbach", "school", "Dietzenbach", "Schulstraße 1, 63128 Dietzenbach"),
    ("Kita Regenbogen Rodgau", "kita", "Rodgau", "Am Regenbogen 3, 63110 Rodgau"),
    ("Jugendamt Kreis Offenbach", "department", "Dietzenbach", "Werner-Hilpert-Straße 1, 63128 Dietzenbach"),
    ("Migrationsberatung Langen", "counselling", "Langen (Hessen)", "Bahnstraße 10, 63225 Langen"),
]
# name, gender, tier, home, languages (code, level, verified), hours per month
MEDIATORS = [
    ("Amira Haddad", "f", "certified", "Dietzenbach", [("ar", "native", True), ("apc", "native", True)], 20),
    ("Karim Mansour", "m", "trained", "Seligenstadt", [("ar", "C1", False), ("acm", "native", True)], 15),
    ("Olena Kovalenko", "f", "trained", "Rodgau", [("uk", "native", True), ("ru", "C2", True)], 20),
    ("Dariush Rahimi", "m", "certified", "Neu-Isenburg", [("prs", "native", True), ("pes", "C2", True)], 25),
    ("Shirin Ahmadi", "f", "trained", "Langen (Hessen)", [("pes", "native", True), ("prs", "C1", False)], 10),
    ("Rojda Yilmaz", "f", "certified", "Obertshausen", [("kmr", "native", True), ("tr", "native", True)], 20),
    ("Hawre Karim", "m", "trained", "Mühlheim am Main", [("ckb", "native", True), ("ar", "B2", False)], 12),
    ("Semhar Tesfay", "f", "trained", "Dreieich", [("ti", "native", True), ("am", "C1", False)], 15),
    ("Ahmad Noori", "m", "trained", "Heusenstamm", [("ps", "native", True), ("prs", "C1", True)], 10),
    ("Mehmet Demir", "m", "sworn", "Rödermark", [("tr", "native", True)], 8),
    ("Fatima Osman", "f", "trained", "Hainburg", [("so", "native", True), ("ar", "B2", False)], 10),
    ("Irina Popescu", "f", "trained", "Egelsbach", [("ro", "native", True), ("ru", "B2", False)], 10),
]
PASSWORD = "Wegweiser-Demo-2026"  # noqa: S105 - the demo accounts' password (see demo.seed)
SECRETARY = ("sekretariat@ers-dietzenbach.example", "Sabine Weber")
MEDIATOR_LOGIN = "amira.haddad@sprachpool.example"


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email=email, password=PASSWORD, full_name=name)


def sprachpool_demo_seed(region: Region) -> list[tuple[str, str, str]]:
    """Returns the demo logins it made: (e-mail, name, what)."""
    logins = [
        (SECRETARY[0], SECRETARY[1], "Anfragende Einrichtung (Ernst-Reuter-Schule) – Kreis Offenbach"),
        (MEDIATOR_LOGIN, "Amira Haddad", "Sprachmittlerin (Arabisch) – Kreis Offenbach"),
    ]
    with scopes_disabled():
        if Mediator.objects.filter(region=region).exists():
            return logins
        communes = {c.name: c for c in Commune.objects.filter(region=region)}
        topics = [
            services.topic_save(actor=None, region=region, name=name, is_allowed=allowed, hint=hint)
            for name, allowed, hint in TOPICS
        ]
        institutions = [
            services.institution_save(
                actor=None, region=region, name=name, kind=kind, commune=communes[commune], address=address
            )
            for name, kind, commune, address in INSTITUTIONS
        ]
        secretary = _user(*SECRETARY)
        Membership.objects.get_or_create(user=secretary, region=region, defaults={"role": Role.REQUESTER})
        InstitutionMember.objects.get_or_create(
            region=region, institution=institutions[0], email=secretary.email, defaults={"user": secretary}
        )
        languages = {lang.code: lang for lang in MediationLanguage.objects.all()}
        mediators: list[Mediator] = []
        for name, gender, tier, home, spoken, hours in MEDIATORS:
            first, last = name.lower().split(" ", 1)
            mediator = services.mediator_save(
                actor=None,
                region=region,
                full_name=name,
                email=f"{first}.{last}@sprachpool.example",
                phone="06074 8180-0",
                gender=gender,
                tier=tier,
                home_commune=communes[home],
                max_hours_per_month=hours,
                by_video=tier != "trained",
                languages=[(languages[code], level, verified) for code, level, verified in spoken],
            )
            days = range(5) if len(mediators) % 3 else range(0, 5, 2)
            services.availability_set(
                actor=None, mediator=mediator, slots=[(day, time(8, 0), time(19, 0)) for day in days]
            )
            mediators.append(mediator)
        amira_user = _user(MEDIATOR_LOGIN, "Amira Haddad")
        Membership.objects.get_or_create(user=amira_user, region=region, defaults={"role": Role.MEDIATOR})
        Mediator.objects.filter(pk=mediators[0].pk).update(user=amira_user)
        mediators[0].refresh_from_db()
        services.document_save(
            actor=None,
            mediator=mediators[0],
            kind="confidentiality",
            issued_on=timezone.localdate() - timedelta(days=300),
            expires_on=timezone.localdate() + timedelta(days=20),
        )
        _requests(secretary, institutions, topics, mediators, languages)
    return logins


def _at(days: int, hour: int) -> datetime:
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=BERLIN)


def _requests(secretary, institutions, topics, mediators, languages) -> None:  # type: ignore[no-untyped-def]
    """Last month's served appointments (confirmed, paid), one not served, and this week's
    work: a new request to check, one looking for a mediator, one booked."""
    school, kita, youth_office, counselling = institutions
    past = [
        (school, "ar", -34, 17, 90, mediators[0], 95),
        (kita, "uk", -33, 9, 60, mediators[2], 60),
        (youth_office, "prs", -31, 10, 120, mediators[3], 130),
        (counselling, "kmr", -30, 14, 60, mediators[5], 45),
        (school, "ti", -29, 16, 90, mediators[7], 90),
        (youth_office, "ar", -28, 11, 60, mediators[1], 75),
    ]
    for institution, code, days, hour, minutes, mediator, actual in past:
        starts = _at(days, hour)
        request = services.request_submit(
            actor=None,
            institution=institution,
            language=languages[code],
            topic=topics[0] if institution.kind in ("school", "kita") else topics[1],
            starts_at=starts,
            duration_minutes=minutes,
            mode="on_site",
            contact_name="Demo",
            commune=institution.commune,
            address=institution.address,
            now=starts - timedelta(days=10),
        )
        Request.objects.filter(pk=request.pk).update(created_at=starts - timedelta(days=10))
        request.refresh_from_db()
        services.request_approve(actor=None, request=request, funding_source="wir", now=request.created_at)
        services.assignment_create(actor=None, request=request, mediator=mediator)
        services.request_confirm(actor=None, request=request, actual_minutes=actual, now=starts + timedelta(hours=3))
    unserved = services.request_submit(
        actor=None,
        institution=kita,
        language=languages["so"],
        topic=topics[0],
        starts_at=_at(-20, 8),
        duration_minutes=60,
        mode="phone",
        call_details="06106 1234",
        contact_name="Demo",
        now=_at(-30, 8),
    )
    services.request_approve(actor=None, request=unserved, funding_source="kreis", exception_reason="Demo")
    services.request_mark_unserved(actor=None, request=unserved, reason="no_time")

    def upcoming(days: int, hour: int, code: str, institution, minutes: int = 90):  # type: ignore[no-untyped-def]
        return services.request_submit(
            actor=secretary if institution == school else None,
            institution=institution,
            language=languages[code],
            topic=topics[0] if institution.kind in ("school", "kita") else topics[1],
            starts_at=_at(days, hour),
            duration_minutes=minutes,
            mode="on_site",
            contact_name="Sabine Weber" if institution == school else "Demo",
            commune=institution.commune,
            address=institution.address,
        )

    upcoming(9, 18, "ar", school)  # a parents' evening, waiting for the office
    looking = upcoming(8, 10, "prs", youth_office, 60)
    services.request_approve(actor=None, request=looking, funding_source="wir")
    services.offer_create(actor=None, request=looking, mediators=[mediators[3], mediators[4]])
    booked = upcoming(10, 9, "uk", kita, 60)
    services.request_approve(actor=None, request=booked, funding_source="kreis")
    services.assignment_create(actor=None, request=booked, mediator=mediators[2])
