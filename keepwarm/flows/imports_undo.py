"""Undoing an import within 30 days (issue 11): the clients it created to the recycle bin, its updates reverted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_through
from keepwarm.clients.models import Client, Organization
from keepwarm.flows.imports_update import client_revert_row
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.planner.services import clients_replan
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch


def _check_undo(job: ImportJob, by: User) -> None:
    if job.by_id != by.pk and not (by.is_admin_role or (by.is_lead and by.team_id == job.team_id)):
        raise PermissionDenied(_("Only the person who imported, their team lead or an admin undoes an import."))
    if job.dry_run:
        raise ValidationError(_("A dry run saved nothing, so there is nothing to undo."))
    if job.status not in (ImportJob.Status.DONE, ImportJob.Status.CANCELLED):
        raise ValidationError(_("Only a finished import can be undone."))
    if job.undo_until is None or job.undo_until < timezone.now():
        raise ValidationError(_("This import is more than 30 days old and can no longer be undone."))


def import_undo(*, job: ImportJob, by: User) -> ImportJob:
    """The clients the import created go to the recycle bin (a lead can still restore them there), with the
    organizations it created once nobody is left in them; its updates are reverted to the values before, in one
    transaction. The reverted clients are re-planned after it (CAT-5, PLAN-1), all at once in short transactions:
    re-planning each row inside the undo's transaction held SQLite's one write lock for minutes."""
    job, reverted = _undo(job=job, by=by)
    if reverted:
        clients_replan(clients=Client.objects.filter(pk__in=reverted))
    return job


@transaction.atomic
def _undo(*, job: ImportJob, by: User) -> tuple[ImportJob, list[int]]:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _check_undo(job, by)
    rows = ImportRow.objects.filter(job=job)
    created = [pk for pk in rows.filter(status=ImportRow.Status.CREATED).values_list("client_id", flat=True) if pk]
    now = timezone.now()
    Client.objects.filter(pk__in=created).update(deleted_at=now, deleted_by=by, version=F("version") + 1)
    PlannedTouch.objects.filter(client_id__in=created, status=PlanStatus.OPEN).update(
        status=PlanStatus.CANCELLED, closed_at=now
    )
    organizations = rows.filter(organization_created__isnull=False).values_list("organization_created", flat=True)
    Organization.objects.filter(pk__in=list(organizations)).exclude(
        pk__in=Client.objects.filter(organization__isnull=False).values("organization_id")
    ).update(deleted_at=now, deleted_by=by, version=F("version") + 1)
    reverted: list[int] = []
    with changes_through("import"):
        # The last row first: two rows that updated one client are undone back to what the first one found.
        for row in rows.filter(status=ImportRow.Status.UPDATED).exclude(before={}).order_by("-number"):
            client = Client.objects.select_related("organization", "owner__team").filter(pk=row.client_id).first()
            if client is not None:
                client_revert_row(job=job, client=client, before=dict(row.before), by=by)
                reverted.append(client.pk)
    job.status = ImportJob.Status.UNDONE
    job.save(update_fields=["status"])
    return job, reverted
