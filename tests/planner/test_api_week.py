"""The week view in the API (GET /api/agenda/week/), and days given as parameters: a date that is no date is a
clear error (a 400 with the field, or a message on the page), never a silent today and never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

# Wednesday 11 March 2026, 10:00 in Chișinău: its week runs Monday 9 to Sunday 15 March.
WEDNESDAY = dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)


def due_on(client, day: dt.date) -> PlannedTouch:
    PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=day)
    return PlannedTouch.objects.get(client=client, status=PlanStatus.OPEN, is_next_step=True)


@time_machine.travel(WEDNESDAY, tick=False)
def test_week_api_lists_each_day_from_monday_with_its_contacts(alice, bob):
    thursday = dt.date(2026, 3, 12)
    plans = [due_on(make_client(alice, last_name=f"Week{number}"), thursday) for number in range(3)]
    due_on(make_client(alice, last_name="Next week"), dt.date(2026, 3, 16))
    due_on(make_client(bob, last_name="Bobs"), thursday)  # OWN-1: not in alice's week

    body = api_as(alice).get("/api/agenda/week/", {"start": "2026-03-11", "limit": 2}).json()

    assert body["start"] == "2026-03-09"
    assert [day["date"] for day in body["days"]] == [f"2026-03-{day:02d}" for day in range(9, 16)]
    thursday_row = body["days"][3]
    assert thursday_row["total"] == 3  # all of them counted, the first `limit` listed
    assert [item["id"] for item in thursday_row["items"]] == [plan.pk for plan in plans[:2]]
    assert thursday_row["items"][0]["client_name"] == "Week0 Ion"
    assert set(thursday_row["items"][0]) == {
        "id", "client", "client_name", "due_date", "window_start", "window_end", "due_at", "channel", "goal", "kind",
        "is_next_step", "status", "client_choice", "urgent", "explanation", "explanation_text", "note", "created_at",
        "closed_at", "starts_at", "client_window", "viewer_window", "overdue_since",
    }  # fmt: skip
    assert api_as(alice).get("/api/agenda/week/").json()["start"] == "2026-03-09"  # this week by default


@pytest.mark.parametrize("start", ["12/03/2026", "2026-02-30", "9999-12-31", "tomorrow"])
def test_week_api_rejects_a_day_that_is_no_date_with_the_field(alice, start):
    response = api_as(alice).get("/api/agenda/week/", {"start": start})

    assert response.status_code == 400
    assert response.json()["start"] == ["Use a date like 2026-03-12."]


def test_agenda_api_far_date_is_a_400_not_a_500(alice):
    response = api_as(alice).get("/api/agenda/", {"date": "9999-12-31"})  # a month later is no date

    assert response.status_code == 400
    assert "date" in response.json()


@time_machine.travel(WEDNESDAY, tick=False)
@pytest.mark.parametrize(
    ("who", "path", "shown"),
    [
        ("alice", "/week/?start=garbage", "Week of March 9, 2026"),
        ("alice", "/week/?start=9999-12-31", "Week of March 9, 2026"),
        ("lena", "/team/?date=2026-13-01", "March 11, 2026"),
    ],
)
def test_a_page_asked_for_a_day_that_is_no_date_says_so(client, alice, lena, who, path, shown):
    client.force_login({"alice": alice, "lena": lena}[who])

    response = client.get(path)

    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a date. Use a date like 2026-03-12." in body  # not a silent fallback to today
    assert shown in body  # and the page still shows this week, or today


@time_machine.travel(WEDNESDAY, tick=False)
def test_week_page_shows_the_day_count_and_a_leads_owners(client, alice, lena):
    due_on(make_client(alice, last_name="Weekly"), dt.date(2026, 3, 12))
    client.force_login(lena)

    body = client.get("/week/", {"start": "2026-03-09"}).content.decode()

    assert "Weekly Ion" in body
    assert "· Alice" in body  # a lead sees whose contact it is


def test_schema_describes_the_agenda_paging_the_week_and_jour1(alice):
    schema = api_as(alice).get("/api/schema/", {"format": "json"}).json()

    week = schema["paths"]["/api/agenda/week/"]["get"]
    assert {parameter["name"] for parameter in week["parameters"]} >= {"start", "limit"}
    agenda = schema["paths"]["/api/agenda/"]["get"]
    assert {parameter["name"] for parameter in agenda["parameters"]} >= {"date", "limit", "offset"}
    output = schema["components"]["schemas"]["AgendaOutput"]["properties"]
    assert {"items", "volume", "overdue_total", "day_total", "next_offset", "journal_review_due"} <= set(output)
