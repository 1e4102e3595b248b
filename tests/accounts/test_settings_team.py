"""The team an admin names with ?team= on the team settings endpoints and pages (OWN-1): an id that is not a whole
number a database holds is a 400 on `team`, one of no team a 404 — never a 500, nor silently the first team."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import api_as

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/team/settings/", "/api/team/profile/", "/api/team/privileges/", "/api/team/members/"]
PAGES = ["/settings/planner/", "/settings/profile/", "/settings/privileges/", "/letters/templates/"]
NOT_AN_ID = ["²", "9223372036854775808", "0", "abc"]


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/team/export/"])
@pytest.mark.parametrize("value", NOT_AN_ID)
def test_a_team_that_is_not_an_id_is_a_400_on_team(root, url, value):
    response = api_as(root).get(url, {"team": value})
    assert response.status_code == 400, response.content
    assert "team" in response.json()


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/team/export/"])
def test_an_admin_naming_no_team_gets_a_404_not_the_first_team(root, team, url):
    assert api_as(root).get(url, {"team": 999}).status_code == 404
    assert api_as(root).get(url, {"team": team.pk}).status_code == 200


def test_an_admin_cannot_edit_the_first_team_through_a_team_that_does_not_exist(root, team):
    response = api_as(root).patch("/api/team/settings/?team=999", {"call_interval_days": 30}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_the_settings_pages_answer_400_and_404_too(root, team, url):
    client = Client()
    client.force_login(root)
    assert client.get(url, {"team": "²"}).status_code == 400
    assert client.get(url, {"team": "9223372036854775808"}).status_code == 400
    assert client.get(url, {"team": 999}).status_code == 404
    assert client.get(url, {"team": team.pk}).status_code == 200
