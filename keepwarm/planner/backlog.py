"""PLAN-1: an overdue backlog (after an absence or an import) spread over the next working days within capacity,
each step keeping the day it was first due."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.planner import capacity, explain, inputs, workload
from keepwarm.planner.tact import TactCalendar
from keepwarm.planner.types import Reason
from keepwarm.touches.choices import Channel
from keepwarm.touches.models import PlannedTouch


@transaction.atomic
def overdue_backlog_spread(
    *, owner: User, now: dt.datetime | None = None, loads: workload.OwnerLoads | None = None
) -> int:
    """The most overdue stay on Today as far as its capacity allows; the rest move on, `overdue_since` kept.

    "Today" is the owner's day in the owner's zone, as their Today page shows it (TIME-1), whatever the server's.

    Returns how many moved. Fixed or flexible alike: a missed step has no date left to keep but "as soon as
    possible", and a day the manager cannot work is no sooner than the next one that has room."""
    today = timezone.localdate(now, ZoneInfo(owner.time_zone))
    settings = inputs.settings_for_team(owner.team)
    steps = list(
        workload.sales_steps()
        .filter(owner=owner, due_date__lt=today)
        .select_related("client__organization")
        .order_by("due_date", "id")
    )
    if not steps:
        return 0
    load = loads.of(owner.pk) if loads is not None else workload.owner_load(owner.pk, today, dt.date.max)
    calendars = {
        step.pk: TactCalendar(
            inputs.calendar_facts(step.client, settings), settings, calls=step.channel == Channel.CALL
        )
        for step in steps
    }
    overdue = [capacity.Overdue(step.pk, step.due_date, calendars[step.pk]) for step in steps]
    limit = workload.capacity_of(owner, settings)
    moves = capacity.spread_backlog(overdue, load=load, capacity=limit, today=today)
    moved = [step for step in steps if step.pk in moves]
    for step in moved:
        slot = moves[step.pk]
        first_due = step.overdue_since or step.due_date
        if not step.client_choice:  # a time the client asked for is kept; the day moves
            step.window_start, step.window_end = slot.window_start, slot.window_end
        zone = ZoneInfo(inputs.client_time_zone(step.client))
        start = step.window_start or dt.time()
        step.due_at = dt.datetime.combine(slot.day, start, tzinfo=zone).astimezone(dt.UTC)
        step.overdue_since, step.due_date = first_due, slot.day
        # What the old day's reasons skipped to reach it is gone; what this day's skipped to reach it is said.
        kept = capacity.reasons_on(
            explain.reasons_from_json(step.explanation), slot.day, client_choice=step.client_choice
        )
        step.explanation = explain.reasons_json((*kept, Reason("PLAN-1", "backlog", first_due), *slot.reasons))
    fields = ["due_date", "due_at", "window_start", "window_end", "overdue_since", "explanation"]
    PlannedTouch.objects.bulk_update(moved, fields, batch_size=500)
    return len(moved)
