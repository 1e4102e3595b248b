"""The start page: where a signed-in user lands."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.touches.choices import PlanStatus


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    due = (
        access.planned_touches_visible_to(request.user)
        .filter(status=PlanStatus.OPEN, due_date__lte=timezone.localdate())
        .select_related("client")
        .order_by("due_date", "id")[:50]
    )
    return render(request, "core/home.html", {"due": due})
