"""planner.inputs: which copy of a team's planner settings the planner reads."""

from __future__ import annotations

import pytest

from keepwarm.clients.models import Client
from keepwarm.planner import inputs
from keepwarm.planner.models import TeamPlannerSettings
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_settings_for_team_reads_the_settings_as_saved_now_even_for_a_team_read_with_an_older_copy(alice, team):
    """Every planner caller (replans, the agenda, reports, imports) gets the settings as they stand, whatever
    was read with the team earlier; only the card and the year plan take the row they read just now."""
    TeamPlannerSettings.objects.update_or_create(team=team, defaults={"workdays": "12345"})
    client = make_client(alice)
    read = Client.objects.select_related("owner__team__planner_settings").get(pk=client.pk)
    TeamPlannerSettings.objects.filter(team=team).update(workdays="12")
    assert inputs.settings_for_team(read.owner.team).work.workdays == frozenset({0, 1})
    assert inputs.settings_read_with(read.owner.team).work.workdays == frozenset(range(5))  # the row it was read with


def test_settings_read_with_a_team_read_without_them_are_read_and_made_if_missing(alice, team):
    client = make_client(alice)
    TeamPlannerSettings.objects.filter(team=team).delete()
    read = Client.objects.select_related("owner__team__planner_settings").get(pk=client.pk)
    assert inputs.settings_read_with(read.owner.team) == inputs.planner_settings(TeamPlannerSettings(team=team))
    assert TeamPlannerSettings.objects.filter(team=team).exists()
    TeamPlannerSettings.objects.filter(team=team).update(workdays="3")
    fresh = Client.objects.select_related("owner__team").get(pk=client.pk)
    assert inputs.settings_read_with(fresh.owner.team).work.workdays == frozenset({2})
