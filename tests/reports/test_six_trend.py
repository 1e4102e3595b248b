"""SIX-2's compliance trend: the six report gives, for each month of the period, SIX-2 counted at that month's end
(the period's own end for its last month), in all and per manager."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _client(owner: User, entered: dt.date, *contacts: dt.date) -> Client:
    client = make_client(owner)
    Client.objects.filter(pk=client.pk).update(created_at=dt.datetime.combine(entered, dt.time(9), tzinfo=dt.UTC))
    for day in contacts:
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        Touch.objects.create(client=client, happened_at=at, channel="call", goal="keep_in_touch", outcome="reached")
    return client


def test_six2_the_trend_counts_each_month_end(alice: User, bob: User, lena: User) -> None:
    TeamPlannerSettings.objects.create(team=alice.team, six_target=3)
    _client(alice, dt.date(2025, 1, 1), dt.date(2025, 6, 10), dt.date(2026, 2, 1), dt.date(2026, 5, 10))
    _client(bob, dt.date(2026, 5, 15))  # entered in May, never contacted

    numbers = api_as(lena).get("/api/reports/six/", {"from": "2026-04-05", "to": "2026-06-20"}).json()

    trend = numbers["current"]["trend"]
    assert [(month["month"], month["day"]) for month in trend] == [
        ("2026-04", "2026-04-30"),
        ("2026-05", "2026-05-31"),
        ("2026-06", "2026-06-20"),
    ]
    by_manager = [
        {row["manager"]: (row["compliant"], row["clients"]) for row in month["by_manager"]} for month in trend
    ]
    assert by_manager == [
        {alice.pk: (0, 1)},  # two contacts in the year up to April's end
        {alice.pk: (1, 1), bob.pk: (0, 1)},  # three up to May's end
        {alice.pk: (0, 1), bob.pk: (0, 1)},  # June 2025's has left the year
    ]
    assert [month["share"] for month in trend] == [0.0, 0.5, 0.0]
    last = trend[-1]
    assert (last["clients"], last["compliant"], last["by_manager"]) == (
        numbers["current"]["clients"],
        numbers["current"]["compliant"],
        numbers["current"]["by_manager"],
    )
    assert "trend" not in numbers["previous"]
