"""Queueing an import and its undo (issue 11): the worker runs them through keepwarm.imports.tasks, which calls the
flows; kept apart from the flows so that a flow and its task do not import each other. Each queued import or undo
has a watchdog task (`watch_import`, here since it queues the job again) that resumes it if its worker dies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from keepwarm.accounts.models import User
from keepwarm.flows.imports import STALE_AFTER
from keepwarm.flows.imports_undo import import_undo_mark
from keepwarm.imports import services as import_services
from keepwarm.imports.models import ImportJob
from keepwarm.imports.tasks import run_import, run_undo

WATCHED = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING, ImportJob.Status.UNDOING)


@transaction.atomic
def import_start(*, job: ImportJob, by: User) -> ImportJob:
    """Queue the prepared import; the worker runs it (keepwarm.imports.tasks.run_import), its watchdog looks after."""
    import_services._check_draft(job, by)
    import_services.check_mapping(job)
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    _enqueue(job.pk)
    _watch_later(job.pk)
    return job


def import_upload_and_start(*, by: User, upload: UploadedFile, mapping: Any, **options: Any) -> ImportJob:
    """The API's one step: upload, map and queue. An upload that cannot start leaves nothing behind (the pages'
    steps keep a draft to go on with; the API has no next step for one)."""
    job = import_services.import_job_create(by=by, upload=upload, mapping=mapping, **options)
    try:
        return import_start(job=job, by=by)
    except ValidationError:
        job.file.delete(save=False)
        job.delete()
        raise


@transaction.atomic
def import_undo(*, job: ImportJob, by: User) -> ImportJob:
    """Undo a finished import in the background: refused at once (PermissionDenied, ValidationError) when the rules
    say no, else the job is "undoing" and the worker takes it back (flows.imports_undo), its watchdog looks after."""
    job = import_undo_mark(job=job, by=by)
    _enqueue(job.pk, undo=True)
    _watch_later(job.pk)
    return job


def _enqueue(job_id: int, *, undo: bool = False) -> None:
    work = run_undo if undo else run_import
    transaction.on_commit(lambda: work.enqueue(job_id))


def _watch_later(job_id: int) -> None:
    """The watchdog looks again after STALE_AFTER; a backend that runs tasks at once (tests) has no later."""
    if watch_import.get_backend().supports_defer:
        later = watch_import.using(run_after=timezone.now() + STALE_AFTER)
        transaction.on_commit(lambda: later.enqueue(job_id))


def imports_resume_stale(*, now: dt.datetime | None = None, job_id: int | None = None) -> int:
    """Queue again the imports and undos whose worker died (no batch committed for STALE_AFTER), or only job
    `job_id`; they go on where they were."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    jobs = ImportJob.objects.filter(status__in=WATCHED, heartbeat_at__lt=cutoff)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    stale = list(jobs.values_list("pk", "status"))
    for pk, status in stale:
        with transaction.atomic():
            ImportJob.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
            _enqueue(pk, undo=status == ImportJob.Status.UNDOING)
    return len(stale)


@task()
def watch_import(job_id: int) -> str:
    """The watchdog of a queued import or undo: nothing once it is over; a silent one is queued again; while it is
    unfinished the watchdog comes back after STALE_AFTER."""
    if not ImportJob.objects.filter(pk=job_id, status__in=WATCHED).exists():
        return ""
    resumed = imports_resume_stale(job_id=job_id)
    _watch_later(job_id)
    return "resumed" if resumed else "alive"
