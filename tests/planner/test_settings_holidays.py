"""POST-5 greeting holidays in the team settings: a list of the holiday keys the planner knows (calendars.
GREETING_KEYS), refused otherwise with a 400 on the field — by the API and by the service under it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keepwarm.planner import services
from keepwarm.planner.calendars import GREETING_KEYS
from keepwarm.planner.inputs import team_settings_row
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

NOT_HOLIDAYS = [1.5, [{}], [[1]], "abc", {"a": 1}, ["bogus-holiday"], [None]]


@pytest.mark.parametrize("value", NOT_HOLIDAYS)
def test_what_is_not_a_list_of_known_holidays_is_a_400_and_not_saved(lena, team, value):
    response = api_as(lena).patch("/api/team/settings/", {"greeting_holidays": value}, format="json")
    assert response.status_code == 400, response.content
    assert "greeting_holidays" in response.json()
    assert team_settings_row(team).greeting_holidays == ["new_year"]


@pytest.mark.parametrize("value", NOT_HOLIDAYS)
def test_the_service_refuses_them_too(lena, team, value):
    with pytest.raises(ValidationError) as refused:
        services.team_settings_update(team=team, by=lena, greeting_holidays=value)
    assert "greeting_holidays" in refused.value.message_dict


def test_known_holidays_are_saved(lena, team):
    keys = list(GREETING_KEYS)[:2]
    response = api_as(lena).patch("/api/team/settings/", {"greeting_holidays": keys}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["greeting_holidays"] == keys
    assert team_settings_row(team).greeting_holidays == keys


def test_the_schema_gives_the_field_as_an_array_of_known_keys(lena):
    schemas = api_as(lena).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    field = schemas["TeamSettings"]["properties"]["greeting_holidays"]
    assert field["type"] == "array"
    items = field["items"]
    enum = items.get("enum") or schemas[items["$ref"].rsplit("/", 1)[1]]["enum"]
    assert set(enum) == set(GREETING_KEYS)
