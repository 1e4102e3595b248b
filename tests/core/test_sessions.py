"""The session read done with one plain statement (issue 15) keeps Django's rules: a signed-in session is found,
an expired or unknown one is not (the visitor is signed out), and sessions are still written by Django."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_signed_in_session_is_read_and_an_expired_or_unknown_one_is_not(web, alice, client):
    browser = web(alice)
    assert browser.get("/clients/").status_code == 200
    key = browser.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert browser.get("/clients/").status_code == 302  # to the sign-in page
    client.cookies["sessionid"] = "x" * 32  # no such session
    assert client.get("/clients/").status_code == 302


def test_sign_in_through_the_form_writes_a_session_that_later_requests_read(client, alice):
    alice.set_password("pw-123456789-long")
    alice.save(update_fields=["password"])
    page = client.get("/login/")
    assert page.status_code == 200
    signed_in = client.post("/login/", {"username": "alice", "password": "pw-123456789-long"})
    assert signed_in.status_code == 302
    assert Session.objects.count() == 1
    assert client.get("/clients/").status_code == 200
