"""A kept PostgreSQL connection that the server dropped between requests is replaced before the next request uses
it (CONN_HEALTH_CHECKS, core.postgresql): whether its first statement is a read (the check rides on it, issue 12)
or a write (Django's SELECT 1 first), and a healthy connection is kept without a SELECT 1 of its own."""

from __future__ import annotations

import os

import pytest
from django.db import close_old_connections, connection

from keepwarm.accounts.models import User

pytestmark = [
    pytest.mark.skipif(os.environ.get("KEEPWARM_DB") != "postgres", reason="PostgreSQL's connection handling"),
    pytest.mark.django_db(transaction=True),  # outside a test transaction, as a request runs
]


def _drop_the_connection() -> int:
    """The server ends this connection, as a restart or an idle timeout would; returns its backend's pid."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    killer = connection.copy()
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()
    return pid


def _a_request_starts() -> None:
    """What Django does at each request's start (request_started, which the test client holds back)."""
    close_old_connections()


def test_a_dropped_connection_is_replaced_for_a_requests_first_read(web, alice):
    browser = web(alice)
    assert browser.get("/api/me/").status_code == 200
    pid = _drop_the_connection()
    _a_request_starts()
    assert browser.get("/api/me/").status_code == 200  # the session's read, sent again on a new connection
    assert connection.connection.info.backend_pid != pid


def test_a_dropped_connection_is_replaced_before_a_requests_first_write(alice):
    pid = _drop_the_connection()
    _a_request_starts()
    assert User.objects.filter(pk=alice.pk).update(first_name="Alicia") == 1
    assert connection.connection.info.backend_pid != pid
    assert User.objects.get(pk=alice.pk).first_name == "Alicia"


def test_a_healthy_connection_is_not_checked_with_a_statement_of_its_own(alice, monkeypatch):
    checks: list[bool] = []
    is_usable = connection.is_usable

    def counted() -> bool:
        checks.append(is_usable())
        return checks[-1]

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    monkeypatch.setattr(connection, "is_usable", counted)
    _a_request_starts()
    assert User.objects.filter(pk=alice.pk).exists()
    assert checks == []  # Django's own check would have sent a SELECT 1 first
    assert connection.connection.info.backend_pid == pid
