"""Activity: touches by day, channel, goal and outcome; planned contacts kept on time, late or missed; hang-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.reports.plan_use import capacity_use, overdue_by_day
from keepwarm.reports.scope import Period, Scope, local_day, touches_in
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

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


def _by_value(touches: QuerySet[Touch]) -> dict[str, Any]:
    """Touches by channel, goal and outcome, and the distinct clients who hung up, in one read of the period's
    touches (a count per choice; a GROUP BY would need a second read for the distinct clients)."""
    counts = {
        f"{field}:{value}": Count("pk", filter=Q(**{field: value}))
        for field, choices in BY_VALUE.items()
        for value in choices.values
    }
    got = touches.aggregate(
        touches=Count("pk"),
        hung_up_clients=Count("client", distinct=True, filter=Q(outcome=Outcome.HUNG_UP)),
        **counts,
    )
    numbers: dict[str, Any] = {"touches": got["touches"], "hung_up_clients": got["hung_up_clients"]}
    for field, choices in BY_VALUE.items():
        present = [value for value in sorted(choices.values) if got[f"{field}:{value}"]]
        numbers[f"by_{field}"] = [{field: value, "count": got[f"{field}:{value}"]} for value in present]
    numbers["hang_ups"] = got[f"outcome:{Outcome.HUNG_UP}"]
    return numbers


def hung_up_clients(scope: Scope, period: Period) -> QuerySet[Client]:
    """ANNOY-2: the clients who hung up in the period, each once (`hung_up_clients`)."""
    return scope.clients.filter(pk__in=touches_in(scope, period).filter(outcome=Outcome.HUNG_UP).values("client"))


def _kept() -> dict[str, Q]:
    """A planned contact due in the period is on time when done by its day, late when done after, missed when it
    is still open after its day (cancelled ones are neither)."""
    return {**KEPT, "missed": Q(status=PlanStatus.OPEN, due_date__lt=timezone.localdate())}


def _planned(scope: Scope, period: Period) -> QuerySet[PlannedTouch]:
    return PlannedTouch.objects.filter(
        client__in=scope.clients.values("pk"), due_date__gte=period.start, due_date__lte=period.end
    ).annotate(closed_on=TruncDate("closed_at"))


def activity_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind an activity number: one row per touch or planned contact counted (a client touched
    twice is listed twice), and each client once for `hung_up_clients`."""
    if measure == "hung_up_clients":
        return hung_up_clients(scope, period)
    if measure in TOUCHES:
        return scope.clients.filter(touches__in=touches_in(scope, period).filter(TOUCHES[measure]))
    planned = _planned(scope, period).filter(_kept()[measure])
    return scope.clients.filter(planned_touches__in=planned.values("pk"))


def activity(scope: Scope, period: Period) -> dict[str, Any]:
    """Two reads of the period's touches: by (day, who logged it) for the days and capacity use (a few rows,
    summed here), and one aggregate of the rest."""
    touches = touches_in(scope, period)
    by_day = list(
        touches.annotate(day=local_day("happened_at", period))
        .values_list("by_id", "day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    per_day: Counter[dt.date] = Counter()
    for _by, day, count in by_day:
        per_day[day] += count
    kept = _planned(scope, period).aggregate(**{code: Count("pk", filter=rule) for code, rule in _kept().items()})
    return {
        **_by_value(touches),
        "per_day": [{"day": day.isoformat(), "count": per_day[day]} for day in sorted(per_day)],
        "planned": kept,
        "overdue_per_day": overdue_by_day(scope, period),
        "capacity": capacity_use(scope, period, done=by_day),
    }
