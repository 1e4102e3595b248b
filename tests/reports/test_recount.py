"""Each report's numbers equal a plain recount of random histories written here (CAT-6, CAT-3, SIX-2, activity),
and each drill-down lists as many clients as the number it is behind (ANNOY-2 for hang-ups)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.touches.models import PlannedTouch, Touch
from tests.conftest import api_as
from tests.factories import make_client

# A fixed clock: histories are generated around "now" and the period ends "today", which must not cross midnight
# between collecting the module and running its tests.
NOW = dt.datetime(2026, 6, 17, 12, 0, tzinfo=dt.UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

TODAY = NOW.date()
FROM, TO = TODAY - dt.timedelta(days=29), TODAY
CATEGORIES = ["now", "future", "never"]
OUTCOMES = ["reached", "no_answer", "hung_up", "refused", "bought_elsewhere", "bought"]
REASONS = ["price_value", "timing", "trust"]
HYPOTHESIS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

moments = st.integers(min_value=-400 * 24 * 60, max_value=0).map(lambda minutes: NOW + dt.timedelta(minutes=minutes))


@pytest.fixture
def fixed_clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(alice: User, bob: User, lena: User, carol: User) -> dict[str, Any]:
    clients = [make_client(owner) for owner in (alice, alice, bob, bob, carol)]
    return {"lena": lena, "clients": clients, "team": clients[:4]}


def _reset(clients: list[Client], created: list[dt.datetime]) -> None:
    ids = [client.pk for client in clients]
    for model in (CategoryChange, Touch, Order, PlannedTouch):
        model.objects.filter(client_id__in=ids).delete()
    for client, created_at in zip(clients, created, strict=True):
        Client.objects.filter(pk=client.pk).update(created_at=created_at)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _in_period(moment: dt.datetime, start: dt.date = FROM, end: dt.date = TO) -> bool:
    return start <= _local_day(moment) <= end


def _get(user: User, name: str) -> dict[str, Any]:
    response = api_as(user).get(f"/api/reports/{name}/", {"from": FROM.isoformat(), "to": TO.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()


def _drilled(user: User, name: str, measure: str) -> int:
    """How many clients the drill-down lists behind a number (the same period as `_get`)."""
    params = {"measure": measure, "from": FROM.isoformat(), "to": TO.isoformat()}
    response = api_as(user).get(f"/api/reports/{name}/clients/", params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


changes_strategy = st.lists(
    st.tuples(st.integers(0, 4), moments, st.sampled_from(CATEGORIES), st.sampled_from(CATEGORIES), st.booleans()),
    max_size=25,
)


@HYPOTHESIS
@given(
    changes=changes_strategy,
    created=st.lists(moments, min_size=5, max_size=5),
    refusals=st.lists(st.tuples(st.integers(0, 4), moments), max_size=8),
)
def test_cat6_flows_equal_a_recount_of_category_changes(
    people: dict[str, Any], changes: list, created: list, refusals: list
) -> None:
    clients = people["clients"]
    _reset(clients, created)
    for index, at, old, new, correction in changes:
        CategoryChange.objects.create(
            client=clients[index], changed_at=at, from_category=old, to_category=new, is_correction=correction
        )
    for index, at in refusals:
        Touch.objects.create(
            client=clients[index],
            happened_at=at,
            channel="call",
            goal="present",
            outcome="refused",
            refusal_reason="trust",
            continue_on=TODAY,
        )
    team_ids = {client.pk for client in people["team"]}
    created_by_id = {client.pk: at for client, at in zip(clients, created, strict=True)}
    counted = [
        (clients[i].pk, at, old, new)
        for i, at, old, new, correction in changes
        if not correction and clients[i].pk in team_ids and _in_period(at)
    ]
    days = [(at - created_by_id[pk]).days for pk, at, old, new in counted if (old, new) == ("future", "now")]
    index_of = {client.pk: i for i, client in enumerate(clients)}
    from_refusal = []
    for pk, at, old, new in counted:
        earlier = [r_at for i, r_at in refusals if i == index_of[pk] and r_at < at]
        if (old, new) == ("future", "now") and earlier:
            from_refusal.append((at - max(earlier)).days)
    cohorts: dict[str, list[int]] = {}
    for i in range(4):
        if not _in_period(created[i]):
            continue
        nows = [at for j, at, _, new, correction in changes if j == i and new == "now" and not correction]
        month = cohorts.setdefault(timezone.localtime(created[i]).strftime("%Y-%m"), [0, 0, 0])
        month[0] += 1
        month[1] += bool(nows) and (min(nows) - created[i]).days <= 30
        month[2] += bool(nows) and (min(nows) - created[i]).days <= 365

    current = _get(people["lena"], "flows")["current"]

    assert current["future_to_now"] == sum((old, new) == ("future", "now") for _, _, old, new in counted)
    assert current["now_to_future"] == sum((old, new) == ("now", "future") for _, _, old, new in counted)
    assert current["to_never"] == sum(new == "never" and old != "never" for _, _, old, new in counted)
    assert current["days_to_now_median"] == (statistics.median(days) if days else None)
    assert sum(bucket["clients"] for bucket in current["days_to_now"]) == len(days)
    assert current["days_to_now"][0]["clients"] == sum(d <= 30 for d in days)
    assert current["days_from_refusal_median"] == (statistics.median(from_refusal) if from_refusal else None)
    got = {row["month"]: [row["clients"], row["now_by_day_30"], row["now_by_day_365"]] for row in current["cohorts"]}
    assert got == cohorts
    for measure in ("future_to_now", "now_to_future", "to_never"):
        assert _drilled(people["lena"], "flows", measure) == current[measure]


touches_strategy = st.lists(
    st.tuples(
        st.integers(0, 4),
        moments,
        st.sampled_from(OUTCOMES),
        st.sampled_from(REASONS),
        st.sampled_from(["Acme", "Globex", "=cmd"]),
        st.sampled_from(["call", "email"]),
    ),
    max_size=30,
)
orders_strategy = st.lists(st.tuples(st.integers(0, 4), moments), max_size=5)


def _write_touches(clients: list[Client], touches: list, orders: list) -> None:
    for index, at, outcome, reason, competitor, channel in touches:
        refused = outcome == "refused"
        Touch.objects.create(
            client=clients[index],
            happened_at=at,
            channel=channel,
            goal="keep_in_touch" if outcome != "bought" else "sell",
            outcome=outcome,
            refusal_reason=reason if refused else "",
            continue_on=TODAY if refused else None,
            competitor=competitor if outcome == "bought_elsewhere" else "",
        )
    for index, at in orders:
        Order.objects.create(client=clients[index], ordered_on=_local_day(at), amount=Decimal(10), items="x")


@HYPOTHESIS
@given(touches=touches_strategy, orders=orders_strategy, created=st.lists(moments, min_size=5, max_size=5))
def test_cat3_refusals_equal_a_recount_of_touches(
    people: dict[str, Any], touches: list, orders: list, created: list
) -> None:
    clients = people["clients"]
    _reset(clients, created)
    _write_touches(clients, touches, orders)
    team = set(range(4))
    refused = [(i, at, reason) for i, at, outcome, reason, *_ in touches if i in team and outcome == "refused"]
    refused = [row for row in refused if _in_period(row[1])]
    later = {i for i, at, _ in refused if any(j == i and _local_day(o) >= _local_day(at) for j, o in orders)}
    elsewhere = Counter(
        c for i, at, outcome, _, c, _ in touches if i in team and outcome == "bought_elsewhere" and _in_period(at)
    )

    current = _get(people["lena"], "refusals")["current"]

    assert current["refusals"] == len(refused)
    assert {row["reason"]: row["count"] for row in current["by_reason"]} == Counter(r for _, _, r in refused)
    by_manager = Counter((clients[i].owner_id, r) for i, _, r in refused)
    assert {(row["manager"], row["reason"]): row["count"] for row in current["by_manager"]} == by_manager
    assert current["refusers"] == len({i for i, _, _ in refused})
    assert current["refusers_later_bought"] == len(later)
    assert _drilled(people["lena"], "refusals", "refusers") == current["refusers"]
    assert _drilled(people["lena"], "refusals", "refusers_later_bought") == current["refusers_later_bought"]
    assert {row["competitor"]: row["count"] for row in current["competitors"]} == elsewhere


@HYPOTHESIS
@given(touches=touches_strategy, created=st.lists(moments, min_size=5, max_size=5))
def test_annoy2_activity_and_hang_ups_equal_a_recount_of_touches(
    people: dict[str, Any], touches: list, created: list
) -> None:
    clients = people["clients"]
    _reset(clients, created)
    _write_touches(clients, touches, [])
    mine = [(at, outcome, channel) for i, at, outcome, _, _, channel in touches if i in range(4) and _in_period(at)]

    current = _get(people["lena"], "activity")["current"]

    assert current["touches"] == len(mine)
    assert current["hang_ups"] == sum(outcome == "hung_up" for _, outcome, _ in mine)
    hung_up = {i for i, at, outcome, *_ in touches if i in range(4) and _in_period(at) and outcome == "hung_up"}
    assert current["hung_up_clients"] == len(hung_up) == _drilled(people["lena"], "activity", "hung_up_clients")
    assert {row["channel"]: row["count"] for row in current["by_channel"]} == Counter(c for *_, c in mine)
    assert {row["outcome"]: row["count"] for row in current["by_outcome"]} == Counter(o for _, o, _ in mine)
    per_day = Counter(_local_day(at).isoformat() for at, _, _ in mine)
    days = [(FROM + dt.timedelta(days=offset)).isoformat() for offset in range((TO - FROM).days + 1)]
    assert current["per_day"] == [{"day": day, "count": per_day[day]} for day in days]  # every day, 0s too


@HYPOTHESIS
@given(touches=touches_strategy, created=st.lists(moments, min_size=5, max_size=5))
def test_six2_compliance_equals_a_recount_of_contacts(people: dict[str, Any], touches: list, created: list) -> None:
    clients = people["clients"]
    _reset(clients, created)
    Client.objects.filter(pk__in=[c.pk for c in clients]).update(category="now")
    _write_touches(clients, touches, [])
    expected: dict[int, list[int]] = {}
    below: dict[int, tuple[int, int]] = {}
    for index, client in enumerate(clients[:4]):
        known = min(365, max(1, (TO - _local_day(created[index])).days))
        needed = max(1, math.ceil(6 * known / 365))
        contacts = sum(
            i == index and outcome not in ("no_answer", "hung_up") and _in_period(at, TO - dt.timedelta(days=364), TO)
            for i, at, outcome, *_ in touches
        )
        row = expected.setdefault(client.owner_id, [0, 0])
        row[0] += 1
        row[1] += contacts >= needed
        if contacts < needed:
            below[client.pk] = (contacts, needed)

    current = _get(people["lena"], "six")["current"]

    got = {row["manager"]: [row["clients"], row["compliant"]] for row in current["by_manager"]}
    assert got == expected
    assert current["clients"] == 4
    assert {row["client"]: (row["contacts"], row["needed"]) for row in current["below"]} == below
    assert current["below_six"] == len(below) == _drilled(people["lena"], "six", "below_six")
    assert _drilled(people["lena"], "six", "passive") == current["passive"]
    assert _drilled(people["lena"], "six", "compliant") == current["compliant"]
    assert _drilled(people["lena"], "six", "clients") == current["clients"] == current["compliant"] + len(below)
