"""Every drill-down lists as many rows as the number it is behind, on random histories (SALE-1, LAD-5, PLAN-1,
CAT-3, OWN-1; SIX-2 in test_recount.py), and the new activity and refusal numbers equal a plain recount."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product, ProductMatch
from keepwarm.clients.models import Client
from keepwarm.ladder.models import ClientLadder
from keepwarm.reports import drill
from keepwarm.touches.models import PlannedTouch, Touch
from tests.conftest import api_as
from tests.factories import make_client
from tests.reports.test_recount import (
    FROM,
    HYPOTHESIS,
    NOW,
    TO,
    TODAY,
    _in_period,
    _local_day,
    _reset,
    _write_touches,
    fixed_clock,
    moments,
    touches_strategy,
)
from tests.reports.test_recount_deals_ladder import (
    deal_strategy,
    ladder_strategy,
    override_strategy,
    write_deals,
    write_ladder,
)

__all__ = ["fixed_clock"]  # the fixture, imported so that this module uses it too

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]

days = st.integers(min_value=-60, max_value=10).map(lambda offset: TODAY + dt.timedelta(days=offset))
planned_strategy = st.lists(
    st.tuples(
        st.integers(0, 4),
        days,
        st.sampled_from(["open", "done", "cancelled"]),
        days,
        st.booleans(),
        st.booleans(),
        moments,  # when it was created: never overdue before
    ),
    max_size=20,
)


@pytest.fixture
def people(alice: User, bob: User, lena: User, carol: User) -> dict[str, Any]:
    clients = [make_client(owner) for owner in (alice, alice, bob, bob, carol)]
    return {"lena": lena, "clients": clients, "team": clients[:4], "managers": [alice, bob]}


def _every_measure_adds_up(user: User, name: str, params: dict[str, str] | None = None) -> dict[str, Any]:
    """Each drillable measure's client list has as many rows as the report's number (the current period)."""
    params = params or {"from": FROM.isoformat(), "to": TO.isoformat()}
    current = api_as(user).get(f"/api/reports/{name}/", params).json()["current"]
    for measure in drill.drillable(name):
        response = api_as(user).get(f"/api/reports/{name}/clients/", {**params, "measure": measure, "limit": 1})
        assert response.status_code == 200, (measure, response.content)
        assert response.json()["count"] == drill.number_of(name, current, measure), measure
    return current


def _write_planned(clients: list[Client], planned: list) -> list[PlannedTouch]:
    """Random planned contacts; only one open next step per client (CAT-5), the others are courtesy touches."""
    made, open_step = [], set()
    for index, due, status, closed_on, moved, next_step, created_at in planned:
        is_step = next_step and (status != "open" or index not in open_step)
        if is_step and status == "open":
            open_step.add(index)
        closed_at = dt.datetime.combine(max(closed_on, due - dt.timedelta(days=3)), dt.time(12), tzinfo=dt.UTC)
        made.append(
            PlannedTouch.objects.create(
                client=clients[index],
                owner=clients[index].owner,
                due_date=due + dt.timedelta(days=5) if moved else due,
                overdue_since=due if moved else None,
                goal="keep_in_touch",
                is_next_step=is_step,
                status=status,
                closed_at=None if status == "open" else min(closed_at, NOW),
            )
        )
        made[-1].created_at = created_at
        PlannedTouch.objects.filter(pk=made[-1].pk).update(created_at=created_at)
    return made


@HYPOTHESIS
@given(history=deal_strategy)
def test_sale1_each_stage_and_result_drills_into_as_many_clients_as_deals(
    people: dict[str, Any], history: list
) -> None:
    # Deals of the fifth client (another team) go to the team's, so that every deal counts.
    write_deals(people["team"], [(index % 4, *rest) for index, *rest in history])
    _every_measure_adds_up(people["lena"], "deals")


@HYPOTHESIS
@given(moves=ladder_strategy, overrides=override_strategy, levels=st.lists(st.integers(1, 5), min_size=5, max_size=5))
def test_lad5_levels_moves_and_overrides_drill_into_as_many_clients(
    people: dict[str, Any], moves: list, overrides: list, levels: list
) -> None:
    clients = people["clients"]
    ClientLadder.objects.filter(client__in=clients).delete()
    for client, level in zip(clients, levels, strict=True):
        ClientLadder.objects.create(client=client, level=level)
    write_ladder(clients, moves, overrides)
    current = _every_measure_adds_up(people["lena"], "ladder")
    assert {row["level"]: row["clients"] for row in current["by_level"]} == Counter(levels[:4])


@HYPOTHESIS
@given(touches=touches_strategy, planned=planned_strategy, created=st.lists(moments, min_size=5, max_size=5))
def test_plan1_activity_drill_downs_overdue_and_capacity_equal_a_recount(
    people: dict[str, Any], touches: list, planned: list, created: list
) -> None:
    clients, managers = people["clients"], people["managers"]
    _reset(clients, created)
    _write_touches(clients, touches, [])
    for number, touch in enumerate(Touch.objects.filter(client__in=clients).order_by("pk")):
        Touch.objects.filter(pk=touch.pk).update(by=managers[number % 2] if number % 3 else None)
    made = [row for row in _write_planned(clients, planned) if row.client in people["team"]]

    current = _every_measure_adds_up(people["lena"], "activity")

    for row in current["overdue_per_day"]:
        day = dt.date.fromisoformat(row["day"])
        assert FROM <= day <= TODAY
        expected = sum(
            (p.overdue_since or p.due_date) < day
            and _local_day(p.created_at) < day  # PLAN-1: not overdue before it existed
            and (p.status == "open" or _local_day(p.closed_at) >= day)
            for p in made
        )
        assert row["count"] == expected, day
    assert len(current["overdue_per_day"]) == (TODAY - FROM).days + 1
    logged = Touch.objects.filter(client__in=people["team"]).values_list("by_id", "happened_at")
    by_manager = {row["manager"]: row for row in current["capacity"]["by_manager"]}
    for manager in managers:
        steps = [
            p
            for p in made
            if p.owner_id == manager.pk and p.is_next_step and p.status != "cancelled" and FROM <= p.due_date <= TO
        ]
        assert by_manager[manager.pk]["planned"] == len(steps)
        assert by_manager[manager.pk]["done"] == sum(by == manager.pk and _in_period(at) for by, at in logged)
        assert by_manager[manager.pk]["capacity"] == 40
    per_day = current["capacity"]["per_day"]
    assert sum(row["planned"] for row in per_day) == sum(by_manager[m.pk]["planned"] for m in managers)


@HYPOTHESIS
@given(touches=touches_strategy, offered=st.lists(st.booleans(), min_size=30, max_size=30))
def test_cat3_refusals_by_product_count_the_refusals_of_planned_offers(
    people: dict[str, Any], touches: list, offered: list
) -> None:
    clients = people["clients"]
    _reset(clients, [NOW - dt.timedelta(days=500)] * 5)
    ProductMatch.objects.filter(client__in=clients).delete()
    _write_touches(clients, touches, [])
    expected: Counter[tuple[int, str]] = Counter()
    for number, touch in enumerate(Touch.objects.filter(client__in=clients).order_by("pk")):
        if not offered[number]:
            continue
        # A product of its own per offer: a (product, client) match points at one planned offer at a time.
        product = Product.objects.create(team=people["lena"].team, name=f"Offer {number}")
        step = PlannedTouch.objects.create(
            client=touch.client, owner=touch.client.owner, due_date=TODAY, goal="present", kind="offer",
            is_next_step=False, status="done",
        )  # fmt: skip
        ProductMatch.objects.create(product=product, client=touch.client, status="planned", planned_touch=step)
        Touch.objects.filter(pk=touch.pk).update(planned_touch=step)
        if touch.outcome == "refused" and touch.client in people["team"] and _in_period(touch.happened_at):
            expected[product.pk, touch.refusal_reason] += 1

    current = _every_measure_adds_up(people["lena"], "refusals")

    assert {(row["product"], row["reason"]): row["count"] for row in current["by_product"]} == expected


@pytest.mark.parametrize("name", sorted(drill.MEASURES))
def test_own1_a_manager_drills_only_into_their_own_numbers(name: str, alice: User, bob: User, root: User) -> None:
    for measure in drill.drillable(name):
        response = api_as(alice).get(f"/api/reports/{name}/clients/", {"measure": measure, "manager": bob.pk})
        assert response.status_code == 404, measure
    _every_measure_adds_up(alice, name, {"period": "year"})
    _every_measure_adds_up(root, name, {"period": "year"})
