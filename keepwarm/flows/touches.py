"""Logging a touch (CAT-3, CAT-4, CAT-5): the touch, the client's category, the order of a purchase and the next
step, in one transaction and one re-plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients import services as client_services
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Order
from keepwarm.clients.reasons import ChangeReason, touch_params
from keepwarm.flows.orders import OrderDetails, order_writes
from keepwarm.flows.refresh import client_refresh
from keepwarm.planner.inputs import history_since, settings_by_team_id
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.workload import OwnerLoads
from keepwarm.touches import services as touch_services
from keepwarm.touches.choices import Channel, Goal, Outcome
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.outcomes import OUTCOME_CATEGORY
from keepwarm.touches.selectors import open_next_step

# QUAL-3: outcomes the scorecard counts (indicators 19 and 21); a touch with material counts too.
RESCORING_OUTCOMES = frozenset({Outcome.MEETING_CANCELLED, Outcome.MEETING_MOVED})


@dataclass(frozen=True)
class TouchResult:
    touch: Touch
    client: Client
    next_step: PlannedTouch | None
    order: Order | None = None
    picked: NextStepRequest | None = None  # the manager's pick of the next contact, if any

    @property
    def pick_moved(self) -> bool:
        """TACT-7: a rule moved the manager's pick (the next step's explanation says which); the manager is told,
        since a time the client asked for would have been kept (TACT-6)."""
        step, pick = self.next_step, self.picked
        if step is None or pick is None or step.client_choice:
            return False
        return step.due_date != pick.due_date or (pick.time is not None and step.window_start != pick.time)


@transaction.atomic
def client_log_touch(
    *,
    client: Client,
    by: User,
    next_step_on: dt.date | None = None,
    next_step_goal: str = Goal.SELL_MEETING,
    next_step_channel: str = Channel.CALL,
    next_step_time: dt.time | None = None,
    next_step_client_asked: bool = False,
    order: OrderDetails | None = None,
    **touch: Any,
) -> TouchResult:
    """Record a contact (`touch`: the fields of touches.services.touch_create); CAT-3/CAT-4 move the category,
    CAT-5 leaves exactly one next step.

    `next_step_on` (with its goal, channel and maybe a time in the client's zone) is the manager's pick of the
    next contact (TACT-7: tact moves a pick that breaks it, unless `next_step_client_asked`: a day and time the
    client asked for are kept, TACT-6); without it the planner decides. A purchase may
    carry its `order`: both are saved or refused together, and the client is re-planned once."""
    if next_step_time is not None and next_step_on is None:
        raise ValidationError({"next_step_on": [_("Pick the day of the next contact as well as its time.")]})
    if next_step_client_asked and next_step_on is None:
        raise ValidationError({"next_step_on": [_("Pick the day of the next contact the client asked for.")]})
    if order is not None and touch.get("outcome") != Outcome.BOUGHT:
        raise ValidationError({"order": [_("Only a purchase records an order.")]})
    request = None
    if next_step_on is not None:
        request = NextStepRequest(
            due_date=next_step_on,
            time=next_step_time,
            goal=next_step_goal,
            channel=next_step_channel,
            client_asked=next_step_client_asked,
        )
    client = Client.objects.select_for_update(of=("self",)).select_related("owner", "organization").get(pk=client.pk)
    if client.category == Category.NEVER:
        raise ValidationError(_("This client is “Never”; correct the category before logging contacts."))
    logged = touch_services.touch_create(client=client, by=by, next_step=request, **touch)
    outcome = Outcome(logged.outcome)
    client_services.client_touched(
        client=client,
        happened_at=logged.happened_at,
        call_time=logged.preferred_time,
        set_call_time=outcome == Outcome.BAD_MOMENT,
    )
    # The planner reads the touch just saved (CAT-3 date, POST-1, ANNOY-*); a manager's explicit pick wins.
    target = OUTCOME_CATEGORY.get(outcome)
    if target is not None and target != client.category:
        client_services.client_set_category(
            client=client,
            by=by,
            category=target,
            reason=logged.refusal_note,
            reason_code=ChangeReason.TOUCH,
            reason_params=touch_params(outcome=outcome, refusal_reason=logged.refusal_reason),
            next_step=request,
        )
    recorded = order_writes(client=client, by=by, details=order) if order is not None else None
    rescore = outcome in RESCORING_OUTCOMES or bool(logged.material)
    client_refresh(client=client, by=by, next_step=request, rescore=rescore)
    client.refresh_from_db()
    return TouchResult(touch=logged, client=client, next_step=open_next_step(client), order=recorded, picked=request)


@transaction.atomic
def clients_log_touches(*, touches: Sequence[Touch]) -> list[Touch]:
    """Contacts with many clients logged at once (the letters a worker has just sent): client_log_touch's rules
    for outcomes that move no category and carry no order, in one pass. Each client's last contact moves on and it
    is re-planned once (CAT-5), its history read for all of them together and the owners' loads once (PLAN-1).
    A touch to a client now "Never" is not logged. Returns the touches logged."""
    if any(touch.outcome in OUTCOME_CATEGORY or touch.outcome == Outcome.BOUGHT for touch in touches):
        raise ValueError("an outcome that moves the category or records an order goes through client_log_touch")
    active = set(
        Client.objects.select_for_update(of=("self",))
        .filter(pk__in={touch.client_id for touch in touches})
        .exclude(category=Category.NEVER)
        .order_by("pk")  # one order of locks for every batch: two batches sharing clients wait, never deadlock
        .values_list("pk", flat=True)
    )
    logged = [touch for touch in touches if touch.client_id in active]
    touch_services.touches_record(logged)
    since = dt.datetime.combine(history_since(timezone.now().date()), dt.time(0), tzinfo=dt.UTC)
    clients = list(
        Client.objects.filter(pk__in=active)
        .select_related("organization", "owner__team", "qualification")
        .prefetch_related(  # the history the planner reads (planner.inputs.plan_inputs), for all at once
            Prefetch("touches", queryset=Touch.objects.filter(happened_at__gte=since)),
            Prefetch("orders", queryset=Order.objects.filter(ordered_on__gte=since.date())),
        )
    )
    latest = {touch.client_id: touch for touch in sorted(logged, key=lambda touch: touch.happened_at)}
    loads = OwnerLoads(since=timezone.localdate() - dt.timedelta(days=1))
    team_settings = settings_by_team_id({client.owner.team_id for client in clients})
    for client in clients:
        touch = latest[client.pk]
        client_services.client_touched(client=client, happened_at=touch.happened_at)
        client_refresh(client=client, by=touch.by, loads=loads, settings=team_settings[client.owner.team_id])
    return logged
