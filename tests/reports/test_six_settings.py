"""SIX-2 and POST-4 in the reports judge each client by its own team's settings (six_target, passive_days), not by
the viewer's: an admin (no team) sees each team as its lead does, and the drill-down lists what the report counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _known_a_year_with_three_contacts(owner: User) -> Client:
    client = make_client(owner)
    Client.objects.filter(pk=client.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    for days_ago in (10, 100, 200):
        Touch.objects.create(
            client=client,
            happened_at=timezone.now() - dt.timedelta(days=days_ago),
            channel="call",
            goal="keep_in_touch",
            outcome="reached",
        )
    return client


def _drilled(user: User, measure: str, **params: object) -> set[int]:
    body = api_as(user).get("/api/reports/six/clients/", {"measure": measure, **params}).json()
    return {row["id"] for row in body["results"]}


def test_six2_a_team_asking_for_three_contacts_is_judged_by_three(alice: User, lena: User, root: User) -> None:
    TeamPlannerSettings.objects.create(team=alice.team, six_target=3)
    client = _known_a_year_with_three_contacts(alice)
    for user, params in ((root, {"team": alice.team_id}), (root, {"manager": alice.pk}), (lena, {}), (alice, {})):
        numbers = api_as(user).get("/api/reports/six/", params).json()["current"]
        assert (numbers["target"], numbers["clients"], numbers["compliant"]) == (3, 1, 1), user
        assert numbers["by_manager"] == [{"manager": alice.pk, "target": 3, "clients": 1, "compliant": 1, "share": 1.0}]
        assert _drilled(user, "compliant", **params) == {client.pk}
        assert _drilled(user, "below_six", **params) == set()


def test_six2_an_admin_over_several_teams_judges_each_client_by_its_team(alice: User, carol: User, root: User) -> None:
    TeamPlannerSettings.objects.create(team=alice.team, six_target=3)
    # POST-4: carol's team calls a client passive after 5 days without contact, alice's after the default 180.
    TeamPlannerSettings.objects.create(team=carol.team, passive_days=5)
    kept, short = _known_a_year_with_three_contacts(alice), _known_a_year_with_three_contacts(carol)
    numbers = api_as(root).get("/api/reports/six/").json()["current"]
    assert (numbers["target"], numbers["clients"], numbers["compliant"], numbers["below_six"]) == (None, 2, 1, 1)
    assert {(row["manager"], row["target"], row["compliant"]) for row in numbers["by_manager"]} == {
        (alice.pk, 3, 1),
        (carol.pk, 6, 0),
    }
    assert numbers["passive"] == 1
    assert _drilled(root, "compliant") == {kept.pk}
    assert _drilled(root, "below_six") == {short.pk}
    assert _drilled(root, "passive") == {short.pk}
    assert _drilled(root, "clients") == {kept.pk, short.pk}
