"""Queueing an import (issue 11): the worker runs it through keepwarm.imports.tasks, which calls the import flow;
kept apart from the flow so that the flow and its task do not import each other."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.flows.imports import STALE_AFTER
from keepwarm.imports import services as import_services
from keepwarm.imports.models import ImportJob
from keepwarm.imports.tasks import run_import


@transaction.atomic
def import_start(*, job: ImportJob, by: User) -> ImportJob:
    """Queue the prepared import; the worker runs it (keepwarm.imports.tasks.run_import)."""
    import_services._check_draft(job, by)
    import_services.check_mapping(job)
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: run_import.enqueue(job_id))


def imports_resume_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again the jobs whose worker died (no batch committed for STALE_AFTER); they go on where they were."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = list(
        ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat_at__lt=cutoff).values_list("pk", flat=True)
    )
    for job_id in stale:
        with transaction.atomic():
            ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
            _enqueue(job_id)
    return len(stale)
