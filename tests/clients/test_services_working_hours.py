"""TACT-1..4 settings and hours that would leave no time to call are refused with a clear error, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.clients import services
from keepwarm.clients.models import Client
from keepwarm.flows import clients as client_flows
from keepwarm.planner.services import clients_replan
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"work_start": "19:00", "work_end": "09:00"}, "work_end"),
        ({"lunch_start": "14:00", "lunch_end": "13:00"}, "lunch_end"),
        ({"lunch_start": "07:00", "lunch_end": "08:00"}, "lunch_start"),
        ({"end_of_day_margin_minutes": 10_000}, "end_of_day_margin_minutes"),
        ({"end_of_day_margin_minutes": 600}, "end_of_day_margin_minutes"),
        ({"workdays": "89"}, "workdays"),
        ({"workdays": "112"}, "workdays"),
        ({"passive_days": 99_999}, "passive_days"),
    ],
)
def test_tact1_team_settings_that_make_no_working_day_are_refused(lena, change, field):
    response = api_as(lena).patch("/api/team/settings/", change, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_tact4_team_workdays_each_before_a_day_off_leave_no_time_to_call(lena):
    response = api_as(lena).patch("/api/team/settings/", {"workdays": "135"}, format="json")
    assert response.status_code == 400
    assert "no time to call" in str(response.json())
    allowed = api_as(lena).patch(
        "/api/team/settings/", {"workdays": "135", "pre_weekend_rule": "afternoon"}, format="json"
    )
    assert allowed.status_code == 200  # the mornings stay open


@pytest.mark.parametrize(
    "hours",
    [
        {"workdays": "135"},  # every working day is the last before a day off (TACT-4)
        {"work_start": dt.time(9), "work_end": dt.time(9, 10)},  # shorter than the end-of-day margin (TACT-3)
    ],
)
def test_tact4_a_client_whose_hours_leave_no_time_to_call_gets_an_error(alice, hours):
    with pytest.raises(ValidationError) as refused:
        make_client(alice, **hours)
    assert "no time to call" in str(refused.value)
    assert not Client.objects.exists()  # nothing half-saved


def test_tact1_an_organization_open_at_night_only_is_refused(alice):
    organization = services.organization_create(by=alice, name="Night Owls")
    with pytest.raises(ValidationError) as refused:
        client_flows.organization_update(
            organization=organization,
            by=alice,
            expected_version=organization.version,
            work_start=dt.time(19),
            work_end=dt.time(9),
        )
    assert "work_end" in refused.value.message_dict


def test_cat5_nightly_replanning_skips_a_client_it_cannot_plan_and_goes_on(alice):
    stuck = make_client(alice, first_name="Stuck")
    fine = make_client(alice, first_name="Fine")
    Client.objects.filter(pk=stuck.pk).update(workdays="135")  # legacy data, written before validation
    kept = open_next_step(stuck)
    clients_replan(clients=Client.objects.all())
    assert open_next_step(stuck) == kept
    assert open_next_step(fine) is not None
