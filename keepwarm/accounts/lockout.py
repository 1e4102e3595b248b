"""Sign-in lockout on top of django-axes: a cool-down that doubles with every further batch of failures in a day,
counted for the username and for the address apart, and a refusal that says why and for how long."""

from __future__ import annotations

import datetime as dt
import math
import operator
from functools import reduce
from typing import Any

from axes.helpers import get_client_username
from axes.models import AccessAttemptExpiration, AccessFailureLog
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from rest_framework.request import Request

MEMORY = dt.timedelta(days=1)  # how long past failures make the next cool-down longer
LONGEST = dt.timedelta(days=1)


def client_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE. Behind the HTTPS proxy every request comes from the proxy: the address is the one
    the proxy appended last to X-Forwarded-For (what the client wrote further left is ignored)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.LOGIN_ADDRESS_FROM_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def cool_off_for(failures: int) -> dt.timedelta:
    """LOGIN_FAILURE_LIMIT failures lock for the base cool-down; each further batch of them doubles it."""
    base = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    doublings = max(0, failures // settings.AXES_FAILURE_LIMIT - 1)
    return min(base * 2 ** min(doublings, 16), LONGEST)


def cool_off(request: HttpRequest | Request | None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: from the failures of the last day of this username, or from this address (the worse)."""
    if request is None:
        return cool_off_for(0)
    recent = AccessFailureLog.objects.filter(attempt_time__gte=timezone.now() - MEMORY)
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None)
    failures = max(
        recent.filter(username=username).count() if username else 0,
        recent.filter(ip_address=address).count() if address else 0,
    )
    return cool_off_for(failures)


def hold_lock(
    sender: Any, request: HttpRequest | Request, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """On axes' user_locked_out: every attempt of the username and of the address expires with the new, longer
    cool-down; axes would let each expire after the cool-down in force at its own failure, lifting the lock early."""
    matches = [Q(access_attempt__username=username)] if username else []
    matches += [Q(access_attempt__ip_address=ip_address)] if ip_address else []
    if not matches:
        return
    until = timezone.now() + cool_off(request)
    AccessAttemptExpiration.objects.filter(reduce(operator.or_, matches), expires_at__lt=until).update(expires_at=until)


def retry_after_seconds(request: HttpRequest | Request) -> int:
    """A refused attempt is itself a failure, so the whole cool-down lies ahead."""
    return int(cool_off(request).total_seconds())


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed sign-ins for this username or from this address. Try again in %(minutes)d minute.",
        "Too many failed sign-ins for this username or from this address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page again with the reason (429), or JSON for an API client."""
    seconds = retry_after_seconds(request)
    message = lockout_message(seconds)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        username = get_client_username(request, credentials) or ""
        response = render(request, "registration/login.html", {"lockout": message, "username": username}, status=429)
    response["Retry-After"] = str(seconds)
    return response
