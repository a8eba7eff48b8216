"""A Sprachpool to test with: Kreis Offenbach's rules and topics, a school that requests,
three mediators, and the people who act (coordinator, staff, the school's secretary, each
mediator with an account). ``pool.at(days, hour)`` gives an aware time in Europe/Berlin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from wegweiser.sprachpool import services
from wegweiser.sprachpool.models import Institution, MediationLanguage, Mediator, Request, Topic
from wegweiser.sprachpool.rules import BERLIN
from wegweiser.tenancy.models import Commune, Region

WEEKDAYS_8_TO_20 = [(day, time(8, 0), time(20, 0)) for day in range(5)]


@dataclass
class Pool:
    region: Region
    coordinator: Any
    staff: Any
    secretary: Any  # requests for the school
    school: Institution
    allowed: Topic  # "Elterngespräch"
    forbidden: Topic  # "Gerichtstermin"
    arabic: MediationLanguage
    ukrainian: MediationLanguage
    amira: Mediator  # Arabic native, verified, certified, Dietzenbach, female
    karim: Mediator  # Arabic C1, trained, Seligenstadt, male
    olena: Mediator  # Ukrainian, trained, Rodgau, female

    def commune(self, name: str) -> Commune:
        with scopes_disabled():
            return Commune.objects.get(name=name)

    def at(self, days: int, hour: int = 10, minute: int = 0) -> datetime:
        """``days`` from today at ``hour:minute`` Berlin time."""
        day = timezone.now().astimezone(BERLIN).date() + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)

    def request(self, *, days: int = 14, hour: int = 10, minutes: int = 90, **overrides: Any) -> Request:
        """A request by the secretary, submitted ``days`` ahead (Arabic, on site in Dietzenbach)."""
        values: dict[str, Any] = {
            "institution": self.school,
            "language": self.arabic,
            "topic": self.allowed,
            "starts_at": self.at(days, hour),
            "duration_minutes": minutes,
            "mode": "on_site",
            "contact_name": "Frau Weber",
            "commune": self.commune("Dietzenbach"),
            "address": "Schulstraße 1",
        }
        values.update(overrides)
        return services.request_submit(actor=self.secretary, **values)

    def approved(self, **kwargs: Any) -> Request:
        return services.request_approve(actor=self.coordinator, request=self.request(**kwargs), funding_source="wir")

    def assigned(self, mediator: Mediator | None = None, **kwargs: Any) -> Request:
        request = self.approved(**kwargs)
        services.assignment_create(actor=self.coordinator, request=request, mediator=mediator or self.amira)
        request.refresh_from_db()
        return request


def mediator_make(
    pool_region: Region,
    *,
    name: str,
    email: str,
    gender: str,
    tier: str,
    home: str,
    languages: list[tuple[str, str, bool]],
    user: Any = None,
) -> Mediator:
    with scopes_disabled():
        mediator = services.mediator_save(
            actor=None,
            region=pool_region,
            full_name=name,
            email=email,
            gender=gender,
            tier=tier,
            home_commune=Commune.objects.get(name=home, region=pool_region),
            languages=[(MediationLanguage.objects.get(code=c), level, v) for c, level, v in languages],
        )
        services.availability_set(actor=None, mediator=mediator, slots=WEEKDAYS_8_TO_20)
        if user is not None:
            Mediator.objects.filter(pk=mediator.pk).update(user=user)
            mediator.refresh_from_db()
    return mediator


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The Sprachpool's tests read messages in English (the msgids), whatever the catalogues say;
    its people get their notifications in English too (see ``pool``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def pool(region: Region, member: Callable[..., Any]) -> Pool:
    def person(role: str, **fields: Any) -> Any:
        return member(role, language="en", **fields)

    coordinator = person("coordinator", full_name="Clara Koordination")
    staff = person("staff", full_name="Stefan Mitarbeit")
    secretary = person("requester", full_name="Sabine Weber", email="sekretariat@schule.example")
    with scopes_disabled():
        school = services.institution_save(
            actor=None,
            region=region,
            name="Ernst-Reuter-Schule Dietzenbach",
            kind="school",
            commune=Commune.objects.get(name="Dietzenbach"),
            address="Schulstraße 1, 63128 Dietzenbach",
        )
        from wegweiser.sprachpool.models import InstitutionMember

        InstitutionMember.objects.create(region=region, institution=school, email=secretary.email, user=secretary)
        allowed = services.topic_save(actor=None, region=region, name="Elterngespräch (Schule, Kita)")
        forbidden = services.topic_save(
            actor=None, region=region, name="Gerichtstermin", is_allowed=False, hint="Beeidigte Dolmetscher nötig"
        )
    amira = mediator_make(
        region,
        name="Amira Haddad",
        email="amira@example.org",
        gender="f",
        tier="certified",
        home="Dietzenbach",
        languages=[("ar", "native", True), ("apc", "native", True)],
        user=person("mediator", full_name="Amira Haddad", email="amira@example.org"),
    )
    karim = mediator_make(
        region,
        name="Karim Mansour",
        email="karim@example.org",
        gender="m",
        tier="trained",
        home="Seligenstadt",
        languages=[("ar", "C1", False)],
        user=person("mediator", full_name="Karim Mansour", email="karim@example.org"),
    )
    olena = mediator_make(
        region,
        name="Olena Kovalenko",
        email="olena@example.org",
        gender="f",
        tier="trained",
        home="Rodgau",
        languages=[("uk", "native", True), ("ru", "C2", False)],
    )
    return Pool(
        region=region,
        coordinator=coordinator,
        staff=staff,
        secretary=secretary,
        school=school,
        allowed=allowed,
        forbidden=forbidden,
        arabic=MediationLanguage.objects.get(code="ar"),
        ukrainian=MediationLanguage.objects.get(code="uk"),
        amira=amira,
        karim=karim,
        olena=olena,
    )
