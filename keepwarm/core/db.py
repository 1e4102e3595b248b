"""Database upkeep that PostgreSQL does by itself (autovacuum) but SQLite needs to be asked for, and the pacing
that lets background work share SQLite's single writer with requests."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TypeVar

from django.db import OperationalError, connection, transaction

T = TypeVar("T")


@dataclass(frozen=True)
class Pacing:
    """A background job keeps one write transaction at most `hold` seconds, then leaves the database to
    others for at least `pause` seconds."""

    hold: float
    pause: float
    polite: bool = False  # begins only while nobody else writes, instead of waiting beside requests


# SQLite lets one writer in at a time and a waiting writer does not queue: its busy handler sleeps and retries,
# up to 100 ms apart. A job that commits and begins again at once wins every retry and starves requests until
# their busy timeout ("database is locked"). So it holds the lock briefly, steps back for longer than one retry,
# and begins again only when no request writes, which bounds a request's wait to a few hundred milliseconds.
SQLITE_PACING = Pacing(hold=0.2, pause=0.15, polite=True)
# PostgreSQL locks rows: one item a transaction keeps each lock short, and nobody needs a pause.
ROW_LOCK_PACING = Pacing(hold=0.0, pause=0.0)
# Inside the caller's transaction the locks are held until it ends anyway; pausing would only hold them longer.
NESTED_PACING = Pacing(hold=math.inf, pause=0.0)


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
    while item is not None:
        with ExitStack() as batch:
            _begin(batch, pacing)
            deadline = time.monotonic() + pacing.hold
            while item is not None:
                work(item)
                item = next(pending, None)
                if time.monotonic() >= deadline:
                    break
        if item is not None and pacing.pause:
            time.sleep(pacing.pause)


def _begin(batch: ExitStack, pacing: Pacing) -> None:
    """Enters the batch's transaction; a polite job begins only while nobody else holds SQLite's write lock."""
    if not pacing.polite:
        batch.enter_context(transaction.atomic())
        return
    with sqlite_pragma("busy_timeout", 0):  # fail at once instead of out-polling the requests that wait for the lock
        while True:
            try:
                batch.enter_context(transaction.atomic())
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
            time.sleep(pacing.pause)


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
