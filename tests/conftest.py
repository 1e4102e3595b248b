"""Personas: alice and bob manage in one team, lena leads it, carol manages in another, root is admin."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from keepwarm.accounts.models import Team, User
from tests.factories import TeamFactory, UserFactory


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


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
