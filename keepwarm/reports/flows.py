"""CAT-6 flows: FUTURE→NOW, NOW→FUTURE and →NEVER in a period, and how long FUTURE clients took to become NOW."""

from __future__ import annotations

import operator
import statistics
from collections import Counter
from functools import reduce
from typing import Any

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncMonth

from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange, Client
from keepwarm.reports.days import whole_days
from keepwarm.reports.scope import Period, Scope, Span, report_zone
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


def flows(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two grouped reads for both periods: the counted changes by flow, with the days a FUTURE client took to
    become NOW (from entry and from their last refusal); the new clients by month and the days to their first NOW."""
    future_to_now = FLOWS["future_to_now"]
    last_refusal = Touch.objects.filter(
        client=OuterRef("client"), outcome=Outcome.REFUSED, happened_at__lt=OuterRef("changed_at")
    ).order_by("-happened_at")
    rows = (
        span.slotted(_changes(scope, span.whole).filter(reduce(operator.or_, FLOWS.values())), "changed_at")
        .annotate(
            flow=Case(*(When(rule, then=Value(code)) for code, rule in FLOWS.items())),
            days=Case(When(future_to_now, then=whole_days("changed_at", "client__created_at"))),
            from_refusal=Case(
                When(future_to_now, then=whole_days("changed_at", Subquery(last_refusal.values("happened_at")[:1])))
            ),
        )
        .values_list("slot", "flow", "days", "from_refusal")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {slot: dict.fromkeys(FLOWS, 0) for slot in (1, 0)}
    days: dict[int, Counter[int]] = {1: Counter(), 0: Counter()}
    from_refusal: dict[int, Counter[int]] = {1: Counter(), 0: Counter()}
    for slot, flow, to_now, refused, count in rows:
        counts[slot][flow] += count
        if to_now is not None:
            days[slot][to_now] += count
        if refused is not None:
            from_refusal[slot][refused] += count
    by_month = cohorts(scope, span)
    numbers = [
        {
            **counts[slot],
            "days_to_now_median": _median(days[slot]),
            "days_from_refusal_median": _median(from_refusal[slot]),
            "days_to_now": _buckets(days[slot]),
            "cohorts": by_month[slot],
        }
        for slot in (1, 0)
    ]
    return numbers[0], numbers[1]


def _buckets(days: Counter[int]) -> list[dict[str, Any]]:
    buckets = dict.fromkeys((label for label, _ in BUCKETS), 0)
    for value, count in days.items():
        label = next(label for label, bound in BUCKETS if bound is None or value <= bound)
        buckets[label] += count
    return [{"days": label, "clients": count} for label, count in buckets.items()]


def _median(counts: Counter[int]) -> float | None:
    return statistics.median(sorted(counts.elements())) if counts else None


def cohorts(scope: Scope, span: Span) -> dict[int, list[dict[str, Any]]]:
    """Per slot, the clients who entered in each month of the period, and how many became NOW within
    30/91/182/365 days (a client entered as NOW counts from day 0): new clients grouped by month and days to
    their first NOW."""
    start, end = span.whole.bounds()
    first_now = CategoryChange.objects.filter(
        client=OuterRef("pk"), to_category=Category.NOW, is_correction=False
    ).order_by("changed_at")
    rows = (
        span.slotted(scope.clients.filter(created_at__gte=start, created_at__lt=end), "created_at")
        .annotate(
            month=TruncMonth("created_at", tzinfo=report_zone()),
            days=whole_days(Subquery(first_now.values("changed_at")[:1]), "created_at"),
        )
        .values_list("slot", "month", "days")
        .annotate(count=Count("pk"))
        .order_by()
    )
    months: dict[int, dict[str, list[int]]] = {1: {}, 0: {}}
    for slot, month, days, count in rows:
        counts = months[slot].setdefault(month.strftime("%Y-%m"), [0] * (1 + len(COHORT_DAYS)))
        counts[0] += count
        for index, limit in enumerate(COHORT_DAYS, start=1):
            counts[index] += count if days is not None and days <= limit else 0
    return {
        slot: [
            {
                "month": month,
                "clients": counts[0],
                **{f"now_by_day_{d}": c for d, c in zip(COHORT_DAYS, counts[1:], strict=True)},
            }
            for month, counts in sorted(by_month.items())
        ]
        for slot, by_month in months.items()
    }
