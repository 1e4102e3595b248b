"""SALE-1: how many deals reached each stage in a period, stage-to-stage conversion, win rate, amounts won by month."""

from __future__ import annotations

import statistics
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth

from keepwarm.clients.models import Client
from keepwarm.core.db import plain_rows
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
    moved = _moved(span.slotted(_moves(scope, span.whole), "changed_at"), span)
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


def _stage_order(field: str) -> Case:
    return Case(
        *(When(**{field: stage}, then=Value(index)) for index, stage in enumerate(DealStage.values)),
        default=Value(-1),
        output_field=IntegerField(),
    )


def _moved(moves: QuerySet[DealStageChange], span: Span) -> Moved:
    """One read of the moves (slotted), each with its stay and whether it went on, both computed by the database:
    reading every move's moment into Python was most of the report. SALE-1's stages are ordered, but a deal may
    skip one (S2's recommendations map onto 3–4), go back, or enter the funnel past its start: a deal "went on"
    from a stage when a move into a later stage follows a move into it in the same period, so the share is never
    above 1."""
    ends = {slot: period.bounds()[1] for slot, period in span.periods().items()}
    period_end = Case(When(slot=1, then=Value(ends[1])), default=Value(ends[0]), output_field=DateTimeField())
    following = DealStageChange.objects.filter(deal=OuterRef("deal"), changed_at__gt=OuterRef("changed_at"))
    left_at = Subquery(following.order_by("changed_at").values("changed_at")[:1])
    later_stage = following.filter(changed_at__lt=OuterRef("period_end")).annotate(order=_stage_order("to_stage"))
    rows = plain_rows(
        moves.annotate(order=_stage_order("to_stage"), period_end=period_end)
        .annotate(
            stay=DaysBetween(left_at, "changed_at"), went_on=Exists(later_stage.filter(order__gt=OuterRef("order")))
        )
        .values_list("slot", "to_stage", "deal_id", "stay", "went_on")
        .order_by()
    )
    reached: dict[tuple[int, str], set[int]] = {}
    went_on: dict[tuple[int, str], set[int]] = {}
    days: dict[int, dict[str, list[float]]] = {1: {}, 0: {}}
    for slot, stage, deal_id, stay, moved_on in rows:
        reached.setdefault((slot, stage), set()).add(deal_id)
        if moved_on:
            went_on.setdefault((slot, stage), set()).add(deal_id)
        if stay is not None:
            days[slot].setdefault(stage, []).append(stay)

    def counts(deals_by: dict[tuple[int, str], set[int]]) -> dict[int, dict[str, int]]:
        counted: dict[int, dict[str, int]] = {1: {}, 0: {}}
        for (slot, stage), deal_ids in deals_by.items():
            counted[slot][stage] = len(deal_ids)
        return counted

    return Moved(counts(reached), counts(went_on), days)
