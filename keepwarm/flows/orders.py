"""Recording an order: the order, the terms it gives (LAD-5), the client NOW (CAT-4), the post-sale call (POST-1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from keepwarm.accounts.models import User
from keepwarm.clients import services as client_services
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Order
from keepwarm.clients.reasons import ChangeReason
from keepwarm.flows.refresh import client_refresh
from keepwarm.ladder.services import offer_check


@dataclass(frozen=True)
class OrderDetails:
    """An order as a purchase records it, with the terms LAD-5 checks against the client's level."""

    ordered_on: dt.date
    amount: Decimal
    items: str
    currency: str = "EUR"
    amount_paid: Decimal = Decimal(0)
    delivered_on: dt.date | None = None
    discount_pct: Decimal = Decimal(0)
    payment_terms_days: int = 0
    override_reason: str = ""


def order_writes(*, client: Client, by: User, details: OrderDetails) -> Order:
    """The order's writes in each domain, in the caller's transaction; the caller refreshes the client after."""
    order = client_services.order_record(
        client=client,
        by=by,
        ordered_on=details.ordered_on,
        amount=details.amount,
        items=details.items,
        currency=details.currency,
        amount_paid=details.amount_paid,
        delivered_on=details.delivered_on,
    )
    if details.discount_pct or details.payment_terms_days:
        offer_check(
            client=client,
            by=by,
            discount_pct=details.discount_pct,
            payment_terms_days=details.payment_terms_days,
            override_reason=details.override_reason,
            order=order,
        )
    if client.category != Category.NOW:
        client_services.client_set_category(
            client=client, by=by, category=Category.NOW, reason_code=ChangeReason.ORDER_PLACED
        )
    return order


@transaction.atomic
def order_record(*, client: Client, by: User, **details: Any) -> Order:
    """CAT-4: an order makes the client NOW; POST-1: the next step is the post-sale call;
    LAD-5: a discount or payment terms beyond the client's level need an override reason.
    `details` are the fields of OrderDetails."""
    order = order_writes(client=client, by=by, details=OrderDetails(**details))
    client_refresh(client=client, by=by)
    return order
