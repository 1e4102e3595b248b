"""Undoing an import within 30 days (issue 11): the clients it created to the recycle bin, its updates reverted.

Asking checks the rules and marks the job "undoing" (`import_undo_mark`, queued by flows.imports_queue); the worker
then takes the rows back, the last row first, in short transactions that each record how far down they got
(`import_undo_run`): a worker killed meanwhile loses only its open turn, and the resumed undo takes no row back twice.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_through
from keepwarm.clients.models import Client, Organization
from keepwarm.core.db import SQLITE_PACING, background_pacing, background_transaction
from keepwarm.flows.imports_update import client_revert_row
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.planner.services import clients_replan
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

PAGE_ROWS = 500  # rows read at a time, before the turns that take them back
TURN_ROWS = 200  # rows taken back in one transaction at most (a created client costs little: binned in bulk)
REPLAN_CLIENTS = 200  # reverted clients re-planned between two records of how far re-planning got
TAKEN_BACK = (ImportRow.Status.CREATED, ImportRow.Status.UPDATED)


def _check_undo(job: ImportJob, by: User) -> None:
    if job.by_id != by.pk and not (by.is_admin_role or (by.is_lead and by.team_id == job.team_id)):
        raise PermissionDenied(_("Only the person who imported, their team lead or an admin undoes an import."))
    if job.dry_run:
        raise ValidationError(_("A dry run saved nothing, so there is nothing to undo."))
    if not ImportRow.objects.filter(job=job, status__in=TAKEN_BACK).exists():
        raise ValidationError(_("This import created and changed no client, so there is nothing to undo."))
    if job.status == ImportJob.Status.UNDOING:
        raise ValidationError(_("This import is already being undone."))
    if job.status == ImportJob.Status.UNDONE:
        raise ValidationError(_("This import has already been undone."))
    if job.status not in (ImportJob.Status.DONE, ImportJob.Status.CANCELLED):
        raise ValidationError(_("Only a finished import can be undone."))
    if job.undo_until is None or job.undo_until < timezone.now():
        raise ValidationError(_("This import is more than 30 days old and can no longer be undone."))


def import_undo_mark(*, job: ImportJob, by: User) -> ImportJob:
    """The rules checked under the job's lock, then the job marked "undoing" with the rows it will take back; the
    caller (in this transaction) queues the worker. Only a count is read here: the request holds no lock for long."""
    assert transaction.get_connection().in_atomic_block, "queued by the caller, in the same transaction"
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _check_undo(job, by)
    now = timezone.now()
    job.status, job.undo_by, job.undo_started_at, job.heartbeat_at = ImportJob.Status.UNDOING, by, now, now
    job.undo_rows_total = ImportRow.objects.filter(job=job, status__in=TAKEN_BACK).count()
    job.undo_rows_done, job.undone_from, job.undo_replanned_through = 0, None, 0
    job.save(update_fields=["status", "undo_by", "undo_started_at", "heartbeat_at", "undo_rows_total",
                            "undo_rows_done", "undone_from", "undo_replanned_through"])  # fmt: skip
    return job


def import_undo_run(*, job_id: int) -> ImportJob | None:
    """The worker's part, from wherever a killed run stopped: the rows not yet taken back, then the re-planning not
    yet done, then the job "undone". None when the job is not being undone."""
    job = ImportJob.objects.select_related("by", "undo_by").filter(pk=job_id, status=ImportJob.Status.UNDOING).first()
    if job is None:
        return None
    by = job.undo_by or job.by
    pacing = background_pacing()
    limit = pacing.hold or SQLITE_PACING.hold  # PostgreSQL: short turns too, each locks the clients it reverts
    first = True
    with changes_through("import"):
        for page in _pages(job):
            rest: list[ImportRow] | None = page
            while rest:
                # SQLite: the requests that wait for its one writer go first (none waiting: no pause).
                with background_transaction(pacing, after_another=not first):
                    rest = _turn(job, by, rest, limit=limit)
                first = False
            if rest is None:
                return None  # no longer being undone
    _replan(job)
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.UNDOING).update(
        status=ImportJob.Status.UNDONE, heartbeat_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _pages(job: ImportJob) -> Iterator[list[ImportRow]]:
    """The rows still to take back, the last first, PAGE_ROWS at a time, read before the turns that take them back
    (each page below the one before: the rows already undone are not read again)."""
    rows = ImportRow.objects.filter(job=job, status__in=TAKEN_BACK).order_by("-number")
    rows = rows.only("pk", "number", "status", "client_id", "organization_created", "before")
    below = job.undone_from
    while page := list((rows if below is None else rows.filter(number__lt=below))[:PAGE_ROWS]):
        below = page[-1].number
        yield page


def _turn(job: ImportJob, by: User, page: list[ImportRow], *, limit: float) -> list[ImportRow] | None:
    """One transaction: as many of the page's rows as fit in `limit` seconds (TURN_ROWS at most) taken back, the
    job's `undone_from` and progress with them. Returns the rest of the page, or None when the job is no longer
    being undone."""
    now = timezone.now()
    # First the job's row: on PostgreSQL its lock keeps a second run of this undo (a watchdog's resume beside a
    # slow worker) out until this turn commits; on SQLite the transaction already holds the one write lock.
    if not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.UNDOING).update(heartbeat_at=now):
        return None
    undone_from = ImportJob.objects.values_list("undone_from", flat=True).get(pk=job.pk)
    if undone_from is not None:
        page = [row for row in page if row.number < undone_from]  # another run went further meanwhile
    deadline = time.monotonic() + limit
    taken: list[ImportRow] = []
    binned: list[int] = []
    for row in page:
        taken.append(row)
        if row.status == ImportRow.Status.CREATED:
            if row.client_id:
                binned.append(row.client_id)  # binned together below, after the later rows' reverts
        else:
            _revert(job, by, row)
        if len(taken) >= TURN_ROWS or time.monotonic() >= deadline:
            break
    if taken:
        _bin(by, taken, binned, now)
        ImportJob.objects.filter(pk=job.pk).update(
            undone_from=taken[-1].number, undo_rows_done=F("undo_rows_done") + len(taken)
        )
    return page[len(taken) :]


def _revert(job: ImportJob, by: User, row: ImportRow) -> None:
    """An updated row back to the values before it; a client deleted since (or binned) stays as it is. The rows go
    last first, so two rows that updated one client are undone back to what the first one found."""
    if not row.before:
        return
    # Locked (PostgreSQL), so a call logged meanwhile on this client waits for the turn instead of making the
    # revert's version check fail.
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("organization", "owner__team")
        .filter(pk=row.client_id)
        .first()
    )
    if client is not None:
        client_revert_row(job=job, client=client, before=dict(row.before), by=by)


def _bin(by: User, taken: list[ImportRow], binned: list[int], now: dt.datetime) -> None:
    """The turn's created clients to the recycle bin with their open steps, then the organizations their rows
    created once nobody is left in them (later rows, which alone could have put someone there, went before)."""
    if binned:
        Client.objects.filter(pk__in=binned).update(deleted_at=now, deleted_by=by, version=F("version") + 1)
        PlannedTouch.objects.filter(client_id__in=binned, status=PlanStatus.OPEN).update(
            status=PlanStatus.CANCELLED, closed_at=now
        )
    organizations = [row.organization_created for row in taken if row.organization_created]
    if organizations:
        Organization.objects.filter(pk__in=organizations).exclude(
            Exists(Client.objects.filter(organization_id=OuterRef("pk")))
        ).update(deleted_at=now, deleted_by=by, version=F("version") + 1)


def _replan(job: ImportJob) -> None:
    """CAT-5, PLAN-1: the reverted clients re-planned once all rows are back (a client two rows updated, once), by
    clients_replan's own short transactions, REPLAN_CLIENTS at a time in the order of their ids; the job records the
    last one done, so a resumed undo goes on after it."""
    updated = ImportRow.objects.filter(
        job=job, status=ImportRow.Status.UPDATED, client_id__gt=job.undo_replanned_through
    )
    reverted = sorted({pk for pk in updated.exclude(before={}).values_list("client_id", flat=True) if pk})
    for start in range(0, len(reverted), REPLAN_CLIENTS):
        chunk = reverted[start : start + REPLAN_CLIENTS]
        clients_replan(clients=Client.objects.filter(pk__in=chunk))
        ImportJob.objects.filter(pk=job.pk).update(undo_replanned_through=chunk[-1], heartbeat_at=timezone.now())
