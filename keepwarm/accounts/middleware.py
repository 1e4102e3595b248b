"""Activate the signed-in user's language and time zone (LANG-1, TIME-1: show in the viewer's zone)."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from keepwarm.accounts.sessions import get_user


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Every request reads its user here, so Django's lazy request.user is swapped for the user itself: the ~100
        # reads of it a request makes (views, DRF, throttles, OWN-1) each went through the lazy proxy (issue 12).
        user = request.user
        if isinstance(user, SimpleLazyObject):  # AuthenticationMiddleware's
            request.user = user = get_user(request)
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        response = self.get_response(request)
        if user.is_authenticated:
            response.headers.setdefault("Content-Language", user.language)
        return response
