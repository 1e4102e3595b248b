"""Drill-down: the clients behind a report's number, listed by the report's own filters over the same scope."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.core.collation import by_name
from keepwarm.reports.activity import hung_up_clients
from keepwarm.reports.flows import FLOWS, flow_clients
from keepwarm.reports.refusals import REFUSERS, refusal_clients
from keepwarm.reports.scope import Period, Scope, period_from, scope_from
from keepwarm.reports.six import six_clients

Drill = Callable[[Scope, Period, User, str], QuerySet[Client]]

# Per report, the measures (keys of the report's numbers) that count clients and can be drilled into.
MEASURES: dict[str, tuple[tuple[str, ...], Drill]] = {
    "flows": (tuple(FLOWS), lambda scope, period, viewer, measure: flow_clients(scope, period, measure)),
    "refusals": (REFUSERS, lambda scope, period, viewer, measure: refusal_clients(scope, period, measure)),
    "six": (("below_six", "passive"), lambda s, p, viewer, measure: six_clients(s, p, measure, viewer=viewer)),
    "activity": (("hung_up_clients",), lambda scope, period, viewer, measure: hung_up_clients(scope, period)),
}


def drillable(name: str) -> tuple[str, ...]:
    return MEASURES[name][0] if name in MEASURES else ()


def clients_behind(viewer: User, name: str, params: dict[str, str]) -> tuple[QuerySet[Client], Period, str]:
    """The clients counted by `params["measure"]` for the period (not the previous one) and OWN-1 scope that the
    report itself would use. An unknown report is 404; an unknown measure or bad period is a field error."""
    if name not in MEASURES:
        raise Http404
    codes, drill = MEASURES[name]
    measure = params.get("measure", "")
    if measure not in codes:
        raise ValidationError({"measure": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]})
    period = period_from(params)
    clients = drill(scope_from(viewer, params), period, viewer, measure)
    return clients.select_related("owner").order_by(*by_name(viewer.language)), period, measure  # LANG-1
