"""TIME-1: every time is shown in the viewer's zone with the client's wall clock beside it; the agenda API gives
each contact's instant in UTC and its window in the client's and in the viewer's zone. Expected clocks are worked
out here from zoneinfo, independently of the code."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from keepwarm.accounts.models import User
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

MOSCOW, VLADIVOSTOK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Vladivostok")
# Tuesday 10 March 2026, 07:02 UTC: 10:02 in Moscow, 17:02 in Vladivostok.
NOW = dt.datetime(2026, 3, 10, 7, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
START, END = dt.time(14, 0), dt.time(16, 30)  # the call window on the client's clock


@pytest.fixture
def moscow_manager(alice: User) -> User:
    alice.time_zone = "Europe/Moscow"
    alice.save(update_fields=["time_zone"])
    return alice


def far_east_client(owner: User, last_name: str = "Far"):
    """A Vladivostok client whose next step is today, 14:00–16:30 on its clock."""
    client = make_client(owner, last_name=last_name, country="RU", time_zone="Asia/Vladivostok")
    start = dt.datetime.combine(TODAY, START, tzinfo=VLADIVOSTOK)
    PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(
        due_date=TODAY, window_start=START, window_end=END, due_at=start.astimezone(dt.UTC)
    )
    return client


def _cell(body: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}".*?</tr>', body, re.S)
    assert match, f"{row_id} is not on the page"
    return match.group(0)


@time_machine.travel(NOW, tick=False)
def test_time1_agenda_api_gives_the_utc_instant_and_the_window_in_both_zones(moscow_manager):
    client = far_east_client(moscow_manager)

    body = api_as(moscow_manager).get("/api/agenda/", {"date": TODAY.isoformat()}).json()

    (item,) = [item for item in body["items"] if item["planned"]["client"] == client.pk]
    planned = item["planned"]
    start = dt.datetime.combine(TODAY, START, tzinfo=VLADIVOSTOK)
    end = dt.datetime.combine(TODAY, END, tzinfo=VLADIVOSTOK)
    assert planned["starts_at"] == "2026-03-10T04:00:00Z"  # 14:00 in Vladivostok (UTC+10)
    assert dt.datetime.fromisoformat(planned["starts_at"]) == start
    assert planned["client_window"] == {
        "time_zone": "Asia/Vladivostok",
        "start": "2026-03-10T14:00:00+10:00",
        "end": "2026-03-10T16:30:00+10:00",
    }
    assert planned["viewer_window"] == {
        "time_zone": "Europe/Moscow",
        "start": start.astimezone(MOSCOW).isoformat(),
        "end": end.astimezone(MOSCOW).isoformat(),
    }
    assert planned["viewer_window"]["start"] == "2026-03-10T07:00:00+03:00"
    assert item["client_local_time"].startswith("2026-03-10T17:02:00")
    assert item["client_local_time"].endswith("+10:00")


@time_machine.travel(NOW, tick=False)
def test_time1_agenda_and_week_responses_have_what_their_schema_declares(moscow_manager):
    far_east_client(moscow_manager)
    api = api_as(moscow_manager)
    schema = api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]

    def declared(name: str) -> set[str]:
        return set(schema[name]["properties"])

    item = api.get("/api/agenda/").json()["items"][0]
    week_plan = next(plan for day in api.get("/api/agenda/week/").json()["days"] for plan in day["items"])

    planned_ref = schema["AgendaItemOutput"]["properties"]["planned"]
    planned_name = (planned_ref.get("$ref") or planned_ref["allOf"][0]["$ref"]).rsplit("/", 1)[-1]
    assert set(item) == declared("AgendaItemOutput")
    assert set(item["planned"]) == declared(planned_name) == set(week_plan)
    assert {"explanation_text", "starts_at", "client_window", "viewer_window"} <= set(item["planned"])
    assert item["planned"]["explanation_text"] == item["reasons"]  # issue 13: declared and now given
    assert week_plan["explanation_text"]
    assert week_plan["viewer_window"]["time_zone"] == "Europe/Moscow"


@time_machine.travel(NOW, tick=False)
def test_time1_today_shows_the_clients_real_local_time_and_the_window_on_the_viewers_clock(client, moscow_manager):
    far = far_east_client(moscow_manager)
    plan = PlannedTouch.objects.get(client=far, status=PlanStatus.OPEN, is_next_step=True)
    client.force_login(moscow_manager)

    row = _cell(client.get("/").content.decode(), f"plan-{plan.pk}")

    client_clock = NOW.astimezone(VLADIVOSTOK).strftime("%H:%M")  # 17:02
    viewer_clock = NOW.astimezone(MOSCOW).strftime("%H:%M")  # 10:02
    assert re.search(rf'class="client-clock"[^>]*>{client_clock}<', row)
    assert viewer_clock not in row
    window_in_moscow = dt.datetime.combine(TODAY, START, tzinfo=VLADIVOSTOK).astimezone(MOSCOW)
    assert f">{window_in_moscow:%H:%M}–" in row  # 07:00–09:30 on the viewer's clock
    assert "14:00–16:30 client&#x27;s time" in row or "14:00–16:30 client's time" in row


@time_machine.travel(NOW, tick=False)
def test_time1_a_client_in_the_viewers_zone_shows_one_clock(client, alice):
    here = make_client(alice, last_name="Here", country="MD")
    plan = PlannedTouch.objects.get(client=here, status=PlanStatus.OPEN, is_next_step=True)
    PlannedTouch.objects.filter(pk=plan.pk).update(due_date=TODAY)
    client.force_login(alice)

    row = _cell(client.get("/").content.decode(), f"plan-{plan.pk}")

    assert "client-time" not in row  # the same clock: nothing beside it


@time_machine.travel(NOW, tick=False)
def test_time1_card_shows_the_clients_local_time_not_the_viewers(client, moscow_manager):
    far = far_east_client(moscow_manager)
    client.force_login(moscow_manager)

    body = client.get(f"/clients/{far.pk}/").content.decode()

    local = re.search(r"<dt>Local time</dt>.*?</dd>", body, re.S)
    assert local
    assert f">{NOW.astimezone(VLADIVOSTOK):%H:%M}<" in local.group(0)  # 17:02, the client's clock
    assert f"{NOW.astimezone(MOSCOW):%H:%M}" not in local.group(0)
    assert "Russia — Vladivostok" in local.group(0)  # the zone named, not its id


@time_machine.travel(NOW, tick=False)
def test_time1_week_shows_the_start_on_the_viewers_clock_with_the_clients_beside(client, moscow_manager):
    far_east_client(moscow_manager)
    client.force_login(moscow_manager)

    body = client.get("/week/", {"start": TODAY.isoformat()}).content.decode()

    assert "07:00 <span" in body or ">07:00<" in body  # 14:00 in Vladivostok is 07:00 in Moscow
    assert "14:00 client" in body
