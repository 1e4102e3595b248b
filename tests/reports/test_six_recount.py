"""The six report's numbers at both periods' ends and at each month end of its trend equal a plain recount of random
histories (SIX-2, POST-4), in a zone whose clocks change inside the period, with clients entering at any moment,
several contacts on one day, clients not to be contacted and purchases; for a lead and for an admin over two teams
with other settings each."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client, Order
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client

NOW = dt.datetime(2026, 6, 17, 12, 0, tzinfo=dt.UTC)
FROM, TO = dt.date(2026, 1, 10), dt.date(2026, 6, 17)  # Europe/Chisinau moves its clocks on 2026-03-29
PREVIOUS_TO = FROM - dt.timedelta(days=1)
ZONE = "Europe/Chisinau"
NOT_A_CONTACT = ("no_answer", "hung_up")
HYPOTHESIS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

# Moments over the two years and a half the report reads (the previous end's year, POST-4's 400 days before it).
moments = st.integers(min_value=-900 * 24 * 60, max_value=0).map(lambda minutes: NOW + dt.timedelta(minutes=minutes))
# Late evenings (20:00 to 02:00 UTC, across local midnight) of a few days: month ends, the clocks' changes, the first
# days of some windows (a month end's year, the previous end's); a client often has several touches on one of them.
EVENINGS = [
    *(dt.date(2025, 10, 25), dt.date(2025, 12, 31), dt.date(2026, 1, 9), dt.date(2026, 3, 28), dt.date(2026, 3, 31)),
    *(dt.date(2025, 1, 10), dt.date(2025, 4, 1), dt.date(2025, 6, 18)),
]
evenings = st.tuples(st.sampled_from([*EVENINGS, TO]), st.integers(20 * 60, 26 * 60)).map(
    lambda at: dt.datetime.combine(at[0], dt.time(), tzinfo=dt.UTC) + dt.timedelta(minutes=at[1])
)
touches_strategy = st.lists(
    st.tuples(st.integers(0, 5), st.one_of(moments, evenings), st.sampled_from(["reached", "refused", *NOT_A_CONTACT])),
    max_size=40,
)
clients_strategy = st.lists(
    st.tuples(moments, st.sampled_from(["now", "future", "never"]), st.booleans()), min_size=6, max_size=6
)
orders_strategy = st.lists(st.tuples(st.integers(0, 5), moments), max_size=6)


@pytest.fixture
def fixed_clock(settings: Any) -> Any:
    settings.TIME_ZONE = ZONE
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(alice: User, bob: User, lena: User, carol: User, root: User) -> dict[str, Any]:
    owners = (alice, alice, bob, bob, carol, carol)
    return {"lena": lena, "root": root, "clients": [make_client(owner) for owner in owners]}


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _month_ends() -> list[dt.date]:
    ends, day = [], FROM
    while day <= TO:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        ends.append(min(following - dt.timedelta(days=1), TO))
        day = following
    return ends


class History:
    """The random history as plain rows, and SIX-2 and POST-4 recounted from them, each client by its owner's
    (six_target, passive_days)."""

    def __init__(
        self, clients: list[Client], rows: list, touches: list, orders: list, knobs: dict[int, tuple[int, int]]
    ) -> None:
        self.clients = [
            (client.pk, client.owner_id, _day(created), category, dnc)
            for client, (created, category, dnc) in zip(clients, rows, strict=True)
        ]
        self.contacts = [(index, _day(at)) for index, at, outcome in touches if outcome not in NOT_A_CONTACT]
        self.orders = [(index, _day(at)) for index, at in orders]
        self.knobs = knobs

    def judged(self, end: dt.date, owners: set[int]) -> dict[str, Any]:
        """At the end of `end`, over the clients of `owners`: per owner [clients counted, of them with their
        contacts], the clients below theirs (contacts, needed), how many are passive."""
        totals: dict[int, list[int]] = {}
        below: dict[int, tuple[int, int]] = {}
        passive = 0
        for index, (pk, owner, entered, category, dnc) in enumerate(self.clients):
            if owner not in owners or category == "never" or entered > end:
                continue
            target, passive_days = self.knobs[owner]
            needed = max(1, math.ceil(target * min(365, (end - entered).days) / 365))
            contacts = sum(i == index and end - dt.timedelta(days=364) <= day <= end for i, day in self.contacts)
            since = end - dt.timedelta(days=passive_days)
            passive += (
                entered <= since
                and not any(i == index and since < day <= end for i, day in self.contacts)
                and not any(i == index and since < day <= end for i, day in self.orders)
            )
            if dnc:
                continue
            row = totals.setdefault(owner, [0, 0])
            row[0] += 1
            row[1] += contacts >= needed
            if contacts < needed:
                below[pk] = (contacts, needed)
        return {"totals": totals, "below": below, "passive": passive}


def _reported(numbers: dict[str, Any]) -> dict[str, Any]:
    return {
        "totals": {row["manager"]: [row["clients"], row["compliant"]] for row in numbers["by_manager"]},
        "below": {row["client"]: (row["contacts"], row["needed"]) for row in numbers["below"]},
        "passive": numbers["passive"],
    }


@HYPOTHESIS
@given(
    rows=clients_strategy,
    touches=touches_strategy,
    orders=orders_strategy,
    target=st.sampled_from([1, 3, 6]),
    passive_days=st.sampled_from([30, 180, 400]),
)
def test_six2_post4_both_ends_and_every_month_end_equal_a_recount(
    people: dict[str, Any], rows: list, touches: list, orders: list, target: int, passive_days: int
) -> None:
    clients, lena, root = people["clients"], people["lena"], people["root"]
    ids = [client.pk for client in clients]
    Touch.objects.filter(client_id__in=ids).delete()
    Order.objects.filter(client_id__in=ids).delete()
    for client, (created, category, dnc) in zip(clients, rows, strict=True):
        reason = "gone" if category == "never" else ""
        Client.objects.filter(pk=client.pk).update(
            created_at=created, category=category, never_reason=reason, do_not_contact=dnc
        )
    for index, at, outcome in touches:
        Touch.objects.create(
            client=clients[index], happened_at=at, channel="call", goal="keep_in_touch", outcome=outcome
        )
    for index, at in orders:
        Order.objects.create(client=clients[index], ordered_on=_day(at), amount=Decimal(10), items="x")
    TeamPlannerSettings.objects.update_or_create(
        team=lena.team, defaults={"six_target": target, "passive_days": passive_days}
    )
    team = {client.owner_id for client in clients[:4]}  # carol's team keeps the defaults
    knobs = {client.owner_id: (target, passive_days) if client.owner_id in team else (6, 180) for client in clients}
    history = History(clients, rows, touches, orders, knobs)

    for viewer, owners in ((lena, team), (root, set(knobs))):
        response = api_as(viewer).get("/api/reports/six/", {"from": FROM.isoformat(), "to": TO.isoformat()})
        assert response.status_code == 200, response.content
        numbers = response.json()

        assert _reported(numbers["current"]) == history.judged(TO, owners)
        assert _reported(numbers["previous"]) == history.judged(PREVIOUS_TO, owners)
        trend = numbers["current"]["trend"]
        assert [month["day"] for month in trend] == [end.isoformat() for end in _month_ends()]
        for month, end in zip(trend, _month_ends(), strict=True):
            got = {row["manager"]: [row["clients"], row["compliant"]] for row in month["by_manager"]}
            assert got == history.judged(end, owners)["totals"], end


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_six2_a_month_ends_year_runs_from_its_first_local_day_to_its_last(alice: User, bob: User, lena: User) -> None:
    """March's end (after the clocks moved on 2026-03-29) counts from 2025-04-01 to 2026-03-31, local days: two
    touches just after midnight of its first day count twice, one just after midnight of the next day not."""
    TeamPlannerSettings.objects.create(team=lena.team, six_target=2)
    known = make_client(alice)
    Client.objects.filter(pk=known.pk).update(created_at=_local(dt.date(2024, 1, 1), 9))
    new = make_client(bob)
    Client.objects.filter(pk=new.pk).update(created_at=_local(dt.date(2026, 3, 15), 9))
    touches = [
        (known, _local(dt.date(2025, 4, 1), 0, 30)),
        (known, _local(dt.date(2025, 4, 1), 9)),
        (new, _local(dt.date(2026, 4, 1), 0, 30)),
    ]
    for client, at in touches:
        Touch.objects.create(client=client, happened_at=at, channel="call", goal="keep_in_touch", outcome="reached")

    numbers = api_as(lena).get("/api/reports/six/", {"from": FROM.isoformat(), "to": TO.isoformat()}).json()

    trend = [
        {row["manager"]: (row["compliant"], row["clients"]) for row in month["by_manager"]}
        for month in numbers["current"]["trend"]
    ]
    assert trend == [
        {alice.pk: (1, 1)},  # January: the new client has not entered yet
        {alice.pk: (1, 1)},
        {alice.pk: (1, 1), bob.pk: (0, 1)},  # two contacts on the year's first day; the new client's comes after
        {alice.pk: (0, 1), bob.pk: (1, 1)},
        {alice.pk: (0, 1), bob.pk: (1, 1)},
        {alice.pk: (0, 1), bob.pk: (1, 1)},
    ]
