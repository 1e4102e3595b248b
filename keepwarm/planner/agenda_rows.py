"""An agenda row: a planned touch read as plain values (`.values()`), with its client, its time zone (TIME-1) and
whether now is a good moment to call (TACT); the agenda, the week and the API build on these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import get_language

from keepwarm.accounts.models import User
from keepwarm.clients.models import full_name
from keepwarm.planner import inputs, tact
from keepwarm.planner.explain import StoredReason, reason_text, reasons_from_json
from keepwarm.touches.choices import Channel, Goal
from keepwarm.touches.models import PlannedTouch

CLOSING_SOON_MINUTES = 30


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
        return _label(Channel, self.channel, get_language())

    @property
    def goal_label(self) -> str:
        return _label(Goal, self.goal, get_language())


@lru_cache(maxsize=256)
def _label(choices: type[Channel] | type[Goal], value: str, language: str | None) -> str:
    """A choice's label, translated once per language (a day's rows repeat a few channels and goals)."""
    return str(choices(value).label)


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


def window_instants(
    day: dt.date, start: dt.time | None, end: dt.time | None, time_zone: str
) -> tuple[dt.datetime, dt.datetime] | None:
    """TIME-1: a plan's window (wall times of the client's day) as aware instants in the client's zone, so each
    reader can show them in their own; None for a plan without a time."""
    if start is None:
        return None
    zone = tact.zone(time_zone)
    return dt.datetime.combine(day, start, tzinfo=zone), dt.datetime.combine(day, end or start, tzinfo=zone)


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
# The calendar's times are read as text and made times once per distinct calendar (_calendar_client): converting
# each of a lead's thousand rows' nine time columns was a third of reading them.
TIME_NAMES = frozenset({"preferred_call_time", "work_start", "work_end", "lunch_start", "lunch_end"})
TIME_COLUMNS = frozenset(column for column in CALENDAR_COLUMNS if column.rpartition("__")[2] in TIME_NAMES)


def with_calendar(rows: QuerySet[PlannedTouch], *columns: str) -> QuerySet[PlannedTouch, dict[str, Any]]:
    """`rows.values(*columns)`, the calendar's times (TIME_COLUMNS) as text."""
    plain = [column for column in dict.fromkeys(columns) if column not in TIME_COLUMNS]
    times = {column: Cast(column, CharField()) for column in dict.fromkeys(columns) if column in TIME_COLUMNS}
    return rows.values(*plain, **times)


def _time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def shown_columns(show_owner: bool) -> list[str]:
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


def _calendar_client(row: dict[str, Any]) -> inputs.ClientCalendar:
    """A row's calendar columns (read by with_calendar), as inputs.calendar_facts reads them."""

    def value(column: str) -> Any:
        return _time(row[column]) if column in TIME_COLUMNS else row[column]

    organization = None
    if row["client__organization__id"] is not None:
        organization = inputs.OrganizationCalendar(
            **{name: value(f"client__organization__{name}") for name in inputs.ORGANIZATION_CALENDAR_FIELDS}
        )
    return inputs.ClientCalendar(
        organization=organization, **{name: value(f"client__{name}") for name in CLIENT_CALENDAR_FIELDS}
    )


class Moments:
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


class Rows:
    """Agenda rows (plain values from .values()) made into plans and items."""

    def __init__(self, *, day: dt.date, show_owner: bool) -> None:
        self.day = day
        self.show_owner = show_owner
        self.owner_names: dict[int, str] = {}
        self.zones: dict[tuple[Any, ...], str] = {}  # a day's hundreds of clients live in a few zones
        self.describe = cache(reason_text)  # a day repeats the same few reasons

    def time_zone(self, row: dict[str, Any]) -> str:
        key = _zone_key(row)
        zone = self.zones.get(key)
        if zone is None:
            zone = self.zones[key] = inputs.zone_of(*key)
        return zone

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
