"""Re-planning in the database: TACT-7 for a manager's pick, overdue steps stay visible, idempotence."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
import time_machine
from django.utils import timezone

from keepwarm.flows.touches import client_log_touch
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import client_replan
from keepwarm.touches.choices import Channel, Goal, Outcome
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client

pytestmark = pytest.mark.django_db
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_tact7_a_manager_picked_saturday_moves_to_monday_and_says_why(alice):
    client = make_client(alice, country="MD")
    saturday, sunday, monday = dt.date(2026, 3, 14), dt.date(2026, 3, 15), dt.date(2026, 3, 16)
    # The premise: no Moldovan holiday from Saturday to Tuesday, so only the weekend (TACT-5) stands in the way and
    # Monday, followed by a working day, is no last day before a day off (TACT-4).
    assert not set(holidays.country_holidays("MD", years=2026)) & {saturday + dt.timedelta(days=n) for n in range(4)}
    step = client_replan(client=client, by=alice, request=NextStepRequest(due_date=saturday))
    assert step is not None
    assert step.due_date == monday  # the nearest allowed day after the pick
    reasons = {(reason["rule"], reason["code"], reason.get("day")) for reason in step.explanation}
    assert ("TACT-7", "manager_choice", saturday.isoformat()) in reasons  # the manager's pick, kept in view
    moved_by = {(rule, day) for rule, _, day in reasons if rule != "TACT-7"}
    assert moved_by == {("TACT-5", saturday.isoformat()), ("TACT-5", sunday.isoformat())}


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_tact7_a_time_the_client_asked_for_is_kept_and_marked(alice):
    client = make_client(alice, country="MD")
    request = NextStepRequest(due_date=dt.date(2026, 3, 11), time=dt.time(19, 30), client_asked=True)
    step = client_replan(client=client, by=alice, request=request)
    assert step is not None
    assert (step.due_date, step.window_start, step.client_choice) == (dt.date(2026, 3, 11), dt.time(19, 30), True)


def test_replanning_keeps_an_overdue_next_step_overdue(alice):
    client = make_client(alice)
    step = open_next_step(client)
    assert step is not None
    overdue_on = timezone.localdate() - dt.timedelta(days=5)
    due_at = step.due_at - dt.timedelta(days=5) if step.due_at else None  # its window ended days ago too
    PlannedTouch.objects.filter(pk=step.pk).update(due_date=overdue_on, due_at=due_at)
    assert client_replan(client=client) == step
    assert open_next_step(client).due_date == overdue_on  # type: ignore[union-attr]


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_planning_the_same_state_twice_gives_the_same_plan(alice):
    client = make_client(alice, country="RO")
    client_log_touch(client=client, by=alice, channel=Channel.CALL, goal=Goal.PRESENT, outcome=Outcome.REACHED)
    first = open_next_step(client)
    assert client_replan(client=client) == first
    assert client_replan(client=client) == first
