"""Catalog fixtures: clients with interests in alice's team."""

from __future__ import annotations

import pytest

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from tests.factories import make_client


@pytest.fixture
def logistics_client(alice: User) -> Client:
    return make_client(alice, first_name="Ana", last_name="Lupu", interests=["logistics"])


@pytest.fixture
def retail_client(alice: User) -> Client:
    return make_client(alice, first_name="Dan", last_name="Rusu", interests=["retail"])
