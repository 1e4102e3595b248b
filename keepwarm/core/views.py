"""Today: the day's planned contacts, best moment first (overdue on top), with CAT-7 volume."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.journal.selectors import journal_review_due
from keepwarm.planner import selectors

TODAY_LIMIT = 50  # a screenful: a lead with thousands due works through them, most overdue first


class AuthedRequest(HttpRequest):
    """A request behind login_required, with the details django-htmx's middleware adds."""

    user: User
    htmx: HtmxDetails


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    items = selectors.agenda_for(request.user, day=today, limit=TODAY_LIMIT + 1)
    volume = selectors.volume_for(request.user, day=today)
    context = {
        "items": items[:TODAY_LIMIT],
        "limit_reached": len(items) > TODAY_LIMIT,
        "volume": volume,
        "journal_review_due": journal_review_due(request.user, today),
        "show_owner": access.can_reassign(request.user),
        "today": today,
    }
    return render(request, "core/home.html", context)
