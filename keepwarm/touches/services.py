"""Logging touches and moving planned ones; the category and next step follow in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_record, values_of
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.clients.reasons import ChangeReason, touch_params
from keepwarm.clients.services import client_set_category
from keepwarm.planner import inputs, tact
from keepwarm.planner.explain import reasons_json
from keepwarm.planner.services import (
    NO_SLOT_MESSAGE,
    NextStepRequest,
    client_replan,
    open_next_step,
    requested_contact,
    requested_slot,
)
from keepwarm.planner.types import Reason, Slot
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches import bounds, outcomes
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

# CAT-4: the category a touch outcome moves the client to (None: unchanged).
OUTCOME_CATEGORY = {
    Outcome.REFUSED: Category.FUTURE,
    Outcome.BOUGHT_ELSEWHERE: Category.FUTURE,
    Outcome.READY_TO_BUY: Category.NOW,
    Outcome.BOUGHT: Category.NOW,
}


# What a move changes, as the audit trail shows it (the window's end follows its start).
MOVED_FIELDS = ("due_date", "window_start", "note")


@dataclass(frozen=True)
class TouchResult:
    touch: Touch
    client: Client
    next_step: PlannedTouch | None


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
def touch_log(
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
    next_step_on: dt.date | None = None,
    next_step_goal: str = Goal.SELL_MEETING,
    next_step_channel: str = Channel.CALL,
    next_step_time: dt.time | None = None,
) -> TouchResult:
    """Record a contact; CAT-3/CAT-4 move the category, CAT-5 leaves exactly one next step.

    `next_step_on` (with its goal, channel and maybe a time in the client's zone) is the manager's pick of the
    next contact (TACT-7: tact moves a pick that breaks it); without it the planner decides."""
    if next_step_time is not None and next_step_on is None:
        raise ValidationError({"next_step_on": [_("Pick the day of the next contact as well as its time.")]})
    request = None
    if next_step_on is not None:
        request = NextStepRequest(
            due_date=next_step_on, time=next_step_time, goal=next_step_goal, channel=next_step_channel
        )
    client = Client.objects.select_for_update(of=("self",)).select_related("owner", "organization").get(pk=client.pk)
    if client.category == Category.NEVER:
        raise ValidationError(_("This client is “Never”; correct the category before logging contacts."))
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
    _validate(touch, now=timezone.now(), today=timezone.localdate(), next_step=request)
    touch.full_clean(exclude=["planned_touch"])
    touch.save()

    client_fields = []
    if client.last_touch_at is None or touch.happened_at > client.last_touch_at:
        client.last_touch_at = touch.happened_at
        client_fields.append("last_touch_at")
    if outcome == Outcome.BAD_MOMENT:
        client.preferred_call_time = preferred_time
        client_fields.append("preferred_call_time")
    if client_fields:
        client.save(update_fields=client_fields)

    if planned_touch is not None and planned_touch.client_id == client.pk:
        PlannedTouch.objects.filter(pk=planned_touch.pk, status=PlanStatus.OPEN).update(
            status=PlanStatus.DONE, closed_at=timezone.now()
        )
    elif goal not in COURTESY_GOALS:
        current = open_next_step(client)
        if current is not None:
            PlannedTouch.objects.filter(pk=current.pk).update(status=PlanStatus.DONE, closed_at=timezone.now())

    # The planner reads the touch just saved (CAT-3 date, POST-1, ANNOY-*); a manager's explicit pick wins.
    target = OUTCOME_CATEGORY.get(Outcome(outcome))
    if target is not None and target != client.category:
        client_set_category(
            client=client,
            by=by,
            category=target,
            reason=refusal_note,
            reason_code=ChangeReason.TOUCH,
            reason_params=touch_params(outcome=outcome, refusal_reason=touch.refusal_reason),
            next_step=request,
        )
    else:
        client_replan(client=client, by=by, request=request)
    if outcome in (Outcome.MEETING_CANCELLED, Outcome.MEETING_MOVED) or material:
        scorecards_recompute(clients=[client])  # QUAL-3: indicators 19 and 21 are computed from touches
    client.refresh_from_db()
    return TouchResult(touch=touch, client=client, next_step=open_next_step(client))


@transaction.atomic
def planned_touch_reschedule(
    *,
    planned: PlannedTouch,
    by: User,
    due_date: dt.date,
    time: dt.time | None = None,
    client_asked: bool = False,
    note: str = "",
) -> PlannedTouch:
    """Move a planned contact (TACT-7): a manager's pick that breaks tact moves to the nearest allowed slot and
    the explanation says why; a time the client asked for is kept (TACT-6). Returns the open row as moved.

    The next step is re-planned through the planner, which replaces its row: the answer is a new row.
    """
    if planned.status != PlanStatus.OPEN:
        raise ValidationError(_("Only an open planned contact can be moved."))
    bounds.check_plan_days(due_date=due_date)
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("owner__team", "organization")
        .get(pk=planned.client_id)
    )
    before = values_of(planned, MOVED_FIELDS)
    if planned.is_next_step:
        request = NextStepRequest(
            due_date=due_date,
            time=time,
            goal=planned.goal,
            channel=planned.channel,
            note=note or planned.note,
            client_asked=client_asked,
        )
        moved = client_replan(client=client, by=by, request=request)
        if moved is None:  # only a NEVER client has no next step, and it has no open planned touches either
            raise ValidationError(_("Only an open planned contact can be moved."))
        after = values_of(moved, MOVED_FIELDS)
        changes_record(instance=planned, before=before, after=after, by=by, client_id=client.pk)
        return moved
    if planned.goal in COURTESY_GOALS:
        slot = _courtesy_slot(client, due_date=due_date, time=time, channel=planned.channel, client_asked=client_asked)
        reasons = (Reason("TACT-7", "manager_choice", due_date), *slot.reasons)
    else:  # CAT-3: the agreed date's own contact beside the next step; from now on the person's pick (ANNOY-1 too)
        request = NextStepRequest(
            due_date=due_date, time=time, goal=planned.goal, channel=planned.channel, client_asked=client_asked
        )
        contact = requested_contact(client, request)
        slot = Slot(contact.due_date, contact.window_start, contact.window_end, contact.client_choice)
        reasons = contact.reasons
        planned.created_by = by
    start = dt.datetime.combine(slot.day, slot.window_start, tzinfo=tact.zone(inputs.client_time_zone(client)))
    planned.due_date, planned.window_start, planned.window_end = slot.day, slot.window_start, slot.window_end
    planned.due_at = start.astimezone(dt.UTC)
    planned.client_choice = slot.client_choice
    planned.explanation = reasons_json(reasons)
    planned.note = note or planned.note
    planned.full_clean()
    fields = ["due_date", "window_start", "window_end", "due_at", "client_choice", "explanation", "note"]
    planned.save(update_fields=[*fields, "created_by"])
    changes_record(instance=planned, before=before, by=by, client_id=client.pk)
    return planned


def _courtesy_slot(
    client: Client, *, due_date: dt.date, time: dt.time | None, channel: str, client_asked: bool
) -> Slot:
    """TACT-7 for a greeting or thank-you: calls and meetings as any call; letters and messages on working days."""
    settings = inputs.settings_for_team(client.owner.team)
    client_facts = inputs.calendar_facts(client, settings)
    try:
        return requested_slot(
            client_facts, settings, due_date=due_date, time=time, channel=channel, client_asked=client_asked
        )
    except tact.NoAllowedSlotError:
        raise ValidationError(NO_SLOT_MESSAGE, code="no_allowed_slot") from None


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


def ensure_client_next_steps(*, clients: list[Client], by: User | None) -> int:
    """Mend clients that lost their next step outside the normal flow (imports, raw edits)."""
    mended = 0
    for client in clients:
        if client.category != Category.NEVER and open_next_step(client) is None:
            client_replan(client=client, by=by)
            mended += 1
    return mended
