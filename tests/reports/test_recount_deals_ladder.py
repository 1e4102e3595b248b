"""SALE-1 and LAD-5 reports equal a plain recount of random deal and ladder histories written here."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.deals.models import Deal, DealStageChange
from keepwarm.journal.models import JournalEntry
from keepwarm.ladder.models import LadderChange, PrivilegeOverride
from tests.reports.test_recount import HYPOTHESIS, TO, _get, _in_period, _local_day, moments

pytestmark = pytest.mark.django_db

STAGES = ["search_evaluation", "needs_contact", "presentation", "objections", "closing_support"]


@pytest.fixture
def people(alice: User, bob: User, lena: User, carol: User) -> dict[str, Any]:
    from tests.factories import make_client

    clients = [make_client(owner) for owner in (alice, alice, bob, carol)]
    return {"lena": lena, "clients": clients, "team": {0, 1, 2}, "authors": [alice, bob, lena, carol]}


deal_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["open", "won", "lost"]),
        moments,
        st.sampled_from(["EUR", "MDL"]),
        st.integers(0, 10_000),
        st.lists(st.tuples(st.sampled_from(STAGES), moments), max_size=4),
    ),
    max_size=10,
)


def write_deals(clients: list[Client], history: list) -> None:
    """The deals of `deal_strategy` in place of the clients' own."""
    Deal.objects.filter(client__in=clients).delete()
    for index, result, closed_at, currency, amount, moves in history:
        deal = Deal.objects.create(
            client=clients[index],
            title="d",
            amount=Decimal(amount),
            currency=currency,
            result=result,
            opened_on=TO - dt.timedelta(days=500),
            closed_on=None if result == "open" else _local_day(closed_at),
        )
        for stage, at in moves:
            DealStageChange.objects.create(deal=deal, changed_at=at, to_stage=stage)


def write_ladder(clients: list[Client], moves: list, overrides: list) -> None:
    """The moves of `ladder_strategy` and overrides of `override_strategy` in place of the clients' own."""
    LadderChange.objects.filter(client__in=clients).delete()
    PrivilegeOverride.objects.filter(client__in=clients).delete()
    for index, old, new, at in moves:
        LadderChange.objects.create(client=clients[index], from_level=old, to_level=new, at=at)
    for index, at, reason in overrides:
        PrivilegeOverride.objects.create(
            client=clients[index],
            level=1,
            what="discount",
            offered=Decimal(9),
            allowed=Decimal(5),
            reason=reason,
            at=at,
        )


@HYPOTHESIS
@given(history=deal_strategy)
def test_sale1_deals_equal_a_recount_of_deals_and_moves(people: dict[str, Any], history: list) -> None:
    write_deals(people["clients"], history)
    mine = [row for row in history if row[0] in people["team"]]
    reached = {
        s: len({n for n, row in enumerate(mine) for st_, at in row[5] if st_ == s and _in_period(at)}) for s in STAGES
    }
    closed = [row for row in mine if row[1] != "open" and _in_period(row[2])]
    won = [row for row in closed if row[1] == "won"]
    amounts: Counter = Counter()
    for row in won:
        amounts[(_local_day(row[2]).strftime("%Y-%m"), row[3])] += row[4]

    current = _get(people["lena"], "deals")["current"]

    assert {row["stage"]: row["deals"] for row in current["funnel"]} == reached
    stays: dict[str, list[float]] = {}
    for row in mine:
        for stage, at in row[5]:
            later = [other for _, other in row[5] if other > at]
            if _in_period(at) and later:
                stays.setdefault(stage, []).append((min(later) - at).total_seconds() / 86400)
    medians = {s: (statistics.median(stays[s]) if s in stays else None) for s in STAGES}
    assert {row["stage"]: row["median_days"] for row in current["funnel"]} == pytest.approx(medians)
    went_on = {
        s: len(
            {
                n
                for n, row in enumerate(mine)
                for st_, at in row[5]
                if st_ == s
                and _in_period(at)
                and any(other > at and _in_period(other) and STAGES.index(to) > STAGES.index(s) for to, other in row[5])
            }
        )
        for s in STAGES
    }
    for row in current["funnel"]:
        stage = row["stage"]
        expected = went_on[stage] / reached[stage] if reached[stage] and stage != STAGES[-1] else None
        assert row["to_next"] == expected
        assert expected is None or expected <= 1
    assert current["won"] == len(won)
    assert current["lost"] == len(closed) - len(won)
    assert current["win_rate"] == (len(won) / len(closed) if closed else None)
    got = {(row["month"], row["currency"]): Decimal(row["amount"]) for row in current["won_by_month"]}
    assert got == {key: Decimal(value) for key, value in amounts.items()}


ladder_strategy = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5), st.integers(1, 5), moments), max_size=12)
override_strategy = st.lists(
    st.tuples(st.integers(0, 3), moments, st.text(alphabet="aăж =+-", max_size=10)), max_size=6
)


@HYPOTHESIS
@given(moves=ladder_strategy, overrides=override_strategy)
def test_lad5_ladder_equals_a_recount_of_moves_and_overrides(
    people: dict[str, Any], moves: list, overrides: list
) -> None:
    write_ladder(people["clients"], moves, overrides)
    mine = [row for row in moves if row[0] in people["team"] and _in_period(row[3])]
    granted = [row for row in overrides if row[0] in people["team"] and _in_period(row[1])]

    current = _get(people["lena"], "ladder")["current"]

    assert current["promotions"] == sum(new > old for _, old, new, _ in mine)
    assert current["demotions"] == sum(new < old for _, old, new, _ in mine)
    assert current["overrides"] == len(granted)
    assert sorted(row["reason"] for row in current["override_list"]) == sorted(r for *_, r in granted)


@HYPOTHESIS
@given(entries=st.lists(st.tuples(st.integers(0, 3), moments, st.booleans(), moments), max_size=10))
def test_jour1_journal_equals_a_recount_of_entries(people: dict[str, Any], entries: list) -> None:
    authors = people["authors"]
    JournalEntry.objects.all().delete()
    for index, at, reviewed, reviewed_at in entries:
        JournalEntry.objects.create(
            author=authors[index], date=_local_day(at), method="m", reviewed_at=reviewed_at if reviewed else None
        )
    team = [row for row in entries if row[0] != 3]  # carol is in another team

    current = _get(people["lena"], "journal")["current"]

    assert current["written"] == sum(_in_period(at) for _, at, _, _ in team)
    assert current["reviewed"] == sum(reviewed and _in_period(r_at) for _, _, reviewed, r_at in team)
    counts = Counter(authors[i].pk for i, at, _, _ in team if _in_period(at))
    assert {row["manager"]: row["count"] for row in current["by_manager"]} == counts
