"""PLAN-1 in the database: re-planning spreads flexible steps within each manager's capacity, leaves fixed ones,
spreads an overdue backlog keeping its first due date; the settings, week and team load show it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.test import Client as WebClient

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.flows.touches import client_log_touch
from keepwarm.planner import explain, inputs
from keepwarm.planner.backlog import overdue_backlog_spread
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import client_replan, clients_replan
from keepwarm.planner.types import Reason
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus, RefusalReason
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
# Tuesday 10 March 2026, 10:00 in Chișinău; Friday the 13th is closed to calls (TACT-4).
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
TUESDAY, WEDNESDAY, THURSDAY = dt.date(2026, 3, 10), dt.date(2026, 3, 11), dt.date(2026, 3, 12)
AGREED = dt.date(2026, 3, 19)  # a Thursday past ANNOY-1's week after a refusal logged today
pinned = time_machine.travel(TUESDAY_MORNING, tick=False)


def _capacity(user: User, value: int | None) -> None:
    User.objects.filter(pk=user.pk).update(daily_capacity=value)
    user.refresh_from_db()


def _days(owner: User) -> Counter[dt.date]:
    steps = PlannedTouch.objects.filter(owner=owner, status=PlanStatus.OPEN, is_next_step=True)
    return Counter(steps.values_list("due_date", flat=True))


def _refused_until(client: Client, by: User, day: dt.date) -> None:
    client_log_touch(
        client=client, by=by, channel=Channel.CALL, goal=Goal.CLOSE, outcome=Outcome.REFUSED,
        refusal_reason=RefusalReason.BUDGET, refusal_note="budget in spring", continue_on=day,
    )  # fmt: skip


@pinned
def test_plan1_new_clients_past_capacity_start_on_the_next_days_with_room(alice):
    _capacity(alice, 2)
    clients = [make_client(alice, last_name=f"Capacity{n}", country="MD") for n in range(5)]
    assert _days(alice) == {TUESDAY: 2, WEDNESDAY: 2, THURSDAY: 1}
    moved = open_next_step(clients[-1])
    assert moved is not None
    assert {"rule": "PLAN-1", "code": "capacity", "day": TUESDAY.isoformat()} in moved.explanation
    assert any("full" in text for text in explain.explanation(moved))


@pinned
def test_plan1_the_team_capacity_applies_per_manager(alice, bob, team):
    row = inputs.team_settings_row(team)
    row.daily_capacity = 1
    row.save(update_fields=["daily_capacity"])
    for n in range(2):
        make_client(alice, last_name=f"Alice{n}", country="MD")
    make_client(bob, last_name="Bob", country="MD")
    assert _days(alice) == {TUESDAY: 1, WEDNESDAY: 1}
    assert _days(bob) == {TUESDAY: 1}  # alice's full day is not bob's


@pinned
def test_plan1_fixed_steps_never_move_and_their_day_is_flagged(alice, lena, web: WebClient):
    _capacity(alice, 1)
    for n in range(2):
        _refused_until(make_client(alice, last_name=f"Refused{n}", country="MD"), alice, AGREED)
    assert _days(alice)[AGREED] == 2  # CAT-3: the agreed date is kept, capacity or not
    week = api_as(alice).get("/api/agenda/week/", {"start": AGREED.isoformat()}).json()
    thursday = next(day for day in week["days"] if day["date"] == AGREED.isoformat())
    assert thursday["load"] == {
        "date": AGREED.isoformat(), "planned": 2, "fixed": 2, "capacity": 1, "over": True, "over_by_fixed": True,
    }  # fmt: skip
    assert "over capacity: fixed contacts alone" in web(alice).get(f"/week/?start={AGREED}").content.decode()
    load = api_as(lena).get("/api/team/load/", {"date": "2026-03-17"}).json()
    alice_row = next(row for row in load if row["manager"] == alice.pk)
    assert alice_row["capacity"] == 1
    assert [day["over_by_fixed"] for day in alice_row["days"]][:3] == [False, False, True]
    assert "fixed contacts alone" in web(lena).get("/team/?date=2026-03-17").content.decode()


@pinned
def test_plan1_team_replan_spreads_and_a_second_look_moves_what_fixed_steps_crowded(alice):
    first = make_client(alice, last_name="Flexible", country="MD")  # a first contact: flexible, due today
    for day in (WEDNESDAY, TUESDAY):  # the managers' picks come after the first contact in id order
        picked = make_client(alice, last_name=f"Picked {day}", country="MD")
        client_replan(client=picked, by=alice, request=NextStepRequest(due_date=day, time=dt.time(15)))
    assert open_next_step(first).due_date == TUESDAY  # type: ignore[union-attr]
    _capacity(alice, 1)
    clients_replan(clients=Client.objects.filter(owner=alice))
    # In id order the first contact was placed before the manager's pick filled Tuesday; it moves on once more,
    # past Wednesday (another pick) to Thursday.
    assert open_next_step(first).due_date == THURSDAY  # type: ignore[union-attr]
    assert _days(alice) == {TUESDAY: 1, WEDNESDAY: 1, THURSDAY: 1}


@pinned
def test_plan1_an_overdue_backlog_is_spread_and_keeps_its_first_due_date(alice, web: WebClient):
    clients = [make_client(alice, last_name=f"Backlog{n}", country="MD") for n in range(5)]
    for n, client in enumerate(clients):  # after an absence: 1 to 5 working days missed, windows over
        step = open_next_step(client)
        missed_on = dt.date(2026, 3, 9) - dt.timedelta(days=n)
        shift = missed_on - step.due_date  # type: ignore[union-attr]
        PlannedTouch.objects.filter(pk=step.pk).update(  # type: ignore[union-attr]
            due_date=missed_on,
            due_at=step.due_at + shift if step.due_at else None,  # type: ignore[union-attr]
        )
    _capacity(alice, 2)
    clients_replan(clients=Client.objects.filter(owner=alice))
    steps = {client.pk: open_next_step(client) for client in clients}
    stayed = [c.pk for c in clients if steps[c.pk].due_date < TUESDAY]  # type: ignore[union-attr]
    assert stayed == [clients[3].pk, clients[4].pk]  # the most overdue stay on top of Today
    moved = {c.last_name: steps[c.pk] for c in clients[:3]}
    assert Counter(step.due_date for step in moved.values()) == {WEDNESDAY: 2, THURSDAY: 1}  # type: ignore[union-attr]
    assert [steps[c.pk].overdue_since for c in clients[:3]] == [  # type: ignore[union-attr]
        dt.date(2026, 3, 9), dt.date(2026, 3, 8), dt.date(2026, 3, 7),
    ]  # fmt: skip
    clients_replan(clients=Client.objects.filter(owner=alice))  # the nightly re-plan leaves them where they are
    assert {c.pk: open_next_step(c) for c in clients} == steps
    with time_machine.travel(dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC), tick=False):
        page = web(alice).get("/").content.decode()
    assert "overdue since" in page
    client_log_touch(client=clients[0], by=alice, channel=Channel.CALL, goal=Goal.PRESENT, outcome=Outcome.REACHED)
    assert open_next_step(clients[0]).overdue_since is None  # type: ignore[union-attr]


def test_plan1_team_capacity_through_the_settings_api_with_bounds(lena, alice):
    for bad in (0, 501, "many", None):
        response = api_as(lena).patch("/api/team/settings/", {"daily_capacity": bad}, format="json")
        assert response.status_code == 400, bad
        assert "daily_capacity" in response.json()
    response = api_as(lena).patch("/api/team/settings/", {"daily_capacity": 25}, format="json")
    assert (response.status_code, response.json()["daily_capacity"]) == (200, 25)
    assert api_as(alice).patch("/api/team/settings/", {"daily_capacity": 90}, format="json").status_code == 403
    members = {row["username"]: row for row in api_as(lena).get("/api/team/members/").json()}
    assert (members["alice"]["daily_capacity"], members["alice"]["capacity"]) == (None, 25)


def test_plan1_a_members_own_capacity_only_by_their_lead_or_an_admin(lena, alice, carol, root):
    url = f"/api/team/members/{alice.pk}/"
    response = api_as(lena).patch(url, {"daily_capacity": 12}, format="json")
    assert (response.status_code, response.json()["capacity"]) == (200, 12)
    alice.refresh_from_db()
    assert alice.daily_capacity == 12
    for bad in (0, 501, "x"):
        response = api_as(lena).patch(url, {"daily_capacity": bad}, format="json")
        assert response.status_code == 400, bad
        assert "daily_capacity" in response.json(), bad
    assert api_as(alice).patch(url, {"daily_capacity": 99}, format="json").status_code == 403
    assert api_as(lena).patch(f"/api/team/members/{carol.pk}/", {"daily_capacity": 5}).status_code == 403
    assert api_as(lena).patch("/api/team/members/999999/", {"daily_capacity": 5}).status_code == 404
    assert api_as(alice).get("/api/team/members/").status_code == 403
    response = api_as(root).patch(url, {"daily_capacity": None}, format="json")
    assert (response.status_code, response.json()["daily_capacity"], response.json()["capacity"]) == (200, None, 40)


def test_plan1_the_settings_page_edits_the_team_and_each_members_capacity(lena, alice, web: WebClient):
    page = web(lena).get("/settings/planner/").content.decode()
    assert 'name="daily_capacity"' in page
    assert f'id="capacity-{alice.pk}"' in page
    url = f"/settings/planner/members/{alice.pk}/"
    assert web(lena).post(url, {"daily_capacity": "15"}).status_code == 302
    alice.refresh_from_db()
    assert alice.daily_capacity == 15
    response = web(lena).post(url, {"daily_capacity": "0"}, follow=True)
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.daily_capacity == 15
    assert web(lena).post(url, {"daily_capacity": ""}).status_code == 302
    alice.refresh_from_db()
    assert alice.daily_capacity is None
    assert web(alice).post(url, {"daily_capacity": "99"}).status_code == 403


def test_plan1_a_moved_on_backlog_step_drops_the_days_skipped_for_its_old_day(alice):
    """Only what still holds is said: the goal, the time the client asked for (TACT-6) and the backlog, with the
    days skipped to reach the new day (Friday closed by TACT-4, the weekend by TACT-5), never the old day's."""
    thursday = dt.date(2026, 3, 12)
    with time_machine.travel(dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC), tick=False):
        older, late = (make_client(alice, last_name=f"Late{n}", country="MD") for n in range(2))
        PlannedTouch.objects.filter(client=older, status=PlanStatus.OPEN).update(due_date=dt.date(2026, 3, 6))
        goal = Reason("SIX-1", "rule_of_six", dt.date(2026, 1, 9), "3")
        old_reasons = (
            goal,
            Reason("TACT-5", "weekend", dt.date(2026, 3, 7)),
            Reason("TACT-5", "weekend", dt.date(2026, 3, 8)),
            Reason("TACT-6", "client_choice", dt.date(2026, 3, 9), "11:30"),
        )
        PlannedTouch.objects.filter(client=late, status=PlanStatus.OPEN).update(
            due_date=dt.date(2026, 3, 9), window_start=dt.time(11, 30), window_end=dt.time(11, 30),
            client_choice=True, explanation=explain.reasons_json(old_reasons),
        )  # fmt: skip
        _capacity(alice, 1)
        assert overdue_backlog_spread(owner=alice) == 1
    step = open_next_step(late)
    assert step is not None
    monday = dt.date(2026, 3, 16)
    assert (step.due_date, step.window_start, step.overdue_since) == (monday, dt.time(11, 30), dt.date(2026, 3, 9))
    assert explain.reasons_from_json(step.explanation) == [
        goal,
        Reason("TACT-6", "client_choice", monday, "11:30"),
        Reason("PLAN-1", "backlog", dt.date(2026, 3, 9)),
        Reason("TACT-4", "pre_weekend", thursday + dt.timedelta(days=1)),
        Reason("TACT-5", "weekend", dt.date(2026, 3, 14)),
        Reason("TACT-5", "weekend", dt.date(2026, 3, 15)),
    ]
    assert open_next_step(older).due_date == dt.date(2026, 3, 6)  # type: ignore[union-attr]  # the oldest stays on Today
