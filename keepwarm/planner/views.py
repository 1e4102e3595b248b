"""Planner pages: the team's settings, the week, the team's load, private calendar feeds."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import client_for_user
from keepwarm.core.forms import add_service_error
from keepwarm.flows import teams as team_flows
from keepwarm.planner import agenda, explain, inputs, reports, services, workload
from keepwarm.planner.forms import MemberCapacityForm, TeamSettingsForm
from keepwarm.planner.models import CalendarFeed

WEEK_PER_DAY = 100  # a manager's whole day; a lead's team's day is counted, its first hundred listed


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _day(request: HttpRequest, name: str) -> tuple[dt.date, int]:
    """The day a page asks for (today without one) and the page's status: 400, and an error message on the page,
    when the parameter is no date, for the page then shows today rather than guessing."""
    raw = request.GET.get(name, "")
    day = agenda.day_from_text(raw) if raw else timezone.localdate()
    if day is None:
        messages.error(request, _("“%(value)s” is not a date. Use a date like 2026-03-12.") % {"value": raw[:40]})
        return timezone.localdate(), 400
    return day, 200


@login_required
def team_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team = access.settings_team(user, request.GET.get("team"))
    form = TeamSettingsForm(request.POST or None, instance=inputs.team_settings_row(team))
    if request.method == "POST" and form.is_valid():
        try:
            team_flows.team_settings_update(team=team, by=user, **form.changed_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved. The team's clients are being re-planned."))
            return redirect(request.get_full_path())
    teams = access.teams_editable_by(user).order_by("name") if user.is_admin_role else None
    members = list(User.objects.filter(team=team, is_active=True).select_related("team").order_by("username"))
    capacities = workload.capacities(members)
    rows = [(member, capacities[member.pk]) for member in members]
    context = {"form": form, "team": team, "teams": teams, "members": rows}
    return render(request, "planner/settings.html", context)


@login_required
@require_POST
def member_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """PLAN-1: a member's own daily capacity, from the planner settings page."""
    user = _user(request)
    member = get_object_or_404(User.objects.select_related("team"), pk=pk, is_active=True)
    if not access.teams_editable_by(user).filter(pk=member.team_id or 0).exists():
        raise PermissionDenied
    form = MemberCapacityForm(request.POST)
    if form.is_valid():
        try:
            team_flows.member_capacity_update(
                member=member, by=user, daily_capacity=form.cleaned_data["daily_capacity"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved. The team's clients are being re-planned."))
    else:
        messages.error(request, " ".join(str(message) for message in form.errors.get("daily_capacity", [])))
    return redirect(f"{reverse('planner:settings')}?team={member.team_id}")


@login_required
def client_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The coming year as the planner sees it (SIX-1, POST-*, greetings), each contact with its reasons."""
    # With what the planner reads of the client: its owner's team and its settings, and its qualification (QUAL-4).
    client = client_for_user(
        _user(request), pk, with_team=True, also=("qualification", "owner__team__planner_settings")
    )
    template = "planner/client_plan.html" if request.headers.get("HX-Request") else "planner/client_plan_page.html"
    try:
        plan = inputs.client_forecast(client, days=365, settings=inputs.settings_read_with(client.owner.team))
    except ValidationError as error:
        return render(request, template, {"client": client, "rows": [], "problem": " ".join(error.messages)})
    rows = [(contact, explain.explanation(contact)) for contact in plan]
    return render(request, template, {"client": client, "rows": rows})


@login_required
def week(request: HttpRequest) -> HttpResponse:
    day, status = _day(request, "start")
    start = day - dt.timedelta(days=day.weekday())
    context = {
        "days": agenda.week_for(_user(request), start=start, per_day=WEEK_PER_DAY),
        "start": start,
        "previous": start - dt.timedelta(days=7),
        "next": start + dt.timedelta(days=7),
        "today": timezone.localdate(),
        "show_owner": access.can_reassign(_user(request)),
    }
    return render(request, "planner/week.html", context, status=status)


@login_required
def team_load(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_reassign(user):
        raise PermissionDenied
    day, status = _day(request, "date")
    rows = reports.team_load(user, day=day)
    workdays = inputs.settings_for_team(user.team).work.workdays  # a day off shows no capacity
    context = {"rows": rows, "day": day, "team_six": reports.team_six_compliance(rows), "workdays": workdays}
    return render(request, "planner/team.html", context, status=status)


@login_required
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        services.calendar_feed_create(user=user)
        messages.success(request, _("A new private calendar address was created."))
        return redirect("planner:calendar")
    feeds = CalendarFeed.objects.filter(user=user).order_by("-created_at")
    urls = {feed.pk: request.build_absolute_uri(f"/calendar/{feed.token}.ics") for feed in feeds}
    return render(request, "planner/calendar.html", {"feeds": feeds, "urls": urls})


@login_required
@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    services.calendar_feed_revoke(feed=get_object_or_404(CalendarFeed, pk=pk, user=_user(request)))
    messages.success(request, _("The calendar address no longer works."))
    return redirect("planner:calendar")
