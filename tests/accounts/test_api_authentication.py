"""API authentication: no token or a wrong one is a 401 naming the Token scheme (not a 403, which means "you are
known and may not"); a browser's session still works, and still needs its CSRF token to write."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", [None, "Token 0000000000000000000000000000000000000000", "Token", "Bearer x"])
def test_no_token_or_a_wrong_one_is_a_401(alice, header):
    api = APIClient()
    if header:
        api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/clients/")
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_reads(alice):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    assert api.get("/api/clients/").status_code == 200
    assert api.post("/api/clients/", {"first_name": "Ana"}, format="json").status_code == 201


def test_a_session_reads_and_writes_only_with_its_csrf_token(alice):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(alice)
    assert api.get("/api/clients/").status_code == 200
    refused = api.post("/api/clients/", {"first_name": "Ana"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
