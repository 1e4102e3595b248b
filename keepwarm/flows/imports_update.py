"""Dedup mode "update" (issue 11): a row's filled fields onto the client it matched, with its category (CAT-2)
and its last contact and purchase as history (SIX-1, the ladder); what it changed is kept on the row for undo."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from keepwarm.accounts.models import User
from keepwarm.audit.services import values_of
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.choices import Category, RelationshipGroup
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client, Order, Organization
from keepwarm.clients.reasons import ChangeReason
from keepwarm.clients.services import ZONE_SOURCE_FIELDS, client_touched, client_update
from keepwarm.flows.clients import client_set_category  # CAT-5 after it: a Never client keeps no planned touch
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.imports.rows import Draft, RowResult
from keepwarm.planner.inputs import client_time_zone
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome
from keepwarm.touches.models import Touch

UPDATABLE = ("last_name", "first_name", "patronymic", "position", "decision_role", "country", "language",
             "relationship_group", "birthday", "notes", "do_not_contact")  # fmt: skip
ZONE = ("time_zone", *ZONE_SOURCE_FIELDS)  # the zone with where it came from (TIME-1): _zone_fields
GIVEN_BY = {"last_name": {"last_name", "full_name"}, "first_name": {"first_name", "full_name"},
            "patronymic": {"patronymic", "full_name"}}  # fmt: skip
HISTORY = "history"  # the key of row.before holding the category, contact and purchase the row changed


def client_update_from_row(*, job: ImportJob, row: RowResult, draft: Draft, organizations: dict[str, int]) -> bool:
    """The row's filled fields onto the client the importer may change (OWN-1): phones, e-mails and interests
    added; a given category set (never back from Never: that is a correction made on the card); a later last
    contact or purchase recorded as a reached call or an order. All or nothing per row; the values before are
    kept on the row for undo. False (the row failed, changes nothing, or the client is out of reach) leaves the
    client as it was; a row that changes nothing is skipped."""
    visible = clients_visible_to(job.by).select_related("organization", "owner__team")
    client = visible.filter(pk=row.client_id or 0).first()
    if client is None:
        return False
    try:
        with transaction.atomic():
            row.before = _apply(job, client, draft, organizations)
    except ValidationError as error:
        row.status, row.before = ImportRow.Status.FAILED, {}
        code = getattr(error, "code", "")
        row.errors = [
            {"column": "", "value": "", "code": "never_correction", "params": {}}
            if code == "never_correction"
            else {"column": "", "value": "", "code": "rejected", "params": {"message": " ".join(error.messages)}}
        ]
        return False
    if not row.before:  # the file says what the client already has: nothing written, no version bumped
        row.status = ImportRow.Status.SKIPPED
        return False
    row.status = ImportRow.Status.UPDATED
    return True


def _apply(job: ImportJob, client: Client, draft: Draft, organizations: dict[str, int]) -> dict[str, Any]:
    fields = _update_fields(client, draft, organizations, job.team_id)
    interests = None
    known = sorted(client.interests.values_list("name", flat=True)) if draft.interests else []
    if draft.interests and not set(draft.interests) <= set(known):
        interests = sorted({*known, *draft.interests})
    before = values_of(client, fields)
    if interests is not None:
        before["interests"] = known
    if fields or interests is not None:
        client_update(client=client, by=job.by, expected_version=client.version, interests=interests, **fields)
    history: dict[str, Any] = {}
    _contact(client, draft, history)
    _purchase(client, draft, job.by, history, before)
    _category(client, draft, job, history)
    if history:
        before[HISTORY] = history
    return before


def _contact(client: Client, draft: Draft, history: dict[str, Any]) -> None:
    """SIX-1 counts contacts that happened: a last contact later than the client's known one becomes a reached
    call then, its owner's (as for a new client: flows.imports). An earlier one adds nothing the history lacks, and
    a second run adds nothing. A moment (KeepWarm's own export) is compared as it is; a day alone is later only
    after the client's last contact's local day — that day itself already has its contact, whatever its hour."""
    if draft.last_contact is None:
        return
    known = client.last_touch_at
    zone = ZoneInfo(client_time_zone(client))
    if draft.last_contact_at is not None:
        moment = draft.last_contact_at
        if known is not None and moment - known < dt.timedelta(seconds=1):  # a spreadsheet may round a second off
            return
    else:
        if known is not None and known.astimezone(zone).date() >= draft.last_contact:
            return
        moment = dt.datetime.combine(draft.last_contact, dt.time(12), tzinfo=zone)
    history["last_touch_at"] = client.last_touch_at.isoformat() if client.last_touch_at else None
    touch = Touch.objects.create(
        client=client, by_id=client.owner_id, happened_at=moment, channel=Channel.CALL, direction=Direction.OUTBOUND,
        goal=Goal.GATHER_INFO, outcome=Outcome.REACHED,
    )  # fmt: skip
    history["touch"] = touch.pk
    client_touched(client=client, happened_at=moment)


def _purchase(client: Client, draft: Draft, by: User, history: dict[str, Any], before: dict[str, Any]) -> None:
    """The ladder counts orders: a last purchase later than the client's known one becomes an order that day
    (a prospect becomes a customer, as recording an order does). A Never client records none."""
    day = draft.last_purchase
    if day is None or client.category == Category.NEVER or (client.last_order_on and day <= client.last_order_on):
        return
    history["last_order_on"] = client.last_order_on.isoformat() if client.last_order_on else None
    amount = draft.last_purchase_amount or 0
    # As the new clients' orders are written: the file names no items, which order_record requires.
    order = Order.objects.create(client=client, ordered_on=day, amount=amount, amount_paid=amount, delivered_on=day,
                                 items="", created_by=by)  # fmt: skip
    history["order"] = order.pk
    Client.objects.filter(pk=client.pk).update(last_order_on=day)  # derived from the orders, as order_record keeps it
    client.last_order_on = day
    if client.relationship_group == RelationshipGroup.PROSPECT:
        before.setdefault("relationship_group", client.relationship_group)
        client_update(client=client, by=by, expected_version=client.version,
                      relationship_group=RelationshipGroup.CUSTOMER)  # fmt: skip


def _category(client: Client, draft: Draft, job: ImportJob, history: dict[str, Any]) -> None:
    """CAT-2: the row's category when it gives one — Never only with its reason (rows.read_row refuses it
    otherwise); a Never client is not brought back by a file."""
    if "category" not in draft.given or draft.category == client.category:
        return
    if client.category == Category.NEVER:
        raise ValidationError("never_correction", code="never_correction")
    history["category"], history["never_reason"] = client.category, client.never_reason
    client_set_category(client=client, by=job.by, category=draft.category, never_reason=draft.never_reason,
                        reason_code=ChangeReason.IMPORTED, reason_params={"job": str(job.pk)})  # fmt: skip


def client_revert_row(*, job: ImportJob, client: Client, before: dict[str, Any], by: User) -> Client:
    """Undo of one updated row: the category back (a system correction, CAT-6 history kept), the contact and
    order it added deleted and the client's last contact and purchase as they were (or as later history has
    them), then the fields through client_update."""
    history = before.pop(HISTORY, {})
    if "category" in history and client.category != history["category"]:
        client_set_category(client=client, by=by, category=history["category"], never_reason=history["never_reason"],
                            reason_code=ChangeReason.IMPORT_UNDONE, reason_params={"job": str(job.pk)},
                            correction=True)  # fmt: skip
    latest: dict[str, Any] = {}
    if "touch" in history:
        Touch.objects.filter(pk=history["touch"], client=client).delete()
        known = dt.datetime.fromisoformat(history["last_touch_at"]) if history["last_touch_at"] else None
        later = Touch.objects.filter(client=client).order_by("-happened_at").values_list("happened_at", flat=True)
        latest["last_touch_at"] = max(filter(None, (known, later.first())), default=None)
    if "order" in history:
        Order.objects.filter(pk=history["order"], client=client).delete()
        known_day = dt.date.fromisoformat(history["last_order_on"]) if history["last_order_on"] else None
        later_day = Order.objects.filter(client=client).order_by("-ordered_on").values_list("ordered_on", flat=True)
        latest["last_order_on"] = max(filter(None, (known_day, later_day.first())), default=None)
    if latest:  # derived from the history rows, not editable fields: no field-change row of their own
        Client.objects.filter(pk=client.pk).update(**latest)
        for name, value in latest.items():
            setattr(client, name, value)
    interests = before.pop("interests", None)
    if "organization" in before:
        before["organization"] = Organization.objects.filter(pk=before["organization"]).first()
    if before.get("birthday"):
        before["birthday"] = dt.date.fromisoformat(before["birthday"])
    if before or interests is not None:
        client_update(client=client, by=by, expected_version=client.version, interests=interests, **before)
    return client


def _update_fields(client: Client, draft: Draft, organizations: dict[str, int], team_id: int) -> dict[str, object]:
    fields: dict[str, object] = {}
    for name in UPDATABLE:
        if GIVEN_BY.get(name, {name}) & draft.given and getattr(draft, name) != getattr(client, name):
            fields[name] = getattr(draft, name)
    fields.update(_zone_fields(client, draft))
    phones = [*client.phones, *(p for p in draft.phones if p not in client.phones)]
    emails = [*client.emails, *(e for e in draft.emails if e not in client.emails)]
    if phones != client.phones:
        fields["phones"] = phones
    if emails != client.emails:
        fields["emails"] = emails
    if draft.organization is not None:
        known = organizations.get(draft.organization.key)
        organization = Organization.objects.filter(team_id=team_id, pk=known).first() if known else None
        if organization is None:
            organization = Organization.objects.create(team_id=team_id, name=draft.organization.name,
                                                       search_name=fold(draft.organization.name))  # fmt: skip
            organizations[draft.organization.key] = organization.pk
        if organization.pk != client.organization_id:
            fields["organization"] = organization
    return fields


def _zone_fields(client: Client, draft: Draft) -> dict[str, object]:
    """TIME-1: a zone the row gives is the file's own (still derived where KeepWarm's export says so); one the row
    derives replaces only a zone derived before, never one a person entered or confirmed. The three fields go
    together, so an undo puts back the zone with its mark."""
    if "time_zone" in draft.given:
        wanted = (draft.time_zone, draft.time_zone_source, draft.time_zone_evidence)
    elif draft.time_zone_source and client.time_zone_source:
        wanted = (draft.zone_to_keep, draft.time_zone_source, draft.time_zone_evidence)
    else:
        return {}
    return dict(zip(ZONE, wanted, strict=True)) if wanted != tuple(getattr(client, name) for name in ZONE) else {}
