"""OWN-1 for reports: nobody counts another's clients; bad periods and parameters are 400, never 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as Browser
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange, Client
from keepwarm.reports.days import DaysBetween, local_day, whole_days
from keepwarm.reports.scope import Period
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

NAMES = ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"]


@pytest.mark.parametrize("name", NAMES)
def test_own1_a_manager_asking_for_another_manager_gets_404(name: str, alice: User, bob: User) -> None:
    assert api_as(alice).get(f"/api/reports/{name}/", {"manager": bob.pk}).status_code == 404
    assert api_as(alice).get(f"/api/reports/{name}/", {"manager": alice.pk}).status_code == 200


def test_own1_a_lead_cannot_ask_for_another_team_or_its_manager(lena: User, carol: User) -> None:
    assert api_as(lena).get("/api/reports/flows/", {"team": carol.team_id}).status_code == 404
    assert api_as(lena).get("/api/reports/flows/", {"manager": carol.pk}).status_code == 404
    assert api_as(lena).get("/api/reports/flows/", {"team": lena.team_id}).status_code == 200


def test_own1_a_manager_counts_only_their_own_clients(alice: User, bob: User, root: User) -> None:
    for owner in (alice, bob):
        client = make_client(owner)
        CategoryChange.objects.create(
            client=client, changed_at=client.created_at, from_category="future", to_category="now"
        )
    assert api_as(alice).get("/api/reports/flows/").json()["current"]["future_to_now"] == 1
    assert api_as(root).get("/api/reports/flows/").json()["current"]["future_to_now"] == 2
    assert api_as(root).get("/api/reports/flows/", {"manager": bob.pk}).json()["current"]["future_to_now"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"manager": "bob"},
        {"team": "-1"},
    ],
)
def test_own1_bad_parameters_are_400(params: dict[str, str], lena: User) -> None:
    response = api_as(lena).get("/api/reports/activity/", params)
    assert response.status_code == 400
    assert set(response.json()) & {"from", "to", "manager", "team"}


def test_own1_reports_need_a_login_and_a_known_name(api, alice: User) -> None:
    assert api.get("/api/reports/flows/").status_code in (401, 403)
    assert api_as(alice).get("/api/reports/nonsense/").status_code == 404


def test_the_previous_period_has_as_many_days_just_before(alice: User) -> None:
    body = api_as(alice).get("/api/reports/six/", {"from": "2026-03-01", "to": "2026-03-31"}).json()
    assert body["previous_period"] == {"from": "2026-01-29", "to": "2026-02-28"}


@pytest.mark.parametrize("zone", ["Europe/Chisinau", "America/St_Johns", "Asia/Kolkata", "UTC"])
def test_local_day_is_the_day_in_the_server_zone_across_its_offset_changes(zone: str, alice: User, settings) -> None:
    """The reports group and compare by local_day (SQLite's own date() with the zone's offsets, DST included)."""
    client = make_client(alice)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    settings.TIME_ZONE = zone  # the server's zone, whatever zone is active (report_zone)
    with timezone.override("Asia/Tokyo"):  # a viewer's zone, which must not matter
        tz = timezone.get_default_timezone()
        moments = [
            dt.datetime(2026, month, day, hour, minute, tzinfo=tz).astimezone(dt.UTC)
            for month, day in ((1, 1), (3, 29), (3, 8), (10, 25), (11, 1), (12, 31))
            for hour, minute in ((0, 0), (0, 30), (1, 59), (2, 30), (3, 0), (23, 59))
        ]
        Touch.objects.bulk_create(
            Touch(client=client, happened_at=at, channel="call", goal="present", outcome="reached") for at in moments
        )
        got = Touch.objects.filter(client=client).annotate(day=local_day("happened_at", period))
        days = {row.happened_at: row.day for row in got}
        assert days == {at: at.astimezone(tz).date() for at in moments}


def test_whole_days_and_days_between_count_like_a_timedelta(alice: User) -> None:
    """The flows' days to NOW and the deals' days in a stage are computed by the database (whole_days rounds down
    like timedelta.days, also before the entry and on exact whole days, where doubles would miss)."""
    client = make_client(alice)
    entered = dt.datetime(2026, 3, 29, 0, 30, 15, 250000, tzinfo=dt.UTC)
    Client.objects.filter(pk=client.pk).update(created_at=entered)
    CategoryChange.objects.filter(client=client).delete()
    offsets = [
        dt.timedelta(days=days, seconds=seconds)
        for days in (0, 1, 30, 365, 731, -1, -30)
        for seconds in (0, 1, -1, 59, 86399)
    ]
    for offset in offsets:
        CategoryChange.objects.create(
            client=client, changed_at=entered + offset, from_category="future", to_category="now"
        )
    rows = CategoryChange.objects.filter(client=client).annotate(
        whole=whole_days("changed_at", "client__created_at"), exact=DaysBetween("changed_at", "client__created_at")
    )
    got = {row.changed_at - entered: (row.whole, row.exact) for row in rows}
    assert {offset: whole for offset, (whole, _exact) in got.items()} == {offset: offset.days for offset in offsets}
    for offset, (_whole, exact) in got.items():
        assert exact == pytest.approx(offset.total_seconds() / 86400, abs=1e-8)


def test_own1_a_manager_naming_the_own_team_still_counts_only_their_own_touches(alice: User, bob: User) -> None:
    """The kept counts are read by owner: naming the team must not widen a manager's owners to the whole team."""
    now = timezone.now()
    for owner, count in ((alice, 1), (bob, 5)):
        client = make_client(owner)
        for n in range(count):
            Touch.objects.create(
                client=client, by=owner, happened_at=now - dt.timedelta(hours=n + 1), outcome="refused"
            )
    for params in ({}, {"team": alice.team_id}):
        body = api_as(alice).get("/api/reports/activity/", params).json()
        assert body["current"]["touches"] == 1, params
        assert api_as(alice).get("/api/reports/refusals/", params).json()["current"]["refusals"] == 1, params


@pytest.mark.parametrize("measure", ["touches", "refusals"])
def test_a_report_counts_the_days_of_the_server_zone_whatever_the_viewers_zone(
    measure: str, alice: User, settings, request: pytest.FixtureRequest
) -> None:
    """Reports count days in TIME_ZONE (the kept counts' zone) even for a viewer signed in with another zone, and
    the drill-down lists the clients behind the same number."""
    settings.TIME_ZONE = "UTC"
    alice.time_zone = "Europe/Chisinau"  # 22:30 UTC on the 19th is 00:30 on the 20th there
    alice.save(update_fields=["time_zone"])
    client = make_client(alice)
    Touch.objects.create(
        client=client, by=alice, happened_at=dt.datetime(2026, 3, 19, 22, 30, tzinfo=dt.UTC), outcome="refused"
    )
    browser = Browser()
    browser.force_login(alice)  # a session: the viewer's zone is active, as for a real request
    request.addfinalizer(timezone.deactivate)  # the middleware leaves the viewer's zone active in this thread
    name = "activity" if measure == "touches" else "refusals"
    for day, expected in (("2026-03-19", 1), ("2026-03-20", 0)):
        params = {"from": day, "to": day}
        numbers = browser.get(f"/api/reports/{name}/", params).json()
        assert numbers["current"][measure] == expected, day
        listed = browser.get(f"/api/reports/{name}/clients/", {**params, "measure": measure}).json()
        assert listed["count"] == expected, day
