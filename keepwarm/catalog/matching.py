"""POST-3 with ANNOY-1..4, QUAL-4 and CAT-3: clients whose interests match a product's tags get an offer planned,
unless a pause or a date agreed with the client comes first; then the offer waits, with the reason.

The match is one SQL query over the interests table; planning runs per client in small batches. The rules of
when an offer may take the next step are pure (waits.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product, ProductMatch
from keepwarm.catalog.waits import (
    ANNOY_WINDOW_DAYS,
    OFFER_RULE,
    Action,
    ClientPauses,
    StepFacts,
    offer_decision,
    offer_earliest,
    offer_reason,
)
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.planner.explain import StoredReason, reasons_from_json, reasons_json
from keepwarm.planner.inputs import reevaluate_on, settings_for_team
from keepwarm.planner.services import NextStepRequest, client_replan
from keepwarm.planner.types import PlannerSettings
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

BATCH = 200


def clients_matching(*, team_id: int, tag_ids: Iterable[int]) -> QuerySet[Client]:
    """Active, contactable clients of the team with any of the tags: a semi-join on the interests table."""
    return _interested(team_id=team_id, tag_ids=tag_ids).exclude(do_not_contact=True)


def _interested(*, team_id: int, tag_ids: Iterable[int]) -> QuerySet[Client]:
    """Offers list do-not-contact clients too, as waiting: the manager sees who matched and why no call."""
    hits = Client.interests.through.objects.filter(tag_id__in=list(tag_ids)).values("client_id")
    return Client.objects.filter(pk__in=hits, owner__team_id=team_id).exclude(category=Category.NEVER)


def _outbound_days(client_ids: list[int], today: dt.date) -> dict[int, list[dt.date]]:
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


def _next_steps(client_ids: list[int]) -> dict[int, PlannedTouch]:
    steps = PlannedTouch.objects.filter(client_id__in=client_ids, status=PlanStatus.OPEN, is_next_step=True)
    fields = ("pk", "client_id", "due_date", "kind", "note", "client_choice", "explanation")
    return {step.client_id: step for step in steps.only(*fields)}


def _catalog_offer_ids(steps: Iterable[PlannedTouch]) -> set[int]:
    """Open offers planned by POST-3 (also ones planned before their explanation named the product)."""
    offers = [step.pk for step in steps if step.kind == PlanKind.OFFER]
    planned = ProductMatch.objects.filter(planned_touch_id__in=offers, status=ProductMatch.Status.PLANNED)
    return set(planned.values_list("planned_touch_id", flat=True))


def _step_facts(step: PlannedTouch | None, catalog_offers: set[int]) -> StepFacts | None:
    if step is None:
        return None
    reasons = tuple(reasons_from_json(step.explanation or []))
    is_offer = step.pk in catalog_offers or (
        step.kind == PlanKind.OFFER and any(reason.rule == OFFER_RULE for reason in reasons)
    )
    return StepFacts(step.due_date, step.kind, step.client_choice, reasons, is_offer)


def _pauses(client: Client) -> ClientPauses:
    return ClientPauses(
        do_not_contact=client.do_not_contact,
        sales_paused_until=client.sales_paused_until,
        disqualified_until=reevaluate_on(client),
    )


def _explained(step: PlannedTouch, product: Product) -> list[StoredReason]:
    """The offer's own POST-3 reasons (one per product) first, then how tact moved it. The TACT-7 "picked by
    the manager" the planner gives every requested step is dropped: nobody picked this one."""
    reasons = [reason for reason in reasons_from_json(step.explanation or []) if reason.code != "manager_choice"]
    offers = [reason for reason in reasons if reason.rule == OFFER_RULE]
    others = [reason for reason in reasons if reason.rule != OFFER_RULE]
    return reasons_json((*offers, offer_reason(product.name), *others))


def _join_offer(step: PlannedTouch, product: Product) -> PlannedTouch:
    """An offer already planned carries one more item: one call, not two in a week (ANNOY-1)."""
    step.note = f"{step.note}; {product.name}"[:300] if step.note else product.name
    step.explanation = _explained(step, product)
    PlannedTouch.objects.filter(pk=step.pk).update(note=step.note, explanation=step.explanation)
    return step


def _plan_offer(client: Client, product: Product, by: User | None, today: dt.date) -> PlannedTouch | None:
    request = NextStepRequest(
        due_date=today, goal=Goal.OFFER, kind=PlanKind.OFFER, channel=Channel.CALL, note=product.name
    )
    with transaction.atomic():
        step = client_replan(client=client, by=by, request=request)
        if step is not None:
            step.explanation = _explained(step, product)
            PlannedTouch.objects.filter(pk=step.pk).update(explanation=step.explanation)
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

    def __add__(self, other: MatchSummary) -> MatchSummary:
        return MatchSummary(self.planned + other.planned, self.waiting + other.waiting)


def _plan_batch(product: Product, clients: list[Client], by: User | None, settings: PlannerSettings) -> MatchSummary:
    today = timezone.localdate()
    ids = [client.pk for client in clients]
    outbound = _outbound_days(ids, today)
    steps = _next_steps(ids)
    catalog_offers = _catalog_offer_ids(steps.values())
    names = _matched_names(ids, list(product.tags.values_list("pk", flat=True)))
    existing = {m.client_id: m for m in ProductMatch.objects.filter(product=product, client_id__in=ids)}
    planned = waiting = 0
    for client in clients:
        step = steps.get(client.pk)
        decision = offer_decision(
            step=_step_facts(step, catalog_offers),
            pauses=_pauses(client),
            earliest=offer_earliest(outbound.get(client.pk, []), settings, today),
            today=today,
        )
        match = existing.get(client.pk) or ProductMatch(product=product, client=client)
        match.matched_tags = ", ".join(names.get(client.pk, []))[:300]
        if decision.action == Action.WAIT:
            match.status, match.waits_until = ProductMatch.Status.WAITING, decision.waits_until
            match.wait_reasons = reasons_json(decision.reasons)
            waiting += 1
        else:
            offer = _join_offer(step, product) if step and decision.action == Action.JOIN else None
            match.planned_touch = offer or _plan_offer(client, product, by, today)
            match.status, match.waits_until, match.wait_reasons = ProductMatch.Status.PLANNED, None, []
            planned += 1
        match.save()
    return MatchSummary(planned, waiting)


def _to_match(product: Product, *, retry_waiting: bool) -> QuerySet[Client]:
    """New matches; with `retry_waiting`, the waiting ones too (planned offers stay as they are)."""
    queryset = _interested(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
    done = ProductMatch.objects.filter(product=product)
    if retry_waiting:
        done = done.filter(status=ProductMatch.Status.PLANNED)
    return queryset.exclude(pk__in=done.values("client_id"))


def product_match_clients(*, product: Product, by: User | None, retry_waiting: bool = False) -> MatchSummary:
    """Plan offers for new matches (and, with `retry_waiting`, re-check the waiting ones); planned stay."""
    if not product.active:
        return MatchSummary()
    settings = settings_for_team(product.team)
    if retry_waiting:  # a client whose interest went (or who became NEVER) no longer waits for this offer
        interested = _interested(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
        stale = ProductMatch.objects.filter(product=product, status=ProductMatch.Status.WAITING)
        stale.exclude(client_id__in=interested.values("pk")).delete()
    ids = list(_to_match(product, retry_waiting=retry_waiting).order_by("pk").values_list("pk", flat=True))
    total = MatchSummary()
    for start in range(0, len(ids), BATCH):
        chunk = list(
            Client.objects.filter(pk__in=ids[start : start + BATCH]).select_related(
                "owner__team", "organization", "qualification"
            )
        )
        with transaction.atomic():
            total += _plan_batch(product, chunk, by, settings)
    return total


def offers_retry_due(*, today: dt.date | None = None) -> MatchSummary:
    """The nightly retry: products with an offer whose wait is over (or has no day: do-not-contact lifted,
    an overdue step logged) re-check their waiting clients."""
    today = today or timezone.localdate()
    due = ProductMatch.objects.filter(status=ProductMatch.Status.WAITING).filter(
        Q(waits_until__lte=today) | Q(waits_until__isnull=True)
    )
    products = Product.objects.filter(active=True, pk__in=due.values("product_id")).select_related("team")
    total = MatchSummary()
    for product in products.order_by("pk"):
        total += product_match_clients(product=product, by=None, retry_waiting=True)
    return total


def new_match_count(product: Product, *, limit: int, retry_waiting: bool = False) -> int:
    """How many clients a match would plan for, counted up to `limit` (decides inline or a task)."""
    return len(_to_match(product, retry_waiting=retry_waiting).values_list("pk", flat=True)[:limit])
