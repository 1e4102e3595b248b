"""Database sessions (Django's), each request's read done with one plain statement (issue 15): building the same
ORM query on every signed-in request cost ~0.35 ms of the ~0.4 ms the read took. Writes stay Django's."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        data = self._stored_data() if self.session_key else None
        if data is None:
            self._session_key = None  # as Django's: a missing or expired session starts afresh
            return {}
        return self.decode(data)

    def _stored_data(self) -> str | None:
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM writes expire_date
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        return None if row is None else str(row[0])
