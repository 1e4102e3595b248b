"""Today: the manager's open planned contacts due today or overdue (a lead sees the team's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from keepwarm.accounts import access
from keepwarm.accounts.models import User

TODAY_LIMIT = 100


class AuthedRequest(HttpRequest):
    """A request behind login_required, with the details django-htmx's middleware adds."""

    user: User
    htmx: HtmxDetails


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    # Two index-ordered reads (status, due_date) that stop at the limit, rather than sorting every open plan.
    planned = (
        access.planned_touches_visible_to(request.user)
        .filter(status="open")
        .select_related("client__organization", "client__owner")
    )
    overdue = list(planned.filter(due_date__lt=today).order_by("due_date", "id")[:TODAY_LIMIT])
    due_today = list(planned.filter(due_date=today).order_by("due_at", "id")[: TODAY_LIMIT - len(overdue)])
    context = {
        "overdue": overdue,
        "due_today": due_today,
        "limit_reached": len(overdue) + len(due_today) == TODAY_LIMIT,
        "show_owner": access.can_reassign(request.user),
        "today": today,
    }
    return render(request, "core/home.html", context)
