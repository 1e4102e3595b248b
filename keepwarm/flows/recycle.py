"""The recycle bin and "forget this person": deleting is reversible for RECYCLE_DAYS, then a task purges.

A lead or an admin deletes a client or an organization (with its people); restoring brings back every row of
history, which was never touched, and re-plans (CAT-5). Forgetting erases what identifies a person (GDPR) and keeps
the rows that reports count, with their codes and dates.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_forget
from keepwarm.clients.binnable import RECYCLE_DAYS
from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import CategoryChange, Client, Organization
from keepwarm.clients.services import client_set_category, client_set_interests
from keepwarm.flows.refresh import client_refresh
from keepwarm.needs.models import Answer
from keepwarm.planner.services import planned_touches_close
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

BIN_LISTED = 500  # the bin page and API list the most recent this many of each kind
NOT_ALLOWED_MESSAGE = gettext_lazy("Only team leads and admins delete, restore or forget clients.")


def _check_allowed(by: User) -> None:
    if not access.can_use_recycle_bin(by):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


def _bin_clients(clients: list[Client], *, by: User, at: dt.datetime) -> None:
    ids = [client.pk for client in clients]
    Client.objects.filter(pk__in=ids).update(deleted_at=at, deleted_by=by, version=F("version") + 1)
    # CAT-5 counts only kept clients: nothing of a binned one is on anybody's agenda (restore re-plans).
    PlannedTouch.objects.filter(client_id__in=ids, status=PlanStatus.OPEN).update(
        status=PlanStatus.CANCELLED, closed_at=at
    )


@transaction.atomic
def client_delete(*, client: Client, by: User) -> None:
    _check_allowed(by)
    _bin_clients([client], by=by, at=timezone.now())


@transaction.atomic
def organization_delete(*, organization: Organization, by: User) -> int:
    """The organization goes to the bin with its people (they are restored with it); returns how many people."""
    _check_allowed(by)
    now = timezone.now()
    people = list(Client.objects.filter(organization=organization))
    _bin_clients(people, by=by, at=now)
    Organization.objects.filter(pk=organization.pk).update(deleted_at=now, deleted_by=by, version=F("version") + 1)
    return len(people)


def _check_restorable(row: Client | Organization) -> None:
    if row.purge_on is None:
        raise ValidationError(_("This is not in the recycle bin."))
    if row.purge_on <= timezone.localdate():
        raise ValidationError(
            _("Deleted more than %(days)s days ago: it can no longer be restored.") % {"days": RECYCLE_DAYS}
        )


def _restore_clients(clients: list[Client], *, by: User) -> None:
    Client.with_binned.filter(pk__in=[client.pk for client in clients]).update(
        deleted_at=None, deleted_by=None, version=F("version") + 1
    )
    for client in Client.objects.filter(pk__in=[client.pk for client in clients]).select_related("owner__team"):
        client_refresh(client=client, by=by)


@transaction.atomic
def client_restore(*, client: Client, by: User) -> Client:
    """Back with all its history and a fresh plan; a binned organization comes back with it (alone)."""
    _check_allowed(by)
    _check_restorable(client)
    organization_id = client.organization_id
    if organization_id is not None:
        Organization.with_binned.filter(pk=organization_id, deleted_at__isnull=False).update(
            deleted_at=None, deleted_by=None, version=F("version") + 1
        )
    _restore_clients([client], by=by)
    return Client.objects.get(pk=client.pk)


@transaction.atomic
def organization_restore(*, organization: Organization, by: User) -> Organization:
    """Back with the people who were deleted with it."""
    _check_allowed(by)
    _check_restorable(organization)
    people = list(Client.with_binned.filter(organization=organization, deleted_at=organization.deleted_at))
    Organization.with_binned.filter(pk=organization.pk).update(
        deleted_at=None, deleted_by=None, version=F("version") + 1
    )
    _restore_clients(people, by=by)
    return Organization.objects.get(pk=organization.pk)


def bin_purge(*, now: dt.datetime | None = None) -> int:
    """Delete for good what has been in the bin for RECYCLE_DAYS (the nightly task); returns how many rows."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=RECYCLE_DAYS)
    clients = Client.with_binned.filter(deleted_at__lt=cutoff)
    changes_forget(client_ids=clients.values_list("pk", flat=True))
    purged, _rows = clients.delete()
    # An organization goes once none of its people is left anywhere (a person restored alone keeps it alive).
    organizations = Organization.with_binned.filter(deleted_at__lt=cutoff).exclude(
        pk__in=Client.with_binned.filter(organization__isnull=False).values("organization_id")
    )
    changes_forget(organization_ids=organizations.values_list("pk", flat=True))
    purged_organizations, _rows = organizations.delete()
    return purged + purged_organizations


PERSONAL_TOUCH_TEXT = ("notes", "refusal_note", "competitor_advice", "material")


@transaction.atomic
def client_forget(*, client: Client, by: User) -> Client:
    """GDPR erasure on request: names, contacts, dates and free text go; touches, orders and category changes stay
    (their codes, dates and amounts) so reports still count them. The person is gone for us: NEVER (CAT-2)."""
    _check_allowed(by)
    client = Client.objects.select_for_update(of=("self",)).get(pk=client.pk)
    if client.forgotten_at is not None:
        raise ValidationError(_("This person's data has already been erased."))
    if client.category != Category.NEVER:
        client_set_category(client=client, by=by, category=Category.NEVER, never_reason=NeverReason.GONE)
    planned_touches_close(client=client, status=PlanStatus.CANCELLED, next_step_only=False)
    Client.objects.filter(pk=client.pk).update(
        first_name=f"#{client.pk}",
        last_name="",
        patronymic="",
        position="",
        phones=[],
        emails=[],
        birthday=None,
        notes="",
        do_not_contact=True,
        do_not_contact_reason="",
        preferred_call_time=None,
        time_zone_source="",
        time_zone_evidence="",  # the phone or city a derived zone came from (TIME-1)
        search_text="",
        forgotten_at=timezone.now(),
        version=F("version") + 1,
    )
    client_set_interests(client=client, names=[])
    Touch.objects.filter(client=client).update(**dict.fromkeys(PERSONAL_TOUCH_TEXT, ""))
    PlannedTouch.objects.filter(client=client).update(note="")
    CategoryChange.objects.filter(client=client).update(reason="")
    Answer.objects.filter(interview__client=client).update(text="")  # NEED-1 answers are the client's own words
    changes_forget(client_ids=[client.pk])  # the trail's old values are personal data too
    return Client.objects.get(pk=client.pk)
