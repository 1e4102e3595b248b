"""Logging touches and moving planned ones; the category and next step follow in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.clients.services import client_set_category
from keepwarm.planner.services import NextStepRequest, client_replan, open_next_step
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

# CAT-4: the category a touch outcome moves the client to (None: unchanged).
OUTCOME_CATEGORY = {
    Outcome.REFUSED: Category.FUTURE,
    Outcome.BOUGHT_ELSEWHERE: Category.FUTURE,
    Outcome.READY_TO_BUY: Category.NOW,
    Outcome.BOUGHT: Category.NOW,
}


@dataclass(frozen=True)
class TouchResult:
    touch: Touch
    client: Client
    next_step: PlannedTouch | None


def _validate(touch: Touch, *, today: dt.date) -> None:
    """CAT-3 and ANNOY-4: what a touch must carry before it can be saved."""
    errors: dict[str, list[str]] = {}
    if touch.outcome == Outcome.REFUSED:
        if not touch.refusal_reason:
            errors["refusal_reason"] = [_("A refusal needs its reason: what the client did not yet see (CAT-3).")]
        if touch.continue_on is None:
            errors["continue_on"] = [_("A refusal needs a date to continue (CAT-3).")]
    if touch.outcome == Outcome.BOUGHT_ELSEWHERE and not touch.competitor.strip():
        errors["competitor"] = [_("Which competitor did the client buy from? (ANNOY-4)")]
    if touch.outcome == Outcome.BAD_MOMENT and touch.preferred_time is None:
        errors["preferred_time"] = [_("Ask the client when it suits them better (TACT-6).")]
    if touch.continue_on is not None and touch.continue_on <= today:
        errors.setdefault("continue_on", []).append(_("The date to continue must be in the future."))
    if touch.happened_at > timezone.now() + dt.timedelta(minutes=5):
        errors["happened_at"] = [_("A touch that happened cannot be in the future; plan it instead.")]
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
) -> TouchResult:
    """Record a contact; CAT-3/CAT-4 move the category, CAT-5 leaves exactly one next step."""
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
    _validate(touch, today=timezone.localdate())
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
    request = NextStepRequest(due_date=next_step_on) if next_step_on is not None else None
    target = OUTCOME_CATEGORY.get(Outcome(outcome))
    if target is not None and target != client.category:
        reason = touch.get_outcome_display()
        if touch.refusal_reason:
            reason = f"{reason}: {touch.get_refusal_reason_display()}. {refusal_note}".strip()
        client_set_category(client=client, by=by, category=target, reason=reason, next_step=request)
    else:
        client_replan(client=client, by=by, request=request)
    if outcome in (Outcome.MEETING_CANCELLED, Outcome.MEETING_MOVED) or material:
        scorecards_recompute(clients=[client])  # QUAL-3: indicators 19 and 21 are computed from touches
    client.refresh_from_db()
    return TouchResult(touch=touch, client=client, next_step=open_next_step(client))


@transaction.atomic
def planned_touch_reschedule(*, planned: PlannedTouch, by: User, due_date: dt.date, note: str = "") -> PlannedTouch:
    """Move a planned contact; the past is not a date to plan for."""
    if planned.status != PlanStatus.OPEN:
        raise ValidationError(_("Only an open planned contact can be moved."))
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Pick today or a later date.")})
    planned.due_date = due_date
    planned.due_at = None
    planned.note = note or planned.note
    planned.full_clean()
    planned.save(update_fields=["due_date", "due_at", "note"])
    return planned


@transaction.atomic
def planned_touch_add_courtesy(
    *, client: Client, by: User, due_date: dt.date, goal: str, channel: str = Channel.LETTER, note: str = ""
) -> PlannedTouch:
    """Greetings and thank-you letters are planned beside the next step, never instead of it (CAT-5)."""
    if goal not in COURTESY_GOALS:
        raise ValidationError({"goal": _("Only greetings and thank-you letters are planned beside the next step.")})
    if client.category == Category.NEVER:
        raise ValidationError(_("A “Never” client has no planned contacts (CAT-5)."))
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
