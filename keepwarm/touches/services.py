"""Writes for touches and planned touches: the touch row, courtesy touches beside the next step, cancelling.

Logging a touch with all that follows (category, order, next step) is keepwarm.flows.touches.client_log_touch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.planner.requests import NextStepRequest
from keepwarm.touches import bounds, outcomes
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.selectors import open_next_steps


def _validate(touch: Touch, *, now: dt.datetime, today: dt.date, next_step: NextStepRequest | None = None) -> None:
    """What the outcome requires (outcomes.OUTCOME_REQUIRES: CAT-3, ANNOY-4, TACT-6, ...); its dates within bounds."""
    errors = outcomes.missing(touch.outcome, lambda field: getattr(touch, field))
    if next_step is not None and (next_step.goal not in Goal.values or next_step.goal in COURTESY_GOALS):
        errors["next_step_goal"] = [_("Pick a sales goal: greetings and thank-you letters go beside the next step.")]
    if next_step is not None and next_step.channel not in Channel.values:
        errors["next_step_channel"] = [_("Pick a channel from the list.")]
    checks = [("happened_at", bounds.event_moment_error(touch.happened_at, now=now))]
    if touch.continue_on is not None:
        checks.append(("continue_on", bounds.plan_day_error(touch.continue_on, today=today, after_today=True)))
    if next_step is not None:
        checks.append(("next_step_on", bounds.plan_day_error(next_step.due_date, today=today)))
    for field, error in checks:
        if error:
            errors.setdefault(field, []).append(error)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def touch_create(
    *,
    client: Client,
    by: User,
    channel: str,
    goal: str,
    outcome: str,
    direction: str = Direction.OUTBOUND,
    happened_at: dt.datetime | None = None,
    refusal_reason: str = "",
    refusal_note: str = "",
    continue_on: dt.date | None = None,
    preferred_time: dt.time | None = None,
    competitor: str = "",
    competitor_advice: str = "",
    material: str = "",
    notes: str = "",
    planned_touch: PlannedTouch | None = None,
    next_step: NextStepRequest | None = None,
) -> Touch:
    """The touch row, checked against what its outcome requires; the planned touch it fulfils (or else the next
    step) is done. The category and the next plan are the flow's (flows.touches.client_log_touch)."""
    touch = Touch(
        client=client,
        by=by,
        happened_at=happened_at or timezone.now(),
        channel=channel,
        direction=direction,
        goal=goal,
        outcome=outcome,
        refusal_reason=refusal_reason,
        refusal_note=refusal_note,
        continue_on=continue_on,
        preferred_time=preferred_time,
        competitor=competitor,
        competitor_advice=competitor_advice,
        material=material,
        notes=notes,
        planned_touch=planned_touch,
    )
    _validate(touch, now=timezone.now(), today=timezone.localdate(), next_step=next_step)
    touch.full_clean(exclude=["planned_touch"])
    touch.save()
    _close_fulfilled([touch])
    return touch


@transaction.atomic
def touches_record(touches: Sequence[Touch]) -> None:
    """Many contacts made at once (the letters a worker sent), each checked as touch_create checks it, saved
    together. Their clients and authors are the caller's, read and locked (flows.touches.clients_log_touches)."""
    now, today = timezone.now(), timezone.localdate()
    for touch in touches:
        touch.happened_at = touch.happened_at or now
        _validate(touch, now=now, today=today)
        touch.full_clean(exclude=["planned_touch", "client", "by"])
    Touch.objects.bulk_create(touches)
    _close_fulfilled(touches, logged_late=True)


def _close_fulfilled(touches: Sequence[Touch], *, logged_late: bool = False) -> None:
    """The planned touch each touch fulfils is done; a sales contact fulfilling none does the client's next step —
    when `logged_late` (after the fact), only a step planned before the contact happened: a step a manager picked
    in between is still to be done."""
    fulfilled = {
        touch.pk: touch.planned_touch.pk
        for touch in touches
        if touch.planned_touch is not None and touch.planned_touch.client_id == touch.client_id
    }
    if fulfilled:
        PlannedTouch.objects.filter(pk__in=list(fulfilled.values()), status=PlanStatus.OPEN).update(
            status=PlanStatus.DONE, closed_at=timezone.now()
        )
    sales = [touch for touch in touches if touch.pk not in fulfilled and touch.goal not in COURTESY_GOALS]
    if not sales:
        return
    steps = open_next_steps({touch.client_id for touch in sales})
    if logged_late:
        steps = steps.filter(reduce(or_, (Q(client_id=t.client_id, created_at__lte=t.happened_at) for t in sales)))
    steps.update(status=PlanStatus.DONE, closed_at=timezone.now())


@transaction.atomic
def planned_touch_add_courtesy(
    *, client: Client, by: User, due_date: dt.date, goal: str, channel: str = Channel.LETTER, note: str = ""
) -> PlannedTouch:
    """Greetings and thank-you letters are planned beside the next step, never instead of it (CAT-5)."""
    if goal not in COURTESY_GOALS:
        raise ValidationError({"goal": _("Only greetings and thank-you letters are planned beside the next step.")})
    if client.category == Category.NEVER:
        raise ValidationError(_("A “Never” client has no planned contacts (CAT-5)."))
    bounds.check_plan_days(due_date=due_date)
    kind = PlanKind.GREETING if goal == Goal.GREETING else PlanKind.THANK_YOU
    planned = PlannedTouch(
        client=client,
        owner_id=client.owner_id,
        due_date=due_date,
        goal=goal,
        channel=channel,
        kind=kind,
        is_next_step=False,
        note=note,
        created_by=by,
    )
    planned.full_clean()
    planned.save()
    return planned


@transaction.atomic
def planned_touch_cancel(*, planned: PlannedTouch, by: User) -> None:
    """The next step itself cannot be cancelled (CAT-5): move it or log what happened instead."""
    if planned.is_next_step and planned.status == PlanStatus.OPEN:
        raise ValidationError(_("A client always keeps a next step (CAT-5): move it to another date instead."))
    PlannedTouch.objects.filter(pk=planned.pk, status=PlanStatus.OPEN).update(
        status=PlanStatus.CANCELLED, closed_at=timezone.now()
    )


def planned_touches_follow_owner(*, clients: Iterable[Client], owner: User) -> None:
    """OWN-1: the agenda's copy of the owner follows a reassigned client."""
    PlannedTouch.objects.filter(client__in=[client.pk for client in clients]).update(owner=owner)
