"""Sign-in lockout on the web login and the token endpoint: by username, by address, a cool-down that grows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


def web_login(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def token_login(api, username, password, address="10.0.0.1", fmt=None):
    data = {"username": username, "password": password}
    return api.post("/api/auth/token/", data, format=fmt, REMOTE_ADDR=address)


def fail_web(client, username, times, address=None):
    for n in range(times):
        answer = web_login(client, username, "wrong", address or f"10.1.0.{n}")
        assert answer.status_code in (200, 429)


def test_five_wrong_passwords_lock_the_username_even_from_new_addresses(client, alice):
    fail_web(client, "alice", 5)
    answer = web_login(client, "alice", PASSWORD, "10.9.9.9")
    assert answer.status_code == 429
    assert "_auth_user_id" not in client.session
    text = answer.content.decode()
    assert "Too many failed sign-ins" in text
    assert "Try again in 15 minutes" in text
    assert answer["Retry-After"] == str(15 * 60)


def test_thirty_wrong_passwords_are_not_followed_by_a_successful_login(client, alice):
    fail_web(client, "alice", 30)
    assert web_login(client, "alice", PASSWORD).status_code == 429


def test_four_failures_leave_the_right_password_working(client, alice):
    fail_web(client, "alice", 4)
    answer = web_login(client, "alice", PASSWORD)
    assert answer.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_failures_older_than_the_window_do_not_count(client, alice):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_web(client, "alice", 4)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        fail_web(client, "alice", 1)
        assert web_login(client, "alice", PASSWORD).status_code == 302


def test_five_failures_from_one_address_lock_that_address_for_every_username(client, alice, bob):
    for username in ["ghost", "nobody", "bob", "root", "admin"]:
        web_login(client, username, "wrong", "10.2.2.2")
    assert web_login(client, "alice", PASSWORD, "10.2.2.2").status_code == 429
    assert web_login(client, "alice", PASSWORD, "10.3.3.3").status_code == 302


def test_the_cool_down_grows_with_each_further_batch_of_failures(client, alice, bob):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail_web(client, "alice", 5)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        fail_web(client, "alice", 5)  # the first lock is over; five more lock again, for twice as long
        answer = web_login(client, "alice", PASSWORD)
        assert answer.status_code == 429
        assert answer["Retry-After"] == str(30 * 60)
    with time_machine.travel(start + dt.timedelta(minutes=16 + 20), tick=False):
        web_login(client, "bob", "wrong", "10.8.8.8")  # someone else's shorter cool-down does not shorten hers
        assert web_login(client, "alice", PASSWORD, "10.8.8.9").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16 + 20 + 31), tick=False):
        assert web_login(client, "alice", PASSWORD).status_code == 302


def test_the_token_endpoint_locks_the_username_and_says_why(api, alice):
    for n in range(4):
        assert token_login(api, "alice", "wrong", f"10.4.0.{n}").status_code == 400
    assert token_login(api, "alice", "wrong", "10.4.0.4").status_code == 429  # the fifth failure locks
    answer = token_login(api, "alice", PASSWORD, "10.4.9.9")
    assert answer.status_code == 429
    assert "Too many failed sign-ins" in answer.json()["detail"]
    assert int(answer["Retry-After"]) == 15 * 60
    assert "token" not in answer.json()


def test_the_token_endpoint_counts_json_bodies_and_locks_the_address(api, alice):
    for username in ["a", "b", "c", "d", "e"]:
        token_login(api, username, "wrong", "10.5.5.5", fmt="json")
    assert token_login(api, "alice", PASSWORD, "10.5.5.5", fmt="json").status_code == 429
    assert token_login(api, "alice", PASSWORD, "10.6.6.6", fmt="json").status_code == 200


def test_web_and_token_failures_add_up_for_a_username(client, api, alice):
    fail_web(client, "alice", 3)
    for n in range(2):
        token_login(api, "alice", "wrong", f"10.7.0.{n}")
    assert token_login(api, "alice", PASSWORD, "10.7.9.9").status_code == 429


def test_admins_see_the_attempts_in_the_back_office(client, alice, root):
    fail_web(client, "alice", 5)
    client.force_login(root)
    attempts = client.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert "alice" in attempts.content.decode()
    failures = client.get("/admin/axes/accessfailurelog/")
    assert failures.status_code == 200
    assert "alice" in failures.content.decode()


@override_settings(LOGIN_ADDRESS_FROM_PROXY=True)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, alice):
    for n in range(5):  # the attacker writes a new X-Forwarded-For each time; the proxy appends the real address
        client.post(
            "/login/",
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7",
        )
    locked = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert client.post("/login/", {"username": "alice", "password": PASSWORD}, **locked).status_code == 429
    assert client.post("/login/", {"username": "alice", "password": PASSWORD}, **other).status_code == 302


def test_the_back_office_login_is_locked_the_same_way(client, root):
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    answer = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert answer.status_code == 429
    assert "Too many failed sign-ins" in answer.content.decode()
