"""Reads for the agenda: a day's contacts (the overdue ones, then best moment first), CAT-7 volume and the week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner import agenda_rows, tact, workload
from keepwarm.planner.agenda_rows import CALENDAR_COLUMNS, AgendaItem, AgendaPlan
from keepwarm.planner.capacity import DayLoad
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

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
    return planned_touches_visible_to(user).filter(status=PlanStatus.OPEN, client__do_not_contact=False)


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
    columns = agenda_rows.shown_columns(show_owner)
    scope = open_planned_for(user).exclude(pk__in=shown) if shown else open_planned_for(user)
    counts = counts if not shown else None
    late = scope.filter(due_date__lt=day).order_by("due_date", "due_at", "id")
    has_overdue = day <= timezone.localdate(now) and overdue.stop > overdue.start
    overdue_rows = list(agenda_rows.with_calendar(late, *columns, *CALENDAR_COLUMNS)[overdue]) if has_overdue else []
    # A manager's day (a few dozen) is read in full at once; a longer one (a lead's team) is ranked from the
    # calendar columns alone, then only the page is read in full.
    in_full = counts is not None and counts.on_day <= DAY_READ_IN_FULL
    day_columns = (*columns, *CALENDAR_COLUMNS) if in_full else ("id", "due_at", *CALENDAR_COLUMNS)
    on_day = agenda_rows.with_calendar(scope.filter(due_date=day).order_by("due_at", "id"), *day_columns)
    ranked = list(on_day[:DAY_RANKED_AT_MOST]) if due.stop > due.start else []
    moments = agenda_rows.Moments(now, [*overdue_rows, *ranked])  # one settings read for both parts
    ranked.sort(key=lambda row: _best_moment_key(moments(row), row["due_at"]))
    page = ranked[due]
    if len(ranked) == DAY_RANKED_AT_MOST and due.stop > DAY_RANKED_AT_MOST:
        page += on_day[max(due.start, DAY_RANKED_AT_MOST) : due.stop]  # the rest of a longer day, by time
    full_rows = {row["id"]: row for row in (page if in_full else _rows_by_id([row["id"] for row in page], columns))}
    rows = agenda_rows.Rows(day=day, show_owner=show_owner)
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


Days = tuple[dt.date | None, dt.date]  # [first, last): None for no first day


def volume_for(user: User, *, day: dt.date) -> Volume:
    week_start = day - dt.timedelta(days=day.weekday())
    month_start = day.replace(day=1)
    week_end = week_start + dt.timedelta(days=7)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    measures: dict[str, Days] = {
        "today": (None, day + dt.timedelta(days=1)),
        "overdue": (None, day),
        "week": (week_start, week_end),
        "month": (month_start, next_month),
    }
    # Nothing due later counts: bounded, a lead's count reads only that part of each member's index range.
    # Counted from the plans alone, less those of the few do-not-contact clients (open_planned_for leaves them
    # out): joining each of a team's tens of thousands of plans to its client was most of a lead's Today.
    counted = planned_touches_visible_to(user).filter(status=PlanStatus.OPEN)
    if counted.query.is_empty():
        return Volume(today=0, week=0, month=0)
    every = _counts_by_stretch(counted, measures)
    kept_away = counted.filter(
        due_date__lt=max(week_end, next_month), client__in=Client.objects.filter(do_not_contact=True).values("pk")
    ).aggregate(**{name: Count("id", filter=_within(days)) for name, days in measures.items()})
    return Volume(**{name: every[name] - kept_away[name] for name in measures})


def _within(days: Days) -> Q:
    first, last = days
    return Q(due_date__lt=last) if first is None else Q(due_date__gte=first, due_date__lt=last)


def _counts_by_stretch(plans: QuerySet[PlannedTouch], measures: dict[str, Days]) -> dict[str, int]:
    """How many plans each measure's days hold, counted in one statement as disjoint stretches of days, each
    the count of one index range. Counting a lead's team's 40,000 plans once, FILTERed by each measure (every
    row's date read and compared four times), took 15 ms on SQLite; this way 3 ms."""
    bounds = sorted({day for days in measures.values() for day in days if day is not None})
    stretches: list[Days] = [(None, bounds[0]), *pairwise(bounds)]
    # COUNT(*) reads no column (COUNT("id") decodes each row's id); a Func, not an aggregate: no GROUP BY.
    count = Func(template="COUNT(*)", output_field=IntegerField())
    subqueries = [Subquery(plans.filter(_within(days)).order_by().values(n=count)) for days in stretches]
    # Any one plan row to hang the counts on (no plan at all: nothing to count).
    counts = PlannedTouch.objects.values_list(*subqueries).order_by().first() or (0,) * len(stretches)
    return {
        name: sum(number or 0 for number, days in zip(counts, stretches, strict=True) if _inside(days, measure))
        for name, measure in measures.items()
    }


def _inside(days: Days, measure: Days) -> bool:
    (first, last), (measure_first, measure_last) = days, measure
    starts_inside = measure_first is None or (first is not None and first >= measure_first)
    return starts_inside and last <= measure_last


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
    rows = agenda_rows.Rows(day=start, show_owner=show_owner)
    plans: dict[dt.date, list[AgendaPlan]] = {day: [] for day in days}
    totals: dict[dt.date, int] = {}
    for row in shown.values(*agenda_rows.shown_columns(show_owner), "day_total"):
        plans[row["due_date"]].append(rows.plan(row))
        totals[row["due_date"]] = row["day_total"]
    loads = workload.summed(workload.scope_loads(user, first=start, days=7).values(), days)
    return [WeekDay(day, plans[day], totals.get(day, 0), load) for day, load in zip(days, loads, strict=True)]
