"""A person's pick of the next contact (TACT-7) and where tact lets it go: plain computations, no writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from keepwarm.planner import tact
from keepwarm.planner.types import ClientFacts, PlannedContact, PlannerSettings, Reason, Slot
from keepwarm.touches.choices import Channel, Goal, PlanKind

NO_SLOT_MESSAGE = gettext_lazy(
    "These working hours and days leave no time to call: the team's rules (lunch, the end-of-day margin, no calls "
    "on the last working day before a day off) close every day. Add a working day or widen the hours."
)


@dataclass(frozen=True)
class NextStepRequest:
    """A next step a person picked (date, maybe a time); TACT-7 moves it to an allowed slot unless the
    client asked for it (TACT-6)."""

    due_date: dt.date
    time: dt.time | None = None
    goal: str = Goal.SELL_MEETING
    channel: str = Channel.CALL
    kind: str = PlanKind.MANUAL
    note: str = ""
    client_asked: bool = False


def requested_slot(
    client: ClientFacts,
    settings: PlannerSettings,
    *,
    due_date: dt.date,
    time: dt.time | None,
    channel: str,
    client_asked: bool,
) -> Slot:
    """TACT-7 for a date a person picked: calls and meetings move to an allowed slot (a time the client asked for
    is kept, TACT-6); letters and messages go on the next working day."""
    if channel in (Channel.CALL, Channel.MEETING):
        return tact.adjust_requested(due_date, time, client, settings, client_asked)
    return tact.TactCalendar(client, settings, calls=False).slot_on_or_after(due_date, 0)


def contact_for_request(
    request: NextStepRequest, client: ClientFacts, settings: PlannerSettings, annoy_earliest: dt.date | None
) -> PlannedContact:
    """TACT-7 for a person's pick, ANNOY-1 included: a day too soon after the last outbound contacts moves to the
    first day that keeps the caps (the picked time of day kept), unless the client asked for it (TACT-6) or it is
    the post-sale sequence (POST-1)."""
    reasons: tuple[Reason, ...] = (Reason("TACT-7", "manager_choice", request.due_date),)
    due_date = request.due_date
    exempt = request.client_asked or request.goal == Goal.POST_SALE_CHECK
    if not exempt and annoy_earliest is not None and annoy_earliest > due_date:
        due_date = annoy_earliest
        reasons += (Reason("ANNOY-1", "too_soon", annoy_earliest),)
    slot = requested_slot(
        client,
        settings,
        due_date=due_date,
        time=request.time,
        channel=request.channel,
        client_asked=request.client_asked,
    )
    return PlannedContact(
        due_date=slot.day,
        window_start=slot.window_start,
        window_end=slot.window_end,
        time_zone=client.time_zone,
        channel=request.channel,
        goal=request.goal,
        kind=request.kind,
        is_next_step=True,
        client_choice=slot.client_choice,
        reasons=(*reasons, *slot.reasons),
    )


def callable_or_error(client: ClientFacts, settings: PlannerSettings) -> None:
    """TACT-1..4 must leave some time to call, or nothing could ever be planned for these hours."""
    try:
        tact.first_allowed_slot(timezone.now(), client, settings)
    except tact.NoAllowedSlotError:
        raise ValidationError(NO_SLOT_MESSAGE, code="no_allowed_slot") from None
