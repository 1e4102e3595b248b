"""A worker killed mid-import: the job goes on from its last committed batch, with no duplicate and no lost row."""

from __future__ import annotations

import json
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


def job_columns(env: dict[str, str], job_id: int, columns: str) -> tuple:
    """A job's columns read straight from the database the worker writes."""
    query = f"SELECT {columns} FROM imports_importjob WHERE id = {job_id:d}"
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


def killed_and_resumed(
    env, tmp_path, *, rows: int, setup: str, resume: str, progress: str, states: tuple[str, str], wait: float
) -> int:
    """The job `setup` makes from a file of `rows` clients (it prints the job's id): a real worker is killed
    (SIGKILL) once the job's `progress` column moved, the job is checked caught mid-way (`states[0]`, some rows
    but not all), `resume` restarts it as the watchdog would (it prints 1) and a second worker ends it
    (`states[1]`). Returns the job's id."""
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    (tmp_path / "clients.csv").write_bytes(client_file(rows))
    made = subprocess.run([sys.executable, "-c", setup, str(tmp_path / "clients.csv")], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr[-3000:]
    job_id = int(made.stdout.split()[-1])
    state = lambda: job_columns(env, job_id, f"status, {progress}")  # noqa: E731
    with open(tmp_path / "worker.log", "w") as log:
        first = worker(env, log)
        try:
            started = wait_for(lambda: state()[1] > 0, 120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        status, done = state()
        assert started, (tmp_path / "worker.log").read_text()[-3000:]
        assert status == states[0]
        assert 0 < done < rows  # killed with part of the work done
        resumed = subprocess.run([sys.executable, "-c", resume], cwd=ROOT, env=env, capture_output=True, text=True)
        assert resumed.stdout.split()[-1] == "1", resumed.stderr
        second = worker(env, log)
        try:
            finished = wait_for(lambda: state()[0] == states[1], wait)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=20)
    assert finished, (tmp_path / "worker.log").read_text()[-3000:]
    return job_id


def beside_a_worker(env, tmp_path, *, rows: int, load: str, timeout: float) -> dict:
    """`load` run on a file of `rows` clients while a real worker runs: its report (the last line it prints), once
    the calls it logged meanwhile (`requests`: seconds and status) are checked kept and fast (CAT-5)."""
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    (tmp_path / "clients.csv").write_bytes(client_file(rows))
    with open(tmp_path / "worker.log", "w") as log:
        running = worker(env, log)
        try:
            done = subprocess.run([sys.executable, "-c", load, str(tmp_path / "clients.csv")], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=timeout)  # fmt: skip
        finally:
            running.terminate()
            running.wait(timeout=20)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    requests = report.pop("requests")
    assert len(requests) >= 6, "the calls must be logged while the worker works"
    assert [outcome for _seconds, outcome in requests if outcome != 201] == []
    assert max(seconds for seconds, _outcome in requests) < 2.0
    report["touches_saved"] -= len(requests)  # 0: every call kept
    return report


def test_cat5_a_worker_killed_mid_import_resumes_with_no_duplicate_and_no_lost_row(
    tmp_path,
    shared_database,  # noqa: F811
):
    env = shared_database
    job_id = killed_and_resumed(
        env, tmp_path, rows=ROWS, setup=SETUP, resume=RESUME, progress="rows_done", states=("running", "done"), wait=300
    )
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
