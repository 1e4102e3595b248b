"""API authentication that applies the user's preferences, as accounts.middleware does for a session's user."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework import authentication
from rest_framework.request import Request


class TokenAuthentication(authentication.TokenAuthentication):
    """A token's user gets answers in their language, as a session's user does: accounts.middleware activates it
    before the view, when only a session's user is known; DRF finds a token's user later, in the view."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        if found is not None and found[0].language:
            translation.activate(found[0].language)
            request._request.LANGUAGE_CODE = found[0].language
        return found
