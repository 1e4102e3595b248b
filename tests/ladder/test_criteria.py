"""LAD-1..4 and LAD-6: what the ladder suggests from a client's facts."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.ladder.criteria import (
    Criterion,
    Direction,
    LadderFacts,
    LadderSettings,
    Level,
    ProspectBehaviour,
    suggest,
)

TODAY = date(2025, 6, 2)
SETTINGS = LadderSettings()
FIRST_ORDER = LadderFacts(
    level=Level.PROSPECT, paid_orders=1, delivered_orders=1, completed_purchases=1, last_purchase_on=TODAY
)
REGULAR = replace(FIRST_ORDER, level=Level.USER, paid_orders=2, delivered_orders=2, completed_purchases=2)
MANAGER_CONFIRMED: dict[str, Any] = {
    "understands_process": True,
    "open_to_rebuy": True,
    "ready_to_talk": True,
    "satisfied": True,
    "visits_offices": True,
}


def test_lad2_paid_and_delivered_suggest_user_and_list_what_to_confirm():
    result = suggest(FIRST_ORDER, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.USER, Direction.PROMOTE)
    assert result.to_confirm == (
        Criterion.UNDERSTANDS_PROCESS,
        Criterion.OPEN_TO_REBUY,
        Criterion.READY_TO_TALK,
    )
    assert result.missing == (Criterion.REPEAT_PURCHASES,)


@pytest.mark.parametrize(
    ("paid", "delivered", "missing"),
    [(1, 0, Criterion.RECEIVED), (0, 1, Criterion.PAID)],
)
def test_lad2_paid_or_delivered_alone_stays_prospect(paid, delivered, missing):
    facts = LadderFacts(level=Level.PROSPECT, paid_orders=paid, delivered_orders=delivered)
    result = suggest(facts, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.PROSPECT, Direction.NONE)
    assert result.missing == (missing,)
    assert result.to_confirm == ()


def test_lad3_two_delivered_paid_orders_suggest_conservative():
    result = suggest(REGULAR, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.CONSERVATIVE, Direction.PROMOTE)
    assert Criterion.REPEAT_PURCHASES in result.met
    assert result.to_confirm == (
        Criterion.UNDERSTANDS_PROCESS,
        Criterion.OPEN_TO_REBUY,
        Criterion.READY_TO_TALK,
        Criterion.SATISFIED,
        Criterion.VISITS_OFFICES,
    )


def test_lad3_paid_orders_not_yet_delivered_are_not_purchases():
    facts = replace(REGULAR, paid_orders=3, completed_purchases=1)
    assert suggest(facts, TODAY, SETTINGS).level == Level.USER


def test_lad3_a_conservative_without_a_purchase_for_two_years_is_demoted():
    conservative = replace(REGULAR, level=Level.CONSERVATIVE)
    kept = replace(conservative, last_purchase_on=TODAY - timedelta(days=730))
    lapsed = replace(conservative, last_purchase_on=TODAY - timedelta(days=731))
    assert suggest(kept, TODAY, SETTINGS).direction == Direction.NONE
    result = suggest(lapsed, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.USER, Direction.DEMOTE)
    assert result.missing == (Criterion.RECENT_PURCHASE,)
    assert suggest(lapsed, TODAY, LadderSettings(conservative_lapse_days=1000)).direction == Direction.NONE


def test_lad4_referral_suggests_advocate():
    facts = replace(REGULAR, level=Level.CONSERVATIVE, referrals_count=1)
    result = suggest(facts, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.ADVOCATE, Direction.PROMOTE)
    assert result.missing == (Criterion.PARTNERSHIP,)


def test_lad4_a_referral_does_not_skip_the_steps_below():
    result = suggest(replace(FIRST_ORDER, referrals_count=3), TODAY, SETTINGS)
    assert result.level == Level.USER
    assert result.missing == (Criterion.REPEAT_PURCHASES,)


def test_lad4_recorded_partnership_suggests_partner_and_nothing_is_left_to_climb():
    facts = replace(REGULAR, level=Level.ADVOCATE, referrals_count=1, partnership=True, **MANAGER_CONFIRMED)
    result = suggest(facts, TODAY, SETTINGS)
    assert (result.level, result.direction) == (Level.PARTNER, Direction.PROMOTE)
    assert result.missing == ()
    assert result.to_confirm == ()
    assert set(result.met) == set(Criterion)


counts = st.integers(0, 6)
facts_strategy = st.builds(
    LadderFacts,
    level=st.sampled_from(Level),
    paid_orders=counts,
    delivered_orders=counts,
    completed_purchases=counts,
    last_purchase_on=st.one_of(st.none(), st.dates(TODAY - timedelta(days=1500), TODAY)),
    referrals_count=counts,
    partnership=st.booleans(),
)


@given(facts=facts_strategy, confirmed=st.fixed_dictionaries({k: st.booleans() for k in MANAGER_CONFIRMED}))
def test_lad6_manager_confirmations_never_move_the_suggested_level(facts, confirmed):
    plain = suggest(facts, TODAY, SETTINGS)
    ticked = suggest(replace(facts, **confirmed), TODAY, SETTINGS)
    assert (ticked.level, ticked.direction, ticked.missing) == (plain.level, plain.direction, plain.missing)
    assert set(ticked.to_confirm) <= set(plain.to_confirm)


@given(facts=facts_strategy, more=counts)
def test_lad6_more_purchases_or_referrals_never_lower_the_suggestion(facts, more):
    base = suggest(facts, TODAY, SETTINGS).level
    richer = replace(
        facts,
        paid_orders=facts.paid_orders + more,
        delivered_orders=facts.delivered_orders + more,
        completed_purchases=facts.completed_purchases + more,
        referrals_count=facts.referrals_count + more,
    )
    assert suggest(richer, TODAY, SETTINGS).level >= base


@given(facts=facts_strategy)
def test_lad6_direction_matches_the_current_level(facts):
    result = suggest(facts, TODAY, SETTINGS)
    expected = {1: Direction.PROMOTE, -1: Direction.DEMOTE, 0: Direction.NONE}
    assert result.direction == expected[(result.level > facts.level) - (result.level < facts.level)]
    assert not set(result.missing) & set(result.met)
    assert result.direction == Direction.PROMOTE or result.to_confirm == ()


def test_lad6_prospect_behaviours_are_translatable_choices():
    assert all(isinstance(label, Promise) for _value, label in ProspectBehaviour.choices)


def test_lad1_five_levels_in_the_order_of_a_clients_career():
    assert [level.value for level in Level] == [1, 2, 3, 4, 5]
    assert [level.name for level in Level] == ["PROSPECT", "USER", "CONSERVATIVE", "ADVOCATE", "PARTNER"]
    new_client = LadderFacts(level=Level.PROSPECT)
    assert suggest(new_client, TODAY, SETTINGS).level == Level.PROSPECT  # has not paid: stays a prospect
