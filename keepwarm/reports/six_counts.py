"""The six report's reads (SIX-2, POST-4): each active client's contacts in every window the report asks about,
both periods' years and recent days and each month end's year, from one read of the kept counts by client and day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from operator import add, ge, sub
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order
from keepwarm.planner.reports import NOT_A_CONTACT, six_steps
from keepwarm.reports.models import ClientDay
from keepwarm.reports.scope import Period, Scope, clients_by_day
from keepwarm.touches.choices import Outcome

# SIX-2's contacts: every outcome but those that are none (the touches' outcomes are their choices).
CONTACTS = tuple(outcome for outcome in Outcome.values if outcome not in NOT_A_CONTACT)
# A client as counted: id, owner, do not contact, contacts in the year, contacts needed, passive (POST-4).
Row = tuple[int, int, bool, int, int, Any]
# Per owner, SIX-2's [clients counted, of them with their contacts].
Totals = dict[int, list[int]]


class Counted(NamedTuple):
    """`six_counts`' answer: the rows at both periods' ends, and for each month end of the period (`month_ends`)
    SIX-2's totals per owner of the clients that existed then, as the rows would count them."""

    both: tuple[list[Row], list[Row]]
    months: list[tuple[dt.date, Totals]]


def month_ends(period: Period) -> list[dt.date]:
    """The last day of each month the period touches, the period's own end for its last month."""
    ends = []
    day = period.start
    while day <= period.end:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        ends.append(min(following - dt.timedelta(days=1), period.end))
        day = following
    return ends


class _Entries:
    """SIX-2's `needed` on each day the report judges, and POST-4's "entered before the recent days", as functions
    of a client's entry moment. Each is a test "entered before a day's start" (`six_steps`, the day's end, the recent
    days' start), so the entry's rank among those moments decides them all: the database gives the rank
    (`rank_sql`), the answers are looked up by it (`needed[day][rank]`, `settled[end][rank]`)."""

    def __init__(self, days: Sequence[dt.date], settled: Sequence[dt.datetime], target: int) -> None:
        steps = [(Period(day, day).bounds()[1], six_steps(day, target)) for day in days]
        moments = {moment for end, day_steps in steps for moment in (end, *(at for at, _count in day_steps))}
        self.bounds = sorted(moments | set(settled))
        self.never = len(self.bounds) + 1  # a rank past them all: needs no contacts on any day
        place = {moment: index for index, moment in enumerate(self.bounds)}
        ranks = range(self.never)
        # Entered before a moment exactly when the rank (the bounds at or before the entry) is at most its place.
        self.needed = [
            [_needed(rank, place[end], [(place[at], count) for at, count in day_steps]) for rank in ranks] + [0]
            for end, day_steps in steps
        ]
        self.settled = [[rank <= place[moment] for rank in ranks] for moment in settled]

    def rank_sql(self) -> RawSQL:
        ops = connection.ops
        column = f"{ops.quote_name(Client._meta.db_table)}.{ops.quote_name('created_at')}"
        return _rank(column, [ops.adapt_datetimefield_value(moment) for moment in self.bounds])


def _needed(rank: int, end: int, steps: list[tuple[int, int]]) -> int:
    """`six_steps`' CASE on the rank: 0 for a client not entered by the day's end, the first step whose moment it
    entered before, else 1."""
    if rank > end:
        return 0
    return next((needed for before, needed in steps if rank <= before), 1)


def six_counts(scope: Scope, period: Period, target: int, passive_days: int) -> Counted:
    """Three reads for both ends and the month ends: the active clients that existed at the period's end, each with
    its entry's rank (`_Entries`); their kept contact counts by client and day (reports.summary), each day with its
    segment between the windows' bounds (`_Windows`); and their purchases. A row per client (id, owner, do not
    contact, contacts, needed, passive) by POST-4's rule, as `six.six_clients` counts them in the database for the
    drill-down; the month ends' totals per owner by SIX-2."""
    ends = [(each, each.end - dt.timedelta(days=passive_days)) for each in (period, period.previous())]
    months = month_ends(period)
    entries = _Entries(
        [each.end for each, _since in ends] + months,
        [Period(since + dt.timedelta(days=1), each.end).bounds()[0] for each, since in ends],
        target,
    )
    years = [(each.end - dt.timedelta(days=364), each.end) for each, _since in ends]
    recents = [(since + dt.timedelta(days=1), each.end) for each, since in ends]
    trend = [(end - dt.timedelta(days=364), end) for end in months]
    windows = _Windows([*years, *recents, *trend])
    active = scope.clients.filter(created_at__lt=period.bounds()[1], category__in=ACTIVE_CATEGORIES)
    entry = entries.rank_sql()
    clients = _plain(
        active.annotate(entry=entry).order_by("owner_id").values_list("pk", "owner_id", "do_not_contact", "entry")
    )
    pks, owners, unreachable, ranks = (
        (list(values) for values in zip(*clients, strict=True)) if clients else ([], [], [], [])
    )
    days = clients_by_day(scope, Period(windows.first, period.end), *CONTACTS).annotate(segment=windows.segment_sql())
    windows.add(_plain(days.values_list("client_id", "segment", "touches")), pks)
    bought: dict[int, list[dt.date]] = {}
    purchases = Order.objects.filter(
        client__in=active.values("pk"), ordered_on__gt=min(since for _each, since in ends), ordered_on__lte=period.end
    )
    for client_id, day in purchases.values_list("client_id", "ordered_on"):
        bought.setdefault(client_id, []).append(day)
    both: tuple[list[Row], list[Row]] = ([], [])
    for index, (each, since) in enumerate(ends):
        needed, settled = entries.needed[index], entries.settled[index]
        year, recent = windows.contacts(*years[index]), windows.contacts(*recents[index])
        for pk, owner, dnc, rank, count, lately in zip(pks, owners, unreachable, ranks, year, recent, strict=True):
            if needed[rank]:
                idle = settled[rank] and not lately and not _bought(bought.get(pk), since, each.end)
                both[index].append((pk, owner, dnc, count, needed[rank], idle))
    # SIX-2 leaves out the clients not to be contacted: in the trend they need no contacts, so none is counted.
    counted_ranks = [entries.never if dnc else rank for dnc, rank in zip(unreachable, ranks, strict=True)]
    spans = _spans(owners)
    totals = [
        _month(spans, windows.contacts(*window), needed, counted_ranks)
        for window, needed in zip(trend, entries.needed[len(ends) :], strict=True)
    ]
    return Counted(both, list(zip(months, totals, strict=True)))


def _spans(owners: list[int]) -> list[tuple[int, int, int]]:
    """Each owner's run (owner, first, past the last) among the clients, which come ordered by owner."""
    spans, first = [], 0
    for owner, run in groupby(owners):
        past = first + sum(1 for _client in run)
        spans.append((owner, first, past))
        first = past
    return spans


def _month(spans: list[tuple[int, int, int]], year: list[int], needed: list[int], ranks: list[int]) -> Totals:
    """SIX-2's totals per owner at a month end, a column of clients at a time: each client's needed count by its
    rank; those who need none (not entered yet, not to be contacted) are not counted, and an owner with none
    counted has no totals."""
    wanted = list(map(needed.__getitem__, ranks))
    totals: Totals = {}
    for owner, first, past in spans:
        part = wanted[first:past]
        none = part.count(0)
        if none < len(part):
            totals[owner] = [len(part) - none, sum(map(ge, year[first:past], part)) - none]
    return totals


class _Windows:
    """Each client's contacts in each window (first day, last day). The windows' bounds cut the days into a few
    segments; the read of the kept counts gives each count's segment (`segment_sql`), `add` sums them per client
    and segment, and a window's contacts are then the differences of two running sums, a column of all clients at
    a time. A sum a window in SQL cost a comparison a kept count and window: most of this report's time."""

    def __init__(self, windows: list[tuple[dt.date, dt.date]]) -> None:
        self.bounds = sorted({day for first, last in windows for day in (first, last + dt.timedelta(days=1))})
        self.first = self.bounds[0]
        self.before: list[list[int]] = []

    def segment_sql(self) -> RawSQL:
        """A day's segment: how many bounds after the first are at or before it."""
        ops = connection.ops
        column = f"{ops.quote_name(ClientDay._meta.db_table)}.{ops.quote_name('day')}"
        return _rank(column, [ops.adapt_datefield_value(day) for day in self.bounds[1:-1]])

    def add(self, rows: list[tuple[Any, ...]], pks: list[int]) -> None:
        """The kept counts (client, segment, touches) of the clients `pks`, in their order; others (not active) are
        left out."""
        place = dict(zip(pks, range(len(pks)), strict=True))
        segments = [[0] * len(pks) for _bound in self.bounds[1:]]
        for client_id, segment, touches in rows:
            at = place.get(client_id)
            if at is not None:
                segments[segment][at] += touches
        self.before = [[0] * len(pks)]  # per bound, each client's contacts on the days before it
        for segment in segments:
            self.before.append(list(map(add, self.before[-1], segment)))

    def contacts(self, first: dt.date, last: dt.date) -> list[int]:
        """Each client's contacts from `first` to `last`, both bounds of a window."""
        index = self.bounds.index
        return list(map(sub, self.before[index(last + dt.timedelta(days=1))], self.before[index(first)]))


def _rank(column: str, bounds: list[Any]) -> RawSQL:
    """How many of the sorted `bounds` are at or before the column's value, as a binary search of CASEs: a few
    comparisons a row, where a CASE a bound would cost one each. Plain SQL: built by the ORM, such expressions took
    longer to build than the database took to run them."""

    def search(low: int, high: int) -> tuple[str, list[Any]]:
        if low == high:
            return str(low), []
        middle = (low + high + 1) // 2
        below, below_params = search(low, middle - 1)
        above, above_params = search(middle, high)
        return f"CASE WHEN {column} < %s THEN {below} ELSE {above} END", [bounds[middle - 1], *below_params,
                                                                            *above_params]  # fmt: skip

    sql, params = search(0, len(bounds))
    return RawSQL(sql, params, output_field=IntegerField())


def _plain(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """Rows of plain numbers as the database gives them: Django's converter for each value of each row (the
    annotations' int(), the flags' bool()) were a third of this report's Python time on 10,000 clients. A query that
    can match nothing (the owners of a team with no members) has no SQL: Django would not run it either."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _bought(days: list[dt.date] | None, since: dt.date, last: dt.date) -> bool:
    return any(since < day <= last for day in days or ())
