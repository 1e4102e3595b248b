"""TIME-1 in the calendar feed: each event's time zone travels with it, as RFC 5545 requires."""

from __future__ import annotations

import datetime as dt

import pytest
import vobject
from django.test import Client as HttpClient

from keepwarm.planner.services import calendar_feed_create
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_time1_feed_carries_a_vtimezone_for_every_client_zone(alice):
    far = make_client(alice, last_name="Vladivostok", country="RU", time_zone="Asia/Vladivostok")
    make_client(alice, last_name="Chisinau", country="MD", time_zone="Europe/Chisinau")
    feed = calendar_feed_create(user=alice)
    body = HttpClient().get(f"/calendar/{feed.token}.ics").content.decode()

    calendar = vobject.readOne(body)
    zones = {zone.tzid.value for zone in calendar.contents["vtimezone"]}
    assert zones == {"Asia/Vladivostok", "Europe/Chisinau"}
    step = open_next_step(far)
    event = next(e for e in calendar.contents["vevent"] if e.uid.value.startswith(f"planned-{step.pk}@"))
    start = event.dtstart.value  # resolved through the feed's own VTIMEZONE, not the parser's zone database
    assert start.utcoffset() == dt.timedelta(hours=10)
    assert start.time() == step.window_start
