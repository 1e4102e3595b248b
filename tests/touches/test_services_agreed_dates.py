"""Promises the planner keeps on every path: an agreed date stays planned beside keeping in touch (CAT-3, ANNOY-3,
ANNOY-4), the caps hold for a manager's pick (ANNOY-1), and the forecast starts from what is planned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as Browser
from django.utils import timezone

from keepwarm.flows.plans import planned_touch_reschedule
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def refuse(client, by, continue_on, **fields):
    return client_log_touch(
        client=client,
        by=by,
        channel="call",
        goal="present",
        outcome="refused",
        refusal_reason="budget",
        continue_on=continue_on,
        **fields,
    )


def open_rows(client):
    return list(PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN).order_by("due_date"))


def agreed_rows(client, day):
    return [row for row in open_rows(client) if row.due_date == day and row.goal not in ("greeting", "thank_you")]


def test_cat3_an_agreed_date_ten_months_out_is_planned_beside_the_rule_of_six_call(alice):
    client = make_client(alice)
    agreed = midweek(300)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/touches/",
        {
            "channel": "call",
            "goal": "present",
            "outcome": "refused",
            "refusal_reason": "budget",
            "continue_on": agreed.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    step = open_next_step(client)
    assert step.kind == "rule_of_six"
    assert step.due_date < timezone.localdate() + dt.timedelta(days=75)  # SIX-1 keeps in touch meanwhile
    [kept] = agreed_rows(client, agreed)
    assert (kept.is_next_step, kept.kind) == (False, "refusal_followup")
    assert kept.explanation[0] == {"rule": "CAT-3", "code": "refusal_date", "day": agreed.isoformat()}

    plan = api_as(alice).get(f"/api/clients/{client.pk}/plan/?days=365").json()
    assert agreed.isoformat() in {contact["due_date"] for contact in plan}
    assert sum(contact["due_date"] < agreed.isoformat() and contact["kind"] == "rule_of_six" for contact in plan) >= 3

    day = api_as(alice).get(f"/api/agenda/?date={agreed.isoformat()}").json()
    assert client.pk in {item["planned"]["client"] for item in day["items"]}


def test_cat3_the_agreed_date_survives_the_keep_in_touch_call_before_it(alice):
    client = make_client(alice)
    agreed = midweek(200)
    refuse(client, alice, agreed)
    six = open_next_step(client)
    client_log_touch(client=client, by=alice, **REACHED, planned_touch=six)  # the rule-of-six call happens
    assert len(agreed_rows(client, agreed)) == 1
    assert open_next_step(client).due_date < agreed


def test_cat3_a_call_on_the_agreed_date_fulfils_it(alice):
    client = make_client(alice)
    agreed = midweek(200)
    refuse(client, alice, agreed)
    [kept] = agreed_rows(client, agreed)
    moment = dt.datetime.combine(agreed, dt.time(11), tzinfo=dt.UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        client_log_touch(client=client, by=alice, **REACHED, happened_at=moment, planned_touch=kept)
    kept.refresh_from_db()
    assert kept.status == PlanStatus.DONE
    assert [row for row in open_rows(client) if row.kind == "refusal_followup"] == []


def test_annoy3_the_pause_date_survives_a_call_made_during_the_pause(alice):
    client = make_client(alice)
    for days in (20, 40):
        refuse(client, alice, midweek(days))
    paused_until = midweek(150)
    refuse(client, alice, paused_until)  # the third refusal in a row: greetings only until then
    assert open_next_step(client).due_date == paused_until
    client_log_touch(client=client, by=alice, **REACHED)  # the client called about something else meanwhile
    step = open_next_step(client)
    assert step.due_date == paused_until
    assert step.explanation[0]["rule"] == "ANNOY-3"


def test_annoy4_the_re_purchase_date_survives_a_later_contact(alice):
    client = make_client(alice)
    repurchase = midweek(240)
    client_log_touch(
        client=client,
        by=alice,
        channel="call",
        goal="present",
        outcome="bought_elsewhere",
        competitor="Acme",
        continue_on=repurchase,
    )
    client_log_touch(client=client, by=alice, **REACHED)
    step = open_next_step(client)
    assert step.due_date == repurchase
    assert step.explanation[0]["rule"] == "ANNOY-4"


def test_annoy1_a_next_step_picked_three_days_after_a_call_moves_past_the_week(alice):
    client = make_client(alice)
    today = timezone.localdate()
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/touches/",
        {**REACHED, "next_step_on": (today + dt.timedelta(days=3)).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    step = open_next_step(client)
    assert step.due_date >= today + dt.timedelta(days=7)
    assert {"rule": "ANNOY-1", "code": "too_soon", "day": (today + dt.timedelta(days=7)).isoformat()} in (
        step.explanation
    )


def test_annoy1_a_moved_planned_contact_keeps_the_caps_in_the_api_too(alice):
    client = make_client(alice)
    today = timezone.localdate()
    client_log_touch(client=client, by=alice, **REACHED)
    step = open_next_step(client)
    response = api_as(alice).patch(
        f"/api/planned-touches/{step.pk}/", {"due_date": (today + dt.timedelta(days=2)).isoformat()}, format="json"
    )
    assert response.status_code == 200, response.content
    moved = response.json()
    assert moved["due_date"] >= (today + dt.timedelta(days=7)).isoformat()
    assert "ANNOY-1" in {reason["rule"] for reason in moved["explanation"]}


def test_annoy1_a_category_change_next_step_keeps_the_caps(alice):
    client = make_client(alice)
    today = timezone.localdate()
    client_log_touch(client=client, by=alice, **REACHED)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/category/",
        {"category": "now", "reason": "Asked for a quote", "next_step_on": (today + dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert open_next_step(client).due_date >= today + dt.timedelta(days=7)


def test_annoy1_a_time_the_client_asked_for_is_kept(alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, **REACHED)
    day = midweek(2)
    if day >= timezone.localdate() + dt.timedelta(days=7):
        pytest.skip("today's calendar puts the next Wednesday a week away")
    moved = planned_touch_reschedule(
        planned=open_next_step(client), by=alice, due_date=day, time=dt.time(11), client_asked=True
    )
    assert (moved.due_date, moved.client_choice) == (day, True)


def test_cat3_the_forecast_starts_from_a_moved_step(alice):
    client = make_client(alice)
    picked = midweek(20)
    planned_touch_reschedule(planned=open_next_step(client), by=alice, due_date=picked, time=dt.time(10))
    plan = api_as(alice).get(f"/api/clients/{client.pk}/plan/?days=365").json()
    first = next(contact for contact in plan if contact["is_next_step"])
    assert (first["due_date"], first["window_start"]) == (picked.isoformat(), "10:00:00")

    browser = Browser()
    browser.force_login(alice)
    page = browser.get(f"/clients/{client.pk}/plan/", headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert next(contact for contact, _ in page.context["rows"] if contact.is_next_step).due_date == picked


def test_cat3_the_card_shows_the_agreed_date_beside_the_next_step(alice):
    client = make_client(alice)
    agreed = midweek(200)
    refuse(client, alice, agreed)
    browser = Browser()
    browser.force_login(alice)
    page = browser.get(f"/clients/{client.pk}/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'datetime="{agreed.isoformat()}"' in html
    assert "Agreed date" in html
