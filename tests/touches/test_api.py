"""Date bounds on every entry path (bad input is a 400 on its field, never a 500) and TACT-7 when a planned
contact is moved through the API."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.utils import timezone

from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import client_replan
from keepwarm.touches.choices import Channel, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db
FAR = "9999-12-31"


def touches_url(client):
    return f"/api/clients/{client.pk}/touches/"


def post_touch(user, client, **fields):
    body = {"channel": "call", "goal": "present", "outcome": "reached", **fields}
    return api_as(user).post(touches_url(client), body, format="json")


def _working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays("MD", years=day.year)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"next_step_on": FAR}, "next_step_on"),
        ({"next_step_on": "2020-01-01"}, "next_step_on"),
        ({"outcome": "bought_elsewhere", "competitor": "Acme", "continue_on": FAR}, "continue_on"),
        ({"outcome": "refused", "refusal_reason": "timing", "refusal_note": "x", "continue_on": FAR}, "continue_on"),
        ({"outcome": "agreed_to_meet", "continue_on": FAR}, "continue_on"),
        ({"happened_at": "1900-01-01T10:00:00Z"}, "happened_at"),
    ],
)
def test_cat3_cat5_touch_dates_out_of_bounds_are_a_400_on_their_field(alice, fields, field):
    client = make_client(alice)
    before = open_next_step(client)
    answer = post_touch(alice, client, **fields)
    assert answer.status_code == 400, answer.content
    assert field in answer.json(), answer.json()
    assert not Touch.objects.filter(client=client).exists()
    assert open_next_step(client) == before


def test_cat5_next_step_on_five_years_ahead_is_accepted_and_a_day_later_is_not(alice):
    client = make_client(alice)
    latest = timezone.localdate().replace(year=timezone.localdate().year + 5)
    assert post_touch(alice, client, next_step_on=(latest + dt.timedelta(days=1)).isoformat()).status_code == 400
    assert post_touch(alice, client, next_step_on=latest.isoformat()).status_code == 201


def test_post5_a_greeting_planned_in_the_past_or_far_ahead_is_refused(alice):
    client = make_client(alice)
    for day in ("2020-01-01", FAR):
        answer = api_as(alice).post(
            "/api/planned-touches/", {"client": client.pk, "due_date": day, "goal": "greeting"}, format="json"
        )
        assert answer.status_code == 400, answer.content
        assert "due_date" in answer.json()


def test_post1_an_order_dated_9999_is_never_a_500(alice):
    client = make_client(alice)
    order = {"client": client.pk, "ordered_on": FAR, "amount": "100", "items": "x"}
    assert api_as(alice).post("/api/orders/", order, format="json").status_code < 500


def test_tact7_moving_the_next_step_far_ahead_is_a_400_on_due_date(alice):
    client = make_client(alice)
    step = open_next_step(client)
    answer = api_as(alice).patch(f"/api/planned-touches/{step.pk}/", {"due_date": FAR}, format="json")
    assert answer.status_code == 400
    assert "due_date" in answer.json()


def _move(user, planned, **body):
    answer = api_as(user).patch(f"/api/planned-touches/{planned.pk}/", body, format="json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_tact5_tact7_the_next_step_moved_to_a_saturday_goes_to_the_next_allowed_day(alice):
    client = make_client(alice)
    saturday = midweek(14) + dt.timedelta(days=3)
    moved = _move(alice, open_next_step(client), due_date=saturday.isoformat())
    day = dt.date.fromisoformat(moved["due_date"])
    assert day > saturday
    assert _working(day)
    assert _working(day + dt.timedelta(days=1))
    assert {"rule": "TACT-5", "code": "weekend", "day": saturday.isoformat()} in moved["explanation"]
    assert moved["explanation"][0]["rule"] == "TACT-7"
    assert moved["window_start"]
    assert moved["window_end"]
    assert any("weekend" in text for text in moved["explanation_text"])
    step = open_next_step(client)
    assert (step.pk, step.due_date) == (moved["id"], day)  # CAT-5: still exactly one open next step
    assert PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).count() == 1


def test_tact4_tact7_the_next_step_moved_to_the_last_working_day_before_the_weekend_moves_on(alice):
    client = make_client(alice)
    friday = midweek(14) + dt.timedelta(days=2)
    while not _working(friday):
        friday = midweek((friday - timezone.localdate()).days + 7) + dt.timedelta(days=2)
    moved = _move(alice, open_next_step(client), due_date=friday.isoformat(), time="10:00")
    assert dt.date.fromisoformat(moved["due_date"]) > friday
    assert {"rule": "TACT-4", "code": "pre_weekend", "day": friday.isoformat()} in moved["explanation"]


def test_tact5_tact7_the_next_step_moved_to_a_saturday_keeps_the_picked_time_of_day(alice):
    client = make_client(alice)
    saturday = midweek(14) + dt.timedelta(days=3)
    moved = _move(alice, open_next_step(client), due_date=saturday.isoformat(), time="11:00")
    assert dt.date.fromisoformat(moved["due_date"]) > saturday
    assert moved["window_start"] == "11:00:00"


def test_tact6_a_time_the_client_asked_for_is_kept_when_moving(alice):
    client = make_client(alice)
    friday = midweek(14) + dt.timedelta(days=2)
    moved = _move(alice, open_next_step(client), due_date=friday.isoformat(), time="17:50", client_asked=True)
    assert (moved["due_date"], moved["window_start"], moved["client_choice"]) == (friday.isoformat(), "17:50:00", True)


def test_tact1_tact7_a_time_outside_working_hours_moves_to_the_next_window(alice):
    client = make_client(alice)
    wednesday = midweek(14)
    moved = _move(alice, open_next_step(client), due_date=wednesday.isoformat(), time="20:00")
    assert dt.date.fromisoformat(moved["due_date"]) > wednesday
    assert any(reason["rule"] == "TACT-1" for reason in moved["explanation"])


def test_tact7_a_greeting_moved_to_a_saturday_goes_out_on_a_working_day(alice):
    client = make_client(alice)
    api = api_as(alice)
    created = api.post(
        "/api/planned-touches/",
        {"client": client.pk, "due_date": midweek(7).isoformat(), "goal": "greeting"},
        format="json",
    ).json()
    saturday = midweek(14) + dt.timedelta(days=3)
    moved = _move(alice, PlannedTouch.objects.get(pk=created["id"]), due_date=saturday.isoformat())
    assert moved["id"] == created["id"]
    assert moved["is_next_step"] is False
    day = dt.date.fromisoformat(moved["due_date"])
    assert day > saturday
    assert _working(day)
    assert moved["explanation"][0] == {"rule": "TACT-7", "code": "manager_choice", "day": saturday.isoformat()}
    assert {"rule": "TACT-5", "code": "weekend", "day": saturday.isoformat()} in moved["explanation"]


def test_tact5_tact7_a_letter_picked_for_a_saturday_goes_out_on_a_working_day(alice):
    client = make_client(alice)
    saturday = midweek(14) + dt.timedelta(days=3)
    step = client_replan(client=client, by=alice, request=NextStepRequest(due_date=saturday, channel=Channel.EMAIL))
    assert step is not None
    assert step.due_date > saturday
    assert _working(step.due_date)
    assert {"rule": "TACT-5", "code": "weekend", "day": saturday.isoformat()} in step.explanation


def test_post1_an_order_dated_in_2099_is_refused_on_its_field(alice):
    client = make_client(alice)
    order = {"client": client.pk, "ordered_on": "2099-01-01", "amount": "100", "items": "Printers"}
    response = api_as(alice).post("/api/orders/", order, format="json")
    assert response.status_code == 400
    assert "ordered_on" in response.json()
