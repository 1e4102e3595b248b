"""SIX-2's compliance trend: the six report gives, for each month of the period, SIX-2 counted at that month's end
(the period's own end for its last month), in all and per manager."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.reports.scope import report_zone
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client
from tests.reports.floor import floor_rows

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


def _table(page: str, title: str) -> list[list[str]]:
    """The cells of the page's table under the heading `title`, as the reader reads them."""
    section = page[page.index(f"<h2>{title}</h2>") :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_six2_the_page_shows_the_trend_the_api_returns(alice: User, bob: User, lena: User) -> None:
    TeamPlannerSettings.objects.create(team=alice.team, six_target=3)
    _client(alice, dt.date(2025, 1, 1), dt.date(2025, 6, 10), dt.date(2026, 2, 1), dt.date(2026, 5, 10))
    _client(alice, dt.date(2025, 1, 1), dt.date(2025, 6, 10), dt.date(2026, 2, 1), dt.date(2026, 5, 10))
    _client(alice, dt.date(2025, 1, 1))
    _client(bob, dt.date(2026, 5, 15))
    period = {"from": "2026-04-05", "to": "2026-06-20"}
    trend = api_as(lena).get("/api/reports/six/", period).json()["current"]["trend"]
    web = WebClient()
    web.force_login(lena)

    page = web.get("/reports/six/", period).content.decode()

    title = "Rule of six by month (%)"
    assert _table(page, title) == [
        ["April 2026", "0", "0.0", "—"],  # a column's decimals as its most precise share needs
        ["May 2026", "50", "66.7", "0"],
        ["June 2026", "0", "0.0", "0"],
    ]
    shares = [
        [100 * month["share"], *(100 * row["share"] for row in month["by_manager"])] for month in trend
    ]  # alice's before bob's: by id and by name alike
    assert [[round(s, 1) for s in row] for row in shares] == [[0, 0], [50, 66.7, 0], [0, 0, 0]]
    charts = json.loads(re.search(r'id="report-charts"[^>]*>(.*?)</script>', page, re.S)[1])
    chart = next(chart for chart in charts if chart["title"] == title)
    assert chart["chart"] == "line"
    assert chart["columns"] == ["Month", "Everyone", "Alice", "Bob"]
    assert chart["rows"] == [
        ["April 2026", 0.0, 0.0, None],
        ["May 2026", 50.0, 66.7, 0.0],
        ["June 2026", 0.0, 0.0, 0.0],
    ]
    assert '<td data-label="Alice">66.7</td>' in page
    download = web.get("/reports/six.csv", period).content.decode("utf-8-sig")
    assert (
        "Rule of six by month (%)\r\nMonth,Everyone,Alice,Bob\r\n2026-04,0.0,0.0,\r\n2026-05,50.0,66.7,0.0\r\n"
        in download
    )


def test_six2_the_raw_floor_counts_the_trend_as_the_report(alice: User, bob: User, lena: User) -> None:
    """benchmarks/reports_raw.py's floor returns the trend's numbers, so the benchmark's ratio compares like work."""
    TeamPlannerSettings.objects.create(team=alice.team, six_target=3)
    _client(alice, dt.date(2025, 1, 1), dt.date(2025, 6, 10), dt.date(2026, 2, 1), dt.date(2026, 5, 10))
    _client(alice, dt.date(2025, 1, 1), dt.date(2025, 6, 10), dt.date(2026, 2, 1), dt.date(2026, 4, 30))
    _client(alice, dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 5, 2))
    _client(bob, dt.date(2026, 5, 15))
    Client.objects.filter(pk=_client(bob, dt.date(2025, 3, 1)).pk).update(do_not_contact=True)
    period = {"from": "2026-04-05", "to": "2026-06-20"}
    numbers = api_as(lena).get("/api/reports/six/", period).json()["current"]

    with timezone.override(report_zone()):
        raw = floor_rows("six", lena, period, target=3)

    trend = {
        (slot, row["manager"]): (row["compliant"], row["clients"])
        for slot, month in enumerate(numbers["trend"])
        for row in month["by_manager"]
    }
    assert trend == {(slot, owner): (ok, count) for kind, slot, _key, owner, ok, count in raw if kind == "month"}
    assert len({slot for slot, _owner in trend}) == 3
