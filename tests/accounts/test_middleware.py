"""The signed-in user's preferences (LANG-1, TIME-1) and the user itself as request.user: read once by the
middleware, then the views and DRF read the user, not Django's lazy proxy of it (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from keepwarm.accounts.middleware import UserPreferencesMiddleware
from keepwarm.accounts.models import User

pytestmark = pytest.mark.django_db


def _through_the_middleware(cookies: dict[str, str], view) -> HttpResponse:
    request = RequestFactory().get("/clients/")
    request.COOKIES.update(cookies)
    chain = SessionMiddleware(AuthenticationMiddleware(UserPreferencesMiddleware(view)))
    return chain(request)


def test_views_get_the_signed_in_user_itself_in_their_language(client, alice):
    alice.language = "ro"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    seen: list[object] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.user)
        logout(request)  # signing out in a request still replaces request.user
        seen.append(request.user)
        return HttpResponse("ok")

    response = _through_the_middleware({"sessionid": client.cookies["sessionid"].value}, view)
    assert type(seen[0]) is User
    assert seen[0].pk == alice.pk
    assert isinstance(seen[1], AnonymousUser)
    assert response.headers["Content-Language"] == "ro"


def test_a_signed_out_visitor_is_anonymous():
    seen: list[object] = []
    _through_the_middleware({}, lambda request: seen.append(request.user) or HttpResponse("ok"))
    assert type(seen[0]) is AnonymousUser
