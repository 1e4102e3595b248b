"""A client's past folded for the rules (pure): SIX-1's contacts, ANNOY-1's outbound ones, ANNOY-2's hang-ups,
ANNOY-3's refusals in a row, the date agreed with the client (CAT-3, ANNOY-3/4), the meeting agreed and POST-1's stage.

No ORM and no clock: touches and orders in, one History out; the forecast adds its simulated touches to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from keepwarm.planner.calendars import add_months
from keepwarm.planner.tact import LAST_DAY, zone
from keepwarm.planner.types import ClientFacts, OrderFact, PlannerSettings, TouchFact
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome

_DAY = timedelta(days=1)
_ANNOY_WINDOW = timedelta(days=30)  # ANNOY-1: "per 30 days"
_NO_DATE_WAIT = timedelta(days=7)  # POST-1: "not used yet" without a first-use date: ask again in a week
_MEETING_OUTCOMES = frozenset({Outcome.AGREED_TO_MEET, Outcome.MEETING_MOVED})
# Answers that move the conversation on past an agreed date (CAT-3, ANNOY-3/4): the client is ready, has bought or
# agreed to meet, so the date they gave when they said no is no longer the plan.
_END_PROMISE = frozenset({Outcome.READY_TO_BUY, Outcome.BOUGHT, Outcome.AGREED_TO_MEET})
# Answers that replace an agreed meeting with their own plan (CAT-3 date, ANNOY-2/4, POST-1): a client who refuses,
# buys elsewhere, hangs up or buys after agreeing to meet is not expected at that meeting any more.
_SUPERSEDE_MEETING = frozenset({Outcome.REFUSED, Outcome.BOUGHT_ELSEWHERE, Outcome.HUNG_UP, Outcome.BOUGHT})
# Far dates (a typo of 9999) are read as this far ahead: the calendar arithmetic stays inside date's range.
_FAR = timedelta(days=10 * 365)
# The members read for every touch folded, bound once: in Python 3.11 reading a member through its class goes
# through EnumType's __getattr__ hook, which costs about ten times reading a global.
_NO_ANSWER, _HUNG_UP, _REFUSED, _BOUGHT = Outcome.NO_ANSWER, Outcome.HUNG_UP, Outcome.REFUSED, Outcome.BOUGHT
_MEETING_CANCELLED, _BOUGHT_ELSEWHERE = Outcome.MEETING_CANCELLED, Outcome.BOUGHT_ELSEWHERE
_OUTBOUND, _MEETING_CHANNEL, _POST_SALE_CHECK = Direction.OUTBOUND, Channel.MEETING, Goal.POST_SALE_CHECK
CHECK, FOLLOW_UP, MEETING = "check", "follow_up", "meeting"  # POST-1 stages


class PastTouch(NamedTuple):
    """What the rules read from a touch (its instant is folded into a local day first)."""

    outcome: str
    goal: str
    channel: str
    direction: str
    continue_on: date | None = None


NO_TOUCH = PastTouch("", "", "", "")  # so the rules never branch on None


class Promise(NamedTuple):
    """A date the client gave when saying no (CAT-3), or ANNOY-3/ANNOY-4's date: kept until it is reached."""

    on: date
    rule: str  # "CAT-3" | "ANNOY-3" | "ANNOY-4"
    pause: bool  # ANNOY-3/4: greetings only until the date; CAT-3: keeping in touch before it is welcome


@dataclass(slots=True)
class History:
    """What the rules need from the past, folded once; mutable so forecast adds simulated touches cheaply."""

    six: int  # SIX-1 target, at least 1
    cap: int  # ANNOY-1 outbound contacts per 30 days, at least 1
    settings: PlannerSettings  # ANNOY-3/4: how many refusals pause, and the default dates
    latest: date  # dates past this (typos such as 9999-12-31) are read as this
    contacts: list[date] = field(default_factory=list)  # SIX-1: the last six answered sales contacts
    outbound: list[date] = field(default_factory=list)  # ANNOY-1: the last counted outbound contacts
    hangups: list[date] = field(default_factory=list)  # ANNOY-2: the last two hang-ups
    refusals: int = 0  # ANNOY-3: refusals in a row
    last: PastTouch = NO_TOUCH  # the latest sales touch: its outcome drives retries, CAT-3, ANNOY-3/4
    last_day: date = date.min
    purchase: date | None = None  # POST-1, LET-1: the latest purchase
    activity: date | None = None  # POST-4, SIX-1: the latest contact or purchase
    thanked: bool = False  # LET-1: a thank-you went out after the latest purchase
    stage: str = ""  # POST-1 stage; "" when no sequence is running
    stage_due: date = date.min
    meeting_on: date | None = None  # a meeting the client agreed to, not yet held
    promise: Promise | None = None  # CAT-3, ANNOY-3/4: the agreed date, until a sales touch on or after it

    def buy(self, day: date) -> None:
        """POST-1 starts over with every purchase: the check call the working day after it."""
        self.purchase, self.thanked, self.refusals = day, False, 0
        self.activity, self.promise = day, None  # events come in time order
        self.stage, self.stage_due = CHECK, day + _DAY

    def add(self, touch: PastTouch, day: date) -> None:
        if touch.goal in COURTESY_GOALS:  # CAT-5: courtesy touches never move the sales plan
            self.thanked = self.thanked or (touch.goal == Goal.THANK_YOU and self.purchase is not None)
            return
        self.last, self.last_day = touch, day
        promise = self.promise
        if promise is not None and (day >= promise.on or touch.outcome in _END_PROMISE):
            self.promise = None  # the agreed contact took place (or the conversation moved on past it)
        if touch.outcome == _NO_ANSWER:  # a missed call is not a contact the client felt
            return
        self.contacts.append(day)
        self.activity = day
        del self.contacts[: -self.six]
        if touch.direction == _OUTBOUND and touch.goal != _POST_SALE_CHECK:  # ANNOY-1 exceptions
            self.outbound.append(day)
            del self.outbound[: -self.cap]
        if touch.outcome == _HUNG_UP:
            self.hangups.append(day)
            del self.hangups[:-2]
        self.refusals = self.refusals + 1 if touch.outcome == _REFUSED else 0
        if touch.outcome == _REFUSED or touch.outcome == _BOUGHT_ELSEWHERE:
            self.promise = self._promise_of(touch, day)
        if touch.outcome in _MEETING_OUTCOMES:
            self.meeting_on = touch.continue_on or day + _DAY
        elif self.meeting_on is not None and (
            # The meeting is behind us once any sales touch is logged on or after its day (held or not, that
            # touch is its follow-up), and a later answer with its own plan replaces it.
            day >= self.meeting_on
            or touch.outcome in _SUPERSEDE_MEETING
            or touch.channel == _MEETING_CHANNEL
            or touch.outcome == _MEETING_CANCELLED
        ):
            self.meeting_on = None
        if touch.outcome == _BOUGHT:
            self.buy(day)
        elif self.stage and touch.goal == _POST_SALE_CHECK:
            self._advance_post_sale(touch, day)

    def annoy_earliest(self, min_gap: timedelta) -> date | None:
        """ANNOY-1: the first day one more outbound contact keeps both the weekly and the 30-day limit."""
        outbound = self.outbound
        if not outbound:
            return None
        earliest = outbound[-1] + min_gap
        cap = self.settings.max_outbound_per_30_days
        if 0 < cap <= len(outbound):
            earliest = max(earliest, outbound[-cap] + _ANNOY_WINDOW)
        return earliest

    def _promise_of(self, touch: PastTouch, day: date) -> Promise:
        """CAT-3: a refusal's date to continue; ANNOY-3 after refusals in a row and ANNOY-4 after a competitor's
        sale pause sales until their date (asked, else the team's default months)."""
        settings = self.settings
        if touch.outcome == _BOUGHT_ELSEWHERE:
            on = touch.continue_on or add_months(day, settings.competitor_default_months)
            return Promise(min(on, self.latest), "ANNOY-4", True)
        if self.refusals >= settings.refusals_to_pause:
            on = touch.continue_on or add_months(day, settings.pause_default_months)
            return Promise(min(on, self.latest), "ANNOY-3", True)
        return Promise(touch.continue_on or day + _DAY, "CAT-3", False)

    def _advance_post_sale(self, touch: PastTouch, day: date) -> None:
        """POST-1: not used yet -> the day after first use; unsuitable -> urgent meeting; liked it -> one
        more call the next working day, after which the sequence ends and POST-2 takes over."""
        if touch.outcome == Outcome.NOT_USED_YET:
            self.stage, self.stage_due = CHECK, (touch.continue_on or day + _NO_DATE_WAIT - _DAY) + _DAY
        elif touch.outcome == Outcome.UNSUITABLE:
            self.stage, self.stage_due = MEETING, day + _DAY
        elif touch.outcome == Outcome.MEETING_MOVED and self.stage == MEETING:
            self.stage_due = touch.continue_on or day + _DAY
        elif self.stage == CHECK:
            self.stage, self.stage_due = FOLLOW_UP, day + _DAY
        else:
            self.stage = ""


def latest_day(today: date) -> date:
    """The farthest day the planner reads a date as: far enough for any real agreement, safe for arithmetic."""
    return min(today, LAST_DAY) + _FAR


def fold(
    client: ClientFacts, touches: list[TouchFact], orders: list[OrderFact], settings: PlannerSettings, latest: date
) -> History:
    """Touches and orders in time order, orders first on their day (they are recorded by date only).

    Touches at the same instant are ordered by their content, so the plan never depends on row order.
    Dates past `latest` (typos such as 9999-12-31) are read as `latest`.
    """
    tz = zone(client.time_zone)
    keyed = [((min(order.ordered_on, latest), 0, 0.0, "", "", "", "", date.min), NO_TOUCH) for order in orders]
    for touch in touches:
        continue_on = touch.continue_on
        if continue_on is not None and continue_on > latest:
            continue_on = latest
        said = PastTouch(touch.outcome, touch.goal, touch.channel, touch.direction, continue_on)
        day, instant = min(touch.at.astimezone(tz).date(), latest), touch.at.timestamp()
        keyed.append(((day, 1, instant, *said[:4], said.continue_on or date.min), said))
    history = History(max(settings.six_target, 1), max(settings.max_outbound_per_30_days, 1), settings, latest)
    for key, said in sorted(keyed, key=itemgetter(0)):
        if said is NO_TOUCH:
            history.buy(key[0])
        else:
            history.add(said, key[0])
    return history
