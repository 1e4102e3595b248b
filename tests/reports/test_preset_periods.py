"""A preset period (this week, month, quarter, year so far) stands beside the previous one up to the same day, as a
reader compares "this month so far" with last month; the days between the two belong to neither (CAT-6, CAT-3,
SALE-1, LAD-5, JOUR-1 counts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from keepwarm.accounts.models import User
from tests.conftest import api_as
from tests.reports.conftest import NOW

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


@pytest.mark.usefixtures("one_of_each_on_three_days")
@pytest.mark.parametrize(
    ("report", "numbers"),
    [
        # two touches on each of the three days: a refusal and a purchase elsewhere
        ("activity", lambda n: (n["touches"] / 2, sum(day["count"] for day in n["per_day"]) / 2)),
        ("refusals", lambda n: (n["refusals"], n["refusers"], len(n["advice"]))),
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


@pytest.mark.parametrize(
    ("dates", "previous"),
    [
        ({"from": "2026-12-01", "to": "2026-12-07"}, ("2026-11-01", "2026-11-07")),  # the preset's own days
        ({"from": "", "to": ""}, ("2026-11-01", "2026-11-07")),  # the preset's link
        ({"from": "2026-11-20", "to": "2026-12-07"}, ("2026-11-02", "2026-11-19")),  # changed: custom
    ],
)
def test_dates_changed_beside_a_preset_make_the_period_custom(
    lena: User, dates: dict[str, str], previous: tuple[str, str]
) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False):
        data = _report(lena, "journal", {"period": "month", **dates})

    assert (data["previous_period"]["from"], data["previous_period"]["to"]) == previous


def test_the_picker_keeps_its_preset_until_the_reader_changes_the_dates(lena: User, client: Any) -> None:
    client.force_login(lena)
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), tick=False):
        kept = client.get("/reports/journal/", {"period": "month", "from": "", "to": ""}).content.decode()
        changed = client.get("/reports/journal/", {"period": "month", "from": "2026-11-20", "to": "2026-12-07"})

    assert '<input type="hidden" name="period" value="month">' in kept
    assert 'aria-current="page">This month</a>' in kept
    assert "12/01/2026 – 12/07/2026, compared with 11/01/2026 – 11/07/2026" in kept
    page = changed.content.decode()
    assert 'name="period"' not in page
    assert "aria-current" not in page.split("</nav>")[0].split('aria-label="Period"')[-1]
