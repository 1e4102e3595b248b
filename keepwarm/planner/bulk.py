"""Planning many new clients at once (an import): the same pure rules as client_replan (CAT-5, PLAN-1's spreading
against each owner's load), worked out once per distinct input, and the planned rows written as plain values.

Only for clients with no open planned touch yet (just created): client_replan's care for a person's pick, an
overdue step or a step to keep has nothing to act on there, and re-reading each client would cost ~50 ms apiece.
Most imported clients share what decides their plan (category, zone, country, working hours, the day of their last
contact), so rules.plan_next runs once per distinct input and only PLAN-1's spreading runs per client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Organization
from keepwarm.core.inserts import insert_values
from keepwarm.planner import capacity, explain, inputs, rules, tact, workload
from keepwarm.planner.services import revisit_contact
from keepwarm.planner.types import ClientFacts, OrderFact, PlannedContact, PlannerSettings, Reason, TouchFact
from keepwarm.touches.choices import COURTESY_GOALS
from keepwarm.touches.models import PlannedTouch

PLANS_KEPT = 5_000  # distinct inputs remembered; past that the memo starts again (memory stays bounded)


@dataclass(frozen=True, slots=True)
class NewClient:
    """What planning a new client reads: its facts (client_id 0, so clients alike share a plan), its history."""

    pk: int
    owner_id: int
    facts: ClientFacts
    touches: tuple[TouchFact, ...] = ()
    orders: tuple[OrderFact, ...] = ()


@dataclass(frozen=True, slots=True)
class Planned:
    client: NewClient
    contact: PlannedContact


@dataclass(slots=True)
class _Search:
    """PLAN-1's search for room for one planned step of one owner: the days first..last still to look at."""

    contact: PlannedContact  # kept, so the id it is found by is not reused meanwhile
    calendar: tact.TactCalendar
    first: dt.date
    last: dt.date
    moved: dict[dt.date, PlannedContact]  # the step moved to a day, built once
    overflow: bool  # past `last` is still to look at (capacity.may_overflow), to capacity.NO_LATER


_DAY = dt.timedelta(days=1)
_NO_SLOT = object()  # the memo's answer for inputs that leave no time to call (tact.NoAllowedSlotError)


class NewClientsPlanner:
    """Pure (no ORM): plans new clients batch after batch, keeping the rules' answers per distinct input and each
    owner's load (`load_of`, from `since` on) in step with every step planned."""

    def __init__(
        self,
        *,
        settings: PlannerSettings,
        load_of: Callable[[int], MutableMapping[dt.date, int]],
        since: dt.date,
        capacity_of: Callable[[int], int],
    ) -> None:
        self.settings, self.load_of, self.since, self.capacity_of = settings, load_of, since, capacity_of
        self._plans: dict[tuple[Any, ...], Any] = {}
        self._searches: dict[tuple[int, int, dt.date], _Search] = {}

    def loads_read_again(self) -> None:
        """The owners' loads were read again and may have shrunk: searches that passed full days start over."""
        self._searches.clear()

    def _plan(self, client: NewClient, now: dt.datetime, days: dict[str, tuple[dt.date, dt.date, int]]) -> Any:
        facts = client.facts
        local = days.get(facts.time_zone)
        if local is None:
            today = now.astimezone(tact.zone(facts.time_zone)).date()
            local = days[facts.time_zone] = (today, *tact.local_day_minute(now, facts))
        key = (facts, client.touches, client.orders, local)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= PLANS_KEPT:
                self._plans.clear()
                self._searches.clear()
            try:
                plan = rules.plan_next(facts, list(client.touches), list(client.orders), self.settings, local[0], now)
            except tact.NoAllowedSlotError:
                plan = _NO_SLOT
            self._plans[key] = plan
        return plan

    def _spread(
        self, contact: PlannedContact, client: NewClient, load: Mapping[dt.date, int], limit: int, today: dt.date
    ) -> PlannedContact:
        """capacity.spread of a step whose day is full. A day once full stays full here (the loads only grow), so
        the search for the same step of the same owner goes on from where the last one found room, or is over."""
        if not capacity.contact_is_flexible(contact):
            return contact
        key = (id(contact), client.owner_id, today)
        search = self._searches.get(key)
        if search is None or search.contact is not contact:
            if len(self._searches) >= PLANS_KEPT:
                self._searches.clear()
            calendar = capacity.calendar_for(contact, client.facts, self.settings)
            last = capacity.latest_day(contact, today)
            search = _Search(contact, calendar, contact.due_date + _DAY, last, {}, capacity.may_overflow(contact))
            self._searches[key] = search
        slot = capacity.first_day_with_room(search.calendar, search.first, search.last, load, limit)
        if slot is None and search.overflow:  # as capacity.spread: on past the last day its rules prefer
            search.first, search.last, search.overflow = search.last + _DAY, capacity.NO_LATER, False
            slot = capacity.first_day_with_room(search.calendar, search.first, search.last, load, limit)
        if slot is None:
            search.first = search.last + _DAY
            return contact
        search.first = slot.day
        moved = search.moved.get(slot.day)
        if moved is None:
            moved = search.moved[slot.day] = capacity.moved(
                contact, slot, Reason("PLAN-1", "capacity", contact.due_date)
            )
        return moved

    def plan(self, clients: Iterable[NewClient], now: dt.datetime) -> tuple[list[Planned], list[NewClient]]:
        """Each active client's next step spread by its owner's capacity (PLAN-1), and the courtesy touches and
        agreed date's contact client_replan keeps beside it; and the clients whose hours leave no time to call."""
        planned: list[Planned] = []
        unplanned: list[NewClient] = []
        days: dict[str, tuple[dt.date, dt.date, int]] = {}
        settings, since = self.settings, self.since
        for client in clients:
            facts = client.facts
            if facts.category == Category.NEVER:
                continue
            plan = self._plan(client, now, days)
            if plan is _NO_SLOT:
                unplanned.append(client)
                continue
            wanted = next((contact for contact in plan if contact.is_next_step), None)
            wanted = wanted or revisit_contact(facts, settings)
            # PLAN-1 as workload.spread_next_step does it for a client with no step yet.
            load, limit = self.load_of(client.owner_id), self.capacity_of(client.owner_id)
            if load.get(wanted.due_date, 0) >= limit:
                wanted = self._spread(wanted, client, load, limit, days[facts.time_zone][0])
            if wanted.due_date >= since:
                load[wanted.due_date] = load.get(wanted.due_date, 0) + 1
            planned.append(Planned(client, wanted))
            # As client_replan keeps them: courtesy touches, and an agreed date's contact only after the step.
            due = wanted.due_date
            beside = (c for c in plan if not c.is_next_step and (c.goal in COURTESY_GOALS or c.due_date > due))
            planned += [Planned(client, contact) for contact in beside]
        return planned, unplanned


class PlannedRows:
    """PlannedTouch rows as plain values (core.inserts), each distinct contact's columns worked out once."""

    def __init__(self) -> None:
        self._columns: dict[int, tuple[PlannedContact, dict[str, Any]]] = {}

    def _of(self, contact: PlannedContact) -> dict[str, Any]:
        known = self._columns.get(id(contact))
        if known is not None and known[0] is contact:
            return known[1]
        start = dt.datetime.combine(contact.due_date, contact.window_start, tzinfo=tact.zone(contact.time_zone))
        columns = {
            "due_date": contact.due_date, "window_start": contact.window_start, "window_end": contact.window_end,
            "due_at": start.astimezone(dt.UTC), "channel": contact.channel, "goal": contact.goal,
            "kind": contact.kind, "is_next_step": contact.is_next_step, "client_choice": contact.client_choice,
            "urgent": any(r.code == "urgent" for r in contact.reasons),
            "explanation": explain.reasons_json(contact.reasons), "note": "", "created_by_id": None,
        }  # fmt: skip
        if len(self._columns) >= PLANS_KEPT:
            self._columns.clear()
        self._columns[id(contact)] = (contact, columns)  # the contact kept, so its id is not reused meanwhile
        return columns

    def write(self, planned: Sequence[Planned]) -> None:
        insert_values(PlannedTouch, [
            {"client_id": p.client.pk, "owner_id": p.client.owner_id, **self._of(p.contact)} for p in planned
        ])  # fmt: skip


# The columns of a new client inputs.client_facts reads (with its organization, when it was created, whether it has
# bought): clients alike in these share their facts, worked out once.
FACT_COLUMNS = (
    "category", "time_zone", "country", "birthday", "preferred_call_time", "do_not_contact", "sales_paused_until",
    *inputs.WORK_FIELDS,
)  # fmt: skip
# The columns of its organization that inputs.client_facts reads: keyed by these, not by the organization's id, the
# facts are shared by clients of different companies alike in them and the memo holds no model rows.
ORGANIZATION_FACT_COLUMNS = ("country", "time_zone", "founded_on", *inputs.WORK_FIELDS)


class ImportPlanning:
    """The import's planning, batch after batch (flows.imports): facts from the new clients' rows, the plans from
    NewClientsPlanner, the rows written in bulk."""

    def __init__(self, *, settings: PlannerSettings, loads: workload.OwnerLoads, owners: Mapping[int, User]) -> None:
        limits = {pk: workload.capacity_of(owner, settings) for pk, owner in owners.items()}
        self.settings, self.loads = settings, loads
        self.planner = NewClientsPlanner(settings=settings, load_of=loads.of, since=loads.since,
                                         capacity_of=limits.__getitem__)  # fmt: skip
        self.rows = PlannedRows()
        self._facts: dict[tuple[Any, ...], ClientFacts] = {}

    def replanned(self) -> None:
        """After client_replan planned some of the team's clients its own way (PLAN-1 counts it wrote there)."""
        self.loads.forget()
        self.planner.loads_read_again()

    def facts(self, client: Mapping[str, Any], organization: Organization | None) -> ClientFacts:
        """inputs.client_facts of a new client (no scorecard row yet) given as its row, with client_id 0."""
        ordered, created = client.get("last_order_on"), client["created_at"]
        of_organization = (
            tuple(getattr(organization, name) for name in ORGANIZATION_FACT_COLUMNS) if organization else None
        )
        key = (of_organization, created.date(), ordered is not None, *(client.get(name) for name in FACT_COLUMNS))
        facts = self._facts.get(key)
        if facts is None:
            if len(self._facts) >= PLANS_KEPT:
                self._facts.clear()
            given = {name: client[name] for name in FACT_COLUMNS if name in client}
            unsaved = Client(**given, created_at=created, last_order_on=ordered, organization=organization)
            Client.qualification.related.set_cached_value(unsaved, None)
            facts = self._facts[key] = replace(inputs.client_facts(unsaved, self.settings), client_id=0)
        return facts

    def plan(
        self,
        *,
        clients: Sequence[Mapping[str, Any]],
        organizations: Mapping[int, Organization],
        touches: Mapping[int, TouchFact],
        now: dt.datetime | None = None,
    ) -> list[int]:
        """Plans and writes the new clients' steps (CAT-5, PLAN-1); `clients` are their rows, with their "id".
        Returns the ids of those it could not plan (hours that leave no time to call), for client_replan."""
        now = now or timezone.now()
        since = inputs.history_since(now.date())  # the history the rules read, as inputs.plan_inputs reads it
        new = []
        for client in clients:
            organization_id = client.get("organization_id")
            organization = organizations.get(organization_id) if organization_id else None
            touch, ordered = touches.get(client["id"]), client.get("last_order_on")
            new.append(NewClient(
                client["id"], client["owner_id"], self.facts(client, organization),
                (touch,) if touch is not None and touch.at.date() >= since else (),
                (OrderFact(ordered),) if ordered is not None and ordered >= since else (),
            ))  # fmt: skip
        planned, unplanned = self.planner.plan(new, now)
        self.rows.write(planned)
        return [client.pk for client in unplanned]
