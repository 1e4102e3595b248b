"""Reads for clients: search, filters and the prefetching lists need (OWN-1 applied by the caller)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch


def client_search(
    queryset: QuerySet[Client], *, q: str = "", category: str = "", owner: int | None = None
) -> QuerySet[Client]:
    """Case- and diacritic-insensitive search by name, phone digits, e-mail and organization."""
    for word in fold(q).split():
        digits = word.lstrip("+").replace("-", "").replace("(", "").replace(")", "")
        queryset = queryset.filter(search_text__contains=digits if digits.isdigit() else word)
    if category:
        queryset = queryset.filter(category=category)
    if owner is not None:
        queryset = queryset.filter(owner_id=owner)
    return queryset


def with_next_step(queryset: QuerySet[Client]) -> QuerySet[Client]:
    """Attach each client's open next step as `open_next_steps` in one extra query."""
    return queryset.prefetch_related(
        Prefetch(
            "planned_touches",
            queryset=PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True),
            to_attr="open_next_steps",
        )
    )


def clients_without_next_step(queryset: QuerySet[Client]) -> QuerySet[Client]:
    """CAT-5 violations (imports, raw edits) so they can be listed and mended."""
    open_steps = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True).values("client_id")
    return queryset.exclude(category="never").exclude(pk__in=open_steps)
