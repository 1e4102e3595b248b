"""LAD-1 in the ladder report: a client with no stored ladder row yet is counted at level 1 (Prospect), as the
client's card shows it; its drill-down lists them, and the benchmark's raw floor counts the same."""

from __future__ import annotations

import pytest

from keepwarm.accounts.models import User
from keepwarm.ladder.models import ClientLadder
from tests.conftest import api_as
from tests.factories import make_client
from tests.reports.floor import PARAMS, floor_rows

pytestmark = pytest.mark.django_db


def test_lad1_clients_without_a_ladder_row_are_prospects(alice: User, bob: User, lena: User) -> None:
    climbed, *never = (make_client(owner) for owner in (alice, alice, bob))
    ClientLadder.objects.filter(client__in=[climbed, *never]).delete()
    ClientLadder.objects.create(client=climbed, level=3)

    numbers = api_as(lena).get("/api/reports/ladder/", PARAMS).json()["current"]

    assert numbers["by_level"] == [{"level": 1, "clients": 2}, {"level": 3, "clients": 1}]
    for measure, expected in (("level_1", {client.pk for client in never}), ("level_3", {climbed.pk})):
        body = api_as(lena).get("/api/reports/ladder/clients/", {"measure": measure, **PARAMS}).json()
        assert {row["id"] for row in body["results"]} == expected
    assert api_as(alice).get("/api/reports/ladder/", PARAMS).json()["current"]["by_level"] == [
        {"level": 1, "clients": 1},
        {"level": 3, "clients": 1},
    ]
    levels = {row[3]: row[5] for row in floor_rows("ladder", lena) if row[0] == "level"}
    assert levels == {1: 2, 3: 1}
