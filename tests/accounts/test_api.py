"""The access page's actions through the API, under the same rules: one's own token seen by its prefix, created
anew (shown once), revoked; signing out everywhere ends every session and token."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_own1_a_user_sees_creates_and_revokes_only_their_own_token(alice, bob):
    bobs = Token.objects.create(user=bob)
    assert api_as(alice).get("/api/me/token/").status_code == 404
    created = api_as(alice).post("/api/me/token/")
    assert created.status_code == 201
    key = created.json()["key"]
    assert with_token(key).get("/api/me/").json()["username"] == "alice"
    seen = with_token(key).get("/api/me/token/").json()
    assert (seen["prefix"], "key" in seen) == (key[:8], False)
    assert with_token(key).delete("/api/me/token/").status_code == 204
    assert with_token(key).get("/api/me/").status_code in (401, 403)  # the token no longer signs in
    assert Token.objects.filter(pk=bobs.pk).exists()


def test_signing_out_everywhere_through_the_api_ends_sessions_and_tokens(alice):
    browser = Browser()
    browser.force_login(alice)
    assert browser.get("/").status_code == 200
    key = Token.objects.create(user=alice).key
    assert with_token(key).post("/api/me/sign-out-everywhere/").status_code == 204
    assert with_token(key).get("/api/me/").status_code in (401, 403)  # the token no longer signs in
    assert browser.get("/").status_code == 302  # the session is over too
