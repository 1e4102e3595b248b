"""Activity: touches by day, channel, goal and outcome; planned contacts kept on time, late or missed; hang-ups."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.reports.scope import Period, Scope, touches_in
from keepwarm.touches.choices import Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch


def _counted(grouped: list[tuple[str, str, str, int]], index: int, field: str) -> list[dict[str, Any]]:
    """One field's counts summed from the (channel, goal, outcome) groups."""
    counts: Counter[str] = Counter()
    for row in grouped:
        counts[str(row[index])] += row[3]
    return [{field: value, "count": counts[value]} for value in sorted(counts)]


def hung_up_clients(scope: Scope, period: Period) -> QuerySet[Client]:
    """ANNOY-2: the clients who hung up in the period, each once (`hung_up_clients`)."""
    return scope.clients.filter(pk__in=touches_in(scope, period).filter(outcome=Outcome.HUNG_UP).values("client"))


def activity(scope: Scope, period: Period) -> dict[str, Any]:
    """A planned contact due in the period is on time when done by its day, late when done after, missed when it
    is still open after its day (cancelled ones are neither)."""
    clients = scope.clients.values("pk")
    touches = touches_in(scope, period)
    per_day = touches.annotate(day=TruncDate("happened_at")).values("day").annotate(count=Count("pk")).order_by("day")
    planned = PlannedTouch.objects.filter(client__in=clients, due_date__gte=period.start, due_date__lte=period.end)
    done = Q(status=PlanStatus.DONE)
    kept = planned.annotate(closed_on=TruncDate("closed_at")).aggregate(
        on_time=Count("pk", filter=done & Q(closed_on__lte=F("due_date"))),
        late=Count("pk", filter=done & Q(closed_on__gt=F("due_date"))),
        missed=Count("pk", filter=Q(status=PlanStatus.OPEN, due_date__lt=timezone.localdate())),
    )
    grouped = list(touches.values_list("channel", "goal", "outcome").annotate(count=Count("pk")).order_by())
    return {
        "touches": sum(row[3] for row in grouped),
        "hang_ups": sum(row[3] for row in grouped if row[2] == Outcome.HUNG_UP),
        "hung_up_clients": hung_up_clients(scope, period).count(),
        "per_day": [{"day": row["day"].isoformat(), "count": row["count"]} for row in per_day],
        "by_channel": _counted(grouped, 0, "channel"),
        "by_goal": _counted(grouped, 1, "goal"),
        "by_outcome": _counted(grouped, 2, "outcome"),
        "planned": kept,
    }
