"""LAD-1..6: clients by level, promotions and demotions in a period, and privileges granted beyond the level (LAD-5)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q

from keepwarm.ladder.models import ClientLadder, LadderChange, PrivilegeOverride
from keepwarm.reports.scope import Period, Scope

OVERRIDES_SHOWN = 50


def ladder(scope: Scope, period: Period) -> dict[str, Any]:
    """Levels are today's (the ladder keeps changes, not daily snapshots); moves and overrides are the period's."""
    start, end = period.bounds()
    clients = scope.clients.values("pk")
    levels = (
        ClientLadder.objects.filter(client__in=clients).values("level").annotate(clients=Count("pk")).order_by("level")
    )
    moves = LadderChange.objects.filter(client__in=clients, at__gte=start, at__lt=end).aggregate(
        promotions=Count("pk", filter=Q(to_level__gt=F("from_level"))),
        demotions=Count("pk", filter=Q(to_level__lt=F("from_level"))),
    )
    overrides = PrivilegeOverride.objects.filter(client__in=clients, at__gte=start, at__lt=end)
    return {
        "by_level": [{"level": row["level"], "clients": row["clients"]} for row in levels],
        **moves,
        "overrides": overrides.count(),
        "override_list": [
            {**row, "offered": str(row["offered"]), "allowed": str(row["allowed"])}
            for row in overrides.order_by("-at", "-pk").values(
                "client_id", "level", "what", "offered", "allowed", "reason"
            )[:OVERRIDES_SHOWN]
        ],
    }
