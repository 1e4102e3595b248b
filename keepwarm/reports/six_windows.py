"""Each client's SIX-2 contacts in several windows of days at once, from the counts kept by client and day
(reports.summary): the six report's largest read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter, sub

from django.core.exceptions import EmptyResultSet
from django.db import connection

from keepwarm.planner.reports import NOT_A_CONTACT
from keepwarm.reports import summary
from keepwarm.reports.models import ClientDay
from keepwarm.touches.choices import Outcome

# SIX-2's contacts: every outcome but those that are none (the touches' outcomes are their choices).
CONTACTS = tuple(outcome for outcome in Outcome.values if outcome not in NOT_A_CONTACT)


class Windows:
    """The contacts of the clients `pks` (in their order) in each window (first day, last day) asked for.

    The windows' bounds cut the days into segments. One statement gives, for each segment, the ids of the clients
    with kept counts in it (a UNION ALL of one aggregate a segment, each an index range: no comparison a kept count
    and window); Python counts them up to each bound, a column of all clients at a time, and a window's contacts
    are the difference of its two bounds' columns. Summed by the database a window a column, each kept count was
    compared with every window: most of the report's time."""

    def __init__(self, windows: Sequence[tuple[dt.date, dt.date]]) -> None:
        self.bounds = sorted({day for first, last in windows for day in (first, last + dt.timedelta(days=1))})
        self._before: list[tuple[int, ...]] = []

    def read(self, owners: list[int], pks: list[int]) -> None:
        """The counts of the days from the first bound on, by `owners` (the clients' owners), of `pks` only: the
        owners' other clients are not counted."""
        keys = [str(pk) for pk in pks]
        running = Counter(dict.fromkeys(keys, 0))  # the contacts before the bound reached, by id as text
        self._before = [_column(running, keys)]
        found = {segment: (ids, more) for segment, ids, more in self._segments(owners)}
        for segment in range(len(self.bounds) - 1):
            ids, more = found.get(segment, (None, None))
            if ids:
                running.update(ids.split(","))
            for extra in more.split(",") if more else ():  # a client and day with several touches
                client, touches = extra.split(":")
                running[client] += int(touches) - 1
            self._before.append(_column(running, keys))

    def contacts(self, first: dt.date, last: dt.date) -> list[int]:
        """Each client's contacts from `first` to `last`, both bounds of a window."""
        index = self.bounds.index
        return list(map(sub, self._before[index(last + dt.timedelta(days=1))], self._before[index(first)]))

    def _segments(self, owners: list[int]) -> list[tuple[int, str | None, str | None]]:
        """Per segment (its place), the ids of its kept counts' clients, and "id:touches" for the counts of more
        than one touch, each joined by commas."""
        summary.ensure_zone()
        # The kept counts as scope.clients_by_day reads them, without its range of days: each segment has its own.
        kept = ClientDay.objects.filter(outcome__in=CONTACTS, owner_id__in=owners, touches__gt=0)
        try:
            sql, params = kept.values_list("client_id", "day", "touches").query.sql_with_params()
        except EmptyResultSet:  # no owners
            return []
        ops = connection.ops
        branches, days = [], []
        ids, more = _joined("client_id"), _joined("CASE WHEN touches > 1 THEN client_id || ':' || touches END")
        for segment, (first, past) in enumerate(zip(self.bounds, self.bounds[1:], strict=False)):
            branches.append(f"SELECT {segment}, {ids}, {more} FROM kept WHERE day >= %s AND day < %s")
            days += [ops.adapt_datefield_value(first), ops.adapt_datefield_value(past)]
        # Not materialized: each branch reads its own range of the index, not a copy of every segment's counts.
        with connection.cursor() as cursor:
            cursor.execute(f"WITH kept AS NOT MATERIALIZED ({sql}) {' UNION ALL '.join(branches)}", [*params, *days])
            return cursor.fetchall()


def _column(counts: Counter[str], keys: list[str]) -> tuple[int, ...]:
    """The counts of `keys`, in their order, read in C (itemgetter): a column of 10,000 clients a bound."""
    if len(keys) == 1:  # itemgetter gives one key's value bare
        return (counts[keys[0]],)
    return itemgetter(*keys)(counts) if keys else ()


def _joined(expression: str) -> str:
    """The values of `expression` in a group, as text joined by commas (NULLs left out; no values: NULL)."""
    if connection.vendor == "postgresql":
        return f"string_agg(({expression})::text, ',')"
    return f"group_concat({expression})"
