"""Catalog writes that plan offers (POST-3) and event invitations logged as touches (POST-7)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.catalog import services as catalog_services
from keepwarm.catalog.matching import new_match_count
from keepwarm.catalog.models import Event, EventInvitation, Product
from keepwarm.catalog.tasks import match_product
from keepwarm.clients.models import Client
from keepwarm.flows.offers import product_match_clients
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import Channel, Goal, Outcome

# Up to this many new matches are planned in the request; more go to a background task after commit.
INLINE_MATCH_LIMIT = 200


def _schedule_matching(product: Product, by: User, *, retry_waiting: bool = False) -> None:
    """Small sets are planned now, in the caller's transaction; big teams in a task after commit."""
    if not product.active:
        return
    if new_match_count(product, limit=INLINE_MATCH_LIMIT + 1, retry_waiting=retry_waiting) <= INLINE_MATCH_LIMIT:
        product_match_clients(product=product, by=by, retry_waiting=retry_waiting)
        return
    transaction.on_commit(lambda: match_product.enqueue(product.pk, by.pk, retry_waiting))


@transaction.atomic
def product_create(*, by: User, **fields: Any) -> Product:
    """A new product (catalog.services.product_create takes `fields`) plans offers for the clients its tags match
    (POST-3)."""
    product = catalog_services.product_create(by=by, **fields)
    _schedule_matching(product, by)
    return product


@transaction.atomic
def product_update(*, product: Product, by: User, **fields: Any) -> Product:
    """Tagging a product (or activating it) matches the clients it did not match before (POST-3)."""
    product = catalog_services.product_update(product=product, by=by, **fields)
    _schedule_matching(product, by)
    return product


@transaction.atomic
def product_retry_waiting(*, product: Product, by: User) -> None:
    """Re-check the clients whose offer waited for ANNOY-1; the ones now within the caps get it planned.
    Matching is a team matter: leads and admins only, from the page and the API alike."""
    if not access.can_manage_team_rows(by):
        raise PermissionDenied
    _schedule_matching(product, by, retry_waiting=True)


@transaction.atomic
def event_invite(*, event: Event, client: Client, by: User, channel: str = Channel.EMAIL) -> EventInvitation:
    """POST-7: an invitation is a touch (goal present or offer, outcome sent), logged once per client."""
    catalog_services.event_invitation_check(event=event, client=client)
    goal = Goal.PRESENT if event.kind == Event.Kind.PRESENTATION else Goal.OFFER
    note = _("Invitation: %(title)s on %(date)s") % {"title": event.title, "date": event.date.isoformat()}
    result = client_log_touch(client=client, by=by, channel=channel, goal=goal, outcome=Outcome.SENT, notes=note)
    return catalog_services.event_invitation_add(event=event, client=client, by=by, touch=result.touch)
