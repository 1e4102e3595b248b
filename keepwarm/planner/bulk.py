"""Planning many new clients at once (an import): the same pure rules as client_replan (CAT-5, PLAN-1's spreading
against each owner's load), with their history given in memory and the planned rows written in bulk.

Only for clients with no open planned touch yet (just created): client_replan's care for a person's pick, an
overdue step or a step to keep has nothing to act on there, and re-reading each client would cost ~50 ms apiece.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.planner import inputs, rules, tact, workload
from keepwarm.planner.services import planned_row, revisit_contact
from keepwarm.planner.types import OrderFact, PlannerSettings
from keepwarm.touches.choices import COURTESY_GOALS
from keepwarm.touches.models import PlannedTouch, Touch


def new_clients_plan(
    *,
    clients: Sequence[Client],
    settings: PlannerSettings,
    loads: workload.OwnerLoads,
    touches: Mapping[int, Iterable[Touch]] | None = None,
    now: dt.datetime | None = None,
    insert: Callable[[list[PlannedTouch]], object] | None = None,
) -> list[Client]:
    """Plans each active client: its next step spread by its owner's capacity (`loads` carries the load through the
    batches), and the courtesy touches beside it. `clients` carry their owner and organization (select_related or
    set), and their orders and touches are the given ones. Returns the clients it could not plan (hours that leave
    no time to call), for client_replan to report. `insert` writes the rows (default: bulk_create)."""
    now = now or timezone.now()
    since = inputs.history_since(now.date())
    touches = touches or {}
    rows: list[PlannedTouch] = []
    unplanned = []
    for client in clients:
        if client.category == Category.NEVER:
            continue
        Client.qualification.related.set_cached_value(client, None)  # a new client has no scorecard row yet
        client_facts = inputs.client_facts(client, settings)
        today = now.astimezone(ZoneInfo(client_facts.time_zone)).date()
        history = inputs.touch_facts(t for t in touches.get(client.pk, ()) if t.happened_at.date() >= since)
        orders = [OrderFact(client.last_order_on)] if client.last_order_on else []
        try:
            plan = rules.plan_next(client_facts, history, orders, settings, today, now)
        except tact.NoAllowedSlotError:
            unplanned.append(client)
            continue
        wanted = next((contact for contact in plan if contact.is_next_step), None)
        wanted = wanted or revisit_contact(client_facts, settings)
        wanted = workload.spread_next_step(wanted, client=client, client_facts=client_facts, settings=settings,
                                           today=today, current=None, loads=loads)  # fmt: skip
        if wanted.due_date >= loads.since:
            loads.of(client.owner_id)[wanted.due_date] += 1
        rows.append(planned_row(wanted, client, None))
        # As client_replan keeps them: courtesy touches, and an agreed date's contact only after the step.
        beside = [c for c in plan if not c.is_next_step and (c.goal in COURTESY_GOALS or c.due_date > wanted.due_date)]
        rows.extend(planned_row(contact, client, None) for contact in beside)
    (insert or PlannedTouch.objects.bulk_create)(rows)
    return unplanned
