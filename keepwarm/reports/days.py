"""Days in SQL as the reports count them: a timestamp's day in the server's zone (`local_day`, native on SQLite
across clock changes) and the days between two timestamps (`DaysBetween`, `whole_days`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Case, DateField, F, FloatField, Func, IntegerField, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Cast, Floor, TruncDate

from keepwarm.reports.scope import Period, report_zone


def local_day(field: str, period: Period) -> Expression:
    """The day a timestamp falls on in the server's time zone, for grouping or comparing rows of the period.

    SQLite's TruncDate calls a Python function for every row (a third of an activity report's time); its own
    date() with the zone's UTC offset as a modifier is native. Each stretch of the period with one offset gets its
    date(field, '+N seconds'), chosen by a CASE over the offset changes (DST) inside the period."""
    if connection.vendor != "sqlite":
        return TruncDate(field, tzinfo=report_zone())
    changes = _offset_changes(period)
    if changes is None:
        return TruncDate(field, tzinfo=report_zone())
    first, rest = changes
    if not rest:
        return _sqlite_date(field, first)
    whens, before = [], first
    for at, offset in rest:
        whens.append(When(**{f"{field}__lt": at}, then=_sqlite_date(field, before)))
        before = offset
    return Case(*whens, default=_sqlite_date(field, before), output_field=DateField())


def _sqlite_date(field: str, offset: int) -> Func:
    return Func(F(field), Value(f"{offset:+d} seconds"), function="date", output_field=DateField())


def _offset_changes(period: Period) -> tuple[int, list[tuple[dt.datetime, int]]] | None:
    """The UTC offset (seconds) at the period's start and each (instant, new offset) change inside it, found day by
    day and then to the minute; None when a change is not on a whole minute (then TruncDate is used)."""
    tz = report_zone()

    def offset(moment: dt.datetime) -> int:
        delta = moment.astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    start, end = (moment.astimezone(dt.UTC) for moment in period.bounds())
    first = current = offset(start)
    changes: list[tuple[dt.datetime, int]] = []
    day = start
    while day < end:
        following = min(day + dt.timedelta(days=1), end)
        if offset(following) != current:
            low, high = day, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            at = low.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
            if offset(at) == current or offset(at - dt.timedelta(microseconds=1)) != current:
                return None
            current = offset(at)
            changes.append((at, current))
        day = following
    return first, changes


class DaysBetween(Func):
    """Days, with their fraction, from the second timestamp to the first, computed by the database so that a
    report groups by it instead of reading every pair of timestamps into Python. SQLite's julianday() keeps
    milliseconds: the difference is rounded to them, so that whole days stay whole despite the doubles."""

    arity = 2
    output_field = FloatField()
    template = "(EXTRACT(EPOCH FROM (%(expressions)s))::float / 86400)"  # PostgreSQL
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(ROUND((JULIANDAY(%(expressions)s)) * 86400000) / 86400000.0)"
        return super().as_sql(compiler, connection, template=template, arg_joiner=") - JULIANDAY(", **extra)


def whole_days(later: Any, earlier: Any) -> Expression:
    """Whole days from `earlier` to `later`, rounded down like `timedelta.days`."""
    return Cast(Floor(DaysBetween(later, earlier)), IntegerField())
