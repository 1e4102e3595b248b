"""Reads for the catalog: scoped lists, a product's matches, an event's invitees and POST-6 suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.catalog import waits
from keepwarm.catalog.matching import clients_matching
from keepwarm.catalog.models import Event, EventInvitation, Product, ProductMatch
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.clients.selectors import interest_names
from keepwarm.core.collation import by_name
from keepwarm.core.l10n import day_text
from keepwarm.core.statements import Statement
from keepwarm.needs.choices import NeedClass
from keepwarm.needs.offers import OfferReason, ProductFacts, suggest_offers
from keepwarm.needs.selectors import satisfied_needs
from keepwarm.planner.explain import reason_text, reasons_from_json
from keepwarm.planner.types import Reason

SUGGESTIONS_PER_MONTH = 2  # POST-6: 1–2 catalog items a month
SUGGESTION_WINDOW = dt.timedelta(days=30)


def products_visible_to(user: User) -> QuerySet[Product]:
    return access.team_rows(user, Product.objects.all())


def events_visible_to(user: User) -> QuerySet[Event]:
    return access.team_rows(user, Event.objects.all())


def product_matches(product: Product, *, user: User) -> QuerySet[ProductMatch]:
    """Only matches of clients the user may see (OWN-1): a manager sees their own share of a team product."""
    visible = clients_visible_to(user).values("pk")
    return (
        product.matches.filter(client_id__in=visible)
        .select_related("client__owner", "planned_touch")
        .order_by("status", *by_name(user.language, prefix="client__"), "id")
    )


# Reasons only the catalog gives; the planner's own (ANNOY-3, QUAL-4, CAT-3, ...) read as on the agenda.
WAIT_MESSAGES = {
    waits.DO_NOT_CONTACT.code: gettext_lazy("The client asked not to be contacted (%(rule)s)"),
    waits.NEXT_STEP_FIRST: gettext_lazy("The next step on %(day)s comes first (%(rule)s)"),
}


def _wait_text(reason: Reason) -> str:
    message = WAIT_MESSAGES.get(reason.code)
    if message is None:
        return reason_text(reason)
    day = day_text(reason.day) if reason.day else ""
    return " ".join((str(message) % {"rule": reason.rule, "day": day}).split())


def match_wait_texts(match: ProductMatch) -> list[str]:
    """Why a matched client's offer waits, one sentence per reason, in the viewer's language."""
    if match.status != ProductMatch.Status.WAITING:
        return []
    return [_wait_text(reason) for reason in reasons_from_json(match.wait_reasons or [])]


@dataclass(frozen=True)
class MatchRow:
    match: ProductMatch
    wait_texts: list[str]


def product_match_rows(product: Product, *, user: User) -> list[MatchRow]:
    return [MatchRow(match, match_wait_texts(match)) for match in product_matches(product, user=user)]


def event_candidates(event: Event, *, user: User) -> QuerySet[Client]:
    """POST-7: visible clients whose interests match the event, each marked `invited`."""
    invited = EventInvitation.objects.filter(event=event, client_id=OuterRef("pk"))
    tag_ids = event.tags.values_list("pk", flat=True)
    matching = clients_matching(team_id=event.team_id, tag_ids=tag_ids).values("pk")
    return (
        clients_visible_to(user)
        .filter(pk__in=matching)
        .annotate(invited=Exists(invited))
        .select_related("owner")
        .order_by(*by_name(user.language))
    )


@dataclass(frozen=True)
class OfferSuggestion:
    product: Product
    reason: OfferReason
    detail: str

    @property
    def reason_text(self) -> str:
        detail = self.detail
        if self.reason == OfferReason.RELATED_NEED:
            detail = str(NeedClass(detail).label)
        return f"{self.reason.label}: {detail}"


def _facts(product: Product) -> ProductFacts:
    return ProductFacts(
        id=product.pk,
        tags=frozenset(tag.name for tag in product.tags.all()),
        need_class=product.need_class,
        related_ids=frozenset(item.pk for item in product.related.all()),
    )


# The card's offers part reads these on every opening: built once (core.statements).
_PLANNED_MATCHES = Statement(
    lambda client: ProductMatch.objects.filter(client_id=client, status=ProductMatch.Status.PLANNED).values(
        "product_id", "matched_at"
    ),
    client=int,
)
_ACTIVE_PRODUCTS = Statement(lambda team: Product.objects.filter(team_id=team, active=True), team=int)


def client_suggestions(client: Client) -> list[OfferSuggestion]:
    """POST-6: up to 2 items a month; offers planned in the last 30 days count against the month."""
    since = timezone.now() - SUGGESTION_WINDOW
    matches = _PLANNED_MATCHES.rows(client=client.pk)
    offered = {match["product_id"] for match in matches}
    this_month = sum(1 for match in matches if match["matched_at"] >= since)
    limit = SUGGESTIONS_PER_MONTH - this_month
    if limit < 1:
        return []
    products = _ACTIVE_PRODUCTS.rows(team=client.owner.team_id or 0)
    if not products:  # an empty catalog suggests nothing, whatever the client's interests and needs
        return []
    prefetch_related_objects(products, "tags", "related")
    suggestions = suggest_offers(
        interests=set(interest_names(client)),
        satisfied_needs=satisfied_needs(client),
        products=[_facts(product) for product in products],
        already_offered_ids=offered,
        limit=limit,
    )
    by_id = {product.pk: product for product in products}
    return [OfferSuggestion(by_id[s.product_id], s.reason_code, s.reason_detail) for s in suggestions]
