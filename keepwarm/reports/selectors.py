"""The reports by name: each computed for the period and for the previous one, over the viewer's OWN-1 scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.reports.activity import activity
from keepwarm.reports.deals import deals
from keepwarm.reports.flows import flows
from keepwarm.reports.journal import journal
from keepwarm.reports.ladder import ladder
from keepwarm.reports.refusals import refusals
from keepwarm.reports.scope import Period, Scope, Span, period_and_scope, report_zone
from keepwarm.reports.six import six_both

Numbers = dict[str, Any]
# Each report gives its numbers for the period and for the previous one (current, previous).
Compute = Callable[[Scope, Period, User], tuple[Numbers, Numbers]]


REPORTS: dict[str, Compute] = {
    "flows": lambda scope, period, viewer: flows(scope, Span(period)),
    "refusals": lambda scope, period, viewer: refusals(scope, Span(period)),
    "six": lambda scope, period, viewer: six_both(scope, period),
    "activity": lambda scope, period, viewer: activity(scope, Span(period)),
    "deals": lambda scope, period, viewer: deals(scope, Span(period)),
    "ladder": lambda scope, period, viewer: ladder(scope, Span(period)),
    "journal": lambda scope, period, viewer: journal(scope, Span(period)),
}


def _period_json(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def report(viewer: User, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Raises ValidationError for a bad period and Http404 for a team or manager out of the viewer's reach."""
    period, scope = period_and_scope(viewer, params)
    with timezone.override(report_zone()):  # the planner's SIX-2 steps (planner.reports) count the same days
        current, previous = REPORTS[name](scope, period, viewer)
    return {
        "report": name,
        "period": _period_json(period),
        "previous_period": _period_json(period.previous()),
        "current": current,
        "previous": previous,
    }
