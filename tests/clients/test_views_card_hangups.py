"""ANNOY-2 on the client card: two hang-ups within the team's window warn the manager beside the next step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone

from keepwarm.flows.touches import client_log_touch
from keepwarm.planner.inputs import hangup_warning
from keepwarm.planner.models import TeamPlannerSettings
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
WARNING = 'class="annoy-warning"'  # the next step's own "why" may also mention hang-ups


def hang_up(client, by, days_ago: int, **fields):
    at = timezone.now() - dt.timedelta(days=days_ago)
    fields.setdefault("goal", "present")
    client_log_touch(client=client, by=by, channel="call", outcome="hung_up", happened_at=at, **fields)
    return at.astimezone(
        ZoneInfo("Europe/Chisinau")
    ).date()  # the client's day (TIME-1: each test's client is in Moldova)


def card(web, user, client) -> str:
    return web(user).get(f"/clients/{client.pk}/").content.decode()


def test_annoy2_two_hangups_within_the_window_warn_beside_the_next_step(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=20)
    latest = hang_up(client, alice, days_ago=3)
    assert hangup_warning(client) == latest
    body = card(web, alice, client)
    header = body[body.index('id="next-step"') : body.index("Local time")]
    warning = header[header.index(WARNING) :]
    assert "Hung up twice" in warning
    assert formats.date_format(latest, "SHORT_DATE_FORMAT") in warning


def test_annoy2_one_hangup_does_not_warn(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=3)
    assert hangup_warning(client) is None
    assert WARNING not in card(web, alice, client)


def test_annoy2_a_hangup_outside_the_window_does_not_count(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=100)  # the default window is 90 days
    hang_up(client, alice, days_ago=3)
    assert hangup_warning(client) is None
    assert WARNING not in card(web, alice, client)


def test_annoy2_the_window_is_the_teams(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=100)
    hang_up(client, alice, days_ago=3)
    TeamPlannerSettings.objects.update_or_create(team=alice.team, defaults={"hangup_window_days": 120})
    assert WARNING in card(web, alice, client)


def test_annoy2_a_courtesy_touch_is_no_sales_hangup(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=20, goal="greeting")  # CAT-5: courtesy touches never move the sales plan
    hang_up(client, alice, days_ago=3)
    assert WARNING not in card(web, alice, client)


def test_annoy2_logging_the_second_hangup_from_the_card_warns_at_once(web, alice):
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=20)
    data = {"channel": "call", "goal": "present", "outcome": "hung_up", "direction": "outbound", "context": "card"}
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    assert 'id="client-header" class="card client-header" hx-swap-oob="true"' in body
    assert WARNING in body


def test_annoy2_the_warning_stays_when_another_step_comes_first(web, alice):
    """A missed call plans a retry (its own "why", no hang-ups in it): the card still warns."""
    client = make_client(alice, country="MD")
    hang_up(client, alice, days_ago=20)
    hang_up(client, alice, days_ago=3)
    client_log_touch(client=client, by=alice, channel="call", goal="present", outcome="no_answer")
    body = card(web, alice, client)
    assert "Hung up twice, latest on" not in body  # the retry's explanation
    assert WARNING in body


def test_annoy2_the_api_card_carries_the_warning_too(alice):
    client = make_client(alice, country="MD")
    assert api_as(alice).get(f"/api/clients/{client.pk}/").json()["hangup_warning"] is None
    hang_up(client, alice, days_ago=20)
    latest = hang_up(client, alice, days_ago=3)
    assert api_as(alice).get(f"/api/clients/{client.pk}/").json()["hangup_warning"] == latest.isoformat()
