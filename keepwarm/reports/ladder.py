"""LAD-1..6: clients by level, promotions and demotions in a period, and privileges granted beyond the level (LAD-5)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from keepwarm.clients.models import Client
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.models import LadderChange, PrivilegeOverride
from keepwarm.reports.scope import Period, Scope, Span, by_slot

OVERRIDES_SHOWN = 50
# The counted moves by measure code; the report counts them and the drill-down lists them with the same filters.
MOVES = {"promotions": Q(to_level__gt=F("from_level")), "demotions": Q(to_level__lt=F("from_level"))}
LEVEL = "level_"
MEASURES = (*(f"{LEVEL}{level}" for level in Level.values), *MOVES, "overrides")
# A client's level today: a client with no ladder row yet is a Prospect, as its card shows it (ladder.selectors).
_LEVEL = Coalesce("ladder__level", Value(Level.PROSPECT.value))


def _rows(scope: Scope, period: Period) -> tuple[QuerySet[LadderChange], QuerySet[PrivilegeOverride]]:
    start, end = period.bounds()
    clients = scope.clients.values("pk")
    return (
        LadderChange.objects.filter(client__in=clients, at__gte=start, at__lt=end),
        PrivilegeOverride.objects.filter(client__in=clients, at__gte=start, at__lt=end),
    )


def ladder_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind a number: each once per level (today's), one row per move or override counted."""
    if measure.startswith(LEVEL):
        return scope.clients.annotate(level=_LEVEL).filter(level=int(measure.removeprefix(LEVEL)))
    moves, overrides = _rows(scope, period)
    if measure in MOVES:
        return scope.clients.filter(ladder_changes__in=moves.filter(MOVES[measure]))
    return scope.clients.filter(privilege_overrides__in=overrides)


def ladder(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """Levels are today's (the ladder keeps changes, not daily snapshots; `_LEVEL`), the same beside both periods;
    moves and overrides are each period's, counted for both in one read each."""
    levels = [
        {"level": level, "clients": count}
        for level, count in scope.clients.annotate(level=_LEVEL)
        .values_list("level")
        .annotate(Count("pk"))
        .order_by("level")
    ]
    moves, overrides = _rows(scope, span.whole)
    counted = by_slot(
        span.slotted(moves, "at")
        .values("slot")
        .annotate(**{code: Count("pk", filter=rule) for code, rule in MOVES.items()})
        .order_by()
    )
    overridden = dict(span.slotted(overrides, "at").values_list("slot").annotate(Count("pk")).order_by())

    def numbers(slot: int, period: Period) -> dict[str, Any]:
        start, end = period.bounds()
        listed = overrides.filter(at__gte=start, at__lt=end) if overridden.get(slot) else overrides.none()
        return {
            "by_level": levels,
            **{code: counted.get(slot, {}).get(code, 0) for code in MOVES},
            "overrides": overridden.get(slot, 0),
            "override_list": [
                {**row, "offered": str(row["offered"]), "allowed": str(row["allowed"])}
                for row in listed.order_by("-at", "-pk").values(
                    "client_id", "level", "what", "offered", "allowed", "reason"
                )[:OVERRIDES_SHOWN]
            ],
        }

    return numbers(1, span.current), numbers(0, span.previous)
