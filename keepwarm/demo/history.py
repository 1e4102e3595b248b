"""A year of touches and orders per client, replayed through the services' own outcome rules.

The category history (CAT-6), the final category and last_touch_at/last_order_on are derived from the
generated events, so they cannot disagree with them. What comes next (CAT-5) is left to the real planner.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from keepwarm.clients.choices import Category, NeverReason, RelationshipGroup
from keepwarm.clients.contacts import country_time_zone
from keepwarm.clients.models import CategoryChange, Order
from keepwarm.clients.reasons import ChangeReason, touch_params
from keepwarm.demo import names
from keepwarm.demo.data import Draft
from keepwarm.planner.calendars import yearly
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, RefusalReason
from keepwarm.touches.models import Touch
from keepwarm.touches.outcomes import OUTCOME_CATEGORY

FILLER_OUTCOMES = {
    Outcome.REACHED: 26, Outcome.NO_ANSWER: 14, Outcome.SENT: 14, Outcome.AGREED_TO_MEET: 8, Outcome.REFUSED: 12,
    Outcome.HUNG_UP: 4, Outcome.BAD_MOMENT: 7, Outcome.MEETING_MOVED: 3, Outcome.MEETING_CANCELLED: 2,
    Outcome.BOUGHT_ELSEWHERE: 3, Outcome.READY_TO_BUY: 2,
}  # fmt: skip
STAGE_GOALS = (
    (Goal.IDENTIFY_NEEDS, Goal.GATHER_INFO, Goal.FIND_DECISION_MAKER, Goal.SELL_MEETING),
    (Goal.SELL_MEETING, Goal.PRESENT, Goal.IDENTIFY_NEEDS),
    (Goal.ANSWER_OBJECTIONS, Goal.CLOSE, Goal.OFFER),
)
RETRIED = (Outcome.NO_ANSWER, Outcome.BAD_MOMENT)  # outcomes the manager follows up within days
PREFERRED_TIMES = tuple(dt.time(h, m) for h in (10, 11, 15, 16) for m in (0, 30))
ORDER_RATES = {"RUB": 100, "MDL": 19, "RON": 5, "EUR": 1}


def weekday_back(day: dt.date) -> dt.date:
    """A weekend day moves back to Friday: managers logged their calls on working days."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def weekday_forward(day: dt.date) -> dt.date:
    """A weekend day moves on to Monday: an agreed date falls on a working day."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def next_working_day(day: dt.date) -> dt.date:
    return weekday_forward(day + dt.timedelta(days=1))


@dataclass
class History:
    touches: list[Touch] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    changes: list[CategoryChange] = field(default_factory=list)


@dataclass
class _Event:
    at: dt.datetime
    target: str
    reason_code: str  # LANG-1: history is stored language-neutral, as the services store it
    never_reason: str = ""
    reason_params: dict[str, str] = field(default_factory=dict)
    note: str = ""


class _Story:
    def __init__(self, rng: random.Random, draft: Draft, now: dt.datetime) -> None:
        self.rng, self.draft, self.client, self.now = rng, draft, draft.client, now
        self.today = now.date()
        org = self.client.organization
        self.zone = zoneinfo.ZoneInfo(
            self.client.time_zone or (org.time_zone if org else "") or country_time_zone(self.client.country)
        )
        self.history = History()
        self.events: list[_Event] = []
        self.initial: str = Category.NOW if draft.archetype == "prospect" and rng.random() < 0.04 else Category.FUTURE

    def at(self, day: dt.date, *, morning: bool = False) -> dt.datetime:
        hour = self.rng.choice((9, 10)) if morning else self.rng.choice((9, 10, 11, 12, 14, 15, 16))
        local = dt.datetime.combine(day, dt.time(hour, self.rng.randrange(0, 60, 5)), tzinfo=self.zone)
        return min(local.astimezone(dt.UTC), self.now - dt.timedelta(hours=1))

    def touch(self, day: dt.date, channel: str, goal: str, outcome: str, **extra: object) -> Touch:
        touch = Touch(
            client=self.client, by=self.client.owner, happened_at=self.at(day, morning=goal in COURTESY_GOALS),
            channel=channel, goal=goal, outcome=outcome, **extra,
        )  # fmt: skip
        self.history.touches.append(touch)
        target = OUTCOME_CATEGORY.get(Outcome(outcome))
        if target is not None:
            params = touch_params(outcome=outcome, refusal_reason=touch.refusal_reason)
            self.events.append(_Event(touch.happened_at, target, ChangeReason.TOUCH, "", params, touch.refusal_note))
        return touch

    def filler(self, day: dt.date, stage: int, previous: list[str]) -> None:
        """One ordinary sales contact; never three refusals in a row (ANNOY-3 would stop us first)."""
        rng, language = self.rng, self.client.language
        weights = dict(FILLER_OUTCOMES)
        if self.draft.archetype != "prospect":
            weights[Outcome.READY_TO_BUY] = 0
        if previous[-2:] == [Outcome.REFUSED, Outcome.REFUSED]:
            weights[Outcome.REFUSED] = 0
        if previous and previous[-1] == Outcome.READY_TO_BUY:  # a hot client who cooled down again
            weights = {Outcome.REFUSED: 1}
        outcome = rng.choices(list(weights), list(weights.values()))[0]
        goal = Goal.OFFER if self.draft.archetype != "prospect" else rng.choice(STAGE_GOALS[stage])
        extra: dict[str, object] = {}
        channel = Channel.CALL
        if outcome == Outcome.REACHED:
            channel = rng.choice((Channel.CALL, Channel.CALL, Channel.MEETING, Channel.MESSAGE))
            if rng.random() < 0.15:
                extra["direction"] = Direction.INBOUND
        elif outcome == Outcome.SENT:
            channel = rng.choice((Channel.EMAIL, Channel.EMAIL, Channel.LETTER, Channel.MESSAGE))
            goal, extra["material"] = rng.choice((Goal.OFFER, Goal.PRESENT)), rng.choice(names.MATERIALS[language])
        elif outcome in (Outcome.MEETING_MOVED, Outcome.MEETING_CANCELLED):
            goal = Goal.PRESENT
        elif outcome == Outcome.AGREED_TO_MEET:
            goal, extra["continue_on"] = Goal.SELL_MEETING, day + dt.timedelta(days=rng.randint(2, 10))
        elif outcome == Outcome.REFUSED:
            goal = rng.choice((Goal.ANSWER_OBJECTIONS, Goal.CLOSE, Goal.OFFER))
            extra["refusal_reason"] = rng.choice(RefusalReason.values)
            extra["refusal_note"] = rng.choice(names.REFUSAL_NOTES[language])
            extra["continue_on"] = day + dt.timedelta(days=rng.randint(20, 90))
        elif outcome == Outcome.BOUGHT_ELSEWHERE:
            goal, extra["competitor"] = Goal.OFFER, rng.choice(names.COMPETITORS)
            extra["competitor_advice"] = rng.choice(names.COMPETITOR_ADVICE[language])
            extra["continue_on"] = day + dt.timedelta(days=rng.randint(90, 180))
        elif outcome == Outcome.BAD_MOMENT:
            extra["preferred_time"] = rng.choice(PREFERRED_TIMES)
        elif outcome == Outcome.READY_TO_BUY:
            goal = Goal.CLOSE
        self.touch(day, channel, goal, outcome, **extra)
        previous.append(outcome)

    def purchase(self, day: dt.date, *, ends: bool) -> None:
        """Ready to buy, the order and, once its day has passed, the POST-1 check."""
        rng, owner = self.rng, self.client.owner
        direction = rng.choice((Direction.INBOUND, Direction.OUTBOUND))
        before = weekday_back(day - dt.timedelta(days=rng.randint(1, 5)))
        self.touch(before, Channel.CALL, Goal.CLOSE, Outcome.READY_TO_BUY, direction=direction)
        currency = names.ORDER_CURRENCIES.get(self.client.country, "EUR")
        amount = Decimal(round(rng.uniform(300, 15_000) * ORDER_RATES[currency], -1))
        settled = day < self.today - dt.timedelta(days=20) or rng.random() < 0.6
        delivered = day + dt.timedelta(days=rng.randint(0, 7))
        order = Order(
            client=self.client, ordered_on=day, amount=amount, currency=currency,
            items=rng.choice(names.ORDER_ITEMS[self.client.language]),
            amount_paid=amount if settled else (amount / 2).quantize(Decimal("0.01")),
            delivered_on=delivered if delivered < self.today else None, created_by=owner,
        )  # fmt: skip
        self.history.orders.append(order)
        self.events.append(_Event(self.at(day), Category.NOW, ChangeReason.ORDER_PLACED))
        check = next_working_day(day)
        if check >= self.today:  # still to come: the planner plans it
            return
        if rng.random() < 0.2 and check + dt.timedelta(days=10) < self.today:
            first_use = check + dt.timedelta(days=rng.randint(3, 7))
            self.touch(check, Channel.CALL, Goal.POST_SALE_CHECK, Outcome.NOT_USED_YET, continue_on=first_use)
            check = next_working_day(first_use)
        done = self.touch(check, Channel.CALL, Goal.POST_SALE_CHECK, Outcome.SATISFIED)
        if rng.random() < 0.5:  # LET-1
            self.touch(check, Channel.LETTER, Goal.THANK_YOU, Outcome.SENT)
        follow_up = next_working_day(check)
        if follow_up < self.today:  # POST-1's last call: the sequence was done, not left pending for months
            done = self.touch(follow_up, Channel.CALL, Goal.POST_SALE_CHECK, Outcome.SATISFIED)
        if ends:
            self.events.append(
                _Event(done.happened_at + dt.timedelta(minutes=10), Category.FUTURE, ChangeReason.POST_SALE_END)
            )

    def replay(self) -> str:
        """CAT-6: one history row per change, in the order things happened; returns the final category."""
        client, state = self.client, self.initial
        self.history.changes.append(
            CategoryChange(client=client, changed_at=self.draft.created_at, changed_by=client.owner,
                           from_category="", to_category=state, reason_code=ChangeReason.CREATED)
        )  # fmt: skip
        for event in sorted(self.events, key=lambda event: event.at):
            if event.target == state:
                continue
            self.history.changes.append(
                CategoryChange(client=client, changed_at=event.at, changed_by=client.owner, from_category=state,
                               to_category=event.target, reason_code=event.reason_code, reason=event.note,
                               reason_params=event.reason_params, never_reason=event.never_reason)
            )  # fmt: skip
            state = event.target
        return state


def _days(rng: random.Random, start: dt.date, end: dt.date, count: int, blocked: set[dt.date]) -> list[dt.date]:
    """Contacts spread evenly over the period (SIX-1), avoiding the days around purchases."""
    span = (end - start).days
    if span < 1 or count < 1:
        return []
    step = span / count
    days = {weekday_back(start + dt.timedelta(days=int(step * i + rng.uniform(0, step * 0.7)))) for i in range(count)}
    return sorted(day for day in days if start <= day <= end and day not in blocked)


def build_history(rng: random.Random, draft: Draft, *, now: dt.datetime) -> History:
    story = _Story(rng, draft, now)
    client, today, shape = draft.client, story.today, draft.archetype
    start = max(draft.created_at.date(), today - dt.timedelta(days=365)) + dt.timedelta(days=1)
    end = today - dt.timedelta(days=1)
    if shape == "never":
        end = max(start, today - dt.timedelta(days=rng.randint(10, 200)))
    purchases = []
    if shape in ("customer", "recent_buyer") and (today - start).days > 90:
        count = rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0]
        purchases = _days(rng, start + dt.timedelta(days=10), today - dt.timedelta(days=45), count, set())
    if shape == "recent_buyer":
        purchases = [*purchases, weekday_back(today - dt.timedelta(days=rng.randint(1, 25)))]
    blocked = {day + dt.timedelta(days=offset) for day in purchases for offset in range(-7, 12)}
    if shape == "ready":
        end = today - dt.timedelta(days=rng.randint(4, 12))
    count = max(1, round(rng.gauss(6, 1.2) * min(365, (today - start).days) / 365) - 2 * len(purchases))
    previous: list[str] = []
    fillers = _days(rng, start, end, min(count, 9), blocked)
    for index, day in enumerate(fillers):
        story.filler(day, min(2, 3 * index // max(1, len(fillers))), previous)
    if previous and previous[-1] in RETRIED and fillers[-1] < weekday_back(today - dt.timedelta(days=3)):
        # The manager did call back: a missed call from weeks ago is not left for Today (PLAN-1).
        story.touch(next_working_day(fillers[-1]), Channel.CALL, Goal.GATHER_INFO, Outcome.REACHED)
    for index, day in enumerate(purchases):
        is_last = index == len(purchases) - 1
        story.purchase(day, ends=not (shape == "recent_buyer" and is_last))
    if shape == "ready":
        story.touch(weekday_back(today - dt.timedelta(days=rng.randint(1, 3))), Channel.MEETING, Goal.PRESENT,
                    Outcome.READY_TO_BUY)  # fmt: skip
    _greetings(story, start, end)
    if shape == "never":
        reason = NeverReason(client.never_reason)
        story.events.append(_Event(story.at(end + dt.timedelta(days=1)), Category.NEVER, ChangeReason.NEVER, reason))
    _tidy_dates(story)
    client.category = story.replay()
    if client.category != Category.NEVER:
        client.never_reason = ""
    touches, orders = story.history.touches, story.history.orders
    client.last_touch_at = max((touch.happened_at for touch in touches), default=None)
    client.last_order_on = max((order.ordered_on for order in orders), default=None)
    if orders and client.relationship_group == RelationshipGroup.PROSPECT:
        client.relationship_group = RelationshipGroup.CUSTOMER
    moments = [touch for touch in touches if touch.outcome == Outcome.BAD_MOMENT]
    client.preferred_call_time = max(moments, key=lambda touch: touch.happened_at).preferred_time if moments else None
    return story.history


def _greetings(story: _Story, start: dt.date, end: dt.date) -> None:
    """POST-5: a birthday message on the day, where the birthday fell inside the story."""
    birthday = story.client.birthday
    if birthday is None:
        return
    for year in (start.year, end.year):
        day = yearly(birthday, year)
        if start <= day <= end and story.rng.random() < 0.6:
            story.touch(day, Channel.MESSAGE, Goal.GREETING, Outcome.SENT)
            return


def _tidy_dates(story: _Story) -> None:
    """A dated outcome continues on the day of the next sales contact; the latest one lies ahead (CAT-3)."""
    sales = sorted((t for t in story.history.touches if t.goal not in COURTESY_GOALS), key=lambda t: t.happened_at)
    for index, touch in enumerate(sales):
        following = sales[index + 1] if index + 1 < len(sales) else None
        if touch.continue_on is None:
            continue
        touch_day = touch.happened_at.astimezone(story.zone).date()
        if following is None:
            ahead = (1, 14) if touch.outcome == Outcome.AGREED_TO_MEET else (3, 60)
            touch.continue_on = max(touch.continue_on, story.today + dt.timedelta(days=story.rng.randint(*ahead)))
            touch.continue_on = weekday_forward(min(touch.continue_on, story.today + dt.timedelta(days=60)))
            continue
        touch.continue_on = max(following.happened_at.astimezone(story.zone).date(), touch_day + dt.timedelta(1))
        if touch.outcome == Outcome.AGREED_TO_MEET and following.outcome == Outcome.REACHED:
            following.channel, following.goal = Channel.MEETING, Goal.PRESENT
