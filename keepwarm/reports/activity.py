"""Activity: touches by day, channel, goal and outcome; planned contacts kept on time, late or missed; hang-ups."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.choices import Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch


def _counted(touches: Any, field: str) -> list[dict[str, Any]]:
    rows = touches.values(field).annotate(count=Count("pk")).order_by(field)
    return [{field: row[field], "count": row["count"]} for row in rows]


def activity(scope: Scope, period: Period) -> dict[str, Any]:
    """A planned contact due in the period is on time when done by its day, late when done after, missed when it
    is still open after its day (cancelled ones are neither)."""
    start, end = period.bounds()
    clients = scope.clients.values("pk")
    touches = Touch.objects.filter(client__in=clients, happened_at__gte=start, happened_at__lt=end)
    per_day = touches.annotate(day=TruncDate("happened_at")).values("day").annotate(count=Count("pk")).order_by("day")
    planned = PlannedTouch.objects.filter(client__in=clients, due_date__gte=period.start, due_date__lte=period.end)
    done = Q(status=PlanStatus.DONE)
    kept = planned.annotate(closed_on=TruncDate("closed_at")).aggregate(
        on_time=Count("pk", filter=done & Q(closed_on__lte=F("due_date"))),
        late=Count("pk", filter=done & Q(closed_on__gt=F("due_date"))),
        missed=Count("pk", filter=Q(status=PlanStatus.OPEN, due_date__lt=timezone.localdate())),
    )
    return {
        "touches": touches.count(),
        "hang_ups": touches.filter(outcome=Outcome.HUNG_UP).count(),
        "per_day": [{"day": row["day"].isoformat(), "count": row["count"]} for row in per_day],
        "by_channel": _counted(touches, "channel"),
        "by_goal": _counted(touches, "goal"),
        "by_outcome": _counted(touches, "outcome"),
        "planned": kept,
    }
