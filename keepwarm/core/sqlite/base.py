"""The backend: Django's SQLite wrapper whose cursors announce the statements that may wait for the write lock."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.backends.sqlite3 import base

from keepwarm.core.sqlite.writers import WriterIntent, writer_intent

READS = ("SELECT", "PRAGMA", "EXPLAIN", "VALUES")  # what a statement starting so does never takes the write lock
WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b")


def writes(query: str) -> bool:
    """Whether the statement may take the write lock: a BEGIN (IMMEDIATE, see the settings), DDL, or a write, also
    one after a WITH. A read that names a write in a string only costs an announcement it did not need."""
    head = query.lstrip().upper()
    if head.startswith("WITH"):
        return WRITES.search(head) is not None
    return not head.startswith(READS)


class CursorWrapper(base.SQLiteCursorWrapper):
    """Outside a transaction any write may wait for the write lock: a BEGIN or an autocommit write. Inside one the
    lock is already held (or never needed, for reads in WAL mode)."""

    intent: WriterIntent | None = None

    def _may_wait(self, query: str) -> bool:
        return self.intent is not None and not self.connection.in_transaction and writes(query)

    def execute(self, query: str, params: Any = None) -> Any:
        if not self._may_wait(query):
            return super().execute(query, params)
        assert self.intent is not None
        with self.intent.waiting():
            return super().execute(query, params)

    def executemany(self, query: str, param_list: Iterable[Any]) -> Any:
        if not self._may_wait(query):
            return super().executemany(query, param_list)
        assert self.intent is not None
        with self.intent.waiting():
            return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    # None for an in-memory database (tests): no other process shares it; None where flock is missing (writers.py)
    writer_intent: WriterIntent | None = None

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        # Per connection: the test runner points the wrapper at another database before connecting again.
        new = super().get_new_connection(conn_params)  # first: the file beside it takes the database's permissions
        self.writer_intent = None if self.is_in_memory_db() else writer_intent(f"{self.settings_dict['NAME']}-writers")
        return new

    def create_cursor(self, name: str | None = None) -> CursorWrapper:
        cursor = self.connection.cursor(factory=CursorWrapper)
        cursor.intent = self.writer_intent
        return cursor
