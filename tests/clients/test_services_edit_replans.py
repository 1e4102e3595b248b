"""Editing a client or its organization re-plans in the same transaction (issue: planner, re-planning)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from keepwarm.clients import services
from keepwarm.flows import clients as client_flows
from keepwarm.planner.requests import NextStepRequest
from keepwarm.touches.choices import Goal, PlanKind
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db


def edit(client, by, **fields):
    client.refresh_from_db()
    return client_flows.client_update(client=client, by=by, expected_version=client.version, **fields)


def test_tact1_new_working_hours_move_the_next_step_into_them(alice):
    client = make_client(alice, country="MD", time_zone="Europe/Chisinau")
    edit(client, alice, work_start=dt.time(14), work_end=dt.time(18))
    step = open_next_step(client)
    assert step is not None
    assert dt.time(14) <= step.window_start <= step.window_end <= dt.time(18)


def test_cat5_do_not_contact_replaces_the_planned_call_with_a_revisit(alice):
    client = make_client(alice)
    planned = open_next_step(client)
    edit(client, alice, do_not_contact=True, do_not_contact_reason="Asked us not to call")
    step = open_next_step(client)
    assert step is not None
    assert step.pk != planned.pk
    assert (step.goal, step.kind) == (Goal.GATHER_INFO, PlanKind.MANUAL)
    assert [reason["code"] for reason in step.explanation] == ["do_not_contact"]
    edit(client, alice, do_not_contact=False, do_not_contact_reason="")
    again = open_next_step(client)
    assert again.pk != step.pk
    assert again.goal != Goal.GATHER_INFO  # the planner plans real contacts again


def test_tact7_a_managers_pick_stands_when_contact_details_change(alice):
    day = midweek(20)
    client = make_client(alice, next_step=NextStepRequest(due_date=day))
    edit(client, alice, emails=["new@example.md"])
    assert open_next_step(client).due_date == day


def test_time1_an_organizations_new_time_zone_replans_its_people(alice):
    organization = services.organization_create(by=alice, name="Far East Ltd", time_zone="Europe/Chisinau")
    client = make_client(alice, organization=organization, time_zone="", country="MD")
    client_flows.organization_update(
        organization=organization, by=alice, expected_version=organization.version, time_zone="Asia/Vladivostok"
    )
    step = open_next_step(client)
    assert step.due_at.astimezone(ZoneInfo("Asia/Vladivostok")).time() == step.window_start
