"""Request types for the views: the user behind login_required, and the details django-htmx's middleware adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL, so `core` names the user without importing it.
    from django.contrib.auth.models import _User as User


class AuthedRequest(HttpRequest):
    """A request behind login_required, with the details django-htmx's middleware adds."""

    user: User
    htmx: HtmxDetails
