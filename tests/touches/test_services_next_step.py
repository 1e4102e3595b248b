"""TACT-7: the manager's next contact after a touch (day, goal, channel, time) through client_log_touch and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.models import Touch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def test_tact7_logging_a_touch_plans_the_managers_goal_channel_and_time(alice):
    client = make_client(alice)
    day = midweek(30)
    client_log_touch(
        client=client,
        by=alice,
        **REACHED,
        next_step_on=day,
        next_step_goal="close",
        next_step_channel="meeting",
        next_step_time=dt.time(10, 30),
    )
    step = open_next_step(client)
    assert (step.due_date, step.goal, step.channel, step.window_start) == (day, "close", "meeting", dt.time(10, 30))
    assert step.explanation[0]["rule"] == "TACT-7"


def test_tact7_a_letter_goes_on_the_picked_working_day(alice):
    client = make_client(alice)
    day = midweek(30)
    client_log_touch(client=client, by=alice, **REACHED, next_step_on=day, next_step_channel="letter")
    step = open_next_step(client)
    assert (step.due_date, step.channel, step.goal) == (day, "letter", "sell_meeting")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"next_step_goal": "greeting"}, "next_step_goal"),
        ({"next_step_goal": "nonsense"}, "next_step_goal"),
        ({"next_step_channel": "pigeon"}, "next_step_channel"),
    ],
)
def test_tact7_a_next_step_needs_a_sales_goal_and_a_known_channel(alice, fields, field):
    client = make_client(alice)
    with pytest.raises(ValidationError) as error:
        client_log_touch(client=client, by=alice, **REACHED, next_step_on=midweek(30), **fields)
    assert field in error.value.message_dict
    assert not Touch.objects.filter(client=client).exists()


def test_tact7_a_time_needs_its_day(alice):
    client = make_client(alice)
    with pytest.raises(ValidationError) as error:
        client_log_touch(client=client, by=alice, **REACHED, next_step_time=dt.time(10))
    assert "next_step_on" in error.value.message_dict


def test_tact7_the_api_takes_the_same_next_step_fields(alice):
    client = make_client(alice)
    day = midweek(30)
    body = {
        **REACHED,
        "next_step_on": day.isoformat(),
        "next_step_goal": "present",
        "next_step_channel": "meeting",
        "next_step_time": "11:00",
        "material": "Price list 2025",
    }
    response = api_as(alice).post(f"/api/clients/{client.pk}/touches/", body, format="json")
    assert response.status_code == 201, response.json()
    step = response.json()["next_step"]
    assert (step["due_date"], step["goal"], step["channel"]) == (day.isoformat(), "present", "meeting")
    assert response.json()["touch"]["material"] == "Price list 2025"


def test_tact7_the_api_refuses_a_greeting_as_the_next_step(alice):
    client = make_client(alice)
    body = {**REACHED, "next_step_on": midweek(30).isoformat(), "next_step_goal": "greeting"}
    response = api_as(alice).post(f"/api/clients/{client.pk}/touches/", body, format="json")
    assert response.status_code == 400
    assert "next_step_goal" in response.json()


def test_tact6_a_day_and_time_the_client_asked_for_are_kept(alice):
    client = make_client(alice)
    day = midweek(14)
    result = client_log_touch(
        client=client,
        by=alice,
        **REACHED,
        next_step_on=day,
        next_step_time=dt.time(13, 30),
        next_step_client_asked=True,
    )
    step = open_next_step(client)
    assert (step.due_date, step.window_start, step.client_choice) == (day, dt.time(13, 30), True)
    assert {"rule": "TACT-6", "code": "client_choice", "day": day.isoformat(), "detail": "13:30"} in step.explanation
    assert not result.pick_moved


def test_tact6_the_clients_time_needs_its_day(alice):
    client = make_client(alice)
    with pytest.raises(ValidationError) as error:
        client_log_touch(client=client, by=alice, **REACHED, next_step_client_asked=True)
    assert "next_step_on" in error.value.message_dict
    assert not Touch.objects.filter(client=client).exists()


@pytest.mark.parametrize(("asked", "kept", "moved"), [(True, "13:30:00", False), (False, "14:00:00", True)])
def test_tact6_tact7_the_api_keeps_the_clients_time_and_says_when_a_pick_moved(alice, asked, kept, moved):
    client = make_client(alice)
    day = midweek(14)
    body = {**REACHED, "next_step_on": day.isoformat(), "next_step_time": "13:30", "next_step_client_asked": asked}
    response = api_as(alice).post(f"/api/clients/{client.pk}/touches/", body, format="json")
    assert response.status_code == 201, response.json()
    step = response.json()["next_step"]
    assert (step["due_date"], step["window_start"], step["client_choice"]) == (day.isoformat(), kept, asked)
    assert response.json()["next_step_moved"] is moved


def test_tact6_the_api_refuses_the_clients_time_without_its_day(alice):
    client = make_client(alice)
    body = {**REACHED, "next_step_client_asked": True}
    response = api_as(alice).post(f"/api/clients/{client.pk}/touches/", body, format="json")
    assert response.status_code == 400
    assert "next_step_on" in response.json()
    assert not Touch.objects.filter(client=client).exists()
