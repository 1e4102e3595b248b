"""Writes for clients, organizations and orders: their own rows and history only.

What follows from them in other apps (the next step, the scorecard, the ladder) is done by keepwarm.flows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_record, values_of
from keepwarm.clients import events
from keepwarm.clients.choices import Category, NeverReason, RelationshipGroup
from keepwarm.clients.contacts import fold, normalize_emails, normalize_phones, search_text
from keepwarm.clients.models import Client, Order, Organization, Tag
from keepwarm.clients.reasons import ChangeReason
from keepwarm.clients.zone_source import CONFIRMED
from keepwarm.core.errors import StaleEditError
from keepwarm.planner.inputs import ORGANIZATION_CALENDAR_FIELDS, calendar_facts, settings_for_team
from keepwarm.planner.requests import NextStepRequest, callable_or_error
from keepwarm.touches import bounds

# Fields a client edit may change; category, owner and history have their own services.
CLIENT_EDITABLE_FIELDS = (
    "organization", "decision_role", "last_name", "first_name", "patronymic", "form_of_address", "position",
    "phones", "emails", "birthday", "language", "country", "time_zone", "preferred_call_time", "relationship_group",
    "referred_by", "do_not_contact", "do_not_contact_reason", "notes", "work_start", "work_end", "lunch_start",
    "lunch_end", "workdays",
)  # fmt: skip
# Where an import derived the zone from (TIME-1): written by the import, its undo and a merge, never typed by a person.
ZONE_SOURCE_FIELDS = ("time_zone_source", "time_zone_evidence")
# What recording an order takes: the order itself, then the terms LAD-5 checks against the client's level.
ORDER_FIELDS = (
    "client", "ordered_on", "amount", "currency", "items", "amount_paid", "delivered_on", "discount_pct",
    "payment_terms_days", "override_reason",
)  # fmt: skip
ORGANIZATION_EDITABLE_FIELDS = (
    "name", "vertical", "employees", "annual_revenue", "revenue_currency", "country", "territory", "time_zone",
    "founded_on", "website", "notes", "work_start", "work_end", "lunch_start", "lunch_end", "workdays",
)  # fmt: skip

NEVER_REFUSED_MESSAGE = gettext_lazy(  # shown in each reader's language, so not translated at import
    "“Never” is only for a client who no longer exists for us: company liquidated, person deceased, "
    "or contact permanently gone with no successor. Anyone else — not interested, rude, bought elsewhere — "
    "stays “Future” with a date for the next contact (CAT-2)."
)


def _lock_fresh(instance: Client | Organization) -> None:
    """Re-read the row under a write lock so checks see what is really stored now."""
    queryset: Any = type(instance).objects.select_for_update()
    instance.refresh_from_db(from_queryset=queryset)


def _check_version(instance: Client | Organization, expected_version: int | None) -> None:
    if expected_version is not None and instance.version != expected_version:
        raise StaleEditError(
            _("Someone else saved this record first. Reload it to see their changes, then edit again."),
            code="stale",
        )


def _save_versioned(instance: Client | Organization, *, expected_version: int, fields: Sequence[str]) -> None:
    """Optimistic locking: the row is written only if nobody saved it since it was read."""
    values = {name: getattr(instance, name) for name in fields}
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, updated_at=timezone.now(), **values)
    )
    if not updated:
        raise StaleEditError(
            _("Someone else saved this record first. Reload it to see their changes, then edit again."),
            code="stale",
        )
    instance.version = expected_version + 1


def _phone_region(client: Client) -> str:
    if client.country:
        return client.country
    if client.organization is not None and client.organization.country:
        return client.organization.country
    return client.owner.team.country if client.owner.team is not None else ""


def _normalize_contacts(client: Client) -> None:
    errors: dict[str, Any] = {}
    try:
        client.phones = normalize_phones(client.phones or [], region=_phone_region(client))
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        client.emails = normalize_emails(client.emails or [])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    client.search_text = _search_text_of(client)


def contact_errors(*, saved: Client | None, by: User, values: Mapping[str, Any]) -> dict[str, list[str]]:
    """What `client_create` and `client_update` would say of the phones (read in the client's country) and e-mails
    among `values`, the valid ones of a form or serializer that has errors of its own: the service is not reached
    until those are fixed, and the user would otherwise meet one group of errors after another. What `values`
    lacks is the saved client's (`saved`, None for a new one, whose owner is the given one or `by`)."""
    if "phones" not in values and "emails" not in values:
        return {}
    draft = Client(
        owner=saved.owner if saved else values.get("owner") or by,
        country=values.get("country", saved.country if saved else ""),
        organization=values.get("organization", saved.organization if saved else None),
        phones=list(values.get("phones") or []),
        emails=list(values.get("emails") or []),
    )
    try:
        _normalize_contacts(draft)
    except ValidationError as error:
        return error.message_dict
    return {}


def _search_text_of(client: Client) -> str:
    return search_text(
        names=(client.last_name, client.first_name, client.patronymic),
        phones=client.phones,
        emails=client.emails,
        organization=client.organization.name if client.organization is not None else "",
    )


def _check_days(client: Client, *, next_step: NextStepRequest | None = None) -> None:
    bounds.check_past_days(birthday=client.birthday, earliest=bounds.EARLIEST_BIRTHDAY)
    bounds.check_plan_days(next_step_on=next_step.due_date if next_step else None)


def _check_same_team(client: Client) -> None:
    team_id = client.owner.team_id
    if client.organization is not None and team_id is not None and client.organization.team_id != team_id:
        raise ValidationError({"organization": _("This organization belongs to another team.")})
    if client.referred_by is not None and client.referred_by.pk == client.pk:
        raise ValidationError({"referred_by": _("A client cannot refer themselves.")})


def client_set_interests(*, client: Client, names: Iterable[str]) -> None:
    """Interests are team-wide tags (POST-3); names are kept lowercase so matching is exact."""
    team = client.owner.team
    if team is None:
        raise ValidationError({"interests": _("The owner has no team to keep interests in.")})
    wanted = sorted({name.strip().lower() for name in names if name.strip()})
    existing = {tag.name: tag for tag in Tag.objects.filter(team=team, name__in=wanted)}
    missing = [Tag(team=team, name=name) for name in wanted if name not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    client.interests.set(Tag.objects.filter(team=team, name__in=wanted))


def _interest_names(client: Client) -> list[str]:
    return sorted(client.interests.values_list("name", flat=True))


@transaction.atomic
def client_create(
    *,
    by: User,
    owner: User | None = None,
    category: str = Category.FUTURE,
    interests: Iterable[str] = (),
    next_step: NextStepRequest | None = None,
    **fields: Any,
) -> Client:
    """CAT-1: a new client starts FUTURE unless entered as NOW; `next_step` is only checked here (the flow plans it)."""
    owner = owner or by
    if not access.users_assignable_by(by).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("You cannot give clients to this user.")})
    if category not in (Category.NOW, Category.FUTURE):
        raise ValidationError({"category": _("A new client is “Now” or “Future” (CAT-1).")})
    unknown = set(fields) - set(CLIENT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    client = Client(owner=owner, category=category, **fields)
    _check_days(client, next_step=next_step)
    _normalize_contacts(client)
    _check_same_team(client)
    client.full_clean(exclude=["interests"])
    client.save()
    client_set_interests(client=client, names=interests)
    events.category_changed(client=client, by=by, from_category="", reason_code=ChangeReason.CREATED)
    return client


@transaction.atomic
def client_update(
    *, client: Client, by: User, expected_version: int, interests: Iterable[str] | None = None, **fields: Any
) -> Client:
    """Edit contact details; a stale edit (someone saved first) is refused, not silently overwritten. A time zone
    changed without saying where it came from is the editor's own: no longer marked as derived (TIME-1)."""
    unknown = set(fields) - set(CLIENT_EDITABLE_FIELDS) - set(ZONE_SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _lock_fresh(client)
    _check_version(client, expected_version)
    if "time_zone" in fields and "time_zone_source" not in fields and fields["time_zone"] != client.time_zone:
        fields = {**fields, **CONFIRMED}
    before = values_of(client, fields)
    if interests is not None:
        before["interests"] = _interest_names(client)
    for name, value in fields.items():
        setattr(client, name, value)
    _check_days(client)
    _normalize_contacts(client)
    _check_same_team(client)
    client.full_clean(exclude=["interests"])
    _save_versioned(client, expected_version=expected_version, fields=[*fields, "search_text"])
    after = values_of(client, fields)
    if interests is not None:
        client_set_interests(client=client, names=interests)
        after["interests"] = _interest_names(client)
    changes_record(instance=client, before=before, after=after, by=by, client_id=client.pk)
    return client


@transaction.atomic
def client_set_category(
    *,
    client: Client,
    by: User,
    category: str,
    reason: str = "",
    reason_code: str = "",
    reason_params: dict[str, str] | None = None,
    never_reason: str = "",
    correction: bool = False,
    next_step: NextStepRequest | None = None,
    expected_version: int | None = None,
) -> Client:
    """CAT-2, CAT-4, CAT-6: the only way a category changes, always with a history row.

    `reason` is a person's own words; what the system knows is `reason_code` with its parameters (LANG-1).
    `next_step` is only checked here: the flow plans it (CAT-5)."""
    _lock_fresh(client)
    _check_version(client, expected_version)
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    bounds.check_plan_days(next_step_on=next_step.due_date if next_step else None)
    previous = client.category
    if category == previous:
        raise ValidationError({"category": _("The client is already in this category.")})
    if category == Category.NEVER and never_reason not in NeverReason.values:
        raise ValidationError({"never_reason": NEVER_REFUSED_MESSAGE}, code="never_refused")
    if previous == Category.NEVER:
        if not correction or not (reason.strip() or reason_code):  # a system's correction names itself by its code
            raise ValidationError(
                {"correction": _("Bringing a client back from “Never” is a correction: confirm it and say why.")}
            )
    elif not reason.strip() and not reason_code and category != Category.NEVER:
        raise ValidationError({"reason": _("Say why the category changes.")})
    client.category = category
    client.never_reason = never_reason if category == Category.NEVER else ""
    _save_versioned(client, expected_version=client.version, fields=["category", "never_reason"])
    events.category_changed(
        client=client,
        by=by,
        from_category=previous,
        reason_code=ChangeReason.NEVER if category == Category.NEVER else reason_code,
        reason_params=reason_params,
        note=reason.strip(),
        is_correction=previous == Category.NEVER,
    )
    return client


def client_touched(
    *, client: Client, happened_at: dt.datetime, call_time: dt.time | None = None, set_call_time: bool = False
) -> None:
    """A contact was logged: the client's last contact moves on; a bad moment leaves the time to call (TACT-6)."""
    fields = []
    if client.last_touch_at is None or happened_at > client.last_touch_at:
        client.last_touch_at = happened_at
        fields.append("last_touch_at")
    if set_call_time:
        client.preferred_call_time = call_time
        fields.append("preferred_call_time")
    if fields:
        client.save(update_fields=fields)


@transaction.atomic
def clients_reassign(*, clients: Iterable[Client], to_owner: User, by: User) -> list[Client]:
    """OWN-1: a lead moves clients within the team; history stays with the client. Returns the ones moved."""
    if not access.can_reassign(by):
        raise ValidationError({"owner": _("Only team leads and admins reassign clients.")})
    if not access.users_assignable_by(by).filter(pk=to_owner.pk).exists():
        raise ValidationError({"owner": _("You cannot give clients to this user.")})
    moved = []
    for client in clients:
        _lock_fresh(client)
        if client.owner_id == to_owner.pk:
            continue
        previous_owner = client.owner
        client.owner = to_owner
        _save_versioned(client, expected_version=client.version, fields=["owner"])
        events.client_reassigned(client=client, by=by, from_owner=previous_owner)
        moved.append(client)
    return moved


def _check_callable_hours(organization: Organization, fields: dict[str, Any]) -> None:
    """Its people take its hours: they must leave the team's rules some time to call (TACT-1..4)."""
    if organization.team is not None and set(fields) & set(ORGANIZATION_CALENDAR_FIELDS):
        settings = settings_for_team(organization.team)
        callable_or_error(calendar_facts(Client(organization=organization), settings), settings)


@transaction.atomic
def organization_create(*, by: User, **fields: Any) -> Organization:
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS) - {"team"}
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    team = fields.pop("team", None) or by.team
    if team is None:
        raise ValidationError({"team": _("Choose the team this organization belongs to.")})
    if not by.is_admin_role and team.pk != by.team_id:
        raise ValidationError({"team": _("You can only add organizations to your own team.")})
    organization = Organization(team=team, **fields)
    bounds.check_past_days(founded_on=organization.founded_on, earliest=bounds.EARLIEST_FOUNDING)
    organization.full_clean()
    _check_callable_hours(organization, fields)
    organization.search_name = fold(organization.name)
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, by: User, expected_version: int, **fields: Any) -> Organization:
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _lock_fresh(organization)
    _check_version(organization, expected_version)
    before = values_of(organization, fields)
    for name, value in fields.items():
        setattr(organization, name, value)
    bounds.check_past_days(founded_on=organization.founded_on, earliest=bounds.EARLIEST_FOUNDING)
    organization.full_clean()
    _check_callable_hours(organization, fields)
    organization.search_name = fold(organization.name)
    _save_versioned(organization, expected_version=expected_version, fields=[*fields, "search_name"])
    changes_record(instance=organization, before=before, by=by, organization_id=organization.pk)
    if "name" in fields:  # its people are found by the organization's name
        people = list(organization.people.all())
        for person in people:
            person.organization = organization
            person.search_text = _search_text_of(person)
        Client.objects.bulk_update(people, ["search_text"], batch_size=500)
    return organization


@transaction.atomic
def order_record(
    *,
    client: Client,
    by: User,
    ordered_on: dt.date,
    amount: Decimal,
    items: str,
    currency: str = "EUR",
    amount_paid: Decimal = Decimal(0),
    delivered_on: dt.date | None = None,
) -> Order:
    """The order and what it changes on the client (last order, PROSPECT -> CUSTOMER). The flow checks the terms
    (LAD-5), makes the client NOW (CAT-4) and plans the post-sale call (POST-1)."""
    _lock_fresh(client)
    if client.category == Category.NEVER:
        raise ValidationError(_("This client is “Never”; correct the category before recording an order."))
    bounds.check_past_days(ordered_on=ordered_on, delivered_on=delivered_on)
    order = Order(
        client=client,
        ordered_on=ordered_on,
        amount=amount,
        currency=currency.upper(),
        items=items,
        amount_paid=amount_paid,
        delivered_on=delivered_on,
        created_by=by,
    )
    order.full_clean()
    order.save()
    changed = ["last_order_on"]
    client.last_order_on = max(filter(None, (client.last_order_on, ordered_on)))
    if client.relationship_group == RelationshipGroup.PROSPECT:
        client.relationship_group = RelationshipGroup.CUSTOMER
        changed.append("relationship_group")
    _save_versioned(client, expected_version=client.version, fields=changed)
    return order
