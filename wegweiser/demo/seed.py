"""Demo data: Kreis Offenbach and Stadt Offenbach with one member per role, a ministry
official and a platform administrator. Idempotent. Each later app adds its demo part as
an explicit call in ``demo_seed``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_scopes import scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.demo.funding import funding_demo_seed
from wegweiser.demo.guide_content import guide_demo_seed
from wegweiser.demo.sprachpool import sprachpool_demo_seed
from wegweiser.tenancy.loader import regions_load
from wegweiser.tenancy.models import Commune, Membership, Region, Role

DEMO_PASSWORD = "Wegweiser-Demo-2026"  # noqa: S105 - printed on purpose: demo accounts only


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    what: str


def _user(email: str, name: str, **flags: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name, **flags)
    return user


def _member(user: User, region: Region, role: str, communes: list[str] | None = None) -> None:
    membership, _created = Membership.objects.get_or_create(user=user, region=region, defaults={"role": role})
    if communes:
        membership.communes.set(Commune.objects.filter(region=region, ags__in=communes))


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    regions_load()
    logins: list[DemoLogin] = []
    with scopes_disabled():
        for slug, domain, label in [
            ("kreis-offenbach", "kreis-offenbach.example", "Kreis Offenbach"),
            ("offenbach-am-main", "offenbach.example", "Stadt Offenbach"),
        ]:
            region = Region.objects.get(slug=slug)
            people = [
                ("koordination", "Koordination", Role.COORDINATOR, None),
                ("mitarbeit", "Mitarbeit", Role.STAFF, ["06438001", "06438011"] if slug == "kreis-offenbach" else None),
                ("redaktion", "Redaktion", Role.EDITOR, None),
                ("lesen", "Lesezugriff", Role.READ_ONLY, None),
            ]
            for local, name, role, communes in people:
                email = f"{local}@{domain}"
                _member(_user(email, f"{name} {label}"), region, role, communes)
                logins.append(DemoLogin(email, f"{name} {label}", f"{Role(role).label} – {region.name}"))
        _user("ministerium@hessen.example", "Hessisches Ministerium", is_ministry=True)
        logins.append(
            DemoLogin("ministerium@hessen.example", "Hessisches Ministerium", "Ministerium – alle Regionen, nur lesen")
        )
        _user("admin@wegweiser.example", "Plattform-Administration", is_superuser=True)
        logins.append(
            DemoLogin("admin@wegweiser.example", "Plattform-Administration", "Plattform-Administration – /admin/")
        )
    guide_demo_seed()
    kreis = Region.objects.get(slug="kreis-offenbach")
    logins += [DemoLogin(*login) for login in sprachpool_demo_seed(kreis)]
    logins += [DemoLogin(*login) for login in funding_demo_seed(kreis)]
    return logins
