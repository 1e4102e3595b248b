"""CAT-6 flows: FUTURE→NOW, NOW→FUTURE and →NEVER in a period, and how long FUTURE clients took to become NOW."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, Q

from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange
from keepwarm.reports.scope import Period, Scope

# Days from a client's entry to becoming NOW, as (label, upper bound inclusive); the last has no bound.
BUCKETS = (("0-30", 30), ("31-90", 90), ("91-180", 180), ("181-365", 365), ("366+", None))


def flows(scope: Scope, period: Period) -> dict[str, Any]:
    """Corrections of a mistaken category are no flow, so they are left out."""
    start, end = period.bounds()
    changes = CategoryChange.objects.filter(
        client__in=scope.clients.values("pk"), changed_at__gte=start, changed_at__lt=end, is_correction=False
    )
    future_to_now = Q(from_category=Category.FUTURE, to_category=Category.NOW)
    counts = changes.aggregate(
        future_to_now=Count("pk", filter=future_to_now),
        now_to_future=Count("pk", filter=Q(from_category=Category.NOW, to_category=Category.FUTURE)),
        to_never=Count("pk", filter=Q(to_category=Category.NEVER) & ~Q(from_category=Category.NEVER)),
    )
    days = sorted(
        (changed_at - created_at).days
        for changed_at, created_at in changes.filter(future_to_now).values_list("changed_at", "client__created_at")
    )
    buckets = dict.fromkeys((label for label, _ in BUCKETS), 0)
    for value in days:
        label = next(label for label, bound in BUCKETS if bound is None or value <= bound)
        buckets[label] += 1
    return {
        **counts,
        "days_to_now_median": statistics.median(days) if days else None,
        "days_to_now": [{"days": label, "clients": count} for label, count in buckets.items()],
    }
