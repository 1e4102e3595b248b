"""Personas: alice and bob manage in one team, lena leads it, carol manages in another, root is admin.

Every test gets one marker by what it needs: `browser` (tests/browser/, Chromium), `db` (the database, through a
fixture or the django_db marker), else `pure`; `make test-fast` runs the pure and db tests on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client as WebClient
from django.test import TransactionTestCase
from django.utils import timezone, translation
from rest_framework.test import APIClient

from keepwarm.accounts.models import Team, User
from tests.factories import TeamFactory, UserFactory

BROWSER_TESTS = Path(__file__).parent / "browser"
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _uses_the_database(item: pytest.Item) -> bool:
    test_case = getattr(item, "cls", None)
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or (isinstance(test_case, type) and issubclass(test_case, TransactionTestCase))
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(kind) for kind in ("pure", "db", "browser")):
            continue  # said by the test itself: e.g. a database of its own in a subprocess
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        elif _uses_the_database(item):
            item.add_marker(pytest.mark.db)
        else:
            item.add_marker(pytest.mark.pure)


@pytest.fixture(autouse=True)
def _no_language_or_zone_left_active():
    """A request as a Russian or Romanian user leaves its language and time zone active in this thread (the
    middleware activates them per request); each test starts from the default language and the server's zone,
    whatever ran before it. A zone left over made a test's "today" the user's (Chisinau's 8 December at 22:30 UTC)
    while the reports count the server's days, so tests failed only late in the evening and only after another."""
    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory(name="Chisinau sales", country="MD")


@pytest.fixture
def other_team(db: None) -> Team:
    return TeamFactory(name="Bucharest sales", country="RO", time_zone="Europe/Bucharest")


@pytest.fixture
def alice(team: Team) -> User:
    return UserFactory(username="alice", team=team, first_name="Alice")


@pytest.fixture
def bob(team: Team) -> User:
    return UserFactory(username="bob", team=team, first_name="Bob")


@pytest.fixture
def lena(team: Team) -> User:
    return UserFactory(username="lena", team=team, role=User.Role.LEAD, first_name="Lena")


@pytest.fixture
def carol(other_team: Team) -> User:
    return UserFactory(username="carol", team=other_team, first_name="Carol")


@pytest.fixture
def root(db: None) -> User:
    return UserFactory(username="root", team=None, role=User.Role.ADMIN, is_superuser=True)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def web(client: WebClient):
    """Sign the test client in as a persona: web(alice).get(...)."""

    def signed_in(user: User) -> WebClient:
        client.force_login(user)
        return client

    return signed_in


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def wsgi_in_the_test_transaction() -> Iterator[None]:
    """Requests through the WSGI application (schemathesis calls it so) run in the test's transaction, as Django's
    test client's do: no request may close the connection that holds it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
