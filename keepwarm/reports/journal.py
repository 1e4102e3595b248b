"""JOUR-1: achievements journal entries written and reviewed in a period."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from keepwarm.journal.models import JournalEntry
from keepwarm.reports.scope import Scope, Span


def journal(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """Counted by author, among the managers in the report's scope, for both periods in one grouped read."""
    counts = {}
    for slot, period in span.periods().items():
        start, end = period.bounds()
        counts[f"written_{slot}"] = Count("pk", filter=Q(date__gte=period.start, date__lte=period.end))
        counts[f"reviewed_{slot}"] = Count("pk", filter=Q(reviewed_at__gte=start, reviewed_at__lt=end))
    start, end = span.whole.bounds()
    rows: list[Any] = list(
        JournalEntry.objects.filter(author__in=scope.managers.values("pk"))
        .filter(
            Q(date__gte=span.whole.start, date__lte=span.whole.end) | Q(reviewed_at__gte=start, reviewed_at__lt=end)
        )
        .values("author_id")
        .annotate(**counts)
        .order_by("author_id")
    )

    def numbers(slot: int) -> dict[str, Any]:
        return {
            "written": sum(row[f"written_{slot}"] for row in rows),
            "reviewed": sum(row[f"reviewed_{slot}"] for row in rows),
            "by_manager": [
                {"manager": row["author_id"], "count": row[f"written_{slot}"]} for row in rows if row[f"written_{slot}"]
            ],
        }

    return numbers(1), numbers(0)
