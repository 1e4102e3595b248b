"""Writes for the catalog and events: a new or newly tagged product plans offers (POST-3), invitations are
touches (POST-7)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.catalog import matching
from keepwarm.catalog.models import Event, EventInvitation, Product
from keepwarm.catalog.tags import team_tags
from keepwarm.clients.models import Client
from keepwarm.touches import bounds
from keepwarm.touches.choices import Channel, Goal, Outcome
from keepwarm.touches.services import touch_log

# Up to this many new matches are planned in the request; more go to a background task after commit.
INLINE_MATCH_LIMIT = 200
PRODUCT_FIELDS = ("name", "description", "need_class", "active")
EVENT_FIELDS = ("kind", "title", "date", "description")


def _team_for(by: User, team: Team | None) -> Team:
    if not access.can_manage_team_rows(by):
        raise ValidationError(_("Only team leads and admins manage the catalog and events."))
    team = team or by.team
    if team is None:
        raise ValidationError({"team": _("Choose the team.")})
    if not access.can_manage_team(by, team):
        raise ValidationError({"team": _("You can only manage your own team's catalog.")})
    return team


def _check_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")


def _schedule_matching(product: Product, by: User, *, retry_waiting: bool = False) -> None:
    """Small sets are planned now, in the caller's transaction; big teams in a task after commit."""
    if not product.active:
        return
    if (
        matching.new_match_count(product, limit=INLINE_MATCH_LIMIT + 1, retry_waiting=retry_waiting)
        <= INLINE_MATCH_LIMIT
    ):
        matching.product_match_clients(product=product, by=by, retry_waiting=retry_waiting)
        return
    from keepwarm.catalog.tasks import match_product

    transaction.on_commit(lambda: match_product.enqueue(product.pk, by.pk, retry_waiting))


def _set_related(product: Product, related: Iterable[Product]) -> None:
    related = list(related)
    if any(item.team_id != product.team_id or item.pk == product.pk for item in related):
        raise ValidationError({"related": _("Related products come from the same team's catalog.")})
    product.related.set(related)


@transaction.atomic
def product_create(
    *,
    by: User,
    team: Team | None = None,
    tags: Iterable[str] = (),
    related: Iterable[Product] = (),
    **fields: Any,
) -> Product:
    _check_fields(fields, PRODUCT_FIELDS)
    product = Product(team=_team_for(by, team), created_by=by, **fields)
    product.full_clean()
    product.save()
    product.tags.set(team_tags(team=product.team, names=tags))
    _set_related(product, related)
    _schedule_matching(product, by)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    by: User,
    tags: Iterable[str] | None = None,
    related: Iterable[Product] | None = None,
    **fields: Any,
) -> Product:
    """Tagging a product (or activating it) matches the clients it did not match before (POST-3)."""
    _check_fields(fields, PRODUCT_FIELDS)
    _team_for(by, product.team)
    for name, value in fields.items():
        setattr(product, name, value)
    product.full_clean()
    product.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        product.tags.set(team_tags(team=product.team, names=tags))
    if related is not None:
        _set_related(product, related)
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
def event_create(*, by: User, team: Team | None = None, tags: Iterable[str] = (), **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    event = Event(team=_team_for(by, team), created_by=by, **fields)
    bounds.check_calendar_days(date=event.date)
    event.full_clean()
    event.save()
    event.tags.set(team_tags(team=event.team, names=tags))
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, tags: Iterable[str] | None = None, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    _team_for(by, event.team)
    for name, value in fields.items():
        setattr(event, name, value)
    bounds.check_calendar_days(date=event.date)
    event.full_clean()
    event.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        event.tags.set(team_tags(team=event.team, names=tags))
    return event


@transaction.atomic
def event_invite(*, event: Event, client: Client, by: User, channel: str = Channel.EMAIL) -> EventInvitation:
    """POST-7: an invitation is a touch (goal present or offer, outcome sent), logged once per client."""
    if client.owner.team_id != event.team_id:
        raise ValidationError(_("This client is not in the event's team."))
    if EventInvitation.objects.filter(event=event, client=client).exists():
        raise ValidationError(_("This client is already invited."))
    goal = Goal.PRESENT if event.kind == Event.Kind.PRESENTATION else Goal.OFFER
    note = _("Invitation: %(title)s on %(date)s") % {"title": event.title, "date": event.date.isoformat()}
    result = touch_log(client=client, by=by, channel=channel, goal=goal, outcome=Outcome.SENT, notes=note)
    return EventInvitation.objects.create(event=event, client=client, touch=result.touch, invited_by=by)
