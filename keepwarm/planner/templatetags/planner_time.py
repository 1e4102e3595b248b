"""TIME-1 on the pages: times in the viewer's zone, with the client's wall clock beside them where it differs.

Django shows an aware datetime in the active (viewer's) zone; these tags say whose clock a time is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from keepwarm.core.places import zone_name
from keepwarm.planner.agenda_rows import window_instants
from keepwarm.planner.tact import MomentStatus

register = template.Library()


def _span(start: dt.datetime, end: dt.datetime) -> str:
    return start.strftime("%H:%M") if end == start else f"{start:%H:%M}–{end:%H:%M}"


def _viewer_and_client(start: dt.datetime, end: dt.datetime) -> SafeString:
    """Both instants (aware, in the client's zone) on the viewer's clock, the client's beside it when not the same;
    the viewer's date too when the client's day is another one there."""
    viewer = timezone.get_current_timezone()
    mine = start.astimezone(viewer), end.astimezone(viewer)
    shown = _span(*mine)
    if mine[0].date() != start.date():
        shown = f"{date_format(mine[0].date(), 'SHORT_DATE_FORMAT')} {shown}"
    html = format_html('<time datetime="{}">{}</time>', start.astimezone(dt.UTC).isoformat(), shown)
    if mine[0].utcoffset() != start.utcoffset() or mine[1].utcoffset() != end.utcoffset():
        theirs = _("%(time)s client's time") % {"time": _span(start, end)}
        html += format_html(' <span class="client-time">({})</span>', theirs)
    return html


@register.simple_tag
def client_clock(local_now: dt.datetime) -> SafeString:
    """The client's wall clock (an aware datetime in the client's zone), not converted to the viewer's."""
    return format_html(
        '<time class="client-clock" datetime="{}" title="{}">{}</time>',
        local_now.isoformat(),
        zone_name(local_now.tzinfo),
        local_now.strftime("%H:%M"),
    )


@register.simple_tag
def shown_window(plan: Any, start_only: bool = False) -> SafeString:
    """A plan's window: anything with a day, a window on the client's clock and the client's `time_zone`
    (an agenda plan, a forecast contact)."""
    window = window_instants(plan.due_date, plan.window_start, plan.window_end, str(plan.time_zone))
    if window is None:
        return format_html("")
    return _viewer_and_client(window[0], window[0] if start_only else window[1])


@register.simple_tag
def moment_closes(moment: MomentStatus) -> SafeString:
    """When the client's good window closes (TACT-1..3), on the viewer's clock."""
    if moment.closes_at is None:
        return format_html("")
    closes = dt.datetime.combine(moment.local_now.date(), moment.closes_at, tzinfo=moment.local_now.tzinfo)
    return _viewer_and_client(closes, closes)
