"""Re-planning a client in the caller's transaction (CAT-5): one open next step, plus courtesy touches.

The pure planner (rules.py) decides from the client's history; this module only reads facts and syncs rows,
so planning the same state twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.core.db import in_short_transactions
from keepwarm.planner import backlog, explain, inputs, rules, tact, workload
from keepwarm.planner.models import CalendarFeed, TeamPlannerSettings
from keepwarm.planner.requests import (
    NO_SLOT_MESSAGE,
    NextStepRequest,
    callable_or_error,
    contact_for_request,
)
from keepwarm.planner.types import (
    ClientFacts,
    PlannedContact,
    PlannerSettings,
    Reason,
)
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Goal, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step

# Kinds a person chose; the planner keeps them until the next event instead of re-deciding them.
logger = logging.getLogger(__name__)
CHOSEN_KINDS = frozenset({PlanKind.MANUAL})


def planned_touches_close(*, client: Client, status: str, next_step_only: bool) -> int:
    """Close the client's open planned touches (or only its next step) with this status."""
    touches = PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN)
    if next_step_only:
        touches = touches.filter(is_next_step=True)
    return touches.update(status=status, closed_at=timezone.now())


def requested_contact(client: Client, request: NextStepRequest) -> PlannedContact:
    """A person's pick for this client as the planner would place it (TACT-7, ANNOY-1), not yet saved."""
    given = inputs.plan_inputs(client)
    try:
        return contact_for_request(request, given.client, given.settings, _annoy_earliest(given))
    except tact.NoAllowedSlotError:
        raise ValidationError(NO_SLOT_MESSAGE, code="no_allowed_slot") from None


def _missed(step: PlannedTouch, today: dt.date, now: dt.datetime) -> bool:
    """Overdue: due before the client's today and its window over by now. A step of a zone the client left is
    judged by the instant its window ends (TIME-1): moved to a zone ahead, today's 16:05-17:30 in Chisinau is the
    day before there, yet not missed."""
    if step.due_date >= today:
        return False
    if step.due_at is None or step.window_start is None or step.window_end is None:
        return True
    length = dt.datetime.combine(step.due_date, step.window_end) - dt.datetime.combine(step.due_date, step.window_start)
    return step.due_at + max(length, dt.timedelta(0)) < now


def _annoy_earliest(given: inputs.PlanInputs) -> dt.date | None:
    return rules.annoy_earliest(given.client, given.touches, given.orders, given.settings, given.today)


def planned_row(contact: PlannedContact, client: Client, by: User | None, note: str = "") -> PlannedTouch:
    """The unsaved row for a planned contact (client_replan and the bulk planning of imports save it)."""
    start = dt.datetime.combine(contact.due_date, contact.window_start, tzinfo=ZoneInfo(contact.time_zone))
    return PlannedTouch(
        client=client,
        owner_id=client.owner_id,
        due_date=contact.due_date,
        window_start=contact.window_start,
        window_end=contact.window_end,
        due_at=start.astimezone(dt.UTC),
        channel=contact.channel,
        goal=contact.goal,
        kind=contact.kind,
        is_next_step=contact.is_next_step,
        client_choice=contact.client_choice,
        urgent=any(r.code == "urgent" for r in contact.reasons),
        explanation=explain.reasons_json(contact.reasons),
        note=note,
        created_by=by,
    )


def _same(row: PlannedTouch, contact: PlannedContact) -> bool:
    """The same contact at the same instant (TIME-1: the same wall times in a zone the client left are not)."""
    start = dt.datetime.combine(contact.due_date, contact.window_start, tzinfo=ZoneInfo(contact.time_zone))
    return (row.due_date, row.window_start, row.window_end, row.channel, row.goal, row.kind, row.due_at) == (
        contact.due_date,
        contact.window_start,
        contact.window_end,
        contact.channel,
        contact.goal,
        contact.kind,
        start.astimezone(dt.UTC),
    )


@transaction.atomic
def client_replan(
    *,
    client: Client,
    by: User | None = None,
    request: NextStepRequest | None = None,
    now: dt.datetime | None = None,
    settings: PlannerSettings | None = None,
    loads: workload.OwnerLoads | None = None,
) -> PlannedTouch | None:
    """CAT-5: an active client leaves every event with exactly one open next step; NEVER with none.

    PLAN-1: a flexible step goes to the first day with room; `loads` carries the owners' loads through a batch
    (the step written here is counted in it)."""
    if client.category == Category.NEVER:
        planned_touches_close(client=client, status=PlanStatus.CANCELLED, next_step_only=False)
        return None
    given = inputs.plan_inputs(client, now=now, settings=settings)
    client_facts, settings, today = given.client, given.settings, given.today
    try:
        plan = rules.plan_next(client_facts, given.touches, given.orders, settings, today, given.now)
        requested = None
        if request is not None:
            requested = contact_for_request(request, client_facts, settings, _annoy_earliest(given))
    except tact.NoAllowedSlotError:
        raise ValidationError(NO_SLOT_MESSAGE, code="no_allowed_slot") from None
    open_rows = list(PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN))
    current = before = next((row for row in open_rows if row.is_next_step), None)
    wanted = next((contact for contact in plan if contact.is_next_step), None)
    if requested is not None:
        wanted = requested
    elif client_facts.do_not_contact:
        # Nobody calls a do-not-contact client, whatever was planned; CAT-5 keeps a dated step to revisit them.
        wanted = None if current is not None and _is_revisit(current) else revisit_contact(client_facts, settings)
    elif current is not None and (_is_chosen(current) or _missed(current, today, given.now)):
        # A person's pick (or a catalog offer) stands until something happens with the client, and an overdue
        # step stays overdue (and on top of the agenda) until it is done: re-planning never hides a missed contact.
        wanted = None
    if wanted is None and current is None:
        wanted = revisit_contact(client_facts, settings)
    if wanted is not None:
        wanted = workload.spread_next_step(
            wanted, client=client, client_facts=client_facts, settings=settings, today=today, current=current,
            loads=loads,
        )  # fmt: skip
    if wanted is not None and (current is None or request is not None or not _same(current, wanted)):
        if current is not None:
            PlannedTouch.objects.filter(pk=current.pk).update(status=PlanStatus.CANCELLED, closed_at=timezone.now())
        current = planned_row(wanted, client, by, note=request.note if request else "")
        current.save()
        if loads is not None:
            loads.replaced(client.owner_id, before, current)
    elif wanted is not None and current is not None:  # the same step: its explanation from today's history
        explanation = explain.reasons_json(wanted.reasons)
        if current.explanation != explanation:
            current.explanation = explanation
            PlannedTouch.objects.filter(pk=current.pk).update(explanation=explanation)
    beside = [c for c in plan if not c.is_next_step]
    if current is not None:  # a kept step (a pick, an overdue one) on or after the agreed date already keeps it
        beside = [c for c in beside if c.goal in COURTESY_GOALS or c.due_date > current.due_date]
    _sync_beside(client, beside, [r for r in open_rows if not r.is_next_step])
    return current


def revisit_contact(client: ClientFacts, settings: PlannerSettings) -> PlannedContact:
    """CAT-5's dated step for a client the planner may not contact: look at them again later."""
    work = tact.work_pattern(client, settings)
    revisit = timezone.localdate() + dt.timedelta(days=settings.offer_interval_days)
    return PlannedContact(
        revisit,
        work.start,
        work.end,
        client.time_zone,
        Channel.CALL,
        Goal.GATHER_INFO,
        PlanKind.MANUAL,
        True,
        reasons=(Reason("CAT-5", "do_not_contact"),),
    )


def _is_chosen(row: PlannedTouch) -> bool:
    """Steps re-planning leaves alone: a manager's pick, and an offer of a new product (POST-3) the planner's
    cadence knows nothing about."""
    if row.kind == PlanKind.OFFER and explain.names_rule(row.explanation, "POST-3"):
        return True
    if row.overdue_since is not None:  # PLAN-1: a missed step moved on by the backlog keeps its place until done
        return True
    return row.kind in CHOSEN_KINDS and not _is_revisit(row)


def _is_revisit(row: PlannedTouch) -> bool:
    return explain.has_code(row.explanation, "do_not_contact")


def _sync_beside(client: Client, planned: list[PlannedContact], rows: list[PlannedTouch]) -> None:
    """What the planner plans beside the next step: greetings, thank-you letters and the agreed date's contact
    (CAT-3). Ones a person added or moved are left alone, and an agreed date a person moved stands for it."""
    automatic = [row for row in rows if row.created_by_id is None]
    if any(row.created_by_id is not None and row.goal not in COURTESY_GOALS for row in rows):
        planned = [c for c in planned if c.goal in COURTESY_GOALS]
    keep = {(c.due_date, c.goal, c.kind) for c in planned}
    stale = [row.pk for row in automatic if (row.due_date, row.goal, row.kind) not in keep]
    if stale:
        PlannedTouch.objects.filter(pk__in=stale).update(status=PlanStatus.CANCELLED, closed_at=timezone.now())
    existing = {(row.due_date, row.goal, row.kind) for row in rows}
    PlannedTouch.objects.bulk_create(
        [planned_row(c, client, None) for c in planned if (c.due_date, c.goal, c.kind) not in existing]
    )


def clients_replan(*, clients: QuerySet[Client], now: dt.datetime | None = None) -> int:
    """Re-plan many clients (new holidays, settings changes); returns how many next steps changed.

    A few clients a transaction (core.db.in_short_transactions): managers logging calls meanwhile must not wait."""
    changed = 0
    loads = workload.OwnerLoads(since=timezone.localdate(now) - dt.timedelta(days=1))  # PLAN-1, per owner

    def replan(pk: int, *, counted: bool = True) -> None:
        nonlocal changed
        # Read under the lock, so a call logged since the ids were listed is planned from, not overwritten.
        client = (
            Client.objects.select_for_update(of=("self",))
            .select_related("organization", "owner__team", "qualification")
            .filter(pk=pk)
            .first()
        )
        if client is None:  # deleted meanwhile
            return
        try:
            with transaction.atomic():
                before = open_next_step(client)
                after = client_replan(client=client, now=now, loads=loads)
        except ValidationError:  # hours that leave no time to call: the client keeps its step, the rest go on
            logger.warning("client %s: no allowed slot to plan in; its next step is kept", client.pk)
            return
        changed += counted and (before.pk if before else None) != (after.pk if after else None)

    in_short_transactions(list(clients.exclude(category=Category.NEVER).values_list("pk", flat=True)), replan)

    # PLAN-1, a second look: fixed steps planned after the flexible ones may have filled their day past capacity;
    # as many flexible steps there as it is over are re-planned once more, now against the whole day.
    def replan_crowded(crowded: tuple[PlannedTouch, int]) -> None:
        step, limit = crowded
        if loads.of(step.owner_id)[step.due_date] > limit:  # the steps re-planned before may have made room
            replan(step.client_id, counted=False)

    in_short_transactions(workload.crowded_flexible_steps(loads), replan_crowded)
    for owner in User.objects.filter(pk__in=clients.values("owner_id")).select_related("team"):
        backlog.overdue_backlog_spread(owner=owner, now=now, loads=loads)
    return changed


@transaction.atomic
def team_settings_update(*, team: Team, by: User, **fields: Any) -> TeamPlannerSettings:
    """Only the team's lead or an admin changes the team's rules (flows.teams re-plans its clients after commit)."""
    if not access.can_manage_team(by, team):
        raise ValidationError(_("Only the team lead or an admin changes the team's planner settings."))
    row = inputs.team_settings_row(team)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    settings = inputs.planner_settings(row)
    callable_or_error(ClientFacts(0, Category.FUTURE, "UTC", team.country), settings)
    for name, work in inputs.own_hours(team, settings.work):
        try:
            callable_or_error(ClientFacts(0, Category.FUTURE, "UTC", team.country, work=work), settings)
        except ValidationError:
            raise ValidationError(
                _("These rules leave no time to call within the working hours of “%(name)s”: %(problem)s")
                % {"name": name, "problem": NO_SLOT_MESSAGE}
            ) from None
    row.save(update_fields=[*fields, "updated_at"])
    return row


@transaction.atomic
def member_capacity_update(*, member: User, by: User, daily_capacity: int | None) -> User:
    """PLAN-1: a manager's own daily capacity (None: the team's), set by their lead or an admin (flows.teams
    re-plans the team's clients after commit)."""
    if member.team_id is None or not access.can_manage_team(by, member.team):
        raise ValidationError(_("Only the team lead or an admin changes a manager's daily capacity."))
    try:
        member.daily_capacity = User._meta.get_field("daily_capacity").clean(daily_capacity, member)
    except ValidationError as error:
        raise ValidationError({"daily_capacity": error.messages}) from None
    member.save(update_fields=["daily_capacity"])
    return member


def calendar_feed_create(*, user: User) -> CalendarFeed:
    return CalendarFeed.objects.create(user=user)


def calendar_feed_revoke(*, feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def clients_ensure_next_steps(*, clients: list[Client], by: User | None) -> int:
    """Mend clients that lost their next step outside the normal flow (imports, raw edits)."""
    mended = 0
    for client in clients:
        if client.category != Category.NEVER and open_next_step(client) is None:
            client_replan(client=client, by=by)
            mended += 1
    return mended
