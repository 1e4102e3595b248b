"""Writes for the catalog and events. Planning the offers a product matches (POST-3) and inviting a client, which
is logged as a touch (POST-7), are keepwarm.flows.catalog."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.catalog.models import Event, EventInvitation, Product
from keepwarm.catalog.tags import team_tags
from keepwarm.clients.models import Client
from keepwarm.touches import bounds
from keepwarm.touches.models import Touch

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
    """The product's fields, tags and related products (flows.catalog plans the offers they match, POST-3)."""
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
    return product


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


def event_invitation_check(*, event: Event, client: Client) -> None:
    """POST-7: a client of the event's team, invited once."""
    if client.owner.team_id != event.team_id:
        raise ValidationError(_("This client is not in the event's team."))
    if EventInvitation.objects.filter(event=event, client=client).exists():
        raise ValidationError(_("This client is already invited."))


def event_invitation_add(*, event: Event, client: Client, by: User, touch: Touch) -> EventInvitation:
    """POST-7: the invitation, with the touch it was logged as (checked first: event_invitation_check)."""
    return EventInvitation.objects.create(event=event, client=client, touch=touch, invited_by=by)
