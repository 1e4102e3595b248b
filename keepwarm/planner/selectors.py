"""Reads for the agenda (Today, week, team load, CAT-7 volume) and readable plan explanations."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Organization, full_name
from keepwarm.core.collation import users_by_name
from keepwarm.planner import inputs, tact, workload
from keepwarm.planner.capacity import DayLoad
from keepwarm.planner.explain import StoredReason, reason_text, reasons_from_json
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch

CLOSING_SOON_MINUTES = 30
AGENDA_LIMIT = 500
# Best moment first needs every row of the day: a manager's day is a few dozen, a lead's team's a few hundred.
# Past this many only the earliest are ranked and the rest follow by time; PostgreSQL also stays on index
# lookups for the clients instead of scanning the whole table.
DAY_RANKED_AT_MOST = 1000
DAY_READ_IN_FULL = 200
WEEK_DAY_LIMIT = 500
# The days the agenda reads: a week or a month either side of one is still a date.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


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
        return full_name(self.last_name, self.first_name, self.patronymic)


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
    overdue_since: dt.date | None  # PLAN-1: first due before an overdue backlog was spread
    explanation: list[StoredReason]
    note: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    time_zone: str  # the client's (TIME-1: window_start/window_end are its wall clock)

    @property
    def window(self) -> tuple[dt.datetime, dt.datetime] | None:
        return window_instants(self.due_date, self.window_start, self.window_end, self.time_zone)

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
class AgendaPage:
    """One part of the agenda (the overdue contacts, or the day's own) a page at a time, with its size in all."""

    items: list[AgendaItem]
    total: int
    offset: int = 0

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.offset - len(self.items))

    @property
    def next_offset(self) -> int | None:
        return self.offset + len(self.items) if self.remaining else None


@dataclass(frozen=True)
class Agenda:
    """A day's agenda: the overdue contacts (the most overdue first), then the day's own (best moment first).
    Each part pages on its own, so however many are overdue, the day's contacts are always there."""

    overdue: AgendaPage
    due: AgendaPage

    @property
    def items(self) -> list[AgendaItem]:
        return [*self.overdue.items, *self.due.items]


@dataclass(frozen=True)
class Volume:
    """CAT-7: how many contacts are planned, so one refusal is seen as 1 of N."""

    today: int  # due by the day, overdue ones included
    week: int
    month: int
    overdue: int = 0  # due before the day

    @property
    def on_day(self) -> int:
        return self.today - self.overdue


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    plans: list[AgendaPlan]  # the first ones by time; `total` counts them all
    total: int
    load: DayLoad | None = None  # PLAN-1: sales contacts against the capacity of the managers shown

    @property
    def more(self) -> int:
        return self.total - len(self.plans)


def open_planned_for(user: User) -> QuerySet[PlannedTouch]:
    """The contacts to make: a do-not-contact client's only step is CAT-5's revisit of the flag, no call (the
    card shows it), so such clients are never on the agenda, the week or in its counts."""
    return access.planned_touches_visible_to(user).filter(status=PlanStatus.OPEN, client__do_not_contact=False)


def window_instants(
    day: dt.date, start: dt.time | None, end: dt.time | None, time_zone: str
) -> tuple[dt.datetime, dt.datetime] | None:
    """TIME-1: a plan's window (wall times of the client's day) as aware instants in the client's zone, so each
    reader can show them in their own; None for a plan without a time."""
    if start is None:
        return None
    zone = tact.zone(time_zone)
    return dt.datetime.combine(day, start, tzinfo=zone), dt.datetime.combine(day, end or start, tzinfo=zone)


def day_from_text(raw: str) -> dt.date | None:
    """A day given as YYYY-MM-DD, or None when it is not one (or so far off that a month around it is no date)."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _best_moment_key(moment: tact.MomentStatus, due_at: dt.datetime | None) -> tuple[int, int, dt.datetime]:
    """Clients whose window is open now first (closing soonest first), then by planned start."""
    minutes_left = moment.minutes_left if moment.ok and moment.minutes_left is not None else 0
    return (0 if moment.ok else 1), minutes_left, due_at or dt.datetime.max.replace(tzinfo=dt.UTC)


PLAN_FIELDS = (
    "due_date", "window_start", "window_end", "due_at", "channel", "goal", "kind", "is_next_step", "status",
    "client_choice", "urgent", "overdue_since", "explanation", "note", "created_at", "closed_at",
)  # fmt: skip
CLIENT_FIELDS = ("last_name", "first_name", "patronymic", "do_not_contact")
# What the client's time zone is read from (inputs.client_time_zone): its own, else its organization's or country's.
ZONE_COLUMNS = (
    "client__time_zone",
    "client__country",
    "client__organization__id",
    "client__organization__time_zone",
    "client__organization__country",
)
_zone_key = itemgetter(*(column for column in ZONE_COLUMNS if not column.endswith("__id")))
OWNER_FIELDS = ("username", "first_name", "last_name")
CLIENT_CALENDAR_FIELDS = tuple(name for name in inputs.CALENDAR_FIELDS if name != "organization")  # read as columns
# What a good-moment check reads: the calendar columns of the client and its organization, and the owner's team.
CALENDAR_COLUMNS = (
    "owner__team_id",
    *(f"client__{name}" for name in CLIENT_CALENDAR_FIELDS),
    *(f"client__organization__{name}" for name in inputs.ORGANIZATION_CALENDAR_FIELDS),
)
# Rows with equal values (ids aside) share one good-moment check: a day has hundreds of rows, a few dozen calendars.
_calendar_key = itemgetter(*(column for column in CALENDAR_COLUMNS if not column.endswith("__id")))


def _shown_columns(show_owner: bool) -> list[str]:
    """What a row shows: the plan, its client and organization, and (to leads and admins) its owner."""
    return [
        "id",
        *PLAN_FIELDS,
        "owner_id",
        "client__id",
        "client__category",
        *(f"client__{name}" for name in CLIENT_FIELDS),
        "client__organization__name",
        *ZONE_COLUMNS,
        *(f"owner__{name}" for name in OWNER_FIELDS if show_owner),
    ]


def _calendar_client(row: dict[str, Any]) -> Client:
    """An unsaved client with just the calendar columns of a row, for inputs.calendar_facts."""
    organization = None
    if row["client__organization__id"] is not None:
        organization = Organization(
            **{name: row[f"client__organization__{name}"] for name in inputs.ORGANIZATION_CALENDAR_FIELDS}
        )
    return Client(organization=organization, **{name: row[f"client__{name}"] for name in CLIENT_CALENDAR_FIELDS})


class _Moments:
    """Good-moment checks for agenda rows, once per distinct calendar, with every team's settings read at once."""

    def __init__(self, now: dt.datetime, rows: list[dict[str, Any]]) -> None:
        self.now = now
        self.settings = inputs.settings_by_team_id({row["owner__team_id"] for row in rows})
        self.checked: dict[tuple[Any, ...], tact.MomentStatus] = {}

    def __call__(self, row: dict[str, Any]) -> tact.MomentStatus:
        calendar = _calendar_key(row)
        moment = self.checked.get(calendar)
        if moment is None:
            team_id = row["owner__team_id"]
            if team_id not in self.settings:  # a row read after the others (the end of a very long day)
                self.settings.update(inputs.settings_by_team_id({team_id}))
            settings = self.settings[team_id]
            moment = tact.moment_status(self.now, inputs.calendar_facts(_calendar_client(row), settings), settings)
            self.checked[calendar] = moment
        return moment


class _Rows:
    """Agenda rows (plain values from .values()) made into plans and items."""

    def __init__(self, *, day: dt.date, show_owner: bool) -> None:
        self.day = day
        self.show_owner = show_owner
        self.owner_names: dict[int, str] = {}
        self.zones: dict[tuple[Any, ...], str] = {}  # a day's hundreds of clients live in a few zones
        self.describe = cache(reason_text)  # a day repeats the same few reasons

    def time_zone(self, row: dict[str, Any]) -> str:
        key = _zone_key(row)
        if key not in self.zones:
            organization = None
            if row["client__organization__id"] is not None:
                organization = Organization(
                    time_zone=row["client__organization__time_zone"], country=row["client__organization__country"]
                )
            client = Client(
                organization=organization, time_zone=row["client__time_zone"], country=row["client__country"]
            )
            self.zones[key] = inputs.client_time_zone(client)
        return self.zones[key]

    def plan(self, row: dict[str, Any]) -> AgendaPlan:
        if self.show_owner and row["owner_id"] not in self.owner_names:
            owner = User(**{name: row[f"owner__{name}"] for name in OWNER_FIELDS})
            self.owner_names[row["owner_id"]] = owner.display_name
        client = AgendaClient(
            pk=row["client__id"],
            category=row["client__category"],
            **{name: row[f"client__{name}"] for name in CLIENT_FIELDS},
            organization_name=row["client__organization__name"] or "",
            owner_name=self.owner_names.get(row["owner_id"], ""),
        )
        return AgendaPlan(
            pk=row["id"], client=client, time_zone=self.time_zone(row), **{name: row[name] for name in PLAN_FIELDS}
        )

    def item(self, row: dict[str, Any], moment: tact.MomentStatus) -> AgendaItem:
        planned = self.plan(row)
        minutes_left = moment.minutes_left
        return AgendaItem(
            planned=planned,
            overdue=planned.due_date < self.day,
            moment=moment,
            closing_soon=moment.ok and minutes_left is not None and minutes_left <= CLOSING_SOON_MINUTES,
            reasons=[self.describe(reason) for reason in reasons_from_json(planned.explanation)],
        )


def agenda_for(
    user: User,
    *,
    day: dt.date,
    now: dt.datetime | None = None,
    overdue: slice = slice(0, AGENDA_LIMIT),
    due: slice = slice(0, AGENDA_LIMIT),
    counts: Volume | None = None,
    shown: Collection[int] = (),
) -> Agenda:
    """The day's agenda, each part cut to its slice (an empty slice skips that part: no reads, a total of 0).

    Overdue contacts exist only up to today and page the most overdue first. The day's own are all ranked by best
    moment, then cut to the slice. `shown`: plans already on the screen, left out of both parts and their totals
    ("show more" after logging some of them still finds the next ones). `counts`: the day's Volume when the
    caller has it, which spares counting."""
    now = now or timezone.now()
    show_owner = access.can_reassign(user)  # only leads and admins see whose client it is
    columns = _shown_columns(show_owner)
    scope = open_planned_for(user).exclude(pk__in=shown) if shown else open_planned_for(user)
    counts = counts if not shown else None
    late = scope.filter(due_date__lt=day).order_by("due_date", "due_at", "id")
    has_overdue = day <= timezone.localdate(now) and overdue.stop > overdue.start
    overdue_rows = list(late.values(*dict.fromkeys((*columns, *CALENDAR_COLUMNS)))[overdue]) if has_overdue else []
    # A manager's day (a few dozen) is read in full at once; a longer one (a lead's team) is ranked from the
    # calendar columns alone, then only the page is read in full.
    in_full = counts is not None and counts.on_day <= DAY_READ_IN_FULL
    day_columns = dict.fromkeys((*columns, *CALENDAR_COLUMNS)) if in_full else ("id", "due_at", *CALENDAR_COLUMNS)
    on_day = scope.filter(due_date=day).order_by("due_at", "id").values(*day_columns)
    ranked = list(on_day[:DAY_RANKED_AT_MOST]) if due.stop > due.start else []
    moments = _Moments(now, [*overdue_rows, *ranked])  # one settings read for both parts
    ranked.sort(key=lambda row: _best_moment_key(moments(row), row["due_at"]))
    page = ranked[due]
    if len(ranked) == DAY_RANKED_AT_MOST and due.stop > DAY_RANKED_AT_MOST:
        page += on_day[max(due.start, DAY_RANKED_AT_MOST) : due.stop]  # the rest of a longer day, by time
    full_rows = {row["id"]: row for row in (page if in_full else _rows_by_id([row["id"] for row in page], columns))}
    rows = _Rows(day=day, show_owner=show_owner)
    due_items = [rows.item(full_rows[row["id"]], moments(row)) for row in page if row["id"] in full_rows]
    overdue_total = 0 if not has_overdue else counts.overdue if counts else late.count()
    due_total = len(ranked)
    if len(ranked) == DAY_RANKED_AT_MOST:
        due_total = counts.on_day if counts else scope.filter(due_date=day).count()
    return Agenda(
        overdue=AgendaPage([rows.item(row, moments(row)) for row in overdue_rows], overdue_total, overdue.start),
        due=AgendaPage(due_items, due_total, due.start),
    )


def _rows_by_id(ids: list[int], columns: list[str]) -> QuerySet[PlannedTouch, dict[str, Any]]:
    """By id alone: the ids come from a scoped read, and with any of the scope's filters SQLite walks the team's
    open plans instead of fetching these few rows."""
    return PlannedTouch.objects.filter(pk__in=ids).order_by().values(*columns)


def volume_for(user: User, *, day: dt.date) -> Volume:
    week_start = day - dt.timedelta(days=day.weekday())
    month_start = day.replace(day=1)
    week_end = week_start + dt.timedelta(days=7)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    # Nothing due later counts: bounded, a lead's count reads only that part of each member's index range.
    counted = open_planned_for(user).filter(due_date__lt=max(week_end, next_month))
    counts = counted.aggregate(
        today=Count("id", filter=Q(due_date__lte=day)),
        overdue=Count("id", filter=Q(due_date__lt=day)),
        week=Count("id", filter=Q(due_date__gte=week_start, due_date__lt=week_end)),
        month=Count("id", filter=Q(due_date__gte=month_start, due_date__lt=next_month)),
    )
    return Volume(today=counts["today"], week=counts["week"], month=counts["month"], overdue=counts["overdue"])


def week_for(user: User, *, start: dt.date, per_day: int = WEEK_DAY_LIMIT) -> list[WeekDay]:
    """Seven days from `start`, each with its first `per_day` contacts by time and how many it has in all."""
    days = [start + dt.timedelta(days=offset) for offset in range(7)]
    scope = open_planned_for(user).filter(due_date__gte=days[0], due_date__lte=days[-1])
    show_owner = access.can_reassign(user)
    numbered = scope.annotate(
        number=Window(RowNumber(), partition_by=F("due_date"), order_by=(F("due_at").asc(), F("id").asc())),
        day_total=Window(Count("id"), partition_by=F("due_date")),
    )
    shown = numbered.filter(number__lte=per_day).order_by("due_date", "due_at", "id")
    rows = _Rows(day=start, show_owner=show_owner)
    plans: dict[dt.date, list[AgendaPlan]] = {day: [] for day in days}
    totals: dict[dt.date, int] = {}
    for row in shown.values(*_shown_columns(show_owner), "day_total"):
        plans[row["due_date"]].append(rows.plan(row))
        totals[row["due_date"]] = row["day_total"]
    loads = workload.summed(workload.scope_loads(user, first=start, days=7).values(), days)
    return [WeekDay(day, plans[day], totals.get(day, 0), load) for day, load in zip(days, loads, strict=True)]


@dataclass(frozen=True)
class ManagerLoad:
    manager: User
    due_today: int
    overdue: int
    this_week: int
    six: SixCompliance | None = None
    days: list[DayLoad] = field(default_factory=list)  # PLAN-1: the next 7 days against capacity

    @property
    def capacity(self) -> int | None:
        return self.days[0].capacity if self.days else None


def team_load(user: User, *, day: dt.date) -> list[ManagerLoad]:
    """The team lead's view: each manager's load and overdue count."""
    managers = access.users_assignable_by(user).order_by(*users_by_name(user.language))
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
    target = inputs.settings_for_team(user.team).six_target
    six = {row.owner_id: row for row in six_compliance(access.clients_visible_to(user), today=day, target=target)}
    days = workload.scope_loads(user, first=day, days=7)
    return [
        ManagerLoad(row, row.due_today, row.overdue, row.this_week, six.get(row.pk), days.get(row.pk, []))
        for row in rows
    ]


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


def six_compliance(
    clients: QuerySet[Client], *, today: dt.date, target: int = 6, short: list[tuple[int, int, int]] | None = None
) -> list[SixCompliance]:
    """Per owner; a client known for d < 365 days needs ceil(target * d / 365) contacts (at least one).
    `short` collects (client id, contacts, needed) of the clients below, for the reports' list."""
    # The last 365 days up to `today`, as datetime bounds: an index range, not a date cast of every touch.
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(today - dt.timedelta(days=364), dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (
        clients.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False)
        .annotate(
            contacts=Count(
                "touches",
                filter=Q(touches__happened_at__gte=since, touches__happened_at__lt=until)
                & ~Q(touches__outcome__in=NOT_A_CONTACT),
            )
        )
        .values_list("owner_id", "created_at", "contacts", "pk")
    )
    totals: dict[int | None, list[int]] = {}
    for owner_id, created_at, contacts, pk in rows:
        known_days = min(365, max(1, (today - timezone.localtime(created_at).date()).days))
        needed = max(1, math.ceil(target * known_days / 365))
        counts = totals.setdefault(owner_id, [0, 0])
        counts[0] += 1
        counts[1] += contacts >= needed
        if short is not None and contacts < needed:
            short.append((pk, contacts, needed))
    return [SixCompliance(owner_id, total, ok) for owner_id, (total, ok) in totals.items()]
