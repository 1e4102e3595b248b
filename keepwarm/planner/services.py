"""Keeping exactly one open next step per active client (CAT-5), in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Goal, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch


@dataclass(frozen=True)
class NextStepRequest:
    """A next step asked for explicitly (a refusal's date, a manager's pick); the planner fills the rest."""

    due_date: dt.date
    goal: str = Goal.SELL_MEETING
    channel: str = Channel.CALL
    kind: str = PlanKind.MANUAL
    note: str = ""


def open_next_step(client: Client) -> PlannedTouch | None:
    return PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).first()


def close_planned_touches(*, client: Client, status: str, next_step_only: bool) -> int:
    touches = PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN)
    if next_step_only:
        touches = touches.filter(is_next_step=True)
    return touches.update(status=status, closed_at=timezone.now())


def default_next_step(client: Client, *, today: dt.date) -> NextStepRequest:
    """The first contact for a client that has none: the next weekday, to find out needs."""
    due = today + dt.timedelta(days=1)
    while due.weekday() >= 5:
        due += dt.timedelta(days=1)
    goal = Goal.IDENTIFY_NEEDS if client.category == Category.FUTURE else Goal.CLOSE
    return NextStepRequest(due_date=due, goal=goal, kind=PlanKind.RULE_OF_SIX)


@transaction.atomic
def client_ensure_next_step(
    *, client: Client, by: User | None, request: NextStepRequest | None = None
) -> PlannedTouch | None:
    """CAT-5: an active client leaves every service call with exactly one open next step."""
    if client.category == Category.NEVER:
        close_planned_touches(client=client, status=PlanStatus.CANCELLED, next_step_only=False)
        return None
    existing = open_next_step(client)
    if existing is not None and request is None:
        return existing
    if existing is not None:
        close_planned_touches(client=client, status=PlanStatus.CANCELLED, next_step_only=True)
    if request is None:
        request = default_next_step(client, today=timezone.localdate())
    assert request.goal not in COURTESY_GOALS, "a courtesy touch is never the sales next step"
    return PlannedTouch.objects.create(
        client=client,
        due_date=request.due_date,
        channel=request.channel,
        goal=request.goal,
        kind=request.kind,
        is_next_step=True,
        note=request.note,
        created_by=by,
    )
