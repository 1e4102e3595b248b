"""When a POST-3 offer may take the client's next step (pure): pauses, agreed dates and ANNOY-1 come first.

Plain data in, a decision out; no ORM and no clock, so the rules are tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from keepwarm.planner.types import PlannerSettings, Reason
from keepwarm.touches.choices import PlanKind

ANNOY_WINDOW_DAYS = 30  # ANNOY-1: "per 30 days"

# The offer's own reason. NOTE: explain.py has no sentence for this code yet, so it reads through the fallback
# ("interest_match Fleet tracker (POST-3)") until one is added there.
OFFER_RULE, OFFER_CODE = "POST-3", "interest_match"
# Catalog-only reasons for a wait; their sentences live in selectors.WAIT_MESSAGES.
DO_NOT_CONTACT = Reason("CAT-5", "do_not_contact")
NEXT_STEP_FIRST = "next_step_first"

# Steps the planner derives from the cadence alone: an offer may take their place.
FREE_KINDS = frozenset({PlanKind.RULE_OF_SIX, PlanKind.OFFER, PlanKind.REACTIVATION, PlanKind.RETRY})
# Planner reasons that make a step the client's (or a person's) and not the cadence's: the offer never replaces
# such a step. A cadence kind can carry one (QUAL-4 and CAT-5 pauses are RULE_OF_SIX steps), hence the codes.
KEEP_CODES = frozenset(
    {
        "refusal_pause",  # ANNOY-3: greetings only until the date the client gave
        "competitor",  # ANNOY-4
        "greetings_only",  # QUAL-4
        "sales_paused",  # a pause set on the client
        "hangups",  # ANNOY-2: the contact was moved out and made a letter
        "refusal_date",  # CAT-3: "call me after ..."
        "before_agreed_date",  # SIX-1 keeping in touch before a CAT-3 date
        "agreed_meeting",
        "bad_moment",  # TACT-6: the client picked another time
        "client_choice",  # TACT-6
        "manager_choice",  # TACT-7: a person's pick stands
        "post_sale_check",  # POST-1
        "post_sale_follow_up",
        "unsuitable_meeting",
        "ready_to_buy",  # CAT-4: a closing call
        "do_not_contact",
    }
)


def offer_earliest(outbound: Sequence[dt.date], settings: PlannerSettings, today: dt.date) -> dt.date:
    """ANNOY-1 (pure): the first day one more outbound contact keeps the weekly and the 30-day limit."""
    days = sorted(outbound)
    earliest = today
    if days:
        earliest = max(earliest, days[-1] + dt.timedelta(days=settings.min_days_between_outbound))
    cap = settings.max_outbound_per_30_days
    if 0 < cap <= len(days):
        earliest = max(earliest, days[-cap] + dt.timedelta(days=ANNOY_WINDOW_DAYS))
    return earliest


@dataclass(frozen=True)
class StepFacts:
    """The client's open next step as the offer sees it."""

    due_date: dt.date
    kind: str
    client_choice: bool = False
    reasons: tuple[Reason, ...] = ()
    catalog_offer: bool = False  # a POST-3 offer already planned: more products join it


@dataclass(frozen=True)
class ClientPauses:
    """Pauses read from the client itself, so a stale or missing step never lets an offer through."""

    do_not_contact: bool = False
    sales_paused_until: dt.date | None = None  # set on the client
    disqualified_until: dt.date | None = None  # QUAL-4: re-evaluation of a confirmed disqualification


class Action(Enum):
    PLAN = "plan"  # the offer becomes the next step
    JOIN = "join"  # one more item for the offer already planned: one call, not two (ANNOY-1)
    WAIT = "wait"


@dataclass(frozen=True)
class OfferDecision:
    action: Action
    waits_until: dt.date | None = None  # None while waiting: no known day (do-not-contact, an overdue step)
    reasons: tuple[Reason, ...] = ()


def offer_reason(product_name: str) -> Reason:
    return Reason(OFFER_RULE, OFFER_CODE, detail=product_name)


def _kept_by(step: StepFacts) -> tuple[Reason, ...]:
    """Why the step is not the offer's to take, or () when it is a cadence step."""
    named = tuple(reason for reason in step.reasons if reason.code in KEEP_CODES)
    if named:
        return named
    if step.client_choice or step.kind not in FREE_KINDS:
        return step.reasons[:1] or (Reason("CAT-5", NEXT_STEP_FIRST, step.due_date),)
    return ()


def _unique(reasons: list[Reason]) -> tuple[Reason, ...]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for reason in reasons:
        if (reason.rule, reason.code) not in seen:
            seen.add((reason.rule, reason.code))
            kept.append(reason)
    return tuple(kept)


def offer_decision(*, step: StepFacts | None, pauses: ClientPauses, earliest: dt.date, today: dt.date) -> OfferDecision:
    """POST-3 within ANNOY-1..4, QUAL-4 and CAT-3: the offer never takes a paused or agreed step; it waits.

    The wait lasts until the pause ends or the agreed step is done; the nightly retry then plans the offer
    (ANNOY-1 counting the agreed call). Without a day to wait for (do-not-contact, an overdue step), it waits
    until that changes.
    """
    reasons: list[Reason] = []
    days: list[dt.date] = []
    open_ended = pauses.do_not_contact
    if pauses.do_not_contact:
        reasons.append(DO_NOT_CONTACT)
    if pauses.disqualified_until is not None and pauses.disqualified_until > today:
        reasons.append(Reason("QUAL-4", "greetings_only", pauses.disqualified_until))
        days.append(pauses.disqualified_until)
    if pauses.sales_paused_until is not None and pauses.sales_paused_until > today:
        reasons.append(Reason("CAT-5", "sales_paused", pauses.sales_paused_until))
        days.append(pauses.sales_paused_until)
    if step is not None and not step.catalog_offer:  # a planned catalog offer, even overdue, takes one more item
        if step.due_date < today:
            # An overdue step stays on top of the agenda until it is logged; an offer must not hide it.
            reasons.append(Reason("CAT-5", NEXT_STEP_FIRST, step.due_date))
            open_ended = True
        elif kept := _kept_by(step):
            reasons.extend(kept)
            days.extend([step.due_date, *(reason.day for reason in kept if reason.day is not None)])
    if reasons:
        until = None if open_ended else max(days, default=None)
        return OfferDecision(Action.WAIT, until, _unique(reasons))
    if step is not None and step.catalog_offer:
        return OfferDecision(Action.JOIN)
    if earliest > today:
        return OfferDecision(Action.WAIT, earliest, (Reason("ANNOY-1", "too_soon", earliest),))
    return OfferDecision(Action.PLAN)
