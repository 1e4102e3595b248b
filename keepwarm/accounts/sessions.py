"""Database sessions (Django's, on `accounts.Session`) whose read brings the signed-in user with it: one plain
statement joins the session to its user's row, so a signed-in request pays one round trip for both, not two
(issue 12: on PostgreSQL a round trip is ~0.3 ms of a 3 ms report, more on a busy machine). Building the same read
through the ORM cost most of its time (~0.35 ms of ~0.4 ms). Writes stay Django's, with the user's id kept in its
column; Django still verifies the session against the user (its hash), as before."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import auth
from django.contrib.auth import middleware
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from keepwarm.accounts.backends import offered, user_columns, user_from_row
from keepwarm.accounts.models import Session


class SessionStore(db.SessionStore):
    signed_in: Model | None = None  # the user whose id the session's column holds, read with it

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = super().create_model_instance(data)
        assert isinstance(session, Session)
        user_id = data.get(auth.SESSION_KEY)
        session.user_id = int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None
        return session

    def load(self) -> dict[str, Any]:
        row = self._stored_row() if self.session_key else None
        if row is None:
            self._session_key = None  # as Django's: a missing or expired session starts afresh
            return {}
        alias = router.db_for_read(Session)
        self.signed_in = None if row[1] is None else user_from_row(alias, row[1:])
        return self.decode(str(row[0]))

    def _stored_row(self) -> tuple[Any, ...] | None:
        alias = router.db_for_read(Session)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM writes expire_date
        with connection.cursor() as cursor:
            cursor.execute(_read(alias), [self.session_key, now])
            return cursor.fetchone()


@cache
def _read(alias: str) -> str:
    """The session's data and its user's columns (NULL without a signed-in user, or for a session written before
    the column existed: the backend then reads the user by itself)."""
    quote = connections[alias].ops.quote_name
    meta = auth.get_user_model()._meta
    users = quote(meta.db_table)
    return (
        f"SELECT s.{quote('session_data')}, {user_columns(alias, users)} FROM {quote(Session._meta.db_table)} s "
        f"LEFT JOIN {users} ON {users}.{quote(str(meta.pk.column))} = s.{quote('user_id')} "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )


def get_user(request: HttpRequest) -> Any:
    """Django's `auth.get_user` (and its checks of the session's hash), offered the user read with the session."""
    if not hasattr(request, "_cached_user"):
        session = request.session

        def read_with_session() -> Model | None:
            return session.signed_in if isinstance(session, SessionStore) else None

        with offered(read_with_session):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with `request.user` read by `get_user` above."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))  # type: ignore[assignment]
