"""API shapes for plans, the agenda, team settings and calendar feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from keepwarm.accounts.models import User
from keepwarm.planner.agenda import AGENDA_LIMIT, FIRST_DAY, LAST_DAY, WEEK_DAY_LIMIT, WeekDay
from keepwarm.planner.agenda_rows import AgendaItem, AgendaPlan, window_instants
from keepwarm.planner.calendars import GREETING_KEYS
from keepwarm.planner.explain import explanation, reason_text, reasons_from_json
from keepwarm.planner.models import SETTINGS_FIELDS, CalendarFeed, TeamPlannerSettings
from keepwarm.planner.tact import zone
from keepwarm.planner.types import PlannedContact
from keepwarm.touches.serializers import PlannedTouchOutput

MAX_AGENDA_LIMIT = 2000
MAX_AGENDA_OFFSET = 1_000_000
# Translated when the error is raised, in the request's language.
_LIMIT_MESSAGE = lazy(lambda: gettext("Give a number from 1 to %(max)s.") % {"max": MAX_AGENDA_LIMIT}, str)()
_OFFSET_MESSAGE = lazy(lambda: gettext("Give a number from 0 to %(max)s.") % {"max": MAX_AGENDA_OFFSET}, str)()


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


class WindowOutput(serializers.Serializer[Any]):
    time_zone = serializers.CharField()
    start = serializers.DateTimeField(help_text="ISO 8601 with this zone's UTC offset.")
    end = serializers.DateTimeField()


class AgendaPlanOutput(PlannedTouchOutput):
    """A planned touch on the agenda, with its times for every reader (TIME-1)."""

    starts_at = serializers.DateTimeField(
        allow_null=True, help_text="The contact's instant: the start of its window, UTC, ISO 8601."
    )
    client_window = WindowOutput(allow_null=True, help_text="The window in the client's zone (its wall clock).")
    viewer_window = WindowOutput(allow_null=True, help_text="The same window in the viewer's zone.")

    class Meta(PlannedTouchOutput.Meta):
        fields = [*PlannedTouchOutput.Meta.fields, "starts_at", "client_window", "viewer_window"]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@lru_cache(maxsize=4096)
def _windows(
    day: dt.date, start: dt.time | None, end: dt.time | None, client_zone: str, viewer_zone: str
) -> tuple[dict[str, str], dict[str, str]] | None:
    """A window in the client's and the viewer's zone; cached, as a day's hundreds of plans share a few windows."""
    window = window_instants(day, start, end, client_zone)
    if window is None:
        return None
    shown = []
    for name in (client_zone, viewer_zone):
        first, last = (moment.astimezone(zone(name)) for moment in window)
        shown.append({"time_zone": name, "start": first.isoformat(), "end": last.isoformat()})
    return shown[0], shown[1]


def plan_output(planned: AgendaPlan, reasons: list[str], viewer_zone: str) -> dict[str, Any]:
    """A plain agenda plan in AgendaPlanOutput's shape, built by hand: DRF's per-field machinery cost ~0.4 ms
    a row, and a day has hundreds."""
    windows = _windows(planned.due_date, planned.window_start, planned.window_end, planned.time_zone, viewer_zone)
    window = planned.window if planned.due_at is None else None  # the rare plan saved without its instant
    starts_at = planned.due_at or (window[0] if window else None)
    return {
        "id": planned.pk,
        "client": planned.client.pk,
        "client_name": planned.client.full_name,
        "due_date": planned.due_date.isoformat(),
        "window_start": planned.window_start.isoformat() if planned.window_start else None,
        "window_end": planned.window_end.isoformat() if planned.window_end else None,
        "due_at": _utc(planned.due_at) if planned.due_at else None,
        "channel": planned.channel,
        "goal": planned.goal,
        "kind": planned.kind,
        "is_next_step": planned.is_next_step,
        "status": planned.status,
        "client_choice": planned.client_choice,
        "urgent": planned.urgent,
        "overdue_since": planned.overdue_since.isoformat() if planned.overdue_since else None,
        "explanation": planned.explanation,
        "explanation_text": reasons,
        "note": planned.note,
        "created_at": _utc(planned.created_at),
        "closed_at": _utc(planned.closed_at) if planned.closed_at else None,
        "starts_at": _utc(starts_at) if starts_at else None,
        "client_window": dict(windows[0]) if windows else None,  # copies: the cached ones are shared
        "viewer_window": dict(windows[1]) if windows else None,
    }


def plan_reasons() -> Callable[[AgendaPlan], list[str]]:
    """Plans' explanations in the viewer's language, each distinct reason described once a response."""
    described = cache(reason_text)
    return lambda plan: [described(reason) for reason in reasons_from_json(plan.explanation)]


def _viewer_zone(serializer: serializers.Serializer[Any]) -> str:
    """The zone the API shows times in: the signed-in user's (token requests pass it, no middleware sets it)."""
    return str(serializer.context["viewer_zone"])


class AgendaItemOutput(serializers.Serializer[Any]):
    planned = AgendaPlanOutput()
    overdue = serializers.BooleanField()
    good_moment_now = serializers.BooleanField(source="moment.ok")
    moment = serializers.CharField(source="moment.code")
    client_local_time = serializers.DateTimeField(help_text="The client's wall clock now, with its UTC offset.")
    closing_soon = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())

    def to_representation(self, item: AgendaItem) -> dict[str, Any]:
        return {
            "planned": plan_output(item.planned, item.reasons, _viewer_zone(self)),
            "overdue": item.overdue,
            "good_moment_now": item.moment.ok,
            "moment": item.moment.code,
            "client_local_time": item.client_local_time.isoformat(),
            "closing_soon": item.closing_soon,
            "reasons": item.reasons,
        }


class VolumeOutput(serializers.Serializer[Any]):
    today = serializers.IntegerField(help_text="Due by the day, overdue ones included (CAT-7).")
    week = serializers.IntegerField()
    month = serializers.IntegerField()


def _date_field(help_text: str) -> serializers.DateField:
    message = _("Use a date like 2026-03-12.")
    return serializers.DateField(
        required=False, help_text=help_text, error_messages={"invalid": message, "datetime": message}
    )


def _within_reach(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise serializers.ValidationError(_("Use a date like 2026-03-12."))
    return day


class AgendaQuery(serializers.Serializer[Any]):
    date = _date_field("Default: today.")
    limit = serializers.IntegerField(
        default=AGENDA_LIMIT,
        min_value=1,
        max_value=MAX_AGENDA_LIMIT,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length"), _LIMIT_MESSAGE),
        help_text=f"A page: at most this many overdue contacts and at most this many of the day's ({AGENDA_LIMIT}).",
    )
    offset = serializers.IntegerField(
        default=0,
        min_value=0,
        max_value=MAX_AGENDA_OFFSET,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length"), _OFFSET_MESSAGE),
        help_text="Skip this many of each part: the next page is at `next_offset`.",
    )

    def validate_date(self, day: dt.date) -> dt.date:
        return _within_reach(day)


class AgendaOutput(serializers.Serializer[Any]):
    date = serializers.DateField()
    items = AgendaItemOutput(
        many=True,
        help_text="Overdue ones on top (the most overdue first), then the day's own, best moment first. Each part "
        "is paged on its own, so the day's contacts are here however many are overdue.",
    )
    overdue_total = serializers.IntegerField(help_text="How many are overdue in all (none after today).")
    day_total = serializers.IntegerField(help_text="How many are due on the day itself, in all.")
    next_offset = serializers.IntegerField(
        allow_null=True, help_text="The `offset` of the next page, while either part has more; null on the last."
    )
    volume = VolumeOutput()
    journal_review_due = serializers.BooleanField(
        help_text="JOUR-1: the weekly review of your achievements journal is due (today's agenda only); "
        "tick entries off with POST /api/journal/{id}/review/."
    )


class WeekQuery(serializers.Serializer[Any]):
    start = _date_field("Any day of the week wanted (default: this week); the week runs Monday to Sunday.")
    limit = serializers.IntegerField(
        default=WEEK_DAY_LIMIT,
        min_value=1,
        max_value=MAX_AGENDA_LIMIT,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length"), _LIMIT_MESSAGE),
        help_text=f"At most this many contacts a day, the earliest first ({WEEK_DAY_LIMIT}); `total` counts them "
        "all, and /api/agenda/?date= pages through one day.",
    )

    def validate_start(self, day: dt.date) -> dt.date:
        return _within_reach(day)


class DayLoadOutput(serializers.Serializer[Any]):
    """PLAN-1: a day's planned sales contacts (next steps) against capacity."""

    date = serializers.DateField(source="day")
    planned = serializers.IntegerField(help_text="Open next steps due that day (courtesy touches not counted).")
    fixed = serializers.IntegerField(help_text="Of them, the ones the planner never moves for capacity.")
    capacity = serializers.IntegerField()
    over = serializers.BooleanField(help_text="More planned than capacity.")
    over_by_fixed = serializers.BooleanField(help_text="Fixed contacts alone exceed capacity: flagged.")


class WeekDayOutput(serializers.Serializer[Any]):
    date = serializers.DateField(source="day")
    total = serializers.IntegerField(help_text="How many contacts the day has in all.")
    items = AgendaPlanOutput(many=True, source="plans")
    load = DayLoadOutput(help_text="PLAN-1: the managers shown, together.")

    def to_representation(self, day: WeekDay) -> dict[str, Any]:
        reasons: Callable[[AgendaPlan], list[str]] = self.context["reasons"]
        viewer_zone = _viewer_zone(self)
        return {
            "date": day.day.isoformat(),
            "total": day.total,
            "items": [plan_output(plan, reasons(plan), viewer_zone) for plan in day.plans],
            "load": DayLoadOutput(day.load).data,
        }


class WeekOutput(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="The Monday the week starts on.")
    days = WeekDayOutput(many=True)


class ManagerLoadOutput(serializers.Serializer[Any]):
    manager = serializers.IntegerField(source="manager.pk")
    name = serializers.CharField(source="manager.display_name")
    due_today = serializers.IntegerField()
    overdue = serializers.IntegerField()
    this_week = serializers.IntegerField()
    six_clients = serializers.IntegerField(source="six.clients", default=0, help_text="SIX-2: active clients")
    six_compliant = serializers.IntegerField(source="six.compliant", default=0, help_text="SIX-2: with their contacts")
    six_share = serializers.FloatField(source="six.share", default=1.0, help_text="SIX-2 compliance, 0..1")
    capacity = serializers.IntegerField(allow_null=True, help_text="PLAN-1: sales contacts a day.")
    days = DayLoadOutput(many=True, help_text="PLAN-1: the next 7 days from `date`, planned against capacity.")


class TeamSettingsSerializer(serializers.ModelSerializer[TeamPlannerSettings]):
    greeting_holidays = serializers.ListField(
        child=serializers.ChoiceField(choices=list(GREETING_KEYS)),
        required=False,
        help_text="POST-5: the holidays to greet clients on.",
    )

    class Meta:
        model = TeamPlannerSettings
        fields = ["team", *SETTINGS_FIELDS]
        read_only_fields = ["team"]


class MemberCapacitySerializer(serializers.ModelSerializer[User]):
    """PLAN-1: a team member's own daily capacity (null: the team's) and the one that applies."""

    name = serializers.CharField(source="display_name", read_only=True)
    capacity = serializers.SerializerMethodField(help_text="The capacity that applies: their own, else the team's.")

    class Meta:
        model = User
        fields = ["id", "username", "name", "role", "daily_capacity", "capacity"]
        read_only_fields = ["id", "username", "role"]

    def get_capacity(self, member: User) -> int:
        return int(self.context["capacities"][member.pk])


class CalendarFeedOutput(serializers.ModelSerializer[CalendarFeed]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CalendarFeed
        fields = ["id", "url", "created_at", "revoked_at"]

    def get_url(self, feed: CalendarFeed) -> str:
        request = self.context.get("request")
        path = f"/calendar/{feed.token}.ics"
        return request.build_absolute_uri(path) if request is not None else path
