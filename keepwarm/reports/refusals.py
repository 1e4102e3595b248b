"""CAT-3, ANNOY-3, ANNOY-4: why clients refused, who later bought, and whom they bought from instead."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncDate

from keepwarm.clients.models import Order
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

ADVICE_SHOWN = 20


def refusals(scope: Scope, period: Period) -> dict[str, Any]:
    """Reasons by the client's owner; a refuser "later bought" with an order on or after a refusal's day."""
    start, end = period.bounds()
    touches = Touch.objects.filter(client__in=scope.clients.values("pk"), happened_at__gte=start, happened_at__lt=end)
    refused = touches.filter(outcome=Outcome.REFUSED)
    by_reason = refused.values("refusal_reason").annotate(count=Count("pk")).order_by("-count", "refusal_reason")
    by_manager = (
        refused.values("client__owner_id", "refusal_reason")
        .annotate(count=Count("pk"))
        .order_by("client__owner_id", "-count", "refusal_reason")
    )
    bought_after = Order.objects.filter(client=OuterRef("client"), ordered_on__gte=OuterRef("day"))
    refusers = refused.values("client").distinct().count()
    later_bought = (
        refused.annotate(day=TruncDate("happened_at")).filter(Exists(bought_after)).values("client").distinct().count()
    )
    elsewhere = touches.filter(outcome=Outcome.BOUGHT_ELSEWHERE)
    competitors = elsewhere.values("competitor").annotate(count=Count("pk")).order_by("-count", "competitor")
    advice = elsewhere.exclude(competitor_advice="").order_by("-happened_at", "-pk")[:ADVICE_SHOWN]
    return {
        "refusals": refused.count(),
        "by_reason": [{"reason": row["refusal_reason"], "count": row["count"]} for row in by_reason],
        "by_manager": [
            {"manager": row["client__owner_id"], "reason": row["refusal_reason"], "count": row["count"]}
            for row in by_manager
        ],
        "refusers": refusers,
        "refusers_later_bought": later_bought,
        "competitors": [{"competitor": row["competitor"], "count": row["count"]} for row in competitors],
        "advice": list(advice.values("client_id", "competitor", "competitor_advice", "happened_at")),
    }
