"""REST endpoints: a client's forecast, the agenda, the team's load and settings, calendar feeds."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.access import client_for_user
from keepwarm.core.api import request_user
from keepwarm.core.params import query_int
from keepwarm.flows import teams as team_flows
from keepwarm.journal.selectors import journal_review_due
from keepwarm.planner import inputs, reports, services, workload
from keepwarm.planner.agenda import agenda_for, day_from_text, volume_for, week_for
from keepwarm.planner.models import CalendarFeed
from keepwarm.planner.serializers import (
    AgendaOutput,
    AgendaQuery,
    CalendarFeedOutput,
    ManagerLoadOutput,
    MemberCapacitySerializer,
    PlannedContactOutput,
    TeamSettingsSerializer,
    WeekOutput,
    WeekQuery,
    plan_reasons,
)

MAX_FORECAST_DAYS = 730


def _date_param(request: Request, name: str) -> dt.date:
    raw = request.query_params.get(name)
    if not raw:
        return timezone.localdate()
    day = day_from_text(raw)
    if day is None:
        raise ValidationError({name: [_("Use a date like 2026-03-12.")]})
    return day


@extend_schema(
    parameters=[
        OpenApiParameter(
            "days",
            {"type": "integer", "minimum": 1, "maximum": MAX_FORECAST_DAYS},
            description="How far ahead (default 365).",
        )
    ],
    responses=PlannedContactOutput(many=True),
    summary="What the planner would plan for this client if nothing else happened",
)
@api_view(["GET"])
def client_plan(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    days = query_int(request.query_params, "days", default=365, minimum=1, maximum=MAX_FORECAST_DAYS) or 365
    plan = inputs.client_forecast(client, days=days)
    return Response(PlannedContactOutput(plan, many=True).data)


@extend_schema(
    parameters=[AgendaQuery],
    responses=AgendaOutput,
    summary="The day's contacts, best moment first; overdue ones on top, paged apart (CAT-7 volume, JOUR-1)",
)
@api_view(["GET"])
def agenda(request: Request) -> Response:
    user = request_user(request)
    query = AgendaQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    today = timezone.localdate()
    day = query.validated_data.get("date") or today
    offset, limit = query.validated_data["offset"], query.validated_data["limit"]
    volume = volume_for(user, day=day)
    page = slice(offset, offset + limit)
    agenda = agenda_for(user, day=day, overdue=page, due=page, counts=volume)
    body = {
        "date": day,
        "items": agenda.items,
        "overdue_total": agenda.overdue.total,
        "day_total": agenda.due.total,
        "next_offset": offset + limit if agenda.overdue.remaining or agenda.due.remaining else None,
        "volume": volume,
        "journal_review_due": day == today and journal_review_due(user, today),
    }
    return Response(AgendaOutput(body, context={"viewer_zone": user.time_zone}).data)


@extend_schema(
    parameters=[WeekQuery],
    responses=WeekOutput,
    summary="The week's planned contacts, day by day (the Today page's week view)",
)
@api_view(["GET"])
def agenda_week(request: Request) -> Response:
    query = WeekQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    day = query.validated_data.get("start") or timezone.localdate()
    start = day - dt.timedelta(days=day.weekday())
    user = request_user(request)
    days = week_for(user, start=start, per_day=query.validated_data["limit"])
    context = {"viewer_zone": user.time_zone, "reasons": plan_reasons()}
    return Response(WeekOutput({"start": start, "days": days}, context=context).data)


@extend_schema(
    parameters=[OpenApiParameter("date", OpenApiTypes.DATE)],
    responses=ManagerLoadOutput(many=True),
    summary="Each manager's load and overdue count (team leads and admins)",
)
@api_view(["GET"])
def team_load(request: Request) -> Response:
    user = request_user(request)
    if not access.can_reassign(user):
        return Response({"detail": _("Only team leads and admins see the team's load.")}, status=403)
    rows = reports.team_load(user, day=_date_param(request, "date"))
    return Response(ManagerLoadOutput(rows, many=True).data)


@extend_schema(
    parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Admins: which team.")],
    request=TeamSettingsSerializer,
    responses=TeamSettingsSerializer,
    summary="The team's planner settings (every METHOD number is a default here)",
)
@api_view(["GET", "PATCH"])
def team_settings(request: Request) -> Response:
    user = request_user(request)
    team = access.settings_team(user, request.query_params.get("team"))
    row = inputs.team_settings_row(team)
    if request.method == "PATCH":
        serializer = TeamSettingsSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        row = team_flows.team_settings_update(team=team, by=user, **serializer.validated_data)
    return Response(TeamSettingsSerializer(row).data)


def _members(team: Team) -> QuerySet[User]:
    return User.objects.filter(team=team, is_active=True).select_related("team").order_by("username")


@extend_schema(
    parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Admins: which team.")],
    responses=MemberCapacitySerializer(many=True),
    summary="PLAN-1: each team member's daily capacity (team leads and admins)",
)
@api_view(["GET"])
def team_members(request: Request) -> Response:
    team = access.settings_team(request_user(request), request.query_params.get("team"))
    members = list(_members(team))
    context = {"capacities": workload.capacities(members)}
    return Response(MemberCapacitySerializer(members, many=True, context=context).data)


@extend_schema(
    request=MemberCapacitySerializer,
    responses=MemberCapacitySerializer,
    summary="PLAN-1: set a member's own daily capacity (null: the team's)",
)
@api_view(["PATCH"])
def team_member(request: Request, pk: int) -> Response:
    user = request_user(request)
    member = get_object_or_404(User.objects.select_related("team"), pk=pk, is_active=True)
    if not access.teams_editable_by(user).filter(pk=member.team_id or 0).exists():
        return Response({"detail": _("Only the team lead or an admin changes a manager's daily capacity.")}, status=403)
    serializer = MemberCapacitySerializer(member, data=request.data, partial=True)
    serializer.is_valid(raise_exception=True)
    if "daily_capacity" in serializer.validated_data:
        team_flows.member_capacity_update(
            member=member, by=user, daily_capacity=serializer.validated_data["daily_capacity"]
        )
    context = {"capacities": workload.capacities([member])}
    return Response(MemberCapacitySerializer(member, context=context).data)


@extend_schema(methods=["GET"], responses=CalendarFeedOutput(many=True), summary="Your private calendar feeds")
@extend_schema(methods=["POST"], request=None, responses={201: CalendarFeedOutput}, summary="A new calendar feed")
@api_view(["GET", "POST"])
def calendar_feeds(request: Request) -> Response:
    user = request_user(request)
    if request.method == "POST":
        feed = services.calendar_feed_create(user=user)
        return Response(CalendarFeedOutput(feed, context={"request": request}).data, status=201)
    feeds = CalendarFeed.objects.filter(user=user).order_by("-created_at")
    return Response(CalendarFeedOutput(feeds, many=True, context={"request": request}).data)


@extend_schema(request=None, responses={204: None}, summary="Revoke a calendar feed: its URL stops working")
@api_view(["POST"])
def calendar_feed_revoke(request: Request, pk: int) -> Response:
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request_user(request))
    services.calendar_feed_revoke(feed=feed)
    return Response(status=204)
