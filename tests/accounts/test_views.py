"""Password reset by e-mail, the user's own API tokens (OWN-1: nobody else's), and "log out everywhere"."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as WebClient
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from keepwarm.accounts.models import User

pytestmark = pytest.mark.django_db


def logged_in(username, password="secret-pass-123"):
    browser = WebClient()
    assert browser.post("/login/", {"username": username, "password": password}).status_code == 302
    return browser


def api_with(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_password_reset_by_email_round_trip(client, alice):
    User.objects.filter(pk=alice.pk).update(email="alice@example.com")
    assert "/password-reset/" in client.get("/login/").content.decode()
    answer = client.post("/password-reset/", {"email": "alice@example.com"})
    assert answer.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session-held one
    form = client.get(form_url)
    assert form.status_code == 200
    assert form.context["validlink"]
    done = client.post(form_url, {"new_password1": "fresh-green-tea-42", "new_password2": "fresh-green-tea-42"})
    assert done.status_code == 302
    assert client.get(done["Location"]).status_code == 200
    client.logout()
    assert client.post("/login/", {"username": "alice", "password": "secret-pass-123"}).status_code == 200
    assert client.post("/login/", {"username": "alice", "password": "fresh-green-tea-42"}).status_code == 302
    assert client.get(form_url).context["validlink"] is False  # the link works once


def test_lang1_the_password_reset_letter_is_keepwarms_in_the_users_language(client, alice):
    User.objects.filter(pk=alice.pk).update(email="alice@example.com", language="ru")
    client.post("/password-reset/", {"email": "alice@example.com"}, HTTP_ACCEPT_LANGUAGE="en")
    letter = mail.outbox[0]
    with translation.override("ru"):
        subject, hint = gettext("A new KeepWarm password"), gettext("Your username: %(username)s")
    assert letter.subject == subject != "A new KeepWarm password"
    assert hint % {"username": "alice"} in letter.body
    assert re.search(r"https?://[^/\s]+/password-reset/\S+/", letter.body)
    assert "Thanks for using our site" not in letter.body


def test_password_reset_for_an_unknown_address_sends_nothing_and_tells_nothing(client, alice):
    answer = client.post("/password-reset/", {"email": "stranger@example.com"}, follow=True)
    assert answer.status_code == 200
    assert mail.outbox == []
    assert "If an account has this address" in answer.content.decode()


def test_own1_a_user_creates_sees_and_revokes_their_api_token(alice):
    browser = logged_in("alice")
    created = browser.post("/account/access/", follow=True)
    key = Token.objects.get(user=alice).key
    page = created.content.decode()
    assert key in page  # shown once, right after creation
    assert api_with(key).get("/api/me/").status_code == 200
    listed = browser.get("/account/access/").content.decode()
    assert key[:8] in listed
    assert key not in listed
    assert browser.post(f"/account/tokens/{key[:8]}/revoke/").status_code == 302
    assert api_with(key).get("/api/me/").status_code in {401, 403}


def test_own1_nobody_revokes_or_sees_another_users_token(alice, bob):
    key = Token.objects.create(user=bob).key
    browser = logged_in("alice")
    assert key[:8] not in browser.get("/account/access/").content.decode()
    answer = browser.post(f"/account/tokens/{key[:8]}/revoke/", follow=True)
    assert "No such API token" in answer.content.decode()
    assert api_with(key).get("/api/me/").status_code == 200


def test_log_out_everywhere_ends_every_session_and_revokes_the_tokens(alice, bob):
    laptop, phone, bobs = logged_in("alice"), logged_in("alice"), logged_in("bob")
    key = APIClient().post("/api/auth/token/", {"username": "alice", "password": "secret-pass-123"}).json()["token"]
    assert phone.get("/").status_code == 200
    assert laptop.post("/account/logout-everywhere/").status_code == 302
    assert phone.get("/")["Location"].startswith("/login/")
    assert laptop.get("/")["Location"].startswith("/login/")
    assert api_with(key).get("/api/me/").status_code in {401, 403}
    assert bobs.get("/").status_code == 200
    again = logged_in("alice")  # the password still works
    assert again.get("/").status_code == 200


def test_managers_and_leads_use_the_app_without_being_staff(alice, lena):
    for username in ["alice", "lena"]:
        browser = logged_in(username)
        for url in ["/", "/clients/", "/account/access/"]:
            assert browser.get(url).status_code == 200, (username, url)
    assert logged_in("lena").get("/settings/planner/").status_code == 200
