"""Activity: touches by day, channel, goal and outcome; planned contacts kept on time, late or missed; hang-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.reports.plan_use import capacity_use, overdue_by_day
from keepwarm.reports.scope import (
    Period,
    Scope,
    Span,
    by_slot,
    clients_by_day,
    report_zone,
    touch_counts,
    touches_in,
)
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch

DONE = Q(status=PlanStatus.DONE)
# Planned contacts due in the period by how they were kept; the report counts them and the drill-down lists them.
KEPT = {
    "on_time": DONE & Q(closed_on__lte=F("due_date")),
    "late": DONE & Q(closed_on__gt=F("due_date")),
}
# Touches by measure, counted per touch: the drill-down lists one row per touch, as counted.
TOUCHES = {"touches": Q(), "hang_ups": Q(outcome=Outcome.HUNG_UP)}
MEASURES = ("touches", "hang_ups", "hung_up_clients", "on_time", "late", "missed")


# The fields counted by value in one aggregate read, with the choices they hold.
BY_VALUE = {"channel": Channel, "goal": Goal, "outcome": Outcome}


def _by_value(scope: Scope, span: Span) -> dict[int, dict[str, Any]]:
    """Per slot, touches by channel, goal and outcome (summed from the kept counts), and the distinct clients who
    hung up (from the kept clients by day)."""
    rows = (
        span.slotted(touch_counts(scope, span.whole), "day", dates=True)
        .values_list("slot", *BY_VALUE)
        .annotate(count=Sum("touches"))
        .order_by()
    )
    counted: dict[int, Counter[str]] = {1: Counter(), 0: Counter()}
    for slot, *values, count in rows:
        counted[slot]["touches"] += count
        for field, value in zip(BY_VALUE, values, strict=True):
            counted[slot][f"{field}:{value}"] += count
    hung_up = dict(
        span.slotted(clients_by_day(scope, span.whole, Outcome.HUNG_UP), "day", dates=True)
        .values_list("slot")
        .annotate(Count("client_id", distinct=True))
        .order_by()
    )
    numbers_by_slot = {}
    for slot in (1, 0):
        got = counted[slot]
        numbers: dict[str, Any] = {"touches": got["touches"], "hung_up_clients": hung_up.get(slot, 0)}
        for field, choices in BY_VALUE.items():
            present = [value for value in sorted(choices.values) if got[f"{field}:{value}"]]
            numbers[f"by_{field}"] = [{field: value, "count": got[f"{field}:{value}"]} for value in present]
        numbers["hang_ups"] = got[f"outcome:{Outcome.HUNG_UP}"]
        numbers_by_slot[slot] = numbers
    return numbers_by_slot


def hung_up_clients(scope: Scope, period: Period) -> QuerySet[Client]:
    """ANNOY-2: the clients who hung up in the period, each once (`hung_up_clients`)."""
    return scope.clients.filter(pk__in=touches_in(scope, period).filter(outcome=Outcome.HUNG_UP).values("client"))


def _kept() -> dict[str, Q]:
    """A planned contact due in the period is on time when done by its day, late when done after, missed when it
    is still open after its day (cancelled ones are neither)."""
    return {**KEPT, "missed": Q(status=PlanStatus.OPEN, due_date__lt=timezone.localdate(timezone=report_zone()))}


def _planned(scope: Scope, period: Period) -> QuerySet[PlannedTouch]:
    return PlannedTouch.objects.filter(
        client__in=scope.clients.values("pk"), due_date__gte=period.start, due_date__lte=period.end
    ).annotate(closed_on=TruncDate("closed_at", tzinfo=report_zone()))


def activity_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind an activity number: one row per touch or planned contact counted (a client touched
    twice is listed twice), and each client once for `hung_up_clients`."""
    if measure == "hung_up_clients":
        return hung_up_clients(scope, period)
    if measure in TOUCHES:
        return scope.clients.filter(touches__in=touches_in(scope, period).filter(TOUCHES[measure]))
    planned = _planned(scope, period).filter(_kept()[measure])
    return scope.clients.filter(planned_touches__in=planned.values("pk"))


def activity(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """For both periods, two reads of the kept touch counts (reports.summary): by (day, who logged it) for the days
    and capacity use, and by value; the planned contacts' reads likewise cover both."""
    whole = span.whole
    by_day = [
        (by_id or None, day, count)  # 0: a touch without its author
        for by_id, day, count in touch_counts(scope, whole)
        .values_list("by_id", "day")
        .annotate(count=Sum("touches"))
        .filter(count__gt=0)
        .order_by()
    ]
    by_value = _by_value(scope, span)
    kept = by_slot(
        span.slotted(_planned(scope, whole), "due_date", dates=True)
        .values("slot")
        .annotate(**{code: Count("pk", filter=rule) for code, rule in _kept().items()})
        .order_by()
    )
    overdue = overdue_by_day(scope, span)
    capacity = capacity_use(scope, span, done=by_day)
    numbers = []
    for slot, period in span.periods().items():
        per_day: Counter[dt.date] = Counter()
        for _by, day, count in by_day:
            if period.start <= day <= period.end:
                per_day[day] += count
        numbers.append(
            {
                **by_value[slot],
                "per_day": [{"day": day.isoformat(), "count": per_day[day]} for day in period.dates()],  # 0s too
                "planned": {code: kept.get(slot, {}).get(code, 0) for code in (*KEPT, "missed")},
                "overdue_per_day": overdue[slot],
                "capacity": capacity[slot],
            }
        )
    return numbers[0], numbers[1]
