"""PLAN-1 in the activity report: a planned contact is overdue as a day begins only when it was due before that
day and already existed then; the benchmark's raw floor reads the same day."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.accounts.models import User
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client
from tests.reports.floor import PARAMS, floor_rows

pytestmark = pytest.mark.django_db


def test_plan1_a_contact_planned_late_for_an_earlier_day_is_overdue_only_once_it_exists(
    alice: User, lena: User
) -> None:
    client = make_client(alice)
    PlannedTouch.objects.filter(client=client).delete()
    planned = PlannedTouch.objects.create(
        client=client, owner=alice, due_date=dt.date(2026, 6, 5), goal="keep_in_touch", is_next_step=False
    )
    PlannedTouch.objects.filter(pk=planned.pk).update(created_at=dt.datetime(2026, 6, 20, 9, tzinfo=dt.UTC))

    days = api_as(lena).get("/api/reports/activity/", PARAMS).json()["current"]["overdue_per_day"]

    overdue = {row["day"] for row in days if row["count"]}
    assert overdue == {f"2026-06-{day}" for day in range(21, 31)}
    assert all(row["count"] == 1 for row in days if row["day"] in overdue)
    assert [row[2] for row in floor_rows("activity", lena) if row[0] == "overdue"] == ["open|2026-06-20|"]
