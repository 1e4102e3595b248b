"""Private iCalendar feeds of a user's planned contacts, for Google Calendar, Outlook or Thunderbird."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from keepwarm.planner import inputs
from keepwarm.planner.explain import explanation
from keepwarm.planner.models import CalendarFeed
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

FEED_DAYS_BACK = 14
FEED_DAYS_AHEAD = 120


def feed_events(planned: QuerySet[PlannedTouch], *, domain: str) -> bytes:
    """One VEVENT per planned contact, in the client's own time zone (TIME-1)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//KeepWarm//Planned contacts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "KeepWarm")
    days = []
    for row in planned.select_related("client", "client__organization"):
        days.append(row.due_date)
        zone = ZoneInfo(inputs.client_time_zone(row.client))
        event = icalendar.Event()
        event.add("uid", f"planned-{row.pk}@{domain}")
        event.add("summary", f"{row.get_goal_display()}: {row.client.full_name}")
        if row.window_start is not None:
            start = dt.datetime.combine(row.due_date, row.window_start, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=15))
        else:
            event.add("dtstart", row.due_date)
        lines = [row.get_channel_display(), *explanation(row)]
        if row.client.phones:
            lines.append(" ".join(row.client.phones))
        event.add("description", "\n".join(lines))
        event.add("dtstamp", row.created_at)
        calendar.add_component(event)
    if days:  # RFC 5545: every TZID needs its VTIMEZONE (Outlook misplaces events without one); the feed's span only
        calendar.add_missing_timezones(first_date=min(days), last_date=max(days) + dt.timedelta(days=1))
    return calendar.to_ical()


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login (calendar apps cannot log in): the unguessable token is the key; a revoked one is a 404."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    today = timezone.localdate()
    planned = planned_touches_visible_to(feed.user).filter(
        status=PlanStatus.OPEN,
        due_date__gte=today - dt.timedelta(days=FEED_DAYS_BACK),
        due_date__lte=today + dt.timedelta(days=FEED_DAYS_AHEAD),
    )
    with override(feed.user.language):
        body = feed_events(planned, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_("keepwarm")}.ics"'
    return response
