"""POST-6 (pure): one or two individual offers a month from the catalog, each with its reason, from the client's
interests, purchases and satisfied needs (NEED-1)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.needs.choices import NeedClass, related_needs


class OfferReason(models.TextChoices):
    """POST-6: why an item is suggested, strongest first; the card shows it next to the offer."""

    RELATED_PRODUCT = "related_product", _("Goes with a product the client bought")
    INTEREST = "interest", _("Matches the client's interests")
    RELATED_NEED = "related_need", _("Answers a need that follows one already satisfied")


@dataclass(frozen=True)
class ProductFacts:
    id: int
    tags: frozenset[str]  # lowercase interest tags (POST-3)
    need_class: str = ""  # a NeedClass, "" when not classed
    related_ids: frozenset[int] = frozenset()  # products it goes with (the skirt for the blouse, S4)


@dataclass(frozen=True)
class Suggestion:
    product_id: int
    reason_code: OfferReason
    reason_detail: str  # the matched tags, the bought product id, or the satisfied need


def _best_reason(
    product: ProductFacts,
    interests: Collection[str],
    purchased_ids: Collection[int],
    follow_on: dict[str, str],
) -> tuple[OfferReason, str, int] | None:
    """The strongest reason to offer `product`, its detail, and a strength to rank by within the reason."""
    bought_with = sorted(product.related_ids.intersection(purchased_ids))
    if bought_with:
        return OfferReason.RELATED_PRODUCT, ", ".join(map(str, bought_with)), len(bought_with)
    matched = sorted(product.tags.intersection(interests))
    if matched:
        return OfferReason.INTEREST, ", ".join(matched), len(matched)
    if product.need_class in follow_on:
        return OfferReason.RELATED_NEED, follow_on[product.need_class], 1
    return None


def suggest_offers(
    interests: Collection[str],
    satisfied_needs: Collection[str],
    products: Sequence[ProductFacts],
    already_offered_ids: Collection[int],
    limit: int = 2,
    purchased_ids: Collection[int] = frozenset(),
) -> list[Suggestion]:
    """POST-6: at most `limit` (1–2 a month) catalog items, each with its reason.

    Bought and already offered items are skipped. Ranked by reason (OfferReason order), then by how many
    tags or purchases back it, then by catalog order, so the same facts always give the same offer.
    """
    if limit < 1:
        raise ValueError("POST-6: suggest at least one item")
    satisfied = {NeedClass(need) for need in satisfied_needs}
    in_order = [need for need in NeedClass if need in satisfied]
    # A need already satisfied is not "related" any more; the first satisfied need (NeedClass order)
    # that leads to a related one names it in the reason.
    follow_on: dict[str, str] = {}
    for need in in_order:
        for related in related_needs(need):
            if related not in satisfied:
                follow_on.setdefault(related, need)
    skip = {*already_offered_ids, *purchased_ids}
    reasons = list(OfferReason)
    ranked = []
    for position, product in enumerate(products):
        if product.id in skip:
            continue
        found = _best_reason(product, interests, purchased_ids, follow_on)
        if found:
            reason, detail, strength = found
            rank = (reasons.index(reason), -strength, position)
            ranked.append((rank, Suggestion(product.id, reason, detail)))
    ranked.sort(key=lambda item: item[0])
    return [suggestion for _rank, suggestion in ranked[:limit]]
