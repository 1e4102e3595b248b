"""Planner pages: team settings (leads), the week, the team's load, calendar feeds."""

from __future__ import annotations

import re

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


def test_plan1_the_team_page_shows_no_capacity_on_a_day_off(client, alice, lena):
    """Seven days from a Monday: the weekend has no calls (TACT-5), so no "0/40" beside Saturday and Sunday."""
    make_client(alice, last_name="Weekly")
    client.force_login(lena)
    page = client.get("/team/", {"date": "2026-12-14"}).content.decode()
    days = re.findall(r'<li[^>]*title="[^"]+">(\w+) (.*?)</li>', page)
    weekend = {text.split("<span")[-1] for day, text in days if day in ("Sat", "Sun")}
    working = [text for day, text in days if day == "Mon"]
    assert weekend == {' class="muted" title="a day off">—</span>'}
    assert working
    assert all("/" in text for text in working)


def test_calendar_page_creates_and_revokes_a_feed(client, alice):
    client.force_login(alice)
    assert client.post("/settings/calendar/").status_code == 302
    feed = CalendarFeed.objects.get(user=alice)
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    assert client.post(f"/settings/calendar/{feed.pk}/revoke/").status_code == 302
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


def test_six2_compliance_counts_contacts_of_the_last_year_prorated(client, alice, bob, lena):
    import datetime as dt

    from django.utils import timezone

    from keepwarm.clients.models import Client
    from keepwarm.planner.reports import six_compliance
    from keepwarm.touches.models import Touch

    today = timezone.localdate()
    old = make_client(alice, last_name="Old")  # known for two years: needs 6 contacts
    young = make_client(alice, last_name="Young")  # known for ~2 months: needs ceil(6 * 61 / 365) = 2
    quiet = make_client(bob, last_name="Quiet")
    Client.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=730))
    Client.objects.filter(pk=young.pk).update(created_at=timezone.now() - dt.timedelta(days=61))
    Client.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    now = timezone.now()

    def touches(who, count, outcome="reached", days_ago=30):
        Touch.objects.bulk_create(
            Touch(
                client=who,
                happened_at=now - dt.timedelta(days=days_ago + i),
                channel="call",
                goal="present",
                outcome=outcome,
            )
            for i in range(count)
        )

    touches(old, 5)
    touches(old, 3, outcome="no_answer")  # not contacts
    touches(old, 2, days_ago=400)  # older than a year
    touches(young, 2)
    rows = {row.owner_id: row for row in six_compliance(Client.objects.all(), today=today)}
    assert (rows[alice.pk].clients, rows[alice.pk].compliant) == (2, 1)  # old has 5 < 6, young 2 >= 2
    assert (rows[bob.pk].clients, rows[bob.pk].compliant) == (1, 0)
    touches(old, 1)
    rows = {row.owner_id: row for row in six_compliance(Client.objects.all(), today=today)}
    assert rows[alice.pk].compliant == 2
    client.force_login(lena)
    page = client.get("/team/").content.decode()
    assert "SIX-2" in page
