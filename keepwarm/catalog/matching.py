"""POST-3 with ANNOY-1..4, QUAL-4 and CAT-3, the reads: which clients a product's tags match and what the offer
needs to know about each of them. Planning the offers is keepwarm.flows.offers.

The match is one SQL query over the interests table. The rules of when an offer may take the next step are pure
(waits.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from keepwarm.catalog.models import Product, ProductMatch
from keepwarm.catalog.waits import (
    ANNOY_WINDOW_DAYS,
    OFFER_RULE,
    ClientPauses,
    StepFacts,
)
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.planner.explain import reasons_from_json
from keepwarm.planner.inputs import reevaluate_on
from keepwarm.touches.choices import COURTESY_GOALS, Direction, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

BATCH = 200


def clients_matching(*, team_id: int, tag_ids: Iterable[int]) -> QuerySet[Client]:
    """Active, contactable clients of the team with any of the tags: a semi-join on the interests table."""
    return clients_interested(team_id=team_id, tag_ids=tag_ids).exclude(do_not_contact=True)


def clients_interested(*, team_id: int, tag_ids: Iterable[int]) -> QuerySet[Client]:
    """Offers list do-not-contact clients too, as waiting: the manager sees who matched and why no call."""
    hits = Client.interests.through.objects.filter(tag_id__in=list(tag_ids)).values("client_id")
    return Client.objects.filter(pk__in=hits, owner__team_id=team_id).exclude(category=Category.NEVER)


def outbound_days(client_ids: list[int], today: dt.date) -> dict[int, list[dt.date]]:
    """Counted outbound contacts of the last 30 days, with the planner's exceptions (history.History.add)."""
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


def open_next_steps(client_ids: list[int]) -> dict[int, PlannedTouch]:
    steps = PlannedTouch.objects.filter(client_id__in=client_ids, status=PlanStatus.OPEN, is_next_step=True)
    fields = ("pk", "client_id", "due_date", "kind", "note", "client_choice", "explanation")
    return {step.client_id: step for step in steps.only(*fields)}


def catalog_offer_ids(steps: Iterable[PlannedTouch]) -> set[int]:
    """Open offers planned by POST-3 (also ones planned before their explanation named the product)."""
    offers = [step.pk for step in steps if step.kind == PlanKind.OFFER]
    planned = ProductMatch.objects.filter(planned_touch_id__in=offers, status=ProductMatch.Status.PLANNED)
    return set(planned.values_list("planned_touch_id", flat=True))


def step_facts(step: PlannedTouch | None, catalog_offers: set[int]) -> StepFacts | None:
    if step is None:
        return None
    reasons = tuple(reasons_from_json(step.explanation or []))
    is_offer = step.pk in catalog_offers or (
        step.kind == PlanKind.OFFER and any(reason.rule == OFFER_RULE for reason in reasons)
    )
    return StepFacts(step.due_date, step.kind, step.client_choice, reasons, is_offer)


def client_pauses(client: Client) -> ClientPauses:
    return ClientPauses(
        do_not_contact=client.do_not_contact,
        sales_paused_until=client.sales_paused_until,
        disqualified_until=reevaluate_on(client),
    )


def matched_names(client_ids: list[int], tag_ids: list[int]) -> dict[int, list[str]]:
    rows = Client.interests.through.objects.filter(client_id__in=client_ids, tag_id__in=tag_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for client_id, name in rows.values_list("client_id", "tag__name").order_by("tag__name"):
        names[client_id].append(name)
    return names


def clients_to_match(product: Product, *, retry_waiting: bool) -> QuerySet[Client]:
    """New matches; with `retry_waiting`, the waiting ones too (planned offers stay as they are)."""
    queryset = clients_interested(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
    done = ProductMatch.objects.filter(product=product)
    if retry_waiting:
        done = done.filter(status=ProductMatch.Status.PLANNED)
    return queryset.exclude(pk__in=done.values("client_id"))


def new_match_count(product: Product, *, limit: int, retry_waiting: bool = False) -> int:
    """How many clients a match would plan for, counted up to `limit` (decides inline or a task)."""
    return len(clients_to_match(product, retry_waiting=retry_waiting).values_list("pk", flat=True)[:limit])
