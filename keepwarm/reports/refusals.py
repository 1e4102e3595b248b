"""CAT-3, ANNOY-3, ANNOY-4: why clients refused, who later bought, and whom they bought from instead."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from keepwarm.catalog.models import ProductMatch
from keepwarm.clients.models import Client, Order
from keepwarm.reports.scope import Period, Scope, touches_in
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

ADVICE_SHOWN = 20


def _refused(touches: QuerySet[Touch]) -> QuerySet[Touch]:
    """Refusals, each marked `bought` when the client has an order on or after the refusal's day."""
    bought_after = Order.objects.filter(client=OuterRef("client"), ordered_on__gte=OuterRef("day"))
    return touches.filter(outcome=Outcome.REFUSED).annotate(day=TruncDate("happened_at"), bought=Exists(bought_after))


REFUSERS = ("refusals", "refusers", "refusers_later_bought")


def refusal_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind `refusers` or `refusers_later_bought`, each once; behind `refusals`, one row per
    refusal (a client who refused twice is listed twice, as counted)."""
    touches = touches_in(scope, period)
    if measure == "refusals":
        return scope.clients.filter(touches__in=touches.filter(outcome=Outcome.REFUSED))
    refused = _refused(touches)
    if measure == "refusers_later_bought":
        refused = refused.filter(Q(bought=True))
    return scope.clients.filter(pk__in=refused.values("client"))


def _offered_product() -> Subquery:
    """CAT-3 asks which product a refusal was about, but a touch names none: the product is the catalog offer
    (POST-3 match) whose planned contact the refusal was logged against, if any."""
    match = ProductMatch.objects.filter(planned_touch=OuterRef("planned_touch")).order_by("pk")
    return Subquery(match.values("product_id")[:1])


def refusals(scope: Scope, period: Period) -> dict[str, Any]:
    """Reasons by the client's owner; a refuser "later bought" with an order on or after a refusal's day.

    Four reads of the period's touches: one grouped count (a few rows, summed here), one of distinct clients, the
    refusals of planned offers by product, and the latest advice."""
    touches = touches_in(scope, period)
    refused = Q(outcome=Outcome.REFUSED)
    grouped = (
        touches.filter(refused | Q(outcome=Outcome.BOUGHT_ELSEWHERE))
        .values_list("outcome", "client__owner_id", "refusal_reason", "competitor")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_reason: Counter[str] = Counter()
    by_manager: Counter[tuple[int, str]] = Counter()
    competitors: Counter[str] = Counter()
    for outcome, owner_id, reason, competitor, count in grouped:
        if outcome == Outcome.REFUSED:
            by_reason[reason] += count
            by_manager[owner_id, reason] += count
        else:
            competitors[competitor] += count
    clients = _refused(touches).aggregate(
        refusers=Count("client", distinct=True), later_bought=Count("client", distinct=True, filter=Q(bought=True))
    )
    advice = touches.filter(outcome=Outcome.BOUGHT_ELSEWHERE).exclude(competitor_advice="")
    by_product = (
        touches.filter(refused, planned_touch__isnull=False)
        .annotate(product=_offered_product())
        .filter(product__isnull=False)
        .values_list("product", "refusal_reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        "refusals": sum(by_reason.values()),
        "by_reason": [{"reason": reason, "count": count} for reason, count in _ranked(by_reason)],
        "by_manager": [
            {"manager": owner, "reason": reason, "count": count}
            for (owner, reason), count in sorted(
                by_manager.items(), key=lambda item: (item[0][0], -item[1], item[0][1])
            )
        ],
        "by_product": [
            {"product": product, "reason": reason, "count": count}
            for product, reason, count in sorted(by_product, key=lambda row: (row[0], -row[2], row[1]))
        ],
        "refusers": clients["refusers"],
        "refusers_later_bought": clients["later_bought"],
        "competitors": [{"competitor": name, "count": count} for name, count in _ranked(competitors)],
        "advice": list(
            advice.order_by("-happened_at", "-pk").values(
                "client_id", "competitor", "competitor_advice", "happened_at"
            )[:ADVICE_SHOWN]
        ),
    }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most first, then by name, so both periods list alike."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
