"""A preset period (this week, month, quarter, year so far) stands beside the previous one up to the same day, as a
reader compares "this month so far" with last month; the days between the two belong to neither (CAT-6, CAT-3,
SALE-1, LAD-5, JOUR-1 counts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange
from keepwarm.deals.models import Deal, DealStageChange
from keepwarm.journal.models import JournalEntry
from keepwarm.ladder.models import LadderChange, PrivilegeOverride
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _report(user: User, name: str, params: dict[str, str]) -> dict[str, Any]:
    response = api_as(user).get(f"/api/reports/{name}/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("today", "preset", "current", "previous"),
    [
        ("2026-12-07", "week", ("2026-12-07", "2026-12-07"), ("2026-11-30", "2026-11-30")),
        ("2026-12-10", "week", ("2026-12-07", "2026-12-10"), ("2026-11-30", "2026-12-03")),
        ("2026-12-07", "month", ("2026-12-01", "2026-12-07"), ("2026-11-01", "2026-11-07")),
        ("2026-03-31", "month", ("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")),  # the shorter month
        ("2026-05-31", "quarter", ("2026-04-01", "2026-05-31"), ("2026-01-01", "2026-02-28")),
        ("2026-12-07", "year", ("2026-01-01", "2026-12-07"), ("2025-01-01", "2025-12-07")),
        ("2028-02-29", "year", ("2028-01-01", "2028-02-29"), ("2027-01-01", "2027-02-28")),  # a leap day
    ],
)
def test_a_preset_is_compared_with_the_previous_one_up_to_the_same_day(
    lena: User, today: str, preset: str, current: tuple[str, str], previous: tuple[str, str]
) -> None:
    with time_machine.travel(dt.datetime.fromisoformat(f"{today}T10:00:00+00:00"), tick=False):
        data = _report(lena, "journal", {"period": preset})

    assert (data["period"]["from"], data["period"]["to"]) == current
    assert (data["previous_period"]["from"], data["previous_period"]["to"]) == previous


def test_a_custom_period_is_still_compared_with_the_days_just_before(lena: User) -> None:
    data = _report(lena, "journal", {"from": "2026-06-01", "to": "2026-06-10"})

    assert data["previous_period"] == {"from": "2026-05-22", "to": "2026-05-31"}


# "This month" on 17 June: 1-17 June beside 1-17 May; 18-31 May is in neither.
NOW = dt.datetime(2026, 6, 17, 12, 0, tzinfo=dt.UTC)
BEFORE, BETWEEN, DURING = (
    dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC) for month, day in ((5, 10), (5, 25), (6, 10))
)


@pytest.fixture
def one_of_each_on_three_days(alice: User, lena: User) -> None:
    """The same history on a day of the previous period, a day between the two periods and a day of this one."""
    client = make_client(alice)
    for at in (BEFORE, BETWEEN, DURING):
        Touch.objects.create(
            client=client, happened_at=at, channel="call", goal="offer", outcome="refused",
            refusal_reason="timing", continue_on=at.date() + dt.timedelta(days=30),
        )  # fmt: skip
        CategoryChange.objects.create(client=client, changed_at=at, from_category="future", to_category="now")
        LadderChange.objects.create(client=client, from_level=1, to_level=2, at=at)
        PrivilegeOverride.objects.create(
            client=client, level=1, what="discount", offered=Decimal(9), allowed=Decimal(5), reason="r", at=at
        )
        deal = Deal.objects.create(
            client=client, title="d", amount=Decimal(100), currency="EUR", result="won",
            opened_on=at.date() - dt.timedelta(days=3), closed_on=at.date(),
        )  # fmt: skip
        DealStageChange.objects.create(deal=deal, changed_at=at, to_stage="presentation")
        JournalEntry.objects.create(author=alice, date=at.date(), method="m", reviewed_at=at, reviewed_by=lena)


@pytest.mark.usefixtures("one_of_each_on_three_days")
@pytest.mark.parametrize(
    ("report", "numbers"),
    [
        ("activity", lambda n: (n["touches"], sum(day["count"] for day in n["per_day"]))),
        ("refusals", lambda n: (n["refusals"], n["refusers"])),
        ("flows", lambda n: (n["future_to_now"],)),
        ("ladder", lambda n: (n["promotions"], n["overrides"])),
        ("deals", lambda n: (n["won"], next(s["deals"] for s in n["funnel"] if s["stage"] == "presentation"))),
        ("journal", lambda n: (n["written"], n["reviewed"])),
    ],
)
def test_the_days_between_a_presets_two_periods_count_in_neither(lena: User, report: str, numbers: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        data = _report(lena, report, {"period": "month"})

    assert data["previous_period"] == {"from": "2026-05-01", "to": "2026-05-17"}
    assert set(numbers(data["current"])) == {1}
    assert set(numbers(data["previous"])) == {1}
