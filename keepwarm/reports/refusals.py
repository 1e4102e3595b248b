"""CAT-3, ANNOY-3, ANNOY-4: why clients refused, who later bought, and whom they bought from instead."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, When

from keepwarm.catalog.models import ProductMatch
from keepwarm.clients.models import Client, Order
from keepwarm.reports.days import local_day
from keepwarm.reports.scope import Period, Scope, Span, clients_by_day, touch_counts, touches_in
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

ADVICE_SHOWN = 20


def _refused(touches: QuerySet[Touch], period: Period) -> QuerySet[Touch]:
    """Refusals, each marked `bought` when the client has an order on or after the refusal's day."""
    return touches.filter(outcome=Outcome.REFUSED).annotate(day=local_day("happened_at", period), bought=_BOUGHT)


# On touches annotated with their local `day`: the client has an order on or after it.
_BOUGHT = Exists(Order.objects.filter(client=OuterRef("client"), ordered_on__gte=OuterRef("day")))


REFUSERS = ("refusals", "refusers", "refusers_later_bought")


def refusal_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind `refusers` or `refusers_later_bought`, each once; behind `refusals`, one row per
    refusal (a client who refused twice is listed twice, as counted)."""
    touches = touches_in(scope, period)
    if measure == "refusals":
        return scope.clients.filter(touches__in=touches.filter(outcome=Outcome.REFUSED))
    refused = _refused(touches, period)
    if measure == "refusers_later_bought":
        refused = refused.filter(Q(bought=True))
    return scope.clients.filter(pk__in=refused.values("client"))


def _offered_product() -> Case:
    """CAT-3 asks which product a refusal was about, but a touch names none: the product is the catalog offer
    (POST-3 match) whose planned contact the refusal was logged against, if any."""
    match = ProductMatch.objects.filter(planned_touch=OuterRef("planned_touch")).order_by("pk")
    offered = Q(outcome=Outcome.REFUSED, planned_touch__isnull=False)
    return Case(When(offered, then=Subquery(match.values("product_id")[:1])), default=None)


def refusals(scope: Scope, span: Span) -> tuple[dict[str, Any], dict[str, Any]]:
    """Reasons by the client's owner and by the offered product; a refuser "later bought" with an order on or
    after a refusal's day.

    For both periods: the refusals and purchases elsewhere from the kept touch counts (reports.summary), the
    refusers from the kept refusal days by client, the offered products from the refusals logged against a
    planned offer; then the latest advice of a period that has any."""
    whole = span.whole
    grouped = (
        span.slotted(
            touch_counts(scope, whole).filter(outcome__in=(Outcome.REFUSED, Outcome.BOUGHT_ELSEWHERE)),
            "day",
            dates=True,
        )
        .values_list("slot", "outcome", "owner_id", "refusal_reason", "competitor")
        .annotate(count=Sum("touches"), advised=Sum("touches", filter=Q(advised=True), default=0))
        .filter(count__gt=0)
        .order_by()
    )
    counted = {slot: _Counted() for slot in (1, 0)}
    for slot, outcome, owner_id, reason, competitor, count, advised in grouped:
        counted[slot].add(outcome, owner_id, reason, competitor, None, count, advised)
    offered = (
        span.slotted(
            touches_in(scope, whole).filter(
                outcome=Outcome.REFUSED, planned_touch__in=ProductMatch.objects.values("planned_touch")
            ),
            "happened_at",
        )
        .annotate(product=_offered_product())
        .values_list("slot", "product", "refusal_reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for slot, product, reason, count in offered:
        counted[slot].by_product[product, reason] += count
    refusers = (
        span.slotted(clients_by_day(scope, whole, Outcome.REFUSED), "day", dates=True)
        .annotate(
            bought=Exists(Order.objects.filter(client=OuterRef("client_id"), ordered_on__gte=OuterRef("day"))),
        )
        .values_list("slot", "client_id", "bought")
        .distinct()
    )
    for slot, client_id, bought in refusers:
        counted[slot].refusers.add(client_id)
        if bought:
            counted[slot].later_bought.add(client_id)
    numbers = [counted[slot].numbers(touches_in(scope, period)) for slot, period in span.periods().items()]
    return numbers[0], numbers[1]


@dataclass
class _Counted:
    """One period's refusals and purchases elsewhere, summed from the grouped rows."""

    by_reason: Counter[str] = field(default_factory=Counter)
    by_manager: Counter[tuple[int, str]] = field(default_factory=Counter)
    by_product: Counter[tuple[int, str]] = field(default_factory=Counter)
    competitors: Counter[str] = field(default_factory=Counter)
    advised: int = 0
    refusers: set[int] = field(default_factory=set)
    later_bought: set[int] = field(default_factory=set)

    def add(
        self, outcome: str, owner_id: int, reason: str, competitor: str, product: int | None, count: int, advised: int
    ) -> None:
        if outcome == Outcome.REFUSED:
            self.by_reason[reason] += count
            self.by_manager[owner_id, reason] += count
            if product is not None:
                self.by_product[product, reason] += count
        else:
            self.competitors[competitor] += count
            self.advised += advised

    def numbers(self, touches: QuerySet[Touch]) -> dict[str, Any]:
        advice = touches.filter(outcome=Outcome.BOUGHT_ELSEWHERE).exclude(competitor_advice="")
        advice_rows = advice.order_by("-happened_at", "-pk").values(
            "client_id", "competitor", "competitor_advice", "happened_at"
        )
        return {
            "refusals": sum(self.by_reason.values()),
            "by_reason": [{"reason": reason, "count": count} for reason, count in _ranked(self.by_reason)],
            "by_manager": [
                {"manager": owner, "reason": reason, "count": count}
                for (owner, reason), count in _grouped(self.by_manager)
            ],
            "by_product": [
                {"product": product, "reason": reason, "count": count}
                for (product, reason), count in _grouped(self.by_product)
            ],
            "refusers": len(self.refusers),
            "refusers_later_bought": len(self.later_bought),
            "competitors": [{"competitor": name, "count": count} for name, count in _ranked(self.competitors)],
            "advice": list(advice_rows[:ADVICE_SHOWN]) if self.advised else [],
        }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most first, then by name, so both periods list alike."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _grouped(counts: Counter[tuple[int, str]]) -> list[tuple[tuple[int, str], int]]:
    """By manager or product, then most first, then by reason."""
    return sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
