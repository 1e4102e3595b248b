"""Writes for the ladder (LAD-5, LAD-6): confirmations, confirmed moves, privileges and offer overrides."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.models import Client, Order
from keepwarm.core.l10n import number_text
from keepwarm.ladder import events, selectors
from keepwarm.ladder.criteria import Direction, Level, ProspectBehaviour
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LevelPrivileges, PrivilegeOverride
from keepwarm.ladder.privileges import Excess, Term, check_offer

PRIVILEGE_FIELDS = ("discount_pct", "payment_terms_days", "service_priority", "personal_manager", "gifts")
TERM_FIELDS = {Term.DISCOUNT: "discount_pct", Term.PAYMENT_TERMS: "payment_terms_days"}


def _locked_row(client: Client) -> ClientLadder:
    ClientLadder.objects.get_or_create(client=client)
    return ClientLadder.objects.select_for_update().get(client=client)


@transaction.atomic
def ladder_update(
    *,
    client: Client,
    by: User,
    prospect_behaviour: str | None = None,
    partnership: bool | None = None,
    **confirmations: bool,
) -> ClientLadder:
    """LAD-2/3/4/6: what the manager judges (confirmations, partnership, prospect's behaviour).
    The level itself only moves through ladder_confirm."""
    unknown = set(confirmations) - set(CONFIRMATIONS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if prospect_behaviour not in (None, "", *ProspectBehaviour.values):
        raise ValidationError({"prospect_behaviour": [_("Unknown behaviour.")]})
    row = _locked_row(client)
    changed = dict(confirmations)
    if prospect_behaviour is not None:
        changed["prospect_behaviour"] = prospect_behaviour  # type: ignore[assignment]
    if partnership is not None:
        changed["partnership"] = partnership
    for name, value in changed.items():
        setattr(row, name, value)
    row.save(update_fields=[*changed, "updated_at"])
    return row


@transaction.atomic
def ladder_confirm(
    *, client: Client, by: User, level: int, reason: str = "", confirmations: Iterable[str] = ()
) -> ClientLadder:
    """LAD-6: the manager confirms the move the criteria suggest; what they tick is saved with it."""
    ticked = set(confirmations)
    if ticked - set(CONFIRMATIONS):
        raise ValidationError({"confirmations": [_("Unknown criterion.")]})
    row = _locked_row(client)
    for name in ticked:
        setattr(row, name, True)
    row.save(update_fields=[*ticked, "updated_at"])
    suggestion = selectors.suggestion_for(client)
    if suggestion.direction == Direction.NONE:
        raise ValidationError({"level": [_("The criteria suggest no change of level.")]})
    if level != suggestion.level:
        raise ValidationError(
            {"level": [_("The criteria suggest “%(level)s”.") % {"level": Level(suggestion.level).label}]}
        )
    previous = row.level
    row.level = level
    row.save(update_fields=["level", "updated_at"])
    events.ladder_changed(client=client, by=by, from_level=previous, to_level=level, reason=reason.strip())
    return row


@transaction.atomic
def privileges_update(*, team: Team, by: User, level: int, **fields: Any) -> LevelPrivileges:
    """LAD-5: the team lead or an admin sets what a level earns."""
    return privileges_table_update(team=team, by=by, changes={level: fields})[level]


@transaction.atomic
def privileges_table_update(
    *, team: Team, by: User, changes: Mapping[int, Mapping[str, Any]]
) -> dict[int, LevelPrivileges]:
    """LAD-5: several levels at once (the settings page's table), checked as the table they leave: raising every
    level together is allowed whatever order they are written in."""
    if not access.can_manage_team(by, team):
        raise ValidationError(_("Only the team lead or an admin changes the team's privileges."))
    for fields in changes.values():
        unknown = set(fields) - set(PRIVILEGE_FIELDS)
        if unknown:
            raise TypeError(f"not editable: {sorted(unknown)}")
    if any(level not in Level.values for level in changes):
        raise ValidationError({"level": [_("Unknown level.")]})
    table = {
        level: {name: getattr(row, name) for name in PRIVILEGE_FIELDS} | dict(changes.get(level, {}))
        for level, row in selectors.team_privileges(team).items()
    }
    _check_ordered(table)
    saved = {}
    for level in changes:
        values = table[Level(level)]
        row, _created = LevelPrivileges.objects.select_for_update().get_or_create(
            team=team, level=level, defaults=values
        )
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        saved[level] = row
    return saved


def _check_ordered(table: Mapping[Level, Mapping[str, Any]]) -> None:
    """Law no. 1: a level never earns more discount or longer payment terms than the level above it (a prospect
    with 10 % beside a loyal client with 3 % inverts the ladder)."""
    levels = sorted(table)
    errors: dict[str, list[str]] = {}
    for name in TERM_FIELDS.values():
        for lower, higher in itertools.pairwise(levels):
            if table[lower][name] > table[higher][name]:
                mine, theirs = (number_text(str(table[level][name])) for level in (lower, higher))
                message = _("%(lower)s may not earn more than %(higher)s (LAD-5): %(value)s against %(above)s.")
                worded = {"lower": str(lower.label), "higher": str(higher.label), "value": mine, "above": theirs}
                errors[name] = [message % worded]
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_check(
    *,
    client: Client,
    by: User,
    discount_pct: Decimal,
    payment_terms_days: int,
    override_reason: str = "",
    order: Order | None = None,
) -> list[Excess]:
    """LAD-5, law no. 1: an offer beyond the client's level is refused unless an override gives a reason;
    with one, each excess is recorded so reports show who gave more than was earned and why."""
    if order is not None and order.client_id != client.pk:
        raise ValidationError({"order": [_("This order belongs to another client.")]})
    stored = ClientLadder.objects.filter(client=client).values_list("level", flat=True).first()
    level = Level(stored or Level.PROSPECT)
    allowed = selectors.team_privileges(client.owner.team)[level]
    try:
        excesses = check_offer(allowed, Decimal(discount_pct), int(payment_terms_days))
    except ValueError:
        raise ValidationError({"discount_pct": [_("A discount is 0–100 %; payment terms are 0–365 days.")]}) from None
    if excesses and not override_reason.strip():
        errors = {
            TERM_FIELDS[excess.term]: [
                _("%(level)s clients are entitled to %(allowed)s; give a reason to offer %(offered)s (LAD-5).")
                % {"level": level.label, "allowed": excess.allowed, "offered": excess.offered}
            ]
            for excess in excesses
        }
        errors["override_reason"] = [_("An offer beyond the client's level needs a reason.")]
        raise ValidationError(errors, code="beyond_level")
    now = timezone.now()
    PrivilegeOverride.objects.bulk_create(
        PrivilegeOverride(
            client=client,
            order=order,
            level=level,
            what=excess.term,
            offered=Decimal(excess.offered),
            allowed=Decimal(excess.allowed),
            reason=override_reason.strip(),
            by=by,
            at=now,
        )
        for excess in excesses
    )
    return excesses
