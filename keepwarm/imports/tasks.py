"""Background imports (Django Tasks): thin wrappers around the import flow and its undo."""

from __future__ import annotations

from django_tasks import task

from keepwarm.flows.imports import import_run
from keepwarm.flows.imports_undo import import_undo_run


@task()
def run_import(job_id: int) -> str:
    job = import_run(job_id=job_id)
    return job.status if job is not None else ""


@task()
def run_undo(job_id: int) -> str:
    job = import_undo_run(job_id=job_id)
    return job.status if job is not None else ""
