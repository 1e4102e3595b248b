"""CAT-6 flows: FUTURE→NOW, NOW→FUTURE and →NEVER in a period, and how long FUTURE clients took to become NOW."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange, Client
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

# Days from a client's entry to becoming NOW, as (label, upper bound inclusive); the last has no bound.
BUCKETS = (("0-30", 30), ("31-90", 90), ("91-180", 180), ("181-365", 365), ("366+", None))
# Cohorts: the share of a month's new clients that became NOW within this many days (about 1, 3, 6, 12 months).
COHORT_DAYS = (30, 91, 182, 365)


# The counted flows by measure code; the report counts them and the drill-down lists them with the same filters.
FLOWS = {
    "future_to_now": Q(from_category=Category.FUTURE, to_category=Category.NOW),
    "now_to_future": Q(from_category=Category.NOW, to_category=Category.FUTURE),
    "to_never": Q(to_category=Category.NEVER) & ~Q(from_category=Category.NEVER),
}


def _changes(scope: Scope, period: Period) -> QuerySet[CategoryChange]:
    """Corrections of a mistaken category are no flow, so they are left out."""
    start, end = period.bounds()
    return CategoryChange.objects.filter(
        client__in=scope.clients.values("pk"), changed_at__gte=start, changed_at__lt=end, is_correction=False
    )


def flow_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind a flow's count, one row per change (a client who made the same move twice is listed
    twice, as they are counted twice)."""
    return scope.clients.filter(category_changes__in=_changes(scope, period).filter(FLOWS[measure]))


def flows(scope: Scope, period: Period) -> dict[str, Any]:
    changes = _changes(scope, period)
    future_to_now = FLOWS["future_to_now"]
    counts = changes.aggregate(**{code: Count("pk", filter=flow) for code, flow in FLOWS.items()})
    last_refusal = Touch.objects.filter(
        client=OuterRef("client"), outcome=Outcome.REFUSED, happened_at__lt=OuterRef("changed_at")
    ).order_by("-happened_at")
    rows = changes.filter(future_to_now).annotate(refused_at=Subquery(last_refusal.values("happened_at")[:1]))
    days, from_refusal = [], []
    for changed_at, created_at, refused_at in rows.values_list("changed_at", "client__created_at", "refused_at"):
        days.append((changed_at - created_at).days)
        if refused_at is not None:
            from_refusal.append((changed_at - refused_at).days)
    buckets = dict.fromkeys((label for label, _ in BUCKETS), 0)
    for value in days:
        label = next(label for label, bound in BUCKETS if bound is None or value <= bound)
        buckets[label] += 1
    return {
        **counts,
        "days_to_now_median": statistics.median(days) if days else None,
        "days_from_refusal_median": statistics.median(from_refusal) if from_refusal else None,
        "days_to_now": [{"days": label, "clients": count} for label, count in buckets.items()],
        "cohorts": cohorts(scope, period),
    }


def cohorts(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """Clients who entered in each month of the period, and how many became NOW within 30/91/182/365 days (a
    client entered as NOW counts from day 0). Only new clients are read, once each."""
    start, end = period.bounds()
    first_now = Min(
        "category_changes__changed_at",
        filter=Q(category_changes__to_category=Category.NOW, category_changes__is_correction=False),
    )
    rows = (
        scope.clients.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"), first_now=first_now)
        .values_list("month", "created_at", "first_now")
    )
    months: dict[str, list[int]] = {}
    for month, created_at, now_at in rows:
        counts = months.setdefault(month.strftime("%Y-%m"), [0] * (1 + len(COHORT_DAYS)))
        counts[0] += 1
        for index, limit in enumerate(COHORT_DAYS, start=1):
            counts[index] += now_at is not None and (now_at - created_at).days <= limit
    return [
        {
            "month": month,
            "clients": counts[0],
            **{f"now_by_day_{d}": c for d, c in zip(COHORT_DAYS, counts[1:], strict=True)},
        }
        for month, counts in sorted(months.items())
    ]
