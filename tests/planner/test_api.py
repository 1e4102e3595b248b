"""The agenda, the forecast, team settings and the calendar feed (issue: contact planner), through the API."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
import vobject
from django.core.management import call_command
from django.utils import timezone

from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

# A Tuesday, 10:00 in Chișinău: inside working hours, no holiday near.
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_cat7_agenda_lists_overdue_first_then_open_windows_with_volume(alice, bob):
    today = timezone.localdate()
    overdue = make_client(alice, last_name="Overdue", country="MD")
    PlannedTouch.objects.filter(client=overdue, is_next_step=True).update(due_date=today - dt.timedelta(days=3))
    now_open = make_client(alice, last_name="Chisinau", country="MD")
    closed = make_client(alice, last_name="Vladivostok", country="RU", time_zone="Asia/Vladivostok")
    for client in (now_open, closed):
        PlannedTouch.objects.filter(client=client, is_next_step=True).update(due_date=today)
    make_client(bob, last_name="Someone else")  # OWN-1: not on alice's agenda

    body = api_as(alice).get("/api/agenda/", {"date": today.isoformat()}).json()
    names = [item["planned"]["client_name"] for item in body["items"] if item["planned"]["is_next_step"]]
    assert names == ["Overdue Ion", "Chisinau Ion", "Vladivostok Ion"]
    by_name = {item["planned"]["client_name"]: item for item in body["items"]}
    assert by_name["Chisinau Ion"]["good_moment_now"] is True
    assert by_name["Vladivostok Ion"]["good_moment_now"] is False  # 18:00 in Vladivostok: end of day
    assert by_name["Overdue Ion"]["overdue"] is True
    assert body["volume"]["today"] == 3  # CAT-7: "one refusal = 1 of N"
    assert body["volume"]["month"] >= 2


def test_agenda_rejects_a_bad_date(alice):
    response = api_as(alice).get("/api/agenda/", {"date": "12/03/2026"})
    assert response.status_code == 400
    assert "date" in response.json()


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_six1_forecast_lists_a_years_contacts_with_explanations(alice):
    client = make_client(alice, country="RO")
    response = api_as(alice).get(f"/api/clients/{client.pk}/plan/", {"days": 365})
    assert response.status_code == 200
    sales = [row for row in response.json() if row["is_next_step"]]
    assert len(sales) >= 6
    assert all(row["explanation"] for row in sales)
    assert all(dt.date.fromisoformat(row["due_date"]).weekday() < 5 for row in sales)
    assert api_as(alice).get(f"/api/clients/{client.pk}/plan/", {"days": "lots"}).status_code == 400


def test_team_settings_only_lead_or_admin_change_them(alice, lena):
    assert api_as(alice).patch("/api/team/settings/", {"six_target": 8}, format="json").status_code == 403
    response = api_as(lena).patch(
        "/api/team/settings/", {"six_target": 8, "pre_weekend_rule": "afternoon"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["six_target"], response.json()["pre_weekend_rule"]) == (8, "afternoon")
    bad = api_as(lena).patch("/api/team/settings/", {"end_of_day_margin_minutes": 2}, format="json")
    assert bad.status_code == 400
    assert "end_of_day_margin_minutes" in bad.json()


def test_team_load_for_leads(alice, bob, lena):
    make_client(alice)
    make_client(bob)
    rows = api_as(lena).get("/api/team/load/").json()
    assert {row["name"] for row in rows} >= {"Alice", "Bob"}
    assert api_as(alice).get("/api/team/load/").status_code == 403


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_calendar_feed_parses_with_an_independent_parser_and_can_be_revoked(client, alice):
    planned_client = make_client(alice, last_name="Ionescu", country="RO", time_zone="Europe/Bucharest")
    feed = api_as(alice).post("/api/calendar-feeds/").json()
    path = feed["url"].removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    events = calendar.contents["vevent"]
    step = open_next_step(planned_client)
    assert step is not None
    ours = [event for event in events if event.uid.value.startswith(f"planned-{step.pk}@")]
    assert len(ours) == 1
    start = ours[0].dtstart.value
    assert "Ionescu" in ours[0].summary.value
    assert str(start.tzinfo) in {"Europe/Bucharest", "EET"} or start.utcoffset() == dt.timedelta(hours=2)
    assert start.date() == step.due_date
    assert api_as(alice).post(f"/api/calendar-feeds/{feed['id']}/revoke/").status_code == 204
    assert client.get(path).status_code == 404


def test_plan_command_is_idempotent(alice):
    clients = [make_client(alice, first_name=f"P{i}") for i in range(3)]
    call_command("plan")
    before = list(PlannedTouch.objects.filter(status=PlanStatus.OPEN).order_by("pk").values_list("pk", "due_date"))
    call_command("plan")
    after = list(PlannedTouch.objects.filter(status=PlanStatus.OPEN).order_by("pk").values_list("pk", "due_date"))
    assert before == after
    assert all(open_next_step(c) is not None for c in clients)
