"""The planner (CAT-3/5, SIX-1, ANNOY-1..4, POST-1/2/4/5, LET-1): a client's facts in, planned contacts out.

Pure and deterministic: no ORM, no clock (today and now are parameters), no randomness. history.py folds the past;
this module decides the next step from it and places it in the client's calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import NamedTuple

from keepwarm.clients.choices import ACTIVE_CATEGORIES, Category
from keepwarm.planner.calendars import add_months, greetings_between, working_days_after
from keepwarm.planner.history import CHECK, MEETING, History, PastTouch, fold, latest_day
from keepwarm.planner.tact import TactCalendar, adjust_requested, local_day_minute, work_pattern
from keepwarm.planner.types import ClientFacts, OrderFact, PlannedContact, PlannerSettings, Reason, Slot, TouchFact
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, PlanKind

_DAY = timedelta(days=1)
_YEAR = timedelta(days=365)  # SIX-1's rolling window
# Outcomes that make the next step something other than the cadence (a set test is cheaper than reading
# enum members one by one, and the planner asks this for every step of every forecast).
_EVENT_OUTCOMES = frozenset({Outcome.NO_ANSWER, Outcome.BAD_MOMENT, Outcome.READY_TO_BUY})
_SPOKEN = frozenset({Channel.CALL, Channel.MEETING})  # a forecast takes these as reached, the rest as sent
# The members read for every step of every forecast, bound once: in Python 3.11 reading a member through its
# class goes through EnumType's __getattr__ hook, which costs about ten times reading a global.
_REACHED, _SENT, _OUTBOUND, _CALL = Outcome.REACHED, Outcome.SENT, Direction.OUTBOUND, Channel.CALL
_OFFER, _OFFER_KIND, _RULE_OF_SIX = Goal.OFFER, PlanKind.OFFER, PlanKind.RULE_OF_SIX


class _Plan:
    """One client under one team's settings: what every step of a forecast reads, worked out once."""

    __slots__ = (
        "calls",
        "client",
        "hangup_window",
        "latest",
        "min_gap",
        "offer_interval",
        "others",
        "passive",
        "sales_goal",
        "settings",
        "six_interval",
    )

    def __init__(self, client: ClientFacts, settings: PlannerSettings, today: date) -> None:
        self.client, self.settings = client, settings
        self.latest = latest_day(today)
        self.calls = TactCalendar(client, settings, calls=True)
        self.others = TactCalendar(client, settings, calls=False)  # meetings and letters
        self.sales_goal = Goal.CLOSE if client.category == Category.NOW else Goal.IDENTIFY_NEEDS
        # n * _DAY, not timedelta(days=n): parsing the keyword shows when 100,000 clients are planned.
        # 365 // 6 = 60, not 61: tact only ever moves a call later, so aim a day early.
        self.six_interval = _YEAR.days // max(settings.six_target, 1) * _DAY  # SIX-1
        self.offer_interval = min(max(settings.offer_interval_days, 30), 60) * _DAY  # POST-2: "every 1-2 months"
        self.passive = settings.passive_days * _DAY  # POST-4
        self.hangup_window = settings.hangup_window_days * _DAY  # ANNOY-2
        self.min_gap = settings.min_days_between_outbound * _DAY  # ANNOY-1


class _Step(NamedTuple):
    """A contact to plan, before ANNOY-1 and tact place it in the client's calendar (a tuple: it is hot)."""

    due: date
    kind: str
    goal: str
    reasons: tuple[Reason, ...]
    channel: str = Channel.CALL
    deadline: date | None = None  # the latest day that keeps a promise (SIX-1 rolling year, POST-1 urgency)
    annoy_exempt: bool = False  # ANNOY-1 exceptions: POST-1, and a date the client chose


_PROMISE_STEPS = {  # the kind and the reason of the sales contact on an agreed date
    "CAT-3": (PlanKind.REFUSAL_FOLLOWUP, "refusal_date"),
    "ANNOY-3": (PlanKind.REFUSAL_FOLLOWUP, "refusal_pause"),
    "ANNOY-4": (PlanKind.RULE_OF_SIX, "competitor"),
}


def _pause(history: History, plan: _Plan, today: date) -> _Step | None:
    """Greetings only until a date (QUAL-4, ANNOY-3, ANNOY-4, a set pause); the next sales step is on it."""
    client, settings = plan.client, plan.settings
    promise = history.promise
    paused_by_promise = promise is not None and promise.pause
    if not client.greetings_only and client.sales_paused_until is None and not paused_by_promise:
        return None
    pauses = []
    if client.greetings_only:
        base = history.contacts[-1] if history.contacts else today
        until = min(client.sales_paused_until or add_months(base, settings.pause_default_months), plan.latest)
        pauses.append((until, PlanKind.RULE_OF_SIX, Reason("QUAL-4", "greetings_only", until)))
    elif client.sales_paused_until is not None:
        until = min(client.sales_paused_until, plan.latest)
        pauses.append((until, PlanKind.RULE_OF_SIX, Reason("CAT-5", "sales_paused", until)))
    if promise is not None and promise.pause:
        kind, code = _PROMISE_STEPS[promise.rule]
        pauses.append((promise.on, kind, Reason(promise.rule, code, promise.on)))
    until, kind, reason = max(pauses, key=lambda pause: pause[0])
    return _Step(until, kind, plan.sales_goal, (reason,)) if until > today else None


def _promised(history: History, plan: _Plan) -> _Step | None:
    """CAT-3 (and ANNOY-3/4 once their pause is over): a sales contact on the agreed date itself. The client
    named the day, so ANNOY-1 does not move it; tact may, only to the nearest allowed slot after it."""
    promise = history.promise
    if promise is None:
        return None
    kind, code = _PROMISE_STEPS[promise.rule]
    reasons = (Reason(promise.rule, code, promise.on),)
    return _Step(promise.on, kind, plan.sales_goal, reasons, annoy_exempt=True)


def _restart(history: History, plan: _Plan, today: date) -> _Step:
    """A client with no contact to count from: the first contact, or POST-4 reactivation, as soon as allowed."""
    activity, created_on = history.activity, plan.client.created_on
    if activity is None and (created_on is None or created_on > today - plan.passive):
        return _Step(today, PlanKind.RULE_OF_SIX, plan.sales_goal, (Reason("CAT-5", "first_contact"),))
    return _Step(today, PlanKind.REACTIVATION, plan.sales_goal, (Reason("POST-4", "passive", activity),))


def _cadence(history: History, plan: _Plan, today: date) -> _Step | None:
    """SIX-1 spacing (POST-2 offers for customers) and ANNOY-2 slowing down; None when there is nothing
    recent to count from (see _restart)."""
    contacts, goal = history.contacts, plan.sales_goal
    activity = history.activity
    if activity is None or activity <= today - plan.passive:
        return None
    if (plan.client.is_customer or history.purchase is not None) and not history.stage:
        interval = plan.offer_interval
        kind, goal, reason = _OFFER_KIND, _OFFER, Reason("POST-2", "offer", activity)
    else:
        interval = plan.six_interval
        year_ago = today - _YEAR
        recent = str(sum(day > year_ago for day in contacts))
        kind, reason = _RULE_OF_SIX, Reason("SIX-1", "rule_of_six", activity, recent)
    hangups = history.hangups
    if len(hangups) == 2 and hangups[0] > today - plan.hangup_window:
        annoyed = (reason, Reason("ANNOY-2", "hangups", hangups[-1]))
        return _Step(activity + 2 * interval, kind, goal, annoyed, Channel.LETTER)
    due = activity + interval
    # SIX-1 holds in every rolling year when each contact falls within 365 days of the sixth before it;
    # a rolling year that already ended short cannot be mended any more.
    deadline = contacts[0] + _YEAR if len(contacts) >= history.six else None
    if deadline is None or deadline < today:
        return _Step(due, kind, goal, (reason,))
    return _Step(min(due, deadline), kind, goal, (reason,), deadline=deadline)


def _event(history: History, plan: _Plan, today: date) -> _Step | None:
    """A step the last conversation asked for: retry, rescheduled call, POST-1, meeting, CAT-4."""
    last, day, purchase = history.last, history.last_day, history.purchase
    if last.outcome not in _EVENT_OUTCOMES and not history.stage and history.meeting_on is None:
        return None
    if last.outcome == Outcome.NO_ANSWER:
        # From the next working day: the same day again feels pushy, and a missed call was barely felt.
        reason = Reason("CAT-5", "no_answer_retry", day)
        return _Step(day + _DAY, PlanKind.RETRY, last.goal, (reason,), last.channel)
    if last.outcome == Outcome.BAD_MOMENT:
        reason = Reason("TACT-6", "bad_moment", day)
        return _Step(last.continue_on or day + _DAY, PlanKind.RETRY, last.goal, (reason,), last.channel, None, True)
    if history.stage == MEETING and purchase is not None:
        client, settings = plan.client, plan.settings
        workdays = work_pattern(client, settings).workdays
        by = working_days_after(day, settings.post_sale_unsuitable_working_days, client.country, workdays)
        reasons: tuple[Reason, ...] = (Reason("POST-1", "unsuitable_meeting", purchase), Reason("POST-1", "urgent", by))
        return _Step(history.stage_due, PlanKind.MEETING, Goal.POST_SALE_CHECK, reasons, Channel.MEETING, by, True)
    if history.stage and purchase is not None:
        code = "post_sale_check" if history.stage == CHECK else "post_sale_follow_up"
        reasons = (Reason("POST-1", code, purchase),)
        return _Step(history.stage_due, PlanKind.POST_SALE, Goal.POST_SALE_CHECK, reasons, annoy_exempt=True)
    meeting_on = history.meeting_on
    if meeting_on is not None and meeting_on < today:
        # Its day has passed and nothing was logged since: held or not, the manager calls to follow it up
        # (an ordinary outbound call, so ANNOY-1 applies), rather than keeping a stale meeting overdue.
        reasons = (Reason("CAT-5", "meeting_follow_up", meeting_on),)
        return _Step(meeting_on + _DAY, PlanKind.RULE_OF_SIX, plan.sales_goal, reasons)
    if meeting_on is not None:
        reasons = (Reason("CAT-5", "agreed_meeting", meeting_on),)
        return _Step(meeting_on, PlanKind.MEETING, Goal.PRESENT, reasons, Channel.MEETING, None, True)
    if last.outcome == Outcome.READY_TO_BUY:
        return _Step(day + _DAY, PlanKind.RULE_OF_SIX, Goal.CLOSE, (Reason("CAT-4", "ready_to_buy", day),))
    return None


def _next_step(history: History, plan: _Plan, today: date) -> _Step:
    """CAT-5: exactly one sales next step. A date the conversation set wins unless SIX-1 is due sooner; an
    agreed date (CAT-3) stays planned beside an earlier keep-in-touch step (see _beside)."""
    pause = _pause(history, plan, today)
    if pause is not None:
        return pause
    cadence = _cadence(history, plan, today)
    event = _event(history, plan, today)
    promised = _promised(history, plan)
    flexible = event is None  # SIX-1 cadence, POST-2 offers, POST-4 reactivation: any day their rules allow
    if cadence is None:  # an event (or the agreed date) is already the attempt to restart the conversation
        step = event or promised or _restart(history, plan, today)
    elif event is None:
        step = cadence
    elif event.due <= cadence.due:
        step = event._replace(deadline=event.deadline or cadence.deadline)
    else:
        step, flexible = (
            cadence._replace(reasons=(*cadence.reasons, Reason("SIX-1", "before_agreed_date", event.due))),
            True,
        )
    if promised is None or step is promised:
        return step
    if promised.due == step.due and not flexible:  # one call on the agreed day does both (say, POST-1's follow-up)
        return step._replace(reasons=(*step.reasons, *promised.reasons), annoy_exempt=True)
    # Keeping in touch one ANNOY-1 gap or less before the agreed date would only crowd it: the date itself is next.
    if promised.due <= step.due or (flexible and step.due + plan.min_gap > promised.due):
        return promised
    return step._replace(reasons=(*step.reasons, Reason("SIX-1", "before_agreed_date", promised.due)))


def _beside(history: History, plan: _Plan, step: _Step) -> _Step | None:
    """CAT-3: the agreed date's own contact when the next step comes before it: planned too, never replaced."""
    promised = _promised(history, plan)
    return promised if promised is not None and promised.due > step.due else None


def _place(
    step: _Step, history: History, plan: _Plan, today: date, local_today: date, now_minute: int
) -> PlannedContact:
    """Put a step into the client's calendar: ANNOY-1, then tact (TACT-1..7) from the client's local now."""
    reasons = step.reasons  # a tuple, extended only when a rule moves the step
    floor = today
    earliest = None if step.annoy_exempt else history.annoy_earliest(plan.min_gap)
    if earliest is not None and earliest > max(step.due, today):
        reasons += (Reason("ANNOY-1", "too_soon", earliest),)
    if earliest is not None:
        floor = max(floor, earliest)
    due = max(step.due, floor)
    day, minute = (due, 0) if due > local_today else (local_today, now_minute)
    calls = step.channel == _CALL
    calendar = plan.calls if calls else plan.others
    slot = calendar.slot_on_or_after(day, minute)
    if step.deadline is not None and slot.day > step.deadline:
        # Tact pushed it past its deadline: take the last open day before it instead (never before the floor).
        latest = calendar.last_open_day(max(floor, local_today), step.deadline)
        if latest is not None:
            slot = calendar.slot_on_or_after(latest, now_minute if latest == local_today else 0)
            rule = "POST-1" if step.goal == Goal.POST_SALE_CHECK else "SIX-1"
            reasons += (Reason(rule, "deadline", step.deadline),)
    preferred = plan.client.preferred_call_time
    if calls and preferred is not None:  # TACT-6: the time the client picked is used for later calls too
        if slot.day == day and preferred.hour * 60 + preferred.minute < minute:
            slot = calendar.slot_on_or_after(day + _DAY, 0)
        chosen = adjust_requested(slot.day, preferred, plan.client, plan.settings, client_asked=True)
        reasons += slot.reasons
        slot = chosen
    return _contact(slot, plan.client, step, reasons + slot.reasons)


def _contact(slot: Slot, client: ClientFacts, step: _Step, reasons: tuple[Reason, ...]) -> PlannedContact:
    # Positional, in PlannedContact's field order: this runs for every planned contact of every client.
    is_next_step = step.goal not in COURTESY_GOALS  # CAT-5
    return PlannedContact(
        slot.day, slot.window_start, slot.window_end, client.time_zone, step.channel, step.goal, step.kind,
        is_next_step, slot.client_choice, reasons, step.annoy_exempt, step.deadline,
    )  # fmt: skip


def _greetings(plan: _Plan, first: date, last: date) -> list[PlannedContact]:
    """POST-5: greetings go out on the day itself, in the client's time zone, within their working hours."""
    client = plan.client
    work = work_pattern(client, plan.settings)
    channel, goal, kind, zone_name = Channel.MESSAGE, Goal.GREETING, PlanKind.GREETING, client.time_zone
    # Positional, in PlannedContact's field order (as in _contact); a greeting is a courtesy touch (CAT-5).
    return [
        PlannedContact(day, work.start, work.end, zone_name, channel, goal, kind, False, False, (reason,), True)
        for day, reason in greetings_between(client, plan.settings, first, last)
    ]


def _thank_you(history: History, plan: _Plan, today: date) -> list[PlannedContact]:
    """LET-1: suggest a thank-you letter after a recent purchase that has not been thanked for yet."""
    purchase = history.purchase
    if purchase is None or history.thanked or purchase < today - plan.settings.thank_you_within_days * _DAY:
        return []
    slot = plan.others.slot_on_or_after(max(purchase + _DAY, today), 0)
    reasons = (Reason("LET-1", "thank_you", purchase), *slot.reasons)
    step = _Step(slot.day, PlanKind.THANK_YOU, Goal.THANK_YOU, reasons, Channel.LETTER, annoy_exempt=True)
    return [_contact(slot, plan.client, step, reasons)]


def _plannable(client: ClientFacts) -> bool:
    """CAT-5: NEVER clients and clients who asked not to be contacted get nothing planned."""
    return client.category in ACTIVE_CATEGORIES and not client.do_not_contact


def plan_next(
    client: ClientFacts,
    touches: list[TouchFact],
    orders: list[OrderFact],
    settings: PlannerSettings,
    today: date,
    now: datetime,
) -> list[PlannedContact]:
    """The one next step (CAT-5), then the next greeting(s) and a pending thank-you letter."""
    if not _plannable(client):
        return []
    plan = _Plan(client, settings, today)
    history = fold(client, touches, orders, settings, plan.latest)
    local_today, minute = local_day_minute(now, client)
    contact, agreed = _place_next(_next_step(history, plan, today), history, plan, today, local_today, minute)
    beside = [agreed] if agreed is not None else []
    greetings = _greetings(plan, local_today, local_today + _YEAR)
    first_greeting = min((greeting.due_date for greeting in greetings), default=None)
    courtesy = [greeting for greeting in greetings if greeting.due_date == first_greeting]
    return [contact, *beside, *courtesy, *_thank_you(history, plan, today)]


def _place_next(
    step: _Step, history: History, plan: _Plan, today: date, local_today: date, minute: int
) -> tuple[PlannedContact, PlannedContact | None]:
    """The next step placed, and the agreed date's contact beside it when it comes later (CAT-3). CAT-5 counts
    one next step; the agreed date's contact is a sales contact planned beside it."""
    contact = _place(step, history, plan, today, local_today, minute)
    agreed = _beside(history, plan, step)
    if agreed is None:
        return contact, None
    placed = _place(agreed, history, plan, today, local_today, minute)
    if placed.due_date < contact.due_date:  # ANNOY-1 pushed the step past the agreed date: the day named is next
        return placed, None
    # Tact may put the next step on the agreed day itself: then that one call keeps the date.
    return contact, replace(placed, is_next_step=False) if placed.due_date > contact.due_date else None


def annoy_earliest(
    client: ClientFacts, touches: list[TouchFact], orders: list[OrderFact], settings: PlannerSettings, today: date
) -> date | None:
    """ANNOY-1 for a day a person picks (TACT-7): the first day one more outbound contact keeps both caps."""
    plan = _Plan(client, settings, today)
    return fold(client, touches, orders, settings, plan.latest).annoy_earliest(plan.min_gap)


def hangups_slowing_down(
    client: ClientFacts, touches: list[TouchFact], orders: list[OrderFact], settings: PlannerSettings, today: date
) -> date | None:
    """ANNOY-2 as the cadence applies it: the latest hang-up's day while two hang-ups slow the client's contacts."""
    plan = _Plan(client, settings, today)
    step = _cadence(fold(client, touches, orders, settings, plan.latest), plan, today)
    return next((reason.day for reason in step.reasons if reason.rule == "ANNOY-2"), None) if step else None


def forecast(
    client: ClientFacts,
    touches: list[TouchFact],
    orders: list[OrderFact],
    settings: PlannerSettings,
    today: date,
    now: datetime,
    days: int = 365,
    planned: Sequence[PlannedContact] = (),
) -> list[PlannedContact]:
    """If nothing else happened: the open planned contacts as they stand (`planned`: a moved step, a manager's
    pick), then each next step taken as planned, reached, outbound, for `days` ahead."""
    if not _plannable(client):
        return []
    plan = _Plan(client, settings, today)
    horizon = today + days * _DAY
    history = fold(client, touches, orders, settings, plan.latest)
    shown = [contact for contact in planned if contact.due_date <= horizon]
    taken = {(contact.due_date, contact.goal, contact.kind) for contact in planned}
    if not any(contact.kind == PlanKind.THANK_YOU for contact in planned):
        shown += _thank_you(history, plan, today)
    first_day, minute = local_day_minute(now, client)
    sim_today, local_today = today, first_day
    for contact in planned:
        if contact.is_next_step:  # taken as it stands; the forecast goes on from it
            history.add(PastTouch(_REACHED, contact.goal, contact.channel, _OUTBOUND), contact.due_date)
            sim_today = local_today = max(contact.due_date, first_day)
            minute = _after_call(contact, settings) if contact.due_date >= first_day else minute
        elif contact.goal not in COURTESY_GOALS and history.promise is not None:  # an agreed date a person moved
            history.promise = history.promise._replace(on=contact.due_date)
    while True:
        step = _next_step(history, plan, sim_today)
        if step.due > horizon:  # tact and ANNOY-1 only move a step later
            break
        contact, _ = _place_next(step, history, plan, sim_today, local_today, minute)
        if contact.due_date > horizon:
            break
        if (contact.due_date, contact.goal, contact.kind) not in taken:
            shown.append(contact)
        outcome = _REACHED if contact.channel in _SPOKEN else _SENT
        history.add(PastTouch(outcome, contact.goal, contact.channel, _OUTBOUND), contact.due_date)
        sim_today = local_today = contact.due_date
        minute = _after_call(contact, settings)
    shown += [g for g in _greetings(plan, first_day, horizon) if (g.due_date, g.goal, g.kind) not in taken]
    return sorted(shown, key=lambda contact: (contact.due_date, contact.window_start, not contact.is_next_step))


def _after_call(contact: PlannedContact, settings: PlannerSettings) -> int:
    """The minute of the local day a contact is over: the next one that day may start no earlier."""
    return min(contact.window_start.hour * 60 + contact.window_start.minute + settings.call_minutes, 24 * 60 - 1)
