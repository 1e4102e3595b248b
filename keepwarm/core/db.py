"""Database upkeep that PostgreSQL does by itself (autovacuum) but SQLite needs to be asked for, and the pacing
that lets background work share SQLite's single writer with requests."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet

T = TypeVar("T")


@dataclass(frozen=True)
class Pacing:
    """A background job keeps one write transaction at most `hold` seconds, then lets the writers that wait go
    first (`step_aside`); `pause` is its step back where it cannot see them (an in-memory database)."""

    hold: float
    pause: float
    polite: bool = False  # begins only while nobody else writes or waits to, instead of waiting beside requests


# SQLite lets one writer in at a time and a waiting writer does not queue: its busy handler sleeps and retries,
# up to 100 ms apart. A job that commits and begins again at once wins every retry and starves requests until
# their busy timeout ("database is locked"). So it holds the lock briefly, and begins again only when no writer
# holds the lock or says it waits for it (core.sqlite.writers), which bounds a request's wait to one turn of the job
# and costs the job nothing while nobody waits.
SQLITE_PACING = Pacing(hold=0.2, pause=0.15, polite=True)
# PostgreSQL locks rows: one item a transaction keeps each lock short, and nobody needs a pause.
ROW_LOCK_PACING = Pacing(hold=0.0, pause=0.0)
# Inside the caller's transaction the locks are held until it ends anyway; pausing would only hold them longer.
NESTED_PACING = Pacing(hold=math.inf, pause=0.0)
POLL = 0.01  # seconds between two looks at the writers who wait, or at a lock someone holds
GRACE = 0.05  # after the last writer seen waiting: its request's next statement usually comes within this


def background_pacing() -> Pacing:
    if connection.in_atomic_block:
        return NESTED_PACING
    return SQLITE_PACING if connection.vendor == "sqlite" else ROW_LOCK_PACING


def in_short_transactions(items: Iterable[T], work: Callable[[T], None]) -> None:
    """Calls `work` on every item (never None), a few items a transaction paced by `background_pacing`, so that
    requests writing meanwhile wait at most a few hundred milliseconds (a long job in one transaction blocks them)."""
    pacing = background_pacing()
    pending = iter(items)
    item = next(pending, None)
    first = True
    while item is not None:
        with background_transaction(pacing, after_another=not first):
            first = False
            deadline = time.monotonic() + pacing.hold
            while item is not None:
                work(item)
                item = next(pending, None)
                if time.monotonic() >= deadline:
                    break


@dataclass
class Held:
    """How long a background transaction ran, from its BEGIN to its COMMIT (its wait to begin not counted)."""

    started: float = 0.0
    seconds: float = 0.0

    def stop(self) -> None:
        self.seconds = time.monotonic() - self.started


@contextmanager
def background_transaction(pacing: Pacing | None = None, *, after_another: bool = True) -> Iterator[Held]:
    """A background job's write transaction (transaction.atomic); a polite job's begins after the writers that
    wait for SQLite's lock, and while nobody holds it. `after_another`: the job committed one just before. Yields
    its Held, whose seconds are set once it has committed."""
    pacing = pacing or background_pacing()
    held = Held()
    with ExitStack() as batch:
        batch.callback(held.stop)  # the last to run: after the commit
        _begin(batch, pacing, step_aside_first=after_another)
        held.started = time.monotonic()
        yield held


def step_aside(pacing: Pacing) -> None:
    """Lets the writers that wait for SQLite's lock go first: returns at once when none waits, else once none has
    been seen for GRACE. Where waiting writers cannot be seen (an in-memory database), steps back `pause` seconds."""
    if not pacing.polite:
        return
    intent = getattr(connection, "writer_intent", None)
    if intent is None:
        time.sleep(pacing.pause)
        return
    if not intent.others_waiting():
        return
    clear_since = None
    while clear_since is None or time.monotonic() - clear_since < GRACE:
        time.sleep(POLL)
        if intent.others_waiting():
            clear_since = None
        elif clear_since is None:
            clear_since = time.monotonic()


def _begin(batch: ExitStack, pacing: Pacing, *, step_aside_first: bool) -> None:
    """Enters the batch's transaction; a polite job begins only while nobody else holds SQLite's write lock or
    waits for it."""
    if not pacing.polite:
        batch.enter_context(transaction.atomic())
        return
    with sqlite_pragma("busy_timeout", 0):  # fail at once instead of out-polling the requests that wait for the lock
        while True:
            if step_aside_first:
                step_aside(pacing)
            step_aside_first = True
            try:
                batch.enter_context(transaction.atomic())
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
            if getattr(connection, "writer_intent", None) is not None:
                time.sleep(POLL)  # someone holds the lock: look again soon (without it, step_aside pauses)


@contextmanager
def sqlite_pragma(name: str, value: int) -> Iterator[None]:
    """An integer PRAGMA of this SQLite connection set for a while, then put back (connections are kept between
    requests, so a setting must not outlive its use)."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        (configured,) = cursor.fetchone()
        cursor.execute(f"PRAGMA {name} = {value:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {configured:d}")


def refresh_query_statistics() -> None:
    """Fresh statistics let SQLite start the agenda from the owner's clients, not from every open touch.

    Read in full (half a second at 100,000 clients and a million touches): sampled ones counted a fifth of an
    owner's clients, and SQLite sorted a lead's whole team for the client list's first page (issue 15)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=0")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def plain_rows(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """Rows of plain values as the database gives them, for reports that read thousands of numbers: Django's
    converter for each value of each row (the annotations' int(), the flags' bool(), the moments' zone) cost a
    third of the six report's Python time and most of the deals report's. A query that can match nothing (the
    owners of a team with no members) has no SQL: Django would not run it either."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
