"""The watchdog of a queued import resumes it when its worker died; the nightly run deletes the files of imports
past their 30-day undo and keeps the job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from keepwarm.clients.models import Client
from keepwarm.flows.imports import STALE_AFTER
from keepwarm.flows.imports_queue import watch_import
from keepwarm.flows.tasks import nightly
from keepwarm.imports.models import UNDO_DAYS, ImportJob
from keepwarm.imports.services import import_job_create
from tests.imports.conftest import upload
from tests.imports.test_resume import assert_imported_once, client_file, crashed_import

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # keeps what is queued


@pytest.mark.django_db(transaction=True)
def test_cat5_the_watchdog_resumes_an_import_whose_worker_died(alice, monkeypatch):
    job = crashed_import(alice, monkeypatch)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - STALE_AFTER - dt.timedelta(seconds=1))
    assert watch_import.call(job.pk) == "resumed"  # the test backend runs the queued import at once
    assert_imported_once(job)
    assert watch_import.call(job.pk) == ""  # over: the watchdog stops


@pytest.mark.django_db(transaction=True)
def test_cat5_the_watchdog_leaves_a_live_import_alone_and_comes_back(alice):
    job = import_job_create(by=alice, upload=upload("clients.csv", client_file(10)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now())
    with override_settings(TASKS=DEFERRING):
        assert watch_import.call(job.pk) == "alive"
        queued = list(default_task_backend.results)
    job.refresh_from_db()
    assert (job.status, job.rows_done, Client.objects.count()) == (ImportJob.Status.RUNNING, 0, 0)
    assert [result.task.name for result in queued] == ["watch_import"]  # no second run, the watchdog again later
    assert queued[0].task.run_after > timezone.now() + STALE_AFTER - dt.timedelta(seconds=30)


@pytest.mark.django_db
def test_the_nightly_run_deletes_the_files_of_imports_past_their_undo(alice):
    now = timezone.now()
    old, recent = (import_job_create(by=alice, upload=upload("clients.csv", client_file(3))) for _ in range(2))
    for job, finished in ((old, now - dt.timedelta(days=UNDO_DAYS, hours=1)), (recent, now - dt.timedelta(days=29))):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, finished_at=finished, created=3)
    old_file, recent_file = old.file.name, recent.file.name
    assert [old.file.storage.exists(old_file), recent.file.storage.exists(recent_file)] == [True, True]
    nightly.call()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert [old.file.storage.exists(old_file), recent.file.storage.exists(recent_file)] == [False, True]
    assert [(old.file.name, old.created), (recent.file.name, recent.created)] == [("", 3), (recent_file, 3)]
