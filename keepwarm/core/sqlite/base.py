"""The backend: Django's SQLite wrapper whose cursors announce the statements that may wait for the write lock."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.backends.sqlite3 import base

from keepwarm.core.sqlite.writers import WriterIntent


class CursorWrapper(base.SQLiteCursorWrapper):
    """Outside a transaction anything but a SELECT may wait for the write lock: a BEGIN (IMMEDIATE, see the settings)
    or an autocommit write. Inside one the lock is already held (or never needed, for reads in WAL mode)."""

    intent: WriterIntent | None = None

    def _may_wait(self, query: str) -> bool:
        return self.intent is not None and not self.connection.in_transaction and not query.startswith("SELECT")

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
    writer_intent: WriterIntent | None = None  # None for an in-memory database (tests): no other process shares it

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        # Per connection: the test runner points the wrapper at another database before connecting again.
        self.writer_intent = None if self.is_in_memory_db() else WriterIntent(f"{self.settings_dict['NAME']}-writers")
        return super().get_new_connection(conn_params)

    def create_cursor(self, name: str | None = None) -> CursorWrapper:
        cursor = self.connection.cursor(factory=CursorWrapper)
        cursor.intent = self.writer_intent
        return cursor
