"""POST-3 with ANNOY-1: clients whose interests match a product's tags get an offer planned, within the caps.

The match is one SQL query over the interests table; planning runs per client in small batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product, ProductMatch
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.planner.facts import settings_for_team
from keepwarm.planner.services import NextStepRequest, client_replan
from keepwarm.planner.types import PlannerSettings
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

BATCH = 200
ANNOY_WINDOW_DAYS = 30  # ANNOY-1: "per 30 days"


def clients_matching(*, team_id: int, tag_ids: Iterable[int]) -> QuerySet[Client]:
    """Active, contactable clients of the team with any of the tags: a semi-join on the interests table."""
    hits = Client.interests.through.objects.filter(tag_id__in=list(tag_ids)).values("client_id")
    return (
        Client.objects.filter(pk__in=hits, owner__team_id=team_id)
        .exclude(category=Category.NEVER)
        .exclude(do_not_contact=True)
    )


def offer_earliest(outbound: Sequence[dt.date], settings: PlannerSettings, today: dt.date) -> dt.date:
    """ANNOY-1 (pure): the first day one more outbound contact keeps the weekly and the 30-day limit."""
    days = sorted(outbound)
    earliest = today
    if days:
        earliest = max(earliest, days[-1] + dt.timedelta(days=settings.min_days_between_outbound))
    cap = settings.max_outbound_per_30_days
    if 0 < cap <= len(days):
        earliest = max(earliest, days[-cap] + dt.timedelta(days=ANNOY_WINDOW_DAYS))
    return earliest


def _outbound_days(client_ids: list[int], today: dt.date) -> dict[int, list[dt.date]]:
    """Counted outbound contacts of the last 30 days, with the planner's exceptions (rules._History.add)."""
    since = timezone.now() - dt.timedelta(days=ANNOY_WINDOW_DAYS)
    rows = (
        Touch.objects.filter(client_id__in=client_ids, direction=Direction.OUTBOUND, happened_at__gte=since)
        .exclude(goal__in=[*COURTESY_GOALS, Goal.POST_SALE_CHECK])
        .exclude(outcome=Outcome.NO_ANSWER)
        .values_list("client_id", "happened_at")
    )
    found: dict[int, list[dt.date]] = defaultdict(list)
    for client_id, at in rows:
        found[client_id].append(timezone.localdate(at))
    return found


def _next_steps(client_ids: list[int]) -> dict[int, PlannedTouch]:
    steps = PlannedTouch.objects.filter(client_id__in=client_ids, status=PlanStatus.OPEN, is_next_step=True)
    return {step.client_id: step for step in steps.only("pk", "client_id", "due_date", "kind", "note")}


def _join_offer(step: PlannedTouch, product: Product) -> PlannedTouch:
    """An offer already planned carries one more item: one call, not two in a week (ANNOY-1)."""
    step.note = f"{step.note}; {product.name}"[:300] if step.note else product.name
    PlannedTouch.objects.filter(pk=step.pk).update(note=step.note)
    return step


def _matched_names(client_ids: list[int], tag_ids: list[int]) -> dict[int, list[str]]:
    rows = Client.interests.through.objects.filter(client_id__in=client_ids, tag_id__in=tag_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for client_id, name in rows.values_list("client_id", "tag__name").order_by("tag__name"):
        names[client_id].append(name)
    return names


@dataclass(frozen=True)
class MatchSummary:
    planned: int = 0
    waiting: int = 0


def _plan_batch(product: Product, clients: list[Client], by: User | None, settings: PlannerSettings) -> MatchSummary:
    today = timezone.localdate()
    ids = [client.pk for client in clients]
    outbound = _outbound_days(ids, today)
    steps = _next_steps(ids)
    names = _matched_names(ids, list(product.tags.values_list("pk", flat=True)))
    existing = {m.client_id: m for m in ProductMatch.objects.filter(product=product, client_id__in=ids)}
    planned = waiting = 0
    for client in clients:
        earliest = offer_earliest(outbound.get(client.pk, []), settings, today)
        current = steps.get(client.pk)
        match = existing.get(client.pk) or ProductMatch(product=product, client=client)
        match.matched_tags = ", ".join(names.get(client.pk, []))[:300]
        if earliest > today or (current is not None and current.due_date < earliest):
            match.status, match.waits_until = ProductMatch.Status.WAITING, earliest
            waiting += 1
        elif current is not None and current.kind == PlanKind.OFFER and current.due_date == earliest:
            match.planned_touch = _join_offer(current, product)
            match.status, match.waits_until = ProductMatch.Status.PLANNED, None
            planned += 1
        else:
            request = NextStepRequest(
                due_date=earliest, goal=Goal.OFFER, kind=PlanKind.OFFER, channel=Channel.CALL, note=product.name
            )
            with transaction.atomic():
                match.planned_touch = client_replan(client=client, by=by, request=request)
            match.status, match.waits_until = ProductMatch.Status.PLANNED, None
            planned += 1
        match.save()
    return MatchSummary(planned, waiting)


def product_match_clients(*, product: Product, by: User | None, retry_waiting: bool = False) -> MatchSummary:
    """Plan offers for new matches (and, with `retry_waiting`, re-check the waiting ones); planned stay."""
    if not product.active:
        return MatchSummary()
    settings = settings_for_team(product.team)
    queryset = clients_matching(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
    done = ProductMatch.objects.filter(product=product)
    if retry_waiting:
        done = done.filter(status=ProductMatch.Status.PLANNED)
    ids = list(queryset.exclude(pk__in=done.values("client_id")).order_by("pk").values_list("pk", flat=True))
    total = MatchSummary()
    for start in range(0, len(ids), BATCH):
        chunk = list(
            Client.objects.filter(pk__in=ids[start : start + BATCH]).select_related("owner__team", "organization")
        )
        with transaction.atomic():
            part = _plan_batch(product, chunk, by, settings)
        total = MatchSummary(total.planned + part.planned, total.waiting + part.waiting)
    return total


def new_match_count(product: Product, *, limit: int) -> int:
    """How many clients a match would plan for, counted up to `limit` (decides inline or a task)."""
    queryset = clients_matching(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
    done = ProductMatch.objects.filter(product=product).values("client_id")
    return len(queryset.exclude(pk__in=done).values_list("pk", flat=True)[:limit])
