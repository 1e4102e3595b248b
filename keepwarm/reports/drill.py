"""Drill-down: the clients behind a report's number, listed by the report's own filters over the same scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.core.collation import by_name
from keepwarm.reports import activity, deals, ladder, six
from keepwarm.reports.flows import FLOWS, flow_clients
from keepwarm.reports.refusals import REFUSERS, refusal_clients
from keepwarm.reports.scope import Period, Scope, period_and_scope, report_zone

Drill = Callable[[Scope, Period, User, str], QuerySet[Client]]

# Per report, the measures (keys of the report's numbers) that count clients and can be drilled into. Journal
# entries are left out: an entry names a client only optionally, so its clients would not add up to the count.
MEASURES: dict[str, tuple[tuple[str, ...], Drill]] = {
    "flows": (tuple(FLOWS), lambda scope, period, viewer, measure: flow_clients(scope, period, measure)),
    "refusals": (REFUSERS, lambda scope, period, viewer, measure: refusal_clients(scope, period, measure)),
    "six": (six.MEASURES, lambda s, p, viewer, measure: six.six_clients(s, p, measure)),
    "activity": (activity.MEASURES, lambda s, p, viewer, measure: activity.activity_clients(s, p, measure)),
    "deals": (deals.MEASURES, lambda scope, period, viewer, measure: deals.deal_clients(scope, period, measure)),
    "ladder": (ladder.MEASURES, lambda s, p, viewer, measure: ladder.ladder_clients(s, p, measure)),
}


def drillable(name: str) -> tuple[str, ...]:
    return MEASURES[name][0] if name in MEASURES else ()


def number_of(name: str, numbers: dict[str, Any], measure: str) -> int:
    """The number a measure drills into, read from a report's numbers for one period (`report(...)["current"]`)."""
    if name == "activity" and measure in numbers["planned"]:
        return int(numbers["planned"][measure])
    if name == "deals" and measure.startswith(deals.REACHED):
        stage = measure.removeprefix(deals.REACHED)
        return next(int(row["deals"]) for row in numbers["funnel"] if row["stage"] == stage)
    if name == "ladder" and measure.startswith(ladder.LEVEL):
        level = int(measure.removeprefix(ladder.LEVEL))
        return next((int(row["clients"]) for row in numbers["by_level"] if row["level"] == level), 0)
    return int(numbers[measure])


def clients_behind(viewer: User, name: str, params: dict[str, str]) -> tuple[QuerySet[Client], Period, str]:
    """The clients counted by `params["measure"]` for the period (not the previous one) and OWN-1 scope that the
    report itself would use. An unknown report is 404; an unknown measure or bad period is a field error."""
    if name not in MEASURES:
        raise Http404
    codes, drill = MEASURES[name]
    measure = params.get("measure", "")
    if measure not in codes:
        raise ValidationError({"measure": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]})
    period, scope = period_and_scope(viewer, params)
    with timezone.override(report_zone()):  # as `selectors.report` counts them
        clients = drill(scope, period, viewer, measure)
    return clients.select_related("owner").order_by(*by_name(viewer.language)), period, measure  # LANG-1
