"""API shapes for plans, the agenda, team settings and calendar feeds."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from keepwarm.planner.models import CalendarFeed, TeamPlannerSettings
from keepwarm.planner.selectors import explanation
from keepwarm.planner.types import PlannedContact
from keepwarm.touches.serializers import PlannedTouchOutput


class PlannedContactOutput(serializers.Serializer[Any]):
    due_date = serializers.DateField()
    window_start = serializers.TimeField()
    window_end = serializers.TimeField()
    time_zone = serializers.CharField()
    channel = serializers.CharField()
    goal = serializers.CharField()
    kind = serializers.CharField()
    is_next_step = serializers.BooleanField()
    client_choice = serializers.BooleanField()
    explanation = serializers.SerializerMethodField()

    def get_explanation(self, contact: PlannedContact) -> list[str]:
        return explanation(contact)


class AgendaItemOutput(serializers.Serializer[Any]):
    planned = PlannedTouchOutput()
    overdue = serializers.BooleanField()
    good_moment_now = serializers.BooleanField(source="moment.ok")
    moment = serializers.CharField(source="moment.code")
    client_local_time = serializers.DateTimeField()
    closing_soon = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class VolumeOutput(serializers.Serializer[Any]):
    today = serializers.IntegerField()
    week = serializers.IntegerField()
    month = serializers.IntegerField()


class AgendaOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    items = AgendaItemOutput(many=True)
    volume = VolumeOutput()


class ManagerLoadOutput(serializers.Serializer[Any]):
    manager = serializers.IntegerField(source="manager.pk")
    name = serializers.CharField(source="manager.display_name")
    due_today = serializers.IntegerField()
    overdue = serializers.IntegerField()
    this_week = serializers.IntegerField()


class TeamSettingsSerializer(serializers.ModelSerializer[TeamPlannerSettings]):
    class Meta:
        model = TeamPlannerSettings
        exclude = ["id", "updated_at"]
        read_only_fields = ["team"]


class CalendarFeedOutput(serializers.ModelSerializer[CalendarFeed]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CalendarFeed
        fields = ["id", "url", "created_at", "revoked_at"]

    def get_url(self, feed: CalendarFeed) -> str:
        request = self.context.get("request")
        path = f"/calendar/{feed.token}.ics"
        return request.build_absolute_uri(path) if request is not None else path
