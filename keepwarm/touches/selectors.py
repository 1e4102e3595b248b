"""Reads of touches and planned touches that other apps use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from keepwarm.clients.models import Client
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch


def open_next_step(client: Client) -> PlannedTouch | None:
    """CAT-5: the client's one open next step (None for a NEVER client)."""
    return PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).first()


def open_next_steps(client_ids: Iterable[int]) -> QuerySet[PlannedTouch]:
    return PlannedTouch.objects.filter(client_id__in=client_ids, status=PlanStatus.OPEN, is_next_step=True)
