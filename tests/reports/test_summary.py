"""The touch counts the reports read (reports.summary) equal a recount of the raw rows after every way touches and
clients are written: services, bulk and raw inserts (imports), updates, deletes, owner changes (OWN-1), merges,
the recycle bin and its purge, in UTC and in a zone with summer time."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.core.inserts import insert_rows
from keepwarm.flows.clients import clients_reassign
from keepwarm.flows.merge import clients_merge
from keepwarm.flows.recycle import bin_purge, client_delete, client_restore
from keepwarm.reports import summary
from keepwarm.reports.models import ClientDay, TouchCount
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 29, 12, 0, tzinfo=dt.UTC)  # a summer-time change in Europe/Chisinau that morning
OUTCOMES = ["reached", "hung_up", "refused", "bought_elsewhere", "no_answer"]


def _touch(client: Client, n: int, **fields: Any) -> Touch:
    """The n-th of a spread of touches: every few hours back over two weeks, across the zone's change."""
    outcome = OUTCOMES[n % len(OUTCOMES)]
    return Touch(
        client=client,
        by=fields.pop("by", client.owner),
        happened_at=NOW - dt.timedelta(hours=5 * n + n % 3, minutes=7 * n),
        channel="call" if n % 2 else "email",
        goal="present",
        outcome=outcome,
        refusal_reason="timing" if outcome == "refused" else "",
        competitor="Globex" if outcome == "bought_elsewhere" else "",
        competitor_advice="Cheaper" if outcome == "bought_elsewhere" and n % 4 else "",
        **fields,
    )


def _recounted() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    clients: Counter[tuple[Any, ...]] = Counter()
    for touch in Touch.objects.filter(client__in=Client.objects.all()).select_related("client"):
        day = touch.happened_at.astimezone(timezone.get_default_timezone()).date()
        owner = touch.client.owner_id
        key = (owner, day, touch.by_id or 0, touch.channel, touch.goal, touch.outcome, touch.refusal_reason)
        counts[(*key, touch.competitor, bool(touch.competitor_advice))] += 1
        clients[(touch.outcome, owner, day, touch.client_id)] += 1
    return counts, clients


def _kept() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    summary.ensure_zone()
    fields = ("owner_id", "day", "by_id", "channel", "goal", "outcome", "refusal_reason", "competitor", "advised")
    counts = Counter(
        {row[:-1]: row[-1] for row in TouchCount.objects.exclude(touches=0).values_list(*fields, "touches")}
    )
    clients = Counter(
        {
            (row.outcome, row.owner_id, row.day, row.client_id): row.touches
            for row in ClientDay.objects.exclude(touches=0)
        }
    )
    return counts, clients


def _check(lead: User) -> None:
    """The kept counts equal a recount, and so do the reports' touch numbers for the lead's team."""
    assert _kept() == _recounted()
    params = {"from": (NOW.date() - dt.timedelta(days=20)).isoformat(), "to": NOW.date().isoformat()}
    activity = api_as(lead).get("/api/reports/activity/", params).json()["current"]
    refusals = api_as(lead).get("/api/reports/refusals/", params).json()["current"]
    start = dt.date.fromisoformat(params["from"])
    team = Touch.objects.filter(client__in=Client.objects.filter(owner__team_id=lead.team_id))
    mine = [touch for touch in team if touch.happened_at.astimezone(timezone.get_default_timezone()).date() >= start]
    assert activity["touches"] == len(mine)
    assert activity["hang_ups"] == sum(touch.outcome == "hung_up" for touch in mine)
    assert activity["hung_up_clients"] == len({touch.client_id for touch in mine if touch.outcome == "hung_up"})
    assert refusals["refusals"] == sum(touch.outcome == "refused" for touch in mine)
    assert refusals["refusers"] == len({touch.client_id for touch in mine if touch.outcome == "refused"})


@pytest.mark.parametrize("zone", ["UTC", "Europe/Chisinau"])
def test_kept_counts_follow_every_write_path(zone: str, settings: Any, alice: User, bob: User, lena: User) -> None:
    settings.TIME_ZONE = zone
    with time_machine.travel(NOW, tick=False):
        one, two, three = (make_client(owner) for owner in (alice, alice, bob))
        Touch.objects.create(**{f.attname: getattr(_touch(one, 1), f.attname) for f in Touch._meta.concrete_fields
                                if not f.primary_key and f.attname != "created_at"})  # fmt: skip
        Touch.objects.bulk_create([_touch(one, n) for n in range(2, 30)])
        insert_rows([_touch(two, n) for n in range(30, 60)])  # the imports' raw multi-row insert
        insert_rows([_touch(three, n, by=None) for n in range(60, 80)])
        _check(lena)

        Touch.objects.filter(client=one, outcome="reached").update(outcome="refused", refusal_reason="trust")
        Touch.objects.filter(client=two, outcome="no_answer").delete()
        _check(lena)

        clients_reassign(clients=[one], to_owner=bob, by=lena)  # OWN-1: the counts move to the new owner
        _check(lena)

        client_delete(client=two, by=lena)  # the bin: out of every count
        _check(lena)
        client_restore(client=Client.with_binned.get(pk=two.pk), by=lena)
        _check(lena)

        clients_merge(survivor=three, other=one, by=lena)  # the duplicate's touches move to the survivor
        _check(lena)

        client_delete(client=three, by=lena)
    with time_machine.travel(NOW + dt.timedelta(days=40), tick=False):
        assert bin_purge() >= 1  # deleted for good
        assert not Client.with_binned.filter(pk=three.pk).exists()
    with time_machine.travel(NOW, tick=False):
        _check(lena)


def test_a_new_time_zone_counts_again(settings: Any, alice: User) -> None:
    client = make_client(alice)
    Touch.objects.bulk_create([_touch(client, n) for n in range(40)])
    settings.TIME_ZONE = "America/New_York"
    assert _kept() == _recounted()


@pytest.mark.skipif(
    os.environ.get("KEEPWARM_DB") != "postgres",
    reason="SQLite: the in-memory test database locks tables; a file database's IMMEDIATE transactions wait",
)
@pytest.mark.django_db(transaction=True)
def test_two_first_reports_after_a_zone_change_count_again_once(settings: Any) -> None:
    """Two requests that both find the counts in another zone: the second waits for the first's recount and finds it
    done (on PostgreSQL its offsets would otherwise collide with the first's; SQLite serializes the writers)."""
    import threading

    from django.db import connection

    settings.TIME_ZONE = "Asia/Tokyo"
    start, errors = threading.Barrier(2), []

    def first_report() -> None:
        try:
            start.wait()
            summary.ensure_zone()
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT zone FROM reports_zoneoffset")
        assert cursor.fetchall() == [("Asia/Tokyo",)]
