"""Reads for the agenda (Today, week, team load, CAT-7 volume) and readable plan explanations."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from django.db.models import Count, F, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client
from keepwarm.planner import explain, facts, tact
from keepwarm.planner.forms import GREETING_LABELS
from keepwarm.planner.types import PlannedContact, Reason
from keepwarm.touches.choices import Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch

CLOSING_SOON_MINUTES = 30
AGENDA_LIMIT = 500
NAME_FIELDS = ("first_name", "last_name", "patronymic", "phones", "do_not_contact")


def describe(reason: Reason) -> str:
    """The reason in the viewer's language, with its date in the viewer's format."""
    if reason.code == "holiday_greeting" and reason.detail in GREETING_LABELS:
        reason = replace(reason, detail=str(GREETING_LABELS[reason.detail]))
    text = explain.describe(reason, gettext)
    if reason.day is not None:
        text = text.replace(reason.day.isoformat(), formats.date_format(reason.day, "l j E Y"))
    return text


def reasons_from_json(rows: list[dict[str, str]]) -> list[Reason]:
    return [
        Reason(
            rule=row.get("rule", ""),
            code=row.get("code", ""),
            day=dt.date.fromisoformat(row["day"]) if row.get("day") else None,
            detail=row.get("detail", ""),
        )
        for row in rows
    ]


def explanation(planned: PlannedTouch | PlannedContact) -> list[str]:
    reasons = reasons_from_json(planned.explanation) if isinstance(planned, PlannedTouch) else list(planned.reasons)
    return [describe(reason) for reason in reasons]


@dataclass(frozen=True)
class AgendaItem:
    planned: PlannedTouch
    overdue: bool
    moment: tact.MomentStatus
    closing_soon: bool
    reasons: list[str]

    @property
    def client_local_time(self) -> dt.datetime:
        return self.moment.local_now


@dataclass(frozen=True)
class Volume:
    """CAT-7: how many contacts are planned, so one refusal is seen as 1 of N."""

    today: int
    week: int
    month: int


def open_planned_for(user: User) -> QuerySet[PlannedTouch]:
    return access.planned_touches_visible_to(user).filter(status=PlanStatus.OPEN)


def _order_key(item: AgendaItem) -> tuple[int, int, dt.datetime]:
    """Overdue first, then clients whose window is open now (closing soonest first), then by start."""
    if item.overdue:
        rank = 0
    elif item.moment.ok:
        rank = 1
    else:
        rank = 2
    minutes_left = item.moment.minutes_left if item.moment.ok and item.moment.minutes_left is not None else 0
    return rank, minutes_left, item.planned.due_at or dt.datetime.max.replace(tzinfo=dt.UTC)


def agenda_for(
    user: User, *, day: dt.date, now: dt.datetime | None = None, limit: int = AGENDA_LIMIT
) -> list[AgendaItem]:
    """The contacts for a day (overdue ones too, when the day is today), best moment first.

    At most `limit` of them, the most overdue first: a lead's team can have thousands due, and a person works
    through a page at a time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = (
        open_planned_for(user).filter(due_date__lte=day)
        if day <= today
        else open_planned_for(user).filter(due_date=day)
    )
    columns = [
        *(f.name for f in PlannedTouch._meta.concrete_fields),
        *(f"client__{name}" for name in (*facts.CALENDAR_FIELDS, *NAME_FIELDS)),
        *(f"client__organization__{name}" for name in (*facts.ORGANIZATION_CALENDAR_FIELDS, "name")),
    ]
    related = ["client", "client__organization"]
    if access.can_reassign(user):  # only leads and admins see whose client it is
        related.append("client__owner")
        columns += ["client__owner__username", "client__owner__first_name", "client__owner__last_name"]
    rows = rows.select_related(*related).only(*columns).annotate(team_id=F("client__owner__team_id"))
    planned_rows = list(rows.order_by("due_date", "due_at", "id")[:limit])
    settings_by_team = facts.settings_by_team_id({row.team_id for row in planned_rows})
    items = []
    for planned in planned_rows:
        settings = settings_by_team[planned.team_id]
        moment = tact.moment_status(now, facts.calendar_facts(planned.client, settings), settings)
        minutes_left = moment.minutes_left
        items.append(
            AgendaItem(
                planned=planned,
                overdue=planned.due_date < day,
                moment=moment,
                closing_soon=moment.ok and minutes_left is not None and minutes_left <= CLOSING_SOON_MINUTES,
                reasons=explanation(planned),
            )
        )
    return sorted(items, key=_order_key)


def volume_for(user: User, *, day: dt.date) -> Volume:
    week_start = day - dt.timedelta(days=day.weekday())
    month_start = day.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    counts = open_planned_for(user).aggregate(
        today=Count("id", filter=Q(due_date__lte=day)),
        week=Count("id", filter=Q(due_date__gte=week_start, due_date__lt=week_start + dt.timedelta(days=7))),
        month=Count("id", filter=Q(due_date__gte=month_start, due_date__lt=next_month)),
    )
    return Volume(today=counts["today"], week=counts["week"], month=counts["month"])


def week_for(user: User, *, start: dt.date) -> dict[dt.date, list[PlannedTouch]]:
    days: dict[dt.date, list[PlannedTouch]] = {start + dt.timedelta(days=offset): [] for offset in range(7)}
    rows = open_planned_for(user).filter(due_date__gte=start, due_date__lt=start + dt.timedelta(days=7))
    for planned in rows.select_related("client").order_by("due_date", "due_at", "id"):
        days[planned.due_date].append(planned)
    return days


@dataclass(frozen=True)
class ManagerLoad:
    manager: User
    due_today: int
    overdue: int
    this_week: int
    six: SixCompliance | None = None


def team_load(user: User, *, day: dt.date) -> list[ManagerLoad]:
    """The team lead's view: each manager's load and overdue count."""
    managers = access.users_assignable_by(user).order_by("first_name", "username")
    week_end = day + dt.timedelta(days=7)
    open_status = Q(clients__planned_touches__status=PlanStatus.OPEN)
    rows = managers.annotate(
        due_today=Count("clients__planned_touches", filter=open_status & Q(clients__planned_touches__due_date=day)),
        overdue=Count("clients__planned_touches", filter=open_status & Q(clients__planned_touches__due_date__lt=day)),
        this_week=Count(
            "clients__planned_touches",
            filter=open_status
            & Q(clients__planned_touches__due_date__gte=day, clients__planned_touches__due_date__lt=week_end),
        ),
    )
    target = facts.settings_for_team(user.team).six_target
    six = {row.owner_id: row for row in six_compliance(access.clients_visible_to(user), today=day, target=target)}
    return [ManagerLoad(row, row.due_today, row.overdue, row.this_week, six.get(row.pk)) for row in rows]


def team_six_compliance(loads: list[ManagerLoad]) -> SixCompliance:
    """SIX-2 for the whole team: the managers' counts added up."""
    rows = [load.six for load in loads if load.six is not None]
    return SixCompliance(None, sum(r.clients for r in rows), sum(r.compliant for r in rows))


# SIX-2: outcomes that are no contact with the client (nobody answered, or the call was cut off at once).
NOT_A_CONTACT = (Outcome.NO_ANSWER, Outcome.HUNG_UP)


@dataclass(frozen=True)
class SixCompliance:
    """SIX-2: the share of active clients with their contacts of the last 365 days (prorated for younger ones)."""

    owner_id: int | None
    clients: int
    compliant: int

    @property
    def share(self) -> float:
        return self.compliant / self.clients if self.clients else 1.0


def six_compliance(clients: QuerySet[Client], *, today: dt.date, target: int = 6) -> list[SixCompliance]:
    """Per owner; a client known for d < 365 days needs ceil(target * d / 365) contacts (at least one)."""
    year_ago = today - dt.timedelta(days=365)
    rows = (
        clients.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False)
        .annotate(
            contacts=Count(
                "touches",
                filter=Q(touches__happened_at__date__gt=year_ago) & ~Q(touches__outcome__in=NOT_A_CONTACT),
            )
        )
        .values_list("owner_id", "created_at", "contacts")
    )
    totals: dict[int | None, list[int]] = {}
    for owner_id, created_at, contacts in rows:
        known_days = min(365, max(1, (today - timezone.localtime(created_at).date()).days))
        needed = max(1, math.ceil(target * known_days / 365))
        counts = totals.setdefault(owner_id, [0, 0])
        counts[0] += 1
        counts[1] += contacts >= needed
    return [SixCompliance(owner_id, total, ok) for owner_id, (total, ok) in totals.items()]
