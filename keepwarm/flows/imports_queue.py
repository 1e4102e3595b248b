"""Queueing an import (issue 11): the worker runs it through keepwarm.imports.tasks, which calls the import flow;
kept apart from the flow so that the flow and its task do not import each other. Each queued import has a watchdog
task (`watch_import`, here since it queues the import again) that resumes it if its worker dies."""

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
from keepwarm.imports import services as import_services
from keepwarm.imports.models import ImportJob
from keepwarm.imports.tasks import run_import


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


def _enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: run_import.enqueue(job_id))


def _watch_later(job_id: int) -> None:
    """The watchdog looks again after STALE_AFTER; a backend that runs tasks at once (tests) has no later."""
    if watch_import.get_backend().supports_defer:
        later = watch_import.using(run_after=timezone.now() + STALE_AFTER)
        transaction.on_commit(lambda: later.enqueue(job_id))


def imports_resume_stale(*, now: dt.datetime | None = None, job_id: int | None = None) -> int:
    """Queue again the jobs whose worker died (no batch committed for STALE_AFTER), or only job `job_id`; they go
    on where they were."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    active = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
    jobs = ImportJob.objects.filter(status__in=active, heartbeat_at__lt=cutoff)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    stale = list(jobs.values_list("pk", flat=True))
    for pk in stale:
        with transaction.atomic():
            ImportJob.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
            _enqueue(pk)
    return len(stale)


@task()
def watch_import(job_id: int) -> str:
    """The watchdog of a queued import: nothing once it is over; a silent one is queued again; while it is
    unfinished the watchdog comes back after STALE_AFTER."""
    if not ImportJob.objects.filter(pk=job_id, status__in=(ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)).exists():
        return ""
    resumed = imports_resume_stale(job_id=job_id)
    _watch_later(job_id)
    return "resumed" if resumed else "alive"
