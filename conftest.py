"""Shared fixtures: the Hessen register loaded once, ``region`` (Kreis Offenbach),
``other_region`` (Offenbach am Main), ``member(...)`` for users with a role, and the
browser launched from Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django_scopes import scopes_disabled

# Playwright's sync API runs an event loop in the test thread; the ORM calls next to it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    from wegweiser.tenancy.loader import regions_load

    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def hessen(db: None) -> None:
    """The 33 regions and 421 communes, and the reference data that migrations load
    (languages, target groups): all reloaded after a transactional test flushed them."""
    import importlib

    from django.apps import apps

    from wegweiser.guide.models import Language
    from wegweiser.tenancy.loader import regions_load
    from wegweiser.tenancy.models import Region

    if Region.objects.count() != 33:
        regions_load()
    if not Language.objects.exists():
        importlib.import_module("wegweiser.guide.migrations.0002_reference_data").load(apps, None)
    from wegweiser.sprachpool.models import MediationLanguage

    if not MediationLanguage.objects.exists():
        importlib.import_module("wegweiser.sprachpool.migrations.0003_reference_languages").load(apps, None)


@pytest.fixture
def region(hessen: None) -> Any:
    from wegweiser.tenancy.models import Region

    return Region.objects.get(slug="kreis-offenbach")


@pytest.fixture
def other_region(hessen: None) -> Any:
    from wegweiser.tenancy.models import Region

    return Region.objects.get(slug="offenbach-am-main")


@pytest.fixture
def user_factory(db: None) -> Callable[..., Any]:
    from wegweiser.accounts.models import User

    counter = iter(range(1, 10_000))

    def make(email: str | None = None, password: str = "correct horse battery", **fields: Any) -> User:
        n = next(counter)
        fields.setdefault("full_name", f"Person {n}")
        return User.objects.create_user(email=email or f"person{n}@example.org", password=password, **fields)

    return make


@pytest.fixture
def member(user_factory: Callable[..., Any], region: Any) -> Callable[..., Any]:
    """``member(role="staff")`` -> a user with that role in ``region`` (or ``region=...``)."""
    from wegweiser.tenancy.models import Commune, Membership

    def make(
        role: str = "coordinator", region: Any = region, communes: list[str] | None = None, **user_fields: Any
    ) -> Any:
        user = user_factory(**user_fields)
        with scopes_disabled():
            membership = Membership.objects.create(user=user, region=region, role=role)
            if communes:
                membership.communes.set(Commune.objects.filter(ags__in=communes))
        return user

    return make


@pytest.fixture(autouse=True)
def _fresh_api_lookups() -> None:
    """The API remembers regions, guides and change counters per process for half a second;
    each test starts without them (a flushed database gives regions new ids)."""
    from wegweiser.api.cache import forget_seqs

    forget_seqs()


@pytest.fixture
def no_scope() -> Iterator[None]:
    with scopes_disabled():
        yield
