"""JOUR-1: achievements journal entries written and reviewed in a period."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from keepwarm.journal.models import JournalEntry
from keepwarm.reports.scope import Period, Scope


def journal(scope: Scope, period: Period) -> dict[str, Any]:
    """Counted by author, among the managers in the report's scope, in one grouped read."""
    start, end = period.bounds()
    written = Q(date__gte=period.start, date__lte=period.end)
    reviewed = Q(reviewed_at__gte=start, reviewed_at__lt=end)
    rows = (
        JournalEntry.objects.filter(author__in=scope.managers.values("pk"))
        .filter(written | reviewed)
        .values_list("author_id")
        .annotate(written=Count("pk", filter=written), reviewed=Count("pk", filter=reviewed))
        .order_by("author_id")
    )
    by_author = [(author, wrote, checked) for author, wrote, checked in rows]
    return {
        "written": sum(wrote for _author, wrote, _checked in by_author),
        "reviewed": sum(checked for _author, _wrote, checked in by_author),
        "by_manager": [{"manager": author, "count": wrote} for author, wrote, _checked in by_author if wrote],
    }
