"""PLAN-1: a day a person can work. Flexible contacts move to the first later day with room that their own rules
allow; fixed ones (agreed dates, POST-1, meetings, retries, manager picks) never move for it.

Pure: contacts, a manager's load per day and a capacity in, contacts out; planner/workload.py reads the load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from keepwarm.planner.tact import TactCalendar
from keepwarm.planner.types import ClientFacts, PlannedContact, PlannerSettings, Reason, Slot
from keepwarm.touches.choices import Channel, PlanKind

_DAY = timedelta(days=1)
# How far a contact with no tighter rule may wait for room: "a couple of weeks" (reactivation, a first contact,
# a catalog offer, a rule-of-six contact whose rolling year gives no deadline).
FLEX = timedelta(days=14)
# Past its rules' preferred last day, a step with no promise to keep (no SIX-1 deadline, no agreed date it must come
# before) goes to the first day with room however far: a large import needs as many working days as it needs, and
# piling the rest onto its first day would make that day impossible. The walk ends at the owner's last full day.
NO_LATER = date(9000, 1, 1)
OFFER_LATEST = timedelta(days=60)  # POST-2: offers "every 1-2 months" after the last activity
FLEXIBLE_KINDS = frozenset({PlanKind.RULE_OF_SIX, PlanKind.OFFER, PlanKind.REACTIVATION})
# What planned a rule-of-six or reactivation step first decides whether its day is free to move: the cadence is,
# a date someone agreed to (CAT-3/4, ANNOY-3/4, a pause, a meeting's follow-up) is not.
FLEXIBLE_ORIGINS = frozenset({("SIX-1", "rule_of_six"), ("CAT-5", "first_contact"), ("POST-4", "passive")})


def is_flexible(*, kind: str, is_next_step: bool, reasons: Iterable[tuple[str, str]]) -> bool:
    """Flexible: the cadence (SIX-1), offers (POST-2, POST-3 catalog), reactivation (POST-4), a first contact.

    A time the client prefers (TACT-6) stays the time of the moved call; only its day moves. Works on planned
    contacts and on stored rows alike, so the week view flags days with the same rule the planner spreads by.
    """
    if not is_next_step or kind not in FLEXIBLE_KINDS:
        return False
    if kind == PlanKind.OFFER:  # only the planner and the catalog plan offers; a manager's pick is "manual"
        return True
    # A manager's pick of any kind starts with TACT-7's "manager_choice", never with one of these.
    return next(iter(reasons), None) in FLEXIBLE_ORIGINS


def contact_is_flexible(contact: PlannedContact) -> bool:
    pairs = ((reason.rule, reason.code) for reason in contact.reasons)
    return is_flexible(kind=contact.kind, is_next_step=contact.is_next_step, reasons=pairs)


def latest_day(contact: PlannedContact, today: date) -> date:
    """The last day the contact's own rules allow it to wait until: SIX-1's rolling-year deadline, POST-2's 60 days
    after the last activity, CAT-3's "before the agreed date, never instead of it", else a couple of weeks."""
    start = contact.due_date
    latest = _offer_latest(contact) or max(start, today) + FLEX
    if contact.deadline is not None:
        latest = min(latest, contact.deadline)
    for reason in contact.reasons:
        if reason.code == "before_agreed_date" and reason.day is not None:
            latest = min(latest, reason.day - _DAY)
    return max(latest, start)


def _offer_latest(contact: PlannedContact) -> date | None:
    """POST-2: an offer waits at most 60 days after the last activity."""
    latest = None
    for reason in contact.reasons:
        if (
            (reason.rule, reason.code) == ("POST-2", "offer")
            and reason.day
            and reason.day + OFFER_LATEST >= contact.due_date
        ):
            latest = reason.day + OFFER_LATEST
    return latest


def may_overflow(contact: PlannedContact) -> bool:
    """Whether the contact may go past latest_day for room: no rule bounds it (a first contact, reactivation, a
    cadence with no rolling-year deadline: "a couple of weeks" is only a preference), unlike SIX-1's deadline,
    POST-2's 60 days or CAT-3's agreed date it must come before."""
    if contact.deadline is not None or _offer_latest(contact) is not None:
        return False
    return not any(reason.code == "before_agreed_date" for reason in contact.reasons)


def first_day_with_room(
    calendar: TactCalendar, first: date, last: date, load: Mapping[date, int], capacity: int
) -> Slot | None:
    """The first slot on a day first..last that tact allows and that has room, or None."""
    if capacity < 1:  # no room on any day (capacities are at least 1: a guard, so the walk always ends)
        return None
    day = first
    while day <= last:
        slot = calendar.slot_on_or_after(day, 0)
        if slot.day > last:
            return None
        if load.get(slot.day, 0) < capacity:
            return slot
        day = slot.day + _DAY
    return None


def calendar_for(contact: PlannedContact, client: ClientFacts, settings: PlannerSettings) -> TactCalendar:
    return TactCalendar(client, settings, calls=contact.channel == Channel.CALL)


# Why a contact came to its day rather than another (a day or a time tact skipped, a day that was full, the overdue
# backlog, ANNOY-1's gap, a deadline it was brought forward to): true of that day only.
_DAY_CODES = frozenset(
    {
        "weekend", "holiday", "pre_weekend", "off_hours", "lunch", "end_of_day", "dst_gap",
        "capacity", "backlog", "too_soon", "deadline",
    }
)  # fmt: skip


def reasons_on(reasons: Iterable[Reason], day: date, *, client_choice: bool) -> tuple[Reason, ...]:
    """The reasons that still hold once a contact moves to `day`: what planned it (first, as it was), an agreed date
    it still comes before, and the time the client asked for when it is kept (TACT-6), now on that day. The days
    skipped on the way to its old day no longer explain anything, and would contradict the new one."""
    kept = []
    for reason in reasons:
        if reason.code in _DAY_CODES:
            continue
        if reason.code == "client_choice":
            if client_choice:
                kept.append(replace(reason, day=day))
        elif reason.code != "before_agreed_date" or (reason.day is not None and day < reason.day):
            kept.append(reason)
    return tuple(kept)


def moved(contact: PlannedContact, slot: Slot, reason: Reason) -> PlannedContact:
    """The contact on the slot's day; a time the client prefers (TACT-6) is kept, else the slot's window."""
    if contact.client_choice:
        return replace(contact, due_date=slot.day, reasons=(*contact.reasons, reason))
    return replace(
        contact,
        due_date=slot.day,
        window_start=slot.window_start,
        window_end=slot.window_end,
        reasons=(*contact.reasons, reason, *slot.reasons),
    )


def spread(
    contact: PlannedContact,
    *,
    client: ClientFacts,
    settings: PlannerSettings,
    load: Mapping[date, int],
    capacity: int,
    today: date,
) -> PlannedContact:
    """PLAN-1 for one next step: on its day if that day has room; else the first later day with room that its
    rules allow; else, when its last day is only a preference (may_overflow), the first day with room after it;
    else (a promise to keep and no room before it) on its day, which the week view then shows over capacity."""
    if load.get(contact.due_date, 0) < capacity or not contact_is_flexible(contact):
        return contact
    calendar = calendar_for(contact, client, settings)
    last = latest_day(contact, today)
    slot = first_day_with_room(calendar, contact.due_date + _DAY, last, load, capacity)
    if slot is None and may_overflow(contact):
        slot = first_day_with_room(calendar, last + _DAY, NO_LATER, load, capacity)
    if slot is None:
        return contact
    return moved(contact, slot, Reason("PLAN-1", "capacity", contact.due_date))


@dataclass(frozen=True)
class Overdue:
    """An open next step whose day has passed, with the calendar its new day must fit."""

    key: int
    due_date: date
    calendar: TactCalendar


def spread_backlog(overdue: Iterable[Overdue], *, load: dict[date, int], capacity: int, today: date) -> dict[int, Slot]:
    """An overdue backlog (after an absence or an import), oldest first: as many as today has room for stay
    overdue on top of Today; each of the rest goes to the next working day with room, however far (a missed step
    has no date to keep but "as soon as possible"). `load` is updated."""
    moves: dict[int, Slot] = {}
    for step in sorted(overdue, key=lambda step: (step.due_date, step.key)):
        if load.get(today, 0) < capacity:
            load[today] = load.get(today, 0) + 1
            continue
        slot = first_day_with_room(step.calendar, today + _DAY, NO_LATER, load, capacity)
        if slot is None:  # no day tact allows: it stays overdue, and Today shows it
            continue
        load[slot.day] = load.get(slot.day, 0) + 1
        moves[step.key] = slot
    return moves


@dataclass(frozen=True)
class DayLoad:
    """A manager's (or a team's) day: planned sales contacts against capacity."""

    day: date
    planned: int
    fixed: int  # contacts the planner may not move for capacity
    capacity: int

    @property
    def over(self) -> bool:
        return self.planned > self.capacity

    @property
    def over_by_fixed(self) -> bool:
        """Flagged: fixed contacts alone fill the day past capacity, so spreading cannot help."""
        return self.fixed > self.capacity
