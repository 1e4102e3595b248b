"""Reads for the agenda (Today, week, team load, CAT-7 volume) and readable plan explanations."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import cache
from operator import itemgetter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Organization
from keepwarm.planner import explain, facts, tact
from keepwarm.planner.forms import GREETING_LABELS
from keepwarm.planner.types import PlannedContact, Reason
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch

CLOSING_SOON_MINUTES = 30
AGENDA_LIMIT = 500


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
class AgendaClient:
    """The client as an agenda row shows it."""

    pk: int
    last_name: str
    first_name: str
    patronymic: str
    category: str
    do_not_contact: bool
    organization_name: str  # "" without an organization
    owner_name: str  # "" unless the viewer sees whose client it is (leads and admins)

    @property
    def full_name(self) -> str:
        """As Client.full_name reads it."""
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)


@dataclass(frozen=True)
class AgendaPlan:
    """A planned touch as the agenda shows it: plain values, because building model rows for a day's hundreds
    of touches was most of the agenda's time."""

    pk: int
    client: AgendaClient
    due_date: dt.date
    window_start: dt.time | None
    window_end: dt.time | None
    due_at: dt.datetime | None
    channel: str
    goal: str
    kind: str
    is_next_step: bool
    status: str
    client_choice: bool
    urgent: bool
    explanation: list[dict[str, str]]
    note: str
    created_at: dt.datetime
    closed_at: dt.datetime | None

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    @property
    def goal_label(self) -> str:
        return str(Goal(self.goal).label)


@dataclass(frozen=True)
class AgendaItem:
    planned: AgendaPlan
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


PLAN_FIELDS = (
    "due_date", "window_start", "window_end", "due_at", "channel", "goal", "kind", "is_next_step", "status",
    "client_choice", "urgent", "explanation", "note", "created_at", "closed_at",
)  # fmt: skip
CLIENT_FIELDS = ("last_name", "first_name", "patronymic", "do_not_contact")
OWNER_FIELDS = ("username", "first_name", "last_name")
CLIENT_CALENDAR_FIELDS = tuple(name for name in facts.CALENDAR_FIELDS if name != "organization")  # read as columns
# What calendar_facts reads, minus the ids, and the team whose settings apply: rows with equal values share one
# good-moment check (a day has hundreds of rows and a few dozen calendars).
_calendar_key = itemgetter(
    "owner__team_id",
    *(f"client__{name}" for name in CLIENT_CALENDAR_FIELDS if name != "id"),
    *(f"client__organization__{name}" for name in facts.ORGANIZATION_CALENDAR_FIELDS if name != "id"),
)


def _calendar_client(row: dict[str, Any]) -> Client:
    """An unsaved client with just the calendar columns of a row, for facts.calendar_facts."""
    organization = None
    if row["client__organization__id"] is not None:
        organization = Organization(
            **{name: row[f"client__organization__{name}"] for name in facts.ORGANIZATION_CALENDAR_FIELDS}
        )
    return Client(organization=organization, **{name: row[f"client__{name}"] for name in CLIENT_CALENDAR_FIELDS})


def agenda_for(
    user: User, *, day: dt.date, now: dt.datetime | None = None, limit: int = AGENDA_LIMIT
) -> list[AgendaItem]:
    """The contacts for a day (overdue ones too, when the day is today), best moment first.

    At most `limit` of them, the most overdue first: a lead's team can have thousands due, and a person works
    through a page at a time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        open_planned_for(user).filter(due_date__lte=day)
        if day <= today
        else open_planned_for(user).filter(due_date=day)
    )
    show_owner = access.can_reassign(user)  # only leads and admins see whose client it is
    columns = [
        "id",
        *PLAN_FIELDS,
        "owner_id",
        "owner__team_id",
        *(f"client__{name}" for name in (*CLIENT_CALENDAR_FIELDS, *CLIENT_FIELDS)),
        *(f"client__organization__{name}" for name in (*facts.ORGANIZATION_CALENDAR_FIELDS, "name")),
        *(f"owner__{name}" for name in OWNER_FIELDS if show_owner),
    ]
    rows = list(due.order_by("due_date", "due_at", "id").values(*columns)[:limit])
    settings_by_team = facts.settings_by_team_id({row["owner__team_id"] for row in rows})
    moments: dict[tuple[Any, ...], tact.MomentStatus] = {}
    owner_names: dict[int, str] = {}
    describe_once = cache(describe)  # a day repeats the same few reasons
    items = []
    for row in rows:
        calendar = _calendar_key(row)
        moment = moments.get(calendar)
        if moment is None:
            settings = settings_by_team[row["owner__team_id"]]
            moment = tact.moment_status(now, facts.calendar_facts(_calendar_client(row), settings), settings)
            moments[calendar] = moment
        if show_owner and row["owner_id"] not in owner_names:
            owner = User(**{name: row[f"owner__{name}"] for name in OWNER_FIELDS})
            owner_names[row["owner_id"]] = owner.display_name
        client = AgendaClient(
            pk=row["client__id"],
            category=row["client__category"],
            **{name: row[f"client__{name}"] for name in CLIENT_FIELDS},
            organization_name=row["client__organization__name"] or "",
            owner_name=owner_names.get(row["owner_id"], ""),
        )
        planned = AgendaPlan(pk=row["id"], client=client, **{name: row[name] for name in PLAN_FIELDS})
        minutes_left = moment.minutes_left
        items.append(
            AgendaItem(
                planned=planned,
                overdue=planned.due_date < day,
                moment=moment,
                closing_soon=moment.ok and minutes_left is not None and minutes_left <= CLOSING_SOON_MINUTES,
                reasons=[describe_once(reason) for reason in reasons_from_json(planned.explanation)],
            )
        )
    return sorted(items, key=_order_key)


def volume_for(user: User, *, day: dt.date) -> Volume:
    week_start = day - dt.timedelta(days=day.weekday())
    month_start = day.replace(day=1)
    week_end = week_start + dt.timedelta(days=7)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    # Nothing due later counts: bounded, a lead's count reads only that part of each member's index range.
    counted = open_planned_for(user).filter(due_date__lt=max(week_end, next_month))
    counts = counted.aggregate(
        today=Count("id", filter=Q(due_date__lte=day)),
        week=Count("id", filter=Q(due_date__gte=week_start, due_date__lt=week_end)),
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
