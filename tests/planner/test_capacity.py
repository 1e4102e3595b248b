"""PLAN-1, the pure part: flexible next steps wait for a day with room within what their rules allow; fixed ones
never move; an overdue backlog is spread with its first due date kept. No database."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from keepwarm.planner import capacity, tact
from keepwarm.planner.capacity import Overdue, reasons_on, spread, spread_backlog
from keepwarm.planner.rules import plan_next
from keepwarm.planner.types import PlannedContact, Reason
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanKind
from tests.planner.personas import SETTINGS, ivan, local, next_step, touch
from tests.planner.test_rules_properties import (
    ANNOYED_OUTCOMES,
    CALM_OUTCOMES,
    _assert_call_keeps_tact,
    _counted_outbound,
    _today,
    cases,
)

# Monday 13 April 2026 in Moscow, 09:00: no Russian holiday near; Fridays are closed to calls (TACT-4).
NOW = datetime(2026, 4, 13, 6, 0, tzinfo=UTC)
MONDAY = date(2026, 4, 13)
TEAM_PROPERTY = hypothesis_settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _six_step(**client: object) -> PlannedContact:
    """ivan's rule-of-six step: reached 60 days ago, so the next contact is due today."""
    history = [touch(local("Europe/Moscow", 2026, 2, 12))]
    step = next_step(plan_next(ivan(**client), history, [], SETTINGS, MONDAY, NOW))
    assert (step.due_date, step.reasons[0].code) == (MONDAY, "rule_of_six")
    return step


def _spread(step: PlannedContact, load: dict[date, int], limit: int = 40, **client: object) -> PlannedContact:
    return spread(step, client=ivan(**client), settings=SETTINGS, load=load, capacity=limit, today=MONDAY)


def _full(*days: date) -> dict[date, int]:
    return dict.fromkeys(days, 40)


def test_plan1_a_day_with_room_keeps_its_contact():
    step = _six_step()
    assert _spread(step, {MONDAY: 39}) == step


def test_plan1_a_flexible_contact_moves_to_the_next_day_with_room_and_says_why():
    moved = _spread(_six_step(), _full(MONDAY))
    assert moved.due_date == date(2026, 4, 14)
    assert Reason("PLAN-1", "capacity", MONDAY) in moved.reasons
    assert (moved.kind, moved.goal, moved.is_next_step) == (PlanKind.RULE_OF_SIX, Goal.IDENTIFY_NEEDS, True)


def test_plan1_full_days_and_tact_closed_days_are_both_skipped():
    # Tuesday to Thursday full, Friday closed before the weekend (TACT-4), then the weekend (TACT-5).
    moved = _spread(_six_step(), _full(*(MONDAY + timedelta(days=n) for n in range(4))))
    assert moved.due_date == date(2026, 4, 20)
    assert ("TACT-4", "pre_weekend") in {(r.rule, r.code) for r in moved.reasons}


def test_plan1_tact6_the_time_the_client_prefers_stays_when_the_day_moves():
    step = _six_step(preferred_call_time=time(15, 30))
    assert step.client_choice
    moved = _spread(step, _full(MONDAY), preferred_call_time=time(15, 30))
    assert (moved.due_date, moved.window_start, moved.client_choice) == (date(2026, 4, 14), time(15, 30), True)


def test_plan1_fixed_contacts_never_move_however_full_the_day():
    week = _full(*(MONDAY + timedelta(days=n) for n in range(30)))
    day_before = local("Europe/Moscow", 2026, 4, 10)
    histories = {
        "refusal date (CAT-3)": [touch(day_before, Outcome.REFUSED, continue_on=MONDAY)],
        "agreed meeting": [touch(day_before, Outcome.AGREED_TO_MEET, continue_on=MONDAY)],
        "post-sale check (POST-1)": [touch(day_before, Outcome.BOUGHT)],
        "client's time (TACT-6)": [touch(day_before, Outcome.BAD_MOMENT, continue_on=MONDAY)],
        "no-answer retry": [touch(day_before, Outcome.NO_ANSWER)],
    }
    for name, history in histories.items():
        step = next_step(plan_next(ivan(), history, [], SETTINGS, MONDAY, NOW))
        assert not capacity.contact_is_flexible(step), name
        assert _spread(step, week) == step, name
    pick = replace(_six_step(), kind=PlanKind.MANUAL, reasons=(Reason("TACT-7", "manager_choice", MONDAY),))
    assert _spread(pick, week) == pick
    picked_cadence = replace(pick, kind=PlanKind.RULE_OF_SIX)  # a manager's pick of any kind stays
    assert _spread(picked_cadence, week) == picked_cadence


def test_plan1_six1_a_contact_never_waits_past_its_rolling_year_deadline():
    # Six contacts in the year, the oldest on 15 April 2025: the seventh is due by 15 April 2026.
    days = [date(2025, 4, 15), date(2025, 6, 16), date(2025, 8, 18), date(2025, 10, 13), date(2025, 12, 10)]
    history = [touch(local("Europe/Moscow", d.year, d.month, d.day)) for d in [*days, date(2026, 2, 12)]]
    step = next_step(plan_next(ivan(), history, [], SETTINGS, MONDAY, NOW))
    assert step.deadline == date(2026, 4, 15)
    assert _spread(step, _full(MONDAY, date(2026, 4, 14), date(2026, 4, 15))) == step  # no room by the deadline
    assert _spread(step, _full(MONDAY, date(2026, 4, 14))).due_date == date(2026, 4, 15)


def test_plan1_post2_an_offer_waits_at_most_60_days_after_the_latest_contact():
    history = [touch(local("Europe/Moscow", 2026, 2, 27), goal=Goal.OFFER)]
    step = next_step(plan_next(ivan(is_customer=True), history, [], SETTINGS, MONDAY, NOW))
    assert (step.kind, step.due_date) == (PlanKind.OFFER, MONDAY)
    last = date(2026, 2, 27) + timedelta(days=60)  # Tuesday 28 April
    busy = [MONDAY + timedelta(days=n) for n in range((last - MONDAY).days)]
    assert _spread(step, _full(*busy, last)) == step
    assert _spread(step, _full(*busy)).due_date == last


def test_plan1_cat3_a_contact_before_an_agreed_date_stays_before_it():
    agreed = date(2026, 4, 16)
    step = replace(_six_step(), reasons=(*_six_step().reasons, Reason("SIX-1", "before_agreed_date", agreed)))
    assert capacity.latest_day(step, MONDAY) == date(2026, 4, 15)
    assert _spread(step, _full(MONDAY, date(2026, 4, 14), date(2026, 4, 15))) == step


def test_plan1_a_contact_no_rule_bounds_goes_past_a_couple_of_weeks_to_the_first_day_with_room():
    # A large import: every day of the next two months full. The step has no deadline, so it is not piled onto its
    # own day but goes to the first working day with room, however far.
    step = _six_step()
    assert step.deadline is None
    assert capacity.may_overflow(step)
    busy = [MONDAY + timedelta(days=n) for n in range(60)]
    moved = _spread(step, _full(*busy))
    assert moved.due_date == date(2026, 6, 15)  # full to Thursday 11 June; Friday is closed (TACT-4), the weekend
    assert Reason("PLAN-1", "capacity", MONDAY) in moved.reasons


def test_plan1_a_large_backlog_moves_on_past_three_months_rather_than_staying_overdue():
    calendar = tact.TactCalendar(ivan(), SETTINGS, calls=True)
    overdue = [Overdue(key, MONDAY - timedelta(days=1), calendar) for key in range(1, 301)]
    load: dict[date, int] = {}
    moves = spread_backlog(overdue, load=load, capacity=2, today=MONDAY)
    assert len(moves) == 298  # two stay on Today
    assert max(slot.day for slot in moves.values()) > MONDAY + timedelta(days=90)
    assert all(count <= 2 for count in load.values())


def test_plan1_backlog_the_oldest_stay_today_the_rest_move_on_within_capacity():
    calendar = tact.TactCalendar(ivan(), SETTINGS, calls=True)
    overdue = [Overdue(key, MONDAY - timedelta(days=key), calendar) for key in range(1, 8)]
    load = {MONDAY: 1, date(2026, 4, 14): 2}
    moves = spread_backlog(overdue, load=load, capacity=3, today=MONDAY)
    assert set(moves) == {1, 2, 3, 4, 5}  # 7 and 6 days overdue stay on Today, which then is full
    assert Counter(slot.day for slot in moves.values()) == {
        date(2026, 4, 14): 1,
        date(2026, 4, 15): 3,
        date(2026, 4, 16): 1,
    }
    assert all(count <= 3 for count in load.values())


def _team_spread(plans: list[tuple], limit: int) -> tuple[list[PlannedContact], list[PlannedContact], Counter]:
    """The team's next steps placed as the services do it: fixed ones where the planner put them, then each
    flexible one on the first day with room (clients_replan's second look gives this order its effect)."""
    load: Counter[date] = Counter()
    steps = [next_step(plan) for plan, *_ in plans]
    for step in steps:
        if not capacity.contact_is_flexible(step):
            load[step.due_date] += 1
    placed = []
    for step, (_, client, team, today) in zip(steps, plans, strict=True):
        if capacity.contact_is_flexible(step):
            step = spread(step, client=client, settings=team, load=load, capacity=limit, today=today)
            load[step.due_date] += 1
        placed.append(step)
    return steps, placed, load


@TEAM_PROPERTY
@given(st.lists(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES, paused=False), min_size=2, max_size=25), st.integers(1, 6))
def test_plan1_property_no_day_over_capacity_unless_fixed_alone_or_no_room_and_rules_still_hold(team, limit):
    plans, touches_of = [], []
    for client, touches, orders, settings, now in team:
        today = _today(client, now)
        plans.append((plan_next(client, touches, orders, settings, today, now), client, settings, today))
        touches_of.append(touches)
    before, after, load = _team_spread(plans, limit)
    fixed = Counter(step.due_date for step in before if not capacity.contact_is_flexible(step))
    for (_, client, settings, today), original, placed, touches in zip(plans, before, after, touches_of, strict=True):
        # CAT-5: still the one next step, the same contact; only its day (and window) may change, and only later.
        assert (placed.kind, placed.goal, placed.channel, placed.is_next_step) == (
            original.kind, original.goal, original.channel, True,
        )  # fmt: skip
        if not capacity.contact_is_flexible(original):
            assert placed == original
            continue
        assert placed.due_date >= original.due_date
        if load[placed.due_date] > limit and fixed[placed.due_date] <= limit:
            # Over capacity though fixed ones alone fit: every day this contact could have gone to was full.
            calendar = capacity.calendar_for(original, client, settings)
            day = original.due_date + timedelta(days=1)
            while day <= capacity.latest_day(original, today):
                assert calendar.day(day)[1] == () or load[day] >= limit, (day, original)
                day += timedelta(days=1)
        if placed == original:
            continue
        # SIX-1: never past the rolling-year deadline it was kept within.
        if original.deadline is not None and original.due_date <= original.deadline:
            assert placed.due_date <= original.deadline
        # ANNOY-1: moving later keeps every gap to the past contacts it kept.
        counted = sorted(_counted_outbound(touches, ZoneInfo(client.time_zone)))
        if counted and not original.annoy_exempt:
            gap_before = (original.due_date - counted[-1]).days
            assert (placed.due_date - counted[-1]).days >= min(gap_before, settings.min_days_between_outbound)
            recent = [d for d in counted if 0 <= (placed.due_date - d).days < 30]
            assert len(recent) <= len([d for d in counted if 0 <= (original.due_date - d).days < 30])
        # TACT-1..5: a moved call still keeps tact (the client's own time is kept as it was).
        if placed.channel == Channel.CALL and not placed.client_choice:
            _assert_call_keeps_tact(placed, client, settings)


@given(st.integers(2, 40), st.integers(1, 5))
def test_plan1_property_enough_room_means_no_day_over_capacity(clients, limit):
    """A team of new clients (all first contacts, all flexible): with room in the fortnight, no day is over."""
    if clients > limit * 8:  # eight call days in two weeks: more would not fit, whatever the spreading
        clients = limit * 8
    plans = []
    for number in range(clients):
        client = ivan(client_id=number, created_on=MONDAY)
        plans.append((plan_next(client, [], [], SETTINGS, MONDAY, NOW), client, SETTINGS, MONDAY))
    _, placed, load = _team_spread(plans, limit)
    assert all(capacity.contact_is_flexible(step) for step in placed)
    assert max(load.values()) <= limit
    assert sum(load.values()) == clients


def test_plan1_a_moved_contact_keeps_only_the_reasons_that_hold_on_its_new_day():
    agreed = date(2026, 3, 20)
    reasons = (
        Reason("SIX-1", "rule_of_six", date(2026, 1, 9), "3"),
        Reason("SIX-1", "before_agreed_date", agreed),
        Reason("ANNOY-1", "too_soon", date(2026, 3, 9)),
        Reason("SIX-1", "deadline", date(2026, 3, 11)),
        Reason("PLAN-1", "capacity", date(2026, 3, 9)),
        Reason("TACT-2", "lunch", date(2026, 3, 10), "13:30"),
        Reason("TACT-6", "client_choice", date(2026, 3, 10), "13:30"),
    )
    before = reasons_on(reasons, date(2026, 3, 17), client_choice=True)
    assert before == (*reasons[:2], Reason("TACT-6", "client_choice", date(2026, 3, 17), "13:30"))
    # On or after the agreed date the step no longer comes before it (CAT-3); a time not kept is not the client's.
    assert reasons_on(reasons, agreed, client_choice=False) == reasons[:1]
