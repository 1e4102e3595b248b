"""CAT-5 for a do-not-contact client: its only step is the revisit of the flag, which is no call to make, so the
client is on no call list (Today, the agenda API, the week, their counts) and the card shows the step as a revisit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from keepwarm.planner import agenda
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)  # 10:00 in Chișinău


@pytest.fixture(autouse=True)
def tuesday_morning():
    """Frozen before the other fixtures make their clients."""
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        yield


def _step(client) -> PlannedTouch:
    return PlannedTouch.objects.get(client=client, status=PlanStatus.OPEN, is_next_step=True)


def _due(client, day: dt.date) -> PlannedTouch:
    PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=day)
    return _step(client)


@pytest.fixture
def clients(alice):
    """A client to call today, and a do-not-contact one whose revisit step is overdue (as an old plan left it)."""
    today = timezone.localdate()
    callable_client = make_client(alice, last_name="Callable")
    _due(callable_client, today)
    barred = make_client(alice, last_name="Barred", do_not_contact=True, do_not_contact_reason="asked by phone")
    revisit = _due(barred, today - dt.timedelta(days=3))
    assert any(reason.get("code") == "do_not_contact" for reason in revisit.explanation)  # the planner's revisit
    return callable_client, barred


def test_cat5_do_not_contact_client_is_not_on_the_agenda_api_nor_in_its_counts(alice, clients):
    callable_client, _barred = clients

    body = api_as(alice).get("/api/agenda/").json()

    assert [item["planned"]["client"] for item in body["items"]] == [callable_client.pk]
    assert (body["overdue_total"], body["day_total"], body["volume"]["today"]) == (0, 1, 1)


def test_cat5_do_not_contact_client_is_not_in_the_week(client, alice, clients):
    callable_client, barred = clients
    _due(barred, timezone.localdate() + dt.timedelta(days=1))

    week = api_as(alice).get("/api/agenda/week/").json()
    client.force_login(alice)
    page = client.get("/week/").content.decode()

    assert [plan["client"] for day in week["days"] for plan in day["items"]] == [callable_client.pk]
    assert sum(day["total"] for day in week["days"]) == 1
    assert "Callable Ion" in page
    assert "Barred" not in page


def test_cat5_today_offers_no_call_to_a_do_not_contact_client(client, alice, clients):
    _callable_client, barred = clients
    client.force_login(alice)

    body = client.get("/").content.decode()

    assert "Callable Ion" in body
    assert "Barred" not in body
    assert f"/clients/{barred.pk}/touch/" not in body  # no "Log touch" for them
    assert agenda.volume_for(alice, day=timezone.localdate()).overdue == 0


def test_cat5_card_shows_the_revisit_not_a_call_to_make(client, alice, clients):
    _, barred = clients
    revisit = _step(barred)
    client.force_login(alice)

    body = client.get(f"/clients/{barred.pk}/").content.decode()
    next_step = body[body.index('id="next-step"') : body.index("</dd>", body.index('id="next-step"'))]

    assert "Revisit the do-not-contact flag on" in next_step
    assert revisit.get_goal_display() not in next_step  # not "Call · Gather information"
    timeline = body[body.index('id="timeline"') :]
    assert "Revisit the do-not-contact flag" in timeline
