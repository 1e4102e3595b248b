"""JOUR-1: achievements journal entries written and reviewed in a period."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from keepwarm.journal.models import JournalEntry
from keepwarm.reports.scope import Period, Scope


def journal(scope: Scope, period: Period) -> dict[str, Any]:
    """Counted by author, among the managers in the report's scope."""
    start, end = period.bounds()
    entries = JournalEntry.objects.filter(author__in=scope.managers.values("pk"))
    written = entries.filter(date__gte=period.start, date__lte=period.end)
    reviewed = entries.filter(reviewed_at__gte=start, reviewed_at__lt=end)
    by_author = written.values("author_id").annotate(entries=Count("pk")).order_by("author_id")
    return {
        "written": written.count(),
        "reviewed": reviewed.count(),
        "by_manager": [{"manager": row["author_id"], "count": row["entries"]} for row in by_author],
    }
