"""Running an import the way the pages do: upload, map, start; the test settings' task backend runs it at once.
Undoing one the same way: asked, then taken back by the task, queued once the request's transaction commits."""

from __future__ import annotations

from typing import Any

from keepwarm.flows.imports_queue import import_start, import_undo
from keepwarm.imports.models import ImportJob
from keepwarm.imports.services import import_job_create, import_job_map
from tests.imports.conftest import upload


def run_import(
    by: Any,
    name: str,
    data: bytes | None = None,
    *,
    capture: Any,
    mapping: dict[str, str] | None = None,
    **options: Any,
) -> ImportJob:
    job = import_job_create(by=by, upload=upload(name, data), **options)
    if mapping is not None:
        import_job_map(job=job, by=by, mapping=mapping)
    with capture(execute=True):
        import_start(job=job, by=by)
    job.refresh_from_db()
    return job


def undo_import(by: Any, job: ImportJob, *, capture: Any) -> ImportJob:
    with capture(execute=True):
        asked = import_undo(job=job, by=by)
    assert asked.status == ImportJob.Status.UNDOING
    job.refresh_from_db()
    return job
