"""The agenda's reads: CAT-7 volume bounds, OWN-1 for a lead, each client's own calendar (TIME-1, TACT-1), the
API shape, and a query count that does not grow with the day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.planner import agenda, explain
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db

# A Tuesday, 10:00 in Chișinău: inside working hours, no holiday near.
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
# Wednesday 30 September 2026, 10:00 in Chișinău: the week runs into October.
LAST_WEDNESDAY_OF_SEPTEMBER = dt.datetime(2026, 9, 30, 7, 0, tzinfo=dt.UTC)


def due_on(client, day: dt.date) -> None:
    """Move the client's next step (its courtesy touches, such as a New Year greeting, stay far off)."""
    PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=day)


@time_machine.travel(LAST_WEDNESDAY_OF_SEPTEMBER, tick=False)
def test_cat7_volume_counts_a_week_that_runs_into_next_month(alice):
    today = timezone.localdate()
    for number, day in enumerate(["2026-09-10", "2026-09-29", "2026-09-30", "2026-10-02", "2026-10-20"]):
        due_on(make_client(alice, first_name=f"V{number}"), dt.date.fromisoformat(day))

    volume = agenda.volume_for(alice, day=today)

    assert (volume.today, volume.week, volume.month) == (3, 3, 3)  # 2 October is this week, not this month


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_own1_a_leads_agenda_is_the_teams_with_each_owner(alice, bob, lena, carol):
    today = timezone.localdate()
    for owner in (alice, bob, carol):
        due_on(make_client(owner, last_name=owner.first_name), today)

    items = agenda.agenda_for(lena, day=today).items

    assert sorted((item.planned.client.full_name, item.planned.client.owner_name) for item in items) == [
        ("Alice Ion", "Alice"),
        ("Bob Ion", "Bob"),
    ]
    assert agenda.volume_for(lena, day=today).today == 2
    assert [item.planned.client.owner_name for item in agenda.agenda_for(alice, day=today).items] == [""]


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_own1_todays_rows_show_a_lead_each_owner_under_the_column_label(client, alice, lena):
    due_on(make_client(alice, last_name="Owned"), timezone.localdate())
    client.force_login(lena)

    body = client.get("/").content.decode()

    assert '<td data-label="Owner">Alice</td>' in body
    assert '<td data-label="Due">' in body


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_time1_tact1_each_client_is_checked_in_its_own_calendar(alice):
    today = timezone.localdate()
    far_east = OrganizationFactory(team=alice.team, name="Far East SRL", time_zone="Asia/Vladivostok")
    here = make_client(alice, last_name="Here", country="MD")
    abroad = make_client(alice, last_name="Abroad", country="MD", organization=far_east)
    afternoons = make_client(alice, last_name="Afternoons", country="MD", work_start=dt.time(14))
    for client in (here, abroad, afternoons):
        due_on(client, today)

    items = {item.planned.client.last_name: item for item in agenda.agenda_for(alice, day=today).items}

    assert items["Here"].moment.ok
    assert not items["Abroad"].moment.ok  # 18:00 in Vladivostok, the organization's zone
    assert items["Abroad"].client_local_time.utcoffset() == dt.timedelta(hours=10)
    assert items["Afternoons"].moment.code == "off_hours"  # the client's own working hours
    assert items["Abroad"].planned.client.organization_name == "Far East SRL"


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_agenda_api_item_keeps_its_shape_and_reads_the_reasons(alice):
    client = make_client(alice, last_name="Shape")
    due_on(client, timezone.localdate())
    plan = PlannedTouch.objects.get(client=client, is_next_step=True)

    item = api_as(alice).get("/api/agenda/").json()["items"][0]

    assert set(item) == {
        "planned", "overdue", "good_moment_now", "moment", "client_local_time", "closing_soon", "reasons",
    }  # fmt: skip
    assert set(item["planned"]) == {
        "id", "client", "client_name", "due_date", "window_start", "window_end", "due_at", "channel", "goal", "kind",
        "is_next_step", "status", "client_choice", "urgent", "explanation", "explanation_text", "note", "created_at",
        "closed_at", "starts_at", "client_window", "viewer_window", "overdue_since",
    }  # fmt: skip
    assert (item["planned"]["id"], item["planned"]["client"], item["planned"]["client_name"]) == (
        plan.pk,
        client.pk,
        "Shape Ion",
    )
    assert item["planned"]["explanation"] == plan.explanation
    assert item["reasons"] == explain.explanation(plan)
    assert item["reasons"]  # the planner always says why


def agenda_queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api_as(user).get("/api/agenda/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["alice", "lena"])
def test_agenda_api_query_count_does_not_grow_with_the_day(alice, bob, lena, who, request):
    user = request.getfixturevalue(who)
    today = timezone.localdate()
    due_on(make_client(alice, first_name="First"), today)
    small = agenda_queries(user)
    for number in range(6):
        owner = alice if number % 2 else bob
        due_on(make_client(owner, first_name=f"More{number}", country="RO"), today - dt.timedelta(days=number))
    assert agenda_queries(user) == small
