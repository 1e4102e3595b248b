"""The six report's counting (SIX-2, POST-4): each active client judged at both periods' ends, and SIX-2's totals
per owner at each month end of the period (the trend), from three reads."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Sequence
from itertools import groupby
from operator import ge, sub
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.expressions import RawSQL

from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order
from keepwarm.core.db import plain_rows
from keepwarm.planner.reports import six_steps
from keepwarm.reports.scope import Period, Scope
from keepwarm.reports.six_windows import Windows

BELOW_SHOWN = 100
# Per owner, SIX-2's [clients counted, of them with their contacts].
Totals = dict[int, list[int]]
# A client below its contacts: (contacts - needed, id, contacts, owner), so that the furthest below sort first.
Below = tuple[int, int, int, int]


class Judged(NamedTuple):
    """SIX-2 and POST-4 at a period's end: SIX-2's totals per owner, the BELOW_SHOWN clients furthest below their
    contacts (then by id), and how many clients are passive."""

    totals: Totals
    below: list[Below]
    passive: int


class Counted(NamedTuple):
    """`six_counts`' answer: both periods' ends judged, and for each month end of the period (`month_ends`) SIX-2's
    totals per owner of the clients that existed then."""

    both: tuple[Judged, Judged]
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
    (`rank_sql`), the answers are looked up by it (`needed[day][rank]`, `idle[end][rank]`)."""

    def __init__(self, days: Sequence[dt.date], settled: Sequence[dt.datetime], target: int) -> None:
        steps = [(Period(day, day).bounds()[1], six_steps(day, target)) for day in days]
        moments = {moment for end, day_steps in steps for moment in (end, *(at for at, _count in day_steps))}
        self.bounds = sorted(moments | set(settled))
        self.never = len(self.bounds) + 1  # a rank past them all: needs no contacts on any day
        place = {moment: index for index, moment in enumerate(self.bounds)}
        # Entered before a moment exactly when the rank (the bounds at or before the entry) is at most its place.
        self.needed = [
            [*_needed(self.never, place[end], [place[at] for at, _n in day_steps], [n for _at, n in day_steps]), 0]
            for end, day_steps in steps
        ]
        # POST-4 judges the clients SIX-2 judges that day (needed) if they entered before the recent days.
        self.idle = [
            [bool(needed[rank]) and rank <= place[moment] for rank in range(self.never)]
            for moment, needed in zip(settled, self.needed, strict=False)  # the ends come first in `days`
        ]

    def rank_sql(self) -> RawSQL:
        ops = connection.ops
        column = f"{ops.quote_name(Client._meta.db_table)}.{ops.quote_name('created_at')}"
        return _rank(column, [ops.adapt_datetimefield_value(moment) for moment in self.bounds])


def _needed(ranks: int, end: int, befores: list[int], counts: list[int]) -> list[int]:
    """`six_steps`' CASE for each rank below `ranks`: 0 for a client not entered by the day's end (`end`'s place),
    else the count of the first step whose moment it entered before (their places come smallest first: a
    bisection), else 1."""
    needed = []
    for rank in range(ranks):
        step = bisect.bisect_left(befores, rank)
        needed.append(0 if rank > end else counts[step] if step < len(counts) else 1)
    return needed


def six_counts(scope: Scope, period: Period, target: int, passive_days: int) -> Counted:
    """Two reads for both ends and the month ends: the active clients that existed at the period's end, each with
    its entry's rank (`_Entries`) and whether it bought in each end's recent days; and their contacts in every
    window, from the counts kept by client and day (`Windows`). Each end judged (`Judged`) by POST-4's and SIX-2's
    rules as `six.six_clients` judges them in the database for the drill-down, and the month ends' totals per owner
    by SIX-2; a column of all clients at a time, no row a client."""
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
    windows = Windows([*years, *recents, *trend])
    active = scope.clients.filter(created_at__lt=period.bounds()[1], category__in=ACTIVE_CATEGORIES)
    # POST-4's purchases in each end's recent days, a probe of the orders' index a client: a read of the orders of
    # the clients in scope would scan those clients a second time.
    bought = {
        f"bought_{index}": Exists(
            Order.objects.filter(client=OuterRef("pk"), ordered_on__gt=since, ordered_on__lte=each.end)
        )
        for index, (each, since) in enumerate(ends)
    }
    columns = ("pk", "owner_id", "do_not_contact", "entry", *bought)
    clients = plain_rows(active.annotate(entry=entries.rank_sql(), **bought).order_by("owner_id").values_list(*columns))
    pks, owners, unreachable, ranks, *purchased = (
        [list(values) for values in zip(*clients, strict=True)] if clients else [[] for _column in columns]
    )
    windows.read(scope.owners, pks)
    # SIX-2 leaves out the clients not to be contacted: they need no contacts, so none is counted.
    counted_ranks = [entries.never if dnc else rank for dnc, rank in zip(unreachable, ranks, strict=True)]
    spans = _spans(owners)
    both = []
    for index in range(len(ends)):
        wanted = list(map(entries.needed[index].__getitem__, counted_ranks))
        year, recent = windows.contacts(*years[index]), windows.contacts(*recents[index])
        idle = entries.idle[index]
        passive = sum(
            1
            for rank, lately, bought_then in zip(ranks, recent, purchased[index], strict=True)
            if idle[rank] and not lately and not bought_then
        )
        both.append(Judged(_totals(spans, year, wanted), _below(pks, owners, year, wanted), passive))
    totals = [
        _totals(spans, windows.contacts(*window), list(map(needed.__getitem__, counted_ranks)))
        for window, needed in zip(trend, entries.needed[len(ends) :], strict=True)
    ]
    return Counted((both[0], both[1]), list(zip(months, totals, strict=True)))


def _spans(owners: list[int]) -> list[tuple[int, int, int]]:
    """Each owner's run (owner, first, past the last) among the clients, which come ordered by owner."""
    spans, first = [], 0
    for owner, run in groupby(owners):
        past = first + sum(1 for _client in run)
        spans.append((owner, first, past))
        first = past
    return spans


def _totals(spans: list[tuple[int, int, int]], year: list[int], wanted: list[int]) -> Totals:
    """SIX-2's totals per owner on a day, a column of clients at a time: those who need no contacts (not entered
    yet, not to be contacted) are not counted, and an owner with none counted has no totals."""
    totals: Totals = {}
    for owner, first, past in spans:
        part = wanted[first:past]
        none = part.count(0)
        if none < len(part):
            totals[owner] = [len(part) - none, sum(map(ge, year[first:past], part)) - none]
    return totals


def _below(pks: list[int], owners: list[int], year: list[int], wanted: list[int]) -> list[Below]:
    """The BELOW_SHOWN clients furthest below their contacts, then by id. Only those at least as far below as the
    BELOW_SHOWN-th are made rows: in a team that keeps few contacts, most of its clients are below."""
    gaps = list(map(sub, year, wanted))
    furthest = heapq.nsmallest(BELOW_SHOWN, gaps)
    limit = min(furthest[-1], -1) if len(furthest) == BELOW_SHOWN else -1
    return heapq.nsmallest(
        BELOW_SHOWN,
        (
            (gap, pk, count, owner)
            for gap, pk, count, owner in zip(gaps, pks, year, owners, strict=True)
            if gap <= limit
        ),
    )


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
