"""The backend: Django's PostgreSQL wrapper whose health check (CONN_HEALTH_CHECKS) rides on a request's first read.

Django checks a kept connection with its own SELECT 1 before a request's first statement: a round trip, 0.15 ms of
a 4 ms report (issue 12). Here a first statement that is a plain SELECT outside a transaction is sent at once, and
only if it fails on a connection that is gone is the connection opened again and the SELECT run once more: a
statement on a dropped connection never reached the database, and a read run twice changes nothing. Anything else
(a write, a transaction's statement, a server-side cursor) gets Django's check first, as before."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorDebugWrapper as DjangoCursorDebugWrapper
from django.db.backends.utils import CursorWrapper as DjangoCursorWrapper


def is_plain_read(sql: str) -> bool:
    """A SELECT (not a WITH, which may hold a write)."""
    return sql.lstrip()[:6].upper() == "SELECT"


class CheckedFirst(DjangoCursorWrapper):
    """A cursor whose first statement after a request's start carries the connection's health check."""

    db: DatabaseWrapper

    def execute(self, sql: Any, params: Any = None) -> Any:
        if not self.db.check_pending:
            return super().execute(sql, params)
        self.db.check_pending = False
        if self.db.in_atomic_block or not is_plain_read(sql):
            self._check()
            return super().execute(sql, params)
        try:
            return super().execute(sql, params)
        except (OperationalError, InterfaceError):
            if self.db.is_usable():
                raise  # the statement's own error
        self._reconnect()
        return super().execute(sql, params)

    def executemany(self, sql: Any, param_list: Any) -> Any:
        if self.db.check_pending:
            self.db.check_pending = False
            self._check()
        return super().executemany(sql, param_list)

    def _check(self) -> None:
        """Django's check: a connection that fails it is opened again before the statement."""
        if not self.db.is_usable():
            self._reconnect()

    def _reconnect(self) -> None:
        """A new connection and a cursor of it (inside a transaction the statement fails, as after Django's check)."""
        self.db.close()
        with self.db.wrap_database_errors:
            self.db.ensure_connection()
            self.cursor = self.db.create_cursor()


class CursorDebugWrapper(CheckedFirst, DjangoCursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    check_pending = False  # a kept connection not yet checked in this request

    def close_if_health_check_failed(self) -> None:
        enabled = self.health_check_enabled  # type: ignore[attr-defined]  # Django's, missing from the stubs
        if self.connection is None or not enabled or self.health_check_done or self.pool:  # type: ignore[has-type]
            return
        self.health_check_done = True
        self.check_pending = True

    def connect(self) -> None:
        super().connect()
        self.check_pending = False  # new connections are healthy

    def _cursor(self, name: str | None = None) -> Any:
        if name is not None and self.check_pending:  # a server-side cursor: checked before it is declared
            self.check_pending = False
            if not self.is_usable():
                self.close()
        return super()._cursor(name)  # type: ignore[misc]  # Django's, missing from the stubs

    def make_cursor(self, cursor: Any) -> CheckedFirst:
        return CheckedFirst(cursor, self)

    def make_debug_cursor(self, cursor: Any) -> CursorDebugWrapper:
        return CursorDebugWrapper(cursor, self)
