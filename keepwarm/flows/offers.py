"""POST-3: planning a product's offers for the clients its tags match, unless a pause or a date agreed with the
client comes first (ANNOY-1..4, QUAL-4, CAT-3); then the offer waits, with the reason. Per client, in small
batches, each planned offer through the planner (CAT-5: it becomes the next step or joins the offer planned).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.catalog.matching import (
    BATCH,
    catalog_offer_ids,
    client_pauses,
    clients_interested,
    clients_to_match,
    matched_names,
    open_next_steps,
    outbound_days,
    step_facts,
)
from keepwarm.catalog.models import Product, ProductMatch
from keepwarm.catalog.waits import OFFER_RULE, Action, offer_decision, offer_earliest, offer_reason
from keepwarm.clients.models import Client
from keepwarm.flows.refresh import client_refresh
from keepwarm.planner.explain import StoredReason, reasons_from_json, reasons_json
from keepwarm.planner.inputs import settings_for_team
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.types import PlannerSettings
from keepwarm.touches.choices import Channel, Goal, PlanKind
from keepwarm.touches.models import PlannedTouch


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
        step = client_refresh(client=client, by=by, next_step=request)
        if step is not None:
            step.explanation = _explained(step, product)
            PlannedTouch.objects.filter(pk=step.pk).update(explanation=step.explanation)
    return step


@dataclass(frozen=True)
class MatchSummary:
    planned: int = 0
    waiting: int = 0

    def __add__(self, other: MatchSummary) -> MatchSummary:
        return MatchSummary(self.planned + other.planned, self.waiting + other.waiting)


def _plan_batch(product: Product, clients: list[Client], by: User | None, settings: PlannerSettings) -> MatchSummary:
    today = timezone.localdate()
    ids = [client.pk for client in clients]
    outbound = outbound_days(ids, today)
    steps = open_next_steps(ids)
    catalog_offers = catalog_offer_ids(steps.values())
    names = matched_names(ids, list(product.tags.values_list("pk", flat=True)))
    existing = {m.client_id: m for m in ProductMatch.objects.filter(product=product, client_id__in=ids)}
    planned = waiting = 0
    for client in clients:
        step = steps.get(client.pk)
        decision = offer_decision(
            step=step_facts(step, catalog_offers),
            pauses=client_pauses(client),
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


def product_match_clients(*, product: Product, by: User | None, retry_waiting: bool = False) -> MatchSummary:
    """Plan offers for new matches (and, with `retry_waiting`, re-check the waiting ones); planned stay."""
    if not product.active:
        return MatchSummary()
    settings = settings_for_team(product.team)
    if retry_waiting:  # a client whose interest went (or who became NEVER) no longer waits for this offer
        interested = clients_interested(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True))
        stale = ProductMatch.objects.filter(product=product, status=ProductMatch.Status.WAITING)
        stale.exclude(client_id__in=interested.values("pk")).delete()
    ids = list(clients_to_match(product, retry_waiting=retry_waiting).order_by("pk").values_list("pk", flat=True))
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
