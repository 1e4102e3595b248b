"""SALE-1: how many deals reached each stage in a period, stage-to-stage conversion, win rate, amounts won by month."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any, NamedTuple

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth

from keepwarm.clients.models import Client
from keepwarm.deals.models import Deal, DealStageChange
from keepwarm.qualification.indicators import DealStage
from keepwarm.reports.days import DaysBetween
from keepwarm.reports.scope import Period, Scope, Span

# Drill-down measures: the deals that reached each stage (`reached_<stage>`), won and lost.
REACHED = "reached_"
MEASURES = (*(REACHED + stage for stage in DealStage.values), "won", "lost")


def _scoped(scope: Scope) -> QuerySet[Deal]:
    return Deal.objects.filter(client__in=scope.clients.values("pk"))


def _moves(scope: Scope, period: Period) -> QuerySet[DealStageChange]:
    start, end = period.bounds()
    return DealStageChange.objects.filter(
        deal__in=_scoped(scope).values("pk"), changed_at__gte=start, changed_at__lt=end
    )


def _closed(scope: Scope, period: Period) -> QuerySet[Deal]:
    return _scoped(scope).filter(closed_on__gte=period.start, closed_on__lte=period.end)


def deal_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients of the deals behind a number, one row per deal (a client with two such deals is listed twice)."""
    if measure.startswith(REACHED):
        moved = _moves(scope, period).filter(to_stage=measure.removeprefix(REACHED))
        return scope.clients.filter(deals__in=moved.values("deal"))
    return scope.clients.filter(deals__in=_closed(scope, period).filter(result=measure).values("pk"))


def deals(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """A deal "reached" a stage when it moved into it in the period; conversion (`to_next`) is the share of those
    that then moved into a later stage by the period's end (`_moved`).
    Two reads for both periods: the moves (with their days in the stage, computed by the database) and the closed
    deals by result, month and currency."""
    moved = _moved(span.slotted(_moves(scope, span.whole), "changed_at"))
    closed = (
        span.slotted(
            _closed(scope, span.whole).filter(result__in=(Deal.Result.WON, Deal.Result.LOST)), "closed_on", dates=True
        )
        .annotate(month=TruncMonth("closed_on"))
        .values_list("slot", "result", "month", "currency")
        .annotate(amount=Sum("amount"), deals=Count("pk"))
        .order_by("month", "currency")
    )
    results: dict[int, dict[str, int]] = {slot: {"won": 0, "lost": 0} for slot in (1, 0)}
    won_by_month: dict[int, list[dict[str, Any]]] = {1: [], 0: []}  # amounts as text, as DRF gives decimals
    for slot, result, month, currency, amount, count in closed:
        results[slot][result] += count
        if result == Deal.Result.WON:
            won_by_month[slot].append(
                {"month": month.strftime("%Y-%m"), "currency": currency, "amount": str(amount), "deals": count}
            )
    numbers = [
        _numbers(moved.reached[slot], moved.went_on[slot], moved.days[slot], results[slot], won_by_month[slot])
        for slot in (1, 0)
    ]
    return numbers[0], numbers[1]


def _numbers(
    reached: dict[str, int],
    went_on: dict[str, int],
    days_in: dict[str, list[float]],
    results: dict[str, int],
    won: list[dict[str, Any]],
) -> dict[str, Any]:
    funnel = []
    for stage in DealStage.values:
        count = reached.get(stage, 0)
        rate = went_on.get(stage, 0) / count if count and stage != DealStage.values[-1] else None
        stay = days_in.get(stage)
        funnel.append(
            {"stage": stage, "deals": count, "to_next": rate, "median_days": statistics.median(stay) if stay else None}
        )
    decided = results["won"] + results["lost"]
    return {
        "funnel": funnel,
        **results,
        "win_rate": results["won"] / decided if decided else None,
        "won_by_month": won,
    }


class Moved(NamedTuple):
    """Per slot and stage: the deals that moved into it, those of them that moved on into a later stage in the same
    period, and the days from each move into it to the deal's next move (for the moves that have one)."""

    reached: dict[int, dict[str, int]]
    went_on: dict[int, dict[str, int]]
    days: dict[int, dict[str, list[float]]]


def _moved(moves: QuerySet[DealStageChange]) -> Moved:
    """One read of the moves, each with its stay computed by the database. SALE-1's stages are ordered, but a deal
    may skip one (S2's recommendations map onto 3–4), go back, or enter the funnel past its start: a deal "went
    on" from a stage when a move into a later stage follows its move into it, so the share is never above 1."""
    following = DealStageChange.objects.filter(deal=OuterRef("deal"), changed_at__gt=OuterRef("changed_at"))
    left_at = Subquery(following.order_by("changed_at").values("changed_at")[:1])
    order = {stage: index for index, stage in enumerate(DealStage.values)}
    first: dict[tuple[int, int, str], dt.datetime] = {}  # (slot, deal, stage): its first move into the stage
    moves_of: dict[tuple[int, int], list[tuple[dt.datetime, int]]] = {}  # (slot, deal): its moves
    days: dict[int, dict[str, list[float]]] = {1: {}, 0: {}}
    rows = moves.annotate(stay=DaysBetween(left_at, "changed_at")).order_by()
    for slot, stage, deal_id, at, stay in rows.values_list("slot", "to_stage", "deal_id", "changed_at", "stay"):
        key = (slot, deal_id, stage)
        first[key] = min(first.get(key, at), at)
        moves_of.setdefault((slot, deal_id), []).append((at, order[stage]))
        if stay is not None:
            days[slot].setdefault(stage, []).append(stay)
    reached: dict[int, dict[str, int]] = {1: {}, 0: {}}
    went_on: dict[int, dict[str, int]] = {1: {}, 0: {}}
    for (slot, deal_id, stage), at in first.items():
        reached[slot][stage] = reached[slot].get(stage, 0) + 1
        if any(moved > at and index > order[stage] for moved, index in moves_of[(slot, deal_id)]):
            went_on[slot][stage] = went_on[slot].get(stage, 0) + 1
    return Moved(reached, went_on, days)
