"""Sessions (accounts.sessions) keep Django's rules while a request reads its session and its signed-in user in one
statement (issue 12): a signed-in session is found, an expired or unknown one is not, a session whose user changed
its password or signed out everywhere is ended, and sessions from before the user's column keep working."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.accounts.models import Session, User
from keepwarm.accounts.services import user_sign_out_everywhere

pytestmark = pytest.mark.django_db


def test_a_signed_in_session_is_read_and_an_expired_or_unknown_one_is_not(web, alice, client):
    browser = web(alice)
    assert browser.get("/clients/").status_code == 200
    key = browser.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert browser.get("/clients/").status_code == 302  # to the sign-in page
    client.cookies["sessionid"] = "x" * 32  # no such session
    assert client.get("/clients/").status_code == 302


def test_sign_in_through_the_form_writes_a_session_with_its_user_that_later_requests_read(client, alice):
    alice.set_password("pw-123456789-long")
    alice.save(update_fields=["password"])
    page = client.get("/login/")
    assert page.status_code == 200
    signed_in = client.post("/login/", {"username": "alice", "password": "pw-123456789-long"})
    assert signed_in.status_code == 302
    assert list(Session.objects.values_list("user_id", flat=True)) == [alice.pk]
    assert client.get("/clients/").status_code == 200
    client.post("/logout/")
    assert not Session.objects.exists()


def test_the_session_and_its_user_are_read_in_one_statement(web, lena):
    client = web(lena)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "lena"
    users = User._meta.db_table
    reads = [query["sql"] for query in captured if users in query["sql"] or Session._meta.db_table in query["sql"]]
    assert len(reads) == 1, reads
    assert Session._meta.db_table in reads[0]
    assert users in reads[0]


def test_a_session_ends_when_its_user_signs_out_everywhere_or_changes_the_password(web, alice, bob):
    for user, change in ((alice, "everywhere"), (bob, "password")):
        client = web(user)
        assert client.get("/api/me/").status_code == 200
        if change == "everywhere":
            user_sign_out_everywhere(user=user)
        else:
            user.set_password("another-long-password-1")
            user.save(update_fields=["password"])
        assert client.get("/api/me/").status_code in (401, 403)
        assert client.get("/clients/").status_code == 302


def test_a_session_without_its_user_column_still_signs_in(web, alice):
    """Sessions moved from before the column (or written by Django's store) name their user only in their data."""
    client = web(alice)
    Session.objects.update(user=None)
    response = client.get("/api/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_keeps_live_sessions_signed_in_with_their_user(alice):
    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor

    executor = migrate([("accounts", "0003_user_daily_capacity")])
    try:
        live = DjangoSessionStore()
        live[SESSION_KEY] = str(alice.pk)
        live.create()
        expired = DjangoSessionStore()
        expired[SESSION_KEY] = str(alice.pk)
        expired.set_expiry(-1)
        expired.create()
        anonymous = DjangoSessionStore()
        anonymous["seen"] = 1
        anonymous.create()
        migrate([("accounts", "0004_sessions_with_their_user")])
    finally:
        migrate(executor.loader.graph.leaf_nodes())
    moved = dict(Session.objects.values_list("session_key", "user_id"))
    assert moved == {live.session_key: alice.pk, anonymous.session_key: None}
