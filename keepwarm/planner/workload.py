"""PLAN-1 reads: a manager's daily capacity and their planned sales contacts per day (for the planner's spreading,
the week view and the team load). Sales contacts are open next steps (CAT-5); courtesy touches do not count."""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable
from functools import reduce

from django.db.models import Count, Q, QuerySet

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner import capacity, explain, inputs
from keepwarm.planner.types import ClientFacts, PlannedContact, PlannerSettings
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.choices import PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch

# capacity.is_flexible as a filter on stored rows: offers, or a cadence kind whose first reason is what planned it.
FLEXIBLE_ROWS = Q(kind=PlanKind.OFFER) | Q(kind__in=capacity.FLEXIBLE_KINDS - {PlanKind.OFFER}) & reduce(
    operator.or_,
    (explain.first_reason_is(rule, code) for rule, code in sorted(capacity.FLEXIBLE_ORIGINS)),
)


def capacity_of(owner: User, settings: PlannerSettings) -> int:
    """The manager's own number, else the team's."""
    return owner.daily_capacity or settings.daily_capacity


def sales_steps() -> QuerySet[PlannedTouch]:
    return PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True)


def owner_load(owner_id: int, first: dt.date, last: dt.date, *, exclude_client: int | None = None) -> Counter[dt.date]:
    """Planned sales contacts per day of first..last, in one query."""
    rows = sales_steps().filter(owner_id=owner_id, due_date__gte=first, due_date__lte=last)
    if exclude_client is not None:
        rows = rows.exclude(client_id=exclude_client)
    return Counter(dict(rows.order_by().values_list("due_date").annotate(count=Count("id"))))


class OwnerLoads:
    """The loads of the owners a batch re-plans: read once per owner from `since` on, then kept in step with every
    step the batch writes, so a team's re-plan costs one query per owner rather than one per client."""

    def __init__(self, since: dt.date) -> None:
        self.since = since
        self._loads: dict[int, Counter[dt.date]] = {}
        self._added: dict[int, set[dt.date]] = {}  # the days the batch wrote a step on, per owner

    def of(self, owner_id: int) -> Counter[dt.date]:
        load = self._loads.get(owner_id)
        if load is None:
            load = self._loads[owner_id] = owner_load(owner_id, self.since, dt.date.max)
        return load

    def forget(self) -> None:
        """Read each owner's load again on its next use: others wrote steps these counts do not hold."""
        self._loads.clear()

    def added(self) -> dict[int, set[dt.date]]:
        """The days the batch wrote a step on, per owner: only these can it have filled past capacity."""
        return self._added

    def replaced(self, owner_id: int, before: PlannedTouch | None, after: PlannedTouch | None) -> None:
        if before and after and before.pk == after.pk:
            return
        if after is not None and after.due_date >= self.since:
            self._added.setdefault(owner_id, set()).add(after.due_date)
        load = self._loads.get(owner_id)
        if load is None:  # read later with the step in it
            return
        if before is not None and before.due_date >= self.since:
            load[before.due_date] -= 1
        if after is not None and after.due_date >= self.since:
            load[after.due_date] += 1


CROWDED_TRIES = 3  # flexible steps looked at again per step a day is over (some may not move: a missed one)


def crowded_flexible_steps(loads: OwnerLoads) -> list[tuple[PlannedTouch, int]]:
    """Flexible steps on the days the batch wrote steps on that are past capacity (fixed steps planned after them
    filled the day), the latest written first, with their owner's capacity: a few per step the day is over, so
    never many more than the steps the batch wrote, however full the owner's other days are (re-planning every
    flexible step of an over-full day took minutes). The caller re-plans each while its day is still over."""
    added = loads.added()
    limits = capacities(User.objects.filter(pk__in=list(added)).select_related("team"))
    crowded: list[tuple[PlannedTouch, int]] = []
    for owner_id, days in added.items():
        load, limit = loads.of(owner_id), limits.get(owner_id)
        for day in sorted(days):
            over = load[day] - limit if limit is not None else 0
            if limit is not None and over > 0:
                on_day = sales_steps().filter(FLEXIBLE_ROWS, owner_id=owner_id, due_date=day).order_by("-id")
                crowded += [(step, limit) for step in on_day[: over * CROWDED_TRIES]]
    return crowded


def spread_next_step(
    contact: PlannedContact,
    *,
    client: Client,
    client_facts: ClientFacts,
    settings: PlannerSettings,
    today: dt.date,
    current: PlannedTouch | None,
    loads: OwnerLoads | None,
) -> PlannedContact:
    """PLAN-1 for the step client_replan is about to write, against the owner's load without this client."""
    if not capacity.contact_is_flexible(contact):
        return contact
    limit = capacity_of(client.owner, settings)
    if loads is None:
        load = owner_load(client.owner_id, contact.due_date, dt.date.max, exclude_client=client.pk)
        return capacity.spread(contact, client=client_facts, settings=settings, load=load, capacity=limit, today=today)
    load = loads.of(client.owner_id)
    own = current.due_date if current is not None and current.due_date >= loads.since else None
    if own is not None:
        load[own] -= 1
    try:
        return capacity.spread(contact, client=client_facts, settings=settings, load=load, capacity=limit, today=today)
    finally:
        if own is not None:
            load[own] += 1


def capacities(users: Iterable[User]) -> dict[int, int]:
    """Each user's daily capacity, with every team's settings read at once."""
    users = list(users)
    settings = inputs.settings_by_team_id({user.team_id for user in users})
    return {user.pk: capacity_of(user, settings[user.team_id]) for user in users}


def day_loads(
    steps: QuerySet[PlannedTouch], *, first: dt.date, days: int, owner_capacity: dict[int, int]
) -> dict[int, list[capacity.DayLoad]]:
    """Per owner, each day of first..first+days: planned sales contacts, how many of them are fixed, capacity."""
    dates = [first + dt.timedelta(days=offset) for offset in range(days)]
    rows = (
        steps.filter(status=PlanStatus.OPEN, is_next_step=True, due_date__gte=dates[0], due_date__lte=dates[-1])
        .order_by()
        .values_list("owner_id", "due_date")
        .annotate(planned=Count("id"), fixed=Count("id", filter=~FLEXIBLE_ROWS))
    )
    counts = {(owner_id, day): (planned, fixed) for owner_id, day, planned, fixed in rows}
    return {
        owner_id: [capacity.DayLoad(day, *counts.get((owner_id, day), (0, 0)), limit) for day in dates]
        for owner_id, limit in owner_capacity.items()
    }


def summed(loads: Iterable[list[capacity.DayLoad]], dates: list[dt.date]) -> list[capacity.DayLoad]:
    """A team's days: its managers' days added up."""
    totals = {day: [0, 0, 0] for day in dates}
    for owner_days in loads:
        for load in owner_days:
            total = totals[load.day]
            total[0] += load.planned
            total[1] += load.fixed
            total[2] += load.capacity
    return [capacity.DayLoad(day, *totals[day]) for day in dates]


def scope_loads(user: User, *, first: dt.date, days: int) -> dict[int, list[capacity.DayLoad]]:
    """Per manager the user sees (OWN-1), each day's planned sales contacts against their capacity."""
    owners = capacities(access.users_assignable_by(user).select_related("team"))
    steps = planned_touches_visible_to(user)
    return day_loads(steps, first=first, days=days, owner_capacity=owners)
