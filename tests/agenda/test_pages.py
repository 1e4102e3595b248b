"""Planner pages: team settings (leads), the week, the team's load, calendar feeds."""

from __future__ import annotations

import pytest

from keepwarm.planner.models import CalendarFeed, TeamPlannerSettings
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_team_settings_page_saves_for_the_lead_only(client, alice, lena):
    client.force_login(alice)
    assert client.get("/settings/planner/").status_code == 403
    client.force_login(lena)
    page = client.get("/settings/planner/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        workdays=["1", "2", "3", "4"],
        six_target=8,
        greeting_holidays=["new_year", "orthodox_easter"],
        pre_weekend_rule="afternoon",
    )
    response = client.post("/settings/planner/", data)
    assert response.status_code == 302, response.context["form"].errors
    row = TeamPlannerSettings.objects.get(team=lena.team)
    assert (row.workdays, row.six_target, row.pre_weekend_rule) == ("1234", 8, "afternoon")
    assert row.greeting_holidays == ["new_year", "orthodox_easter"]


def test_tact3_margin_below_five_minutes_is_a_form_error(client, lena):
    client.force_login(lena)
    form = client.get("/settings/planner/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(workdays=["1", "2", "3", "4", "5"], end_of_day_margin_minutes=2)
    response = client.post("/settings/planner/", data)
    assert response.status_code == 200
    assert "end_of_day_margin_minutes" in response.context["form"].errors


def test_week_and_team_pages(client, alice, lena):
    make_client(alice, last_name="Weekly")
    client.force_login(alice)
    assert client.get("/week/").status_code == 200
    assert client.get("/team/").status_code == 403
    client.force_login(lena)
    page = client.get("/team/")
    assert page.status_code == 200
    assert "Alice" in page.content.decode()


def test_calendar_page_creates_and_revokes_a_feed(client, alice):
    client.force_login(alice)
    assert client.post("/settings/calendar/").status_code == 302
    feed = CalendarFeed.objects.get(user=alice)
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    assert client.post(f"/settings/calendar/{feed.pk}/revoke/").status_code == 302
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
