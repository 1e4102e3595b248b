"""Moving a planned contact (TACT-7): the next step is re-placed by the planner, any other row is moved here."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_record, values_of
from keepwarm.clients.models import Client
from keepwarm.flows.refresh import client_refresh
from keepwarm.planner import inputs, tact
from keepwarm.planner.explain import reasons_json
from keepwarm.planner.requests import NO_SLOT_MESSAGE, NextStepRequest, requested_slot
from keepwarm.planner.services import requested_contact
from keepwarm.planner.types import Reason, Slot
from keepwarm.touches import bounds
from keepwarm.touches.choices import COURTESY_GOALS, PlanStatus
from keepwarm.touches.models import PlannedTouch

# What a move changes, as the audit trail shows it (the window's end follows its start).
MOVED_FIELDS = ("due_date", "window_start", "note")


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
        moved = client_refresh(client=client, by=by, next_step=request)
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
