"""A worker killed mid-import: the job goes on from its last committed batch, with no duplicate and no lost row."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import psycopg
import pytest

from keepwarm.clients.models import Client
from keepwarm.flows import imports as flow
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.touches.models import PlannedTouch
from tests.core.test_database_under_load import shared_database  # noqa: F401 - a fixture
from tests.core.test_deployment import ROOT, run_manage
from tests.imports.conftest import upload

ROWS = 1500


def client_file(rows: int) -> bytes:
    lines = ["Фамилия;Имя;Телефон"] + [f"Клиентов;Номер{n};+373 69 {n:06d}" for n in range(rows)]
    return "\n".join(lines).encode("cp1251")


def crashed_import(by, monkeypatch) -> ImportJob:
    """An import of 450 rows whose worker died in its second batch of 200 (after the writes, before the commit)."""
    from keepwarm.imports.services import import_job_create

    job = import_job_create(by=by, upload=upload("clients.csv", client_file(450)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    processed = flow.ImportBatch.process
    calls = []

    def crash_on_the_second_batch(self, drafts):
        calls.append(len(drafts))
        processed(self, drafts)
        if len(calls) == 2:
            raise SystemExit("the worker is killed")

    monkeypatch.setattr(flow, "batch_rows", lambda: 200)
    monkeypatch.setattr(flow.ImportBatch, "process", crash_on_the_second_batch)
    with pytest.raises(SystemExit):
        flow.import_run(job_id=job.pk)
    monkeypatch.setattr(flow.ImportBatch, "process", processed)
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (ImportJob.Status.RUNNING, 200)  # the second batch rolled back
    return job


def assert_imported_once(job: ImportJob) -> None:
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created) == (ImportJob.Status.DONE, 450, 450)
    assert Client.objects.count() == 450
    assert sorted(ImportRow.objects.filter(job=job).values_list("number", flat=True)) == list(range(2, 452))
    assert PlannedTouch.objects.filter(status="open", is_next_step=True).count() == 450


@pytest.mark.django_db(transaction=True)  # as the worker runs it: each batch its own transaction
def test_cat5_an_import_that_crashed_between_batches_resumes_without_duplicates(alice, monkeypatch):
    job = crashed_import(alice, monkeypatch)
    flow.import_run(job_id=job.pk)
    assert_imported_once(job)


SETUP = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from keepwarm.accounts.models import Team, User
    from keepwarm.flows.imports_queue import import_start
    from keepwarm.imports.services import import_job_create
    team = Team.objects.create(name="Import", country="MD")
    user = User.objects.create(username="importer", team=team, role="manager")
    data = open(sys.argv[1], "rb").read()
    job = import_job_create(by=user, upload=SimpleUploadedFile("clients.csv", data))
    import_start(job=job, by=user)
    print(job.pk)
    """
)
RESUME = textwrap.dedent(
    """
    import datetime as dt, django
    django.setup()
    from django.utils import timezone
    from keepwarm.flows.imports_queue import imports_resume_stale
    print(imports_resume_stale(now=timezone.now() + dt.timedelta(hours=1)))
    """
)


def job_progress(env: dict[str, str], job_id: int) -> tuple[str, int]:
    query = f"SELECT status, rows_done FROM imports_importjob WHERE id = {job_id:d}"
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with psycopg.connect(url) as connection:
            return connection.execute(query).fetchone()  # type: ignore[return-value]
    with sqlite3.connect(os.path.join(env["KEEPWARM_VAR_DIR"], "keepwarm.sqlite3"), timeout=20) as connection:
        return connection.execute(query).fetchone()


def worker(env: dict[str, str], log) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_cat5_a_worker_killed_mid_import_resumes_with_no_duplicate_and_no_lost_row(
    tmp_path,
    shared_database,  # noqa: F811
):
    env = shared_database
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    (tmp_path / "clients.csv").write_bytes(client_file(ROWS))
    setup = subprocess.run([sys.executable, "-c", SETUP, str(tmp_path / "clients.csv")], cwd=ROOT, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    job_id = int(setup.stdout.split()[-1])
    with open(tmp_path / "worker.log", "w") as log:
        first = worker(env, log)
        try:
            started = wait_for(lambda: job_progress(env, job_id)[1] > 0, 120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        status, done = job_progress(env, job_id)
        assert started, (tmp_path / "worker.log").read_text()[-3000:]
        assert status == "running"
        assert 0 < done < ROWS  # killed with part of the file imported
        resumed = subprocess.run([sys.executable, "-c", RESUME], cwd=ROOT, env=env, capture_output=True, text=True)
        assert resumed.stdout.split()[-1] == "1", resumed.stderr
        second = worker(env, log)
        try:
            finished = wait_for(lambda: job_progress(env, job_id)[0] == "done", 300)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=20)
    assert finished, (tmp_path / "worker.log").read_text()[-3000:]
    check = textwrap.dedent(
        f"""
        import django
        django.setup()
        from keepwarm.clients.models import Client
        from keepwarm.imports.models import ImportJob, ImportRow
        from keepwarm.touches.models import PlannedTouch
        job = ImportJob.objects.get(pk={job_id})
        numbers = list(ImportRow.objects.filter(job=job).values_list("number", flat=True))
        print(job.rows_done, job.created, Client.objects.count(), len(numbers), len(set(numbers)),
              Client.objects.values("phones").distinct().count(),
              PlannedTouch.objects.filter(status="open", is_next_step=True).count())
        """
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == [str(ROWS)] * 7, result.stderr
