"""SALE-1: how many deals reached each stage in a period, stage-to-stage conversion, win rate, amounts won by month."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth

from keepwarm.clients.models import Client
from keepwarm.deals.models import Deal, DealStageChange
from keepwarm.qualification.indicators import DealStage
from keepwarm.reports.scope import DaysBetween, Period, Scope, Span

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
    """A deal "reached" a stage when it moved into it in the period; conversion is the next stage's share of that.
    Two reads for both periods: the moves (with their days in the stage, computed by the database) and the closed
    deals by result, month and currency."""
    reached, days_in = _moved(_moves(scope, span.whole).annotate(slot=span.slot("changed_at")))
    closed = (
        _closed(scope, span.whole)
        .filter(result__in=(Deal.Result.WON, Deal.Result.LOST))
        .annotate(slot=span.slot("closed_on", dates=True), month=TruncMonth("closed_on"))
        .values_list("slot", "result", "month", "currency")
        .annotate(amount=Sum("amount"), deals=Count("pk"))
        .order_by("month", "currency")
    )
    results: dict[int, dict[str, int]] = {slot: {"won": 0, "lost": 0} for slot in (1, 0)}
    won_by_month: dict[int, list[dict[str, Any]]] = {1: [], 0: []}
    for slot, result, month, currency, amount, count in closed:
        results[slot][result] += count
        if result == Deal.Result.WON:
            won_by_month[slot].append(
                {"month": month.strftime("%Y-%m"), "currency": currency, "amount": amount, "deals": count}
            )
    numbers = [_numbers(reached[slot], days_in.get(slot, {}), results[slot], won_by_month[slot]) for slot in (1, 0)]
    return numbers[0], numbers[1]


def _numbers(
    reached: dict[str, int], days_in: dict[str, list[float]], results: dict[str, int], won: list[dict[str, Any]]
) -> dict[str, Any]:
    funnel = []
    for index, stage in enumerate(DealStage.values):
        count = reached.get(stage, 0)
        following = DealStage.values[index + 1] if index + 1 < len(DealStage.values) else None
        rate = reached.get(following, 0) / count if following and count else None
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


def _moved(moves: QuerySet[DealStageChange]) -> tuple[dict[int, dict[str, int]], dict[int, dict[str, list[float]]]]:
    """Per slot, how many deals moved into each stage, and the days from each such move to the deal's next move
    (for the moves that have one): one read of the moves, each with its stay computed by the database."""
    following = DealStageChange.objects.filter(deal=OuterRef("deal"), changed_at__gt=OuterRef("changed_at"))
    left_at = Subquery(following.order_by("changed_at").values("changed_at")[:1])
    deals: dict[int, dict[str, set[int]]] = {1: {}, 0: {}}
    days: dict[int, dict[str, list[float]]] = {1: {}, 0: {}}
    rows = moves.annotate(stay=DaysBetween(left_at, "changed_at")).values_list("slot", "to_stage", "deal_id", "stay")
    for slot, stage, deal_id, stay in rows.order_by():
        deals[slot].setdefault(stage, set()).add(deal_id)
        if stay is not None:
            days[slot].setdefault(stage, []).append(stay)
    reached = {slot: {stage: len(ids) for stage, ids in stages.items()} for slot, stages in deals.items()}
    return reached, days
