"""TACT-1..4 must leave time to call: rules that close every day of a client's calendar are refused where they are
set, and a calendar closed all the same (by rules changed before that check existed) is said, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser

from keepwarm.clients.services import organization_create
from keepwarm.planner import inputs
from keepwarm.planner.services import team_settings_update
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _monday_only_client(alice, lena):
    """Mondays only are open while the team allows calls before a day off (TACT-4 off)."""
    team_settings_update(team=alice.team, by=lena, pre_weekend_rule="off")
    organization = organization_create(by=alice, team=alice.team, name="Luni SRL", workdays="1")
    return make_client(alice, organization=organization)


def test_tact4_rules_that_close_an_organizations_only_day_are_refused(alice, lena):
    _monday_only_client(alice, lena)
    with pytest.raises(ValidationError) as refused:
        team_settings_update(team=alice.team, by=lena, pre_weekend_rule="day")
    assert "Luni SRL" in " ".join(refused.value.messages)
    answer = api_as(lena).patch(
        "/api/team/settings/", {"pre_weekend_rule": "day"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )  # the lead's path, in Russian
    assert answer.status_code == 400
    assert "«Luni SRL»" in str(answer.json())
    assert "не оставляют времени" in str(answer.json())
    assert inputs.team_settings_row(alice.team).pre_weekend_rule == "off"


def test_tact4_a_calendar_closed_all_the_same_is_said_on_the_card_and_in_the_api(alice, lena):
    client = _monday_only_client(alice, lena)
    row = inputs.team_settings_row(alice.team)
    row.pre_weekend_rule = "day"  # as a database from before the check holds it
    row.save()
    browser = Browser()
    browser.force_login(alice)
    part = browser.get(f"/clients/{client.pk}/plan/", HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    assert "leave no time to call" in part.content.decode()
    answer = api_as(alice).get(f"/api/clients/{client.pk}/plan/")
    assert answer.status_code == 400
    assert "leave no time to call" in str(answer.json())
