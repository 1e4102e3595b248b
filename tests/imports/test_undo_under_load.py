"""An import's undo in the real worker: while managers log calls, on SQLite (one writer at a time) as on PostgreSQL no
request fails or waits more than 2 s, no call is lost, and the undo ends with every update reverted and every client
planned once (CAT-5); a worker killed mid-undo is resumed and takes no row back twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import psycopg
import pytest

from tests.core.test_database_under_load import shared_database  # noqa: F401 - a fixture
from tests.core.test_deployment import ROOT, run_manage
from tests.imports.test_resume import client_file, wait_for, worker

ROWS = 600  # updated rows: several seconds of reverting, turn after turn

LOAD = textwrap.dedent(
    """
    import json, sys, threading, time, django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client as Browser
    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client
    from keepwarm.flows.imports_queue import import_start, import_undo
    from keepwarm.imports.models import ImportJob
    from keepwarm.imports.services import import_job_create
    from keepwarm.touches.models import Touch

    team = Team.objects.create(name="Import", country="MD")
    lead = User.objects.create(username="lead", team=team, role="lead")
    managers = [User.objects.create(username=f"m{n}", team=team, role="manager") for n in range(3)]
    Client.objects.bulk_create(Client(owner=managers[n % 3], first_name=f"Known {n}") for n in range(90))
    status = lambda job: ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)

    def imported(data, **options):
        job = import_job_create(by=lead, upload=SimpleUploadedFile("clients.csv", data), **options)
        import_start(job=job, by=lead)
        deadline = time.monotonic() + 240
        while status(job) != "done" and time.monotonic() < deadline:
            time.sleep(0.1)
        return job

    created = open(sys.argv[1], "rb").read()
    imported(created)
    lines = created.decode("cp1251").splitlines()
    positions = [lines[0] + ";Должность"] + [line + ";Директор" for line in lines[1:]]
    update = imported("\\n".join(positions).encode("cp1251"), dedup="update")
    requests = []  # (seconds, outcome)
    warm, undoing = threading.Barrier(4), threading.Event()

    def manager(user):
        browser = Browser(raise_request_exception=False)
        browser.force_login(user)
        call = {"channel": "call", "goal": "present", "outcome": "reached"}
        pks = list(Client.objects.filter(owner=user).values_list("pk", flat=True))
        browser.get(f"/api/clients/{pks[0]}/")  # Django's first request in this thread, before the undo (untimed)
        warm.wait()
        undoing.wait()
        for pk in pks:
            if status(update) != "undoing":
                break
            started = time.monotonic()
            try:
                outcome = browser.post(f"/api/clients/{pk}/touches/", call, content_type="application/json").status_code
            except Exception as error:
                outcome = repr(error)
            requests.append((time.monotonic() - started, outcome))
            time.sleep(0.1)
        connection.close()

    threads = [threading.Thread(target=manager, args=(user,)) for user in managers]
    for thread in threads:
        thread.start()
    warm.wait()
    asked = Browser(raise_request_exception=False)
    asked.force_login(lead)
    started = time.monotonic()
    answer = asked.post(f"/api/imports/{update.pk}/undo/")
    asked_seconds = time.monotonic() - started
    undoing.set()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 240
    while status(update) == "undoing" and time.monotonic() < deadline:
        time.sleep(0.1)
    update.refresh_from_db()
    imported_clients = Client.objects.exclude(owner__in=managers)
    print(json.dumps({
        "requests": requests, "asked": [answer.status_code, asked_seconds < 2], "status": update.status,
        "undone": [update.undo_rows_done, update.undo_rows_total], "touches_saved": Touch.objects.count(),
        "directors": imported_clients.filter(position="Директор").count(), "imported": imported_clients.count(),
        "imported_with_one_next_step": imported_clients.filter(
            planned_touches__status="open", planned_touches__is_next_step=True).distinct().count(),
    }))
    """
)


@pytest.mark.db  # a real database file (or PostgreSQL database) shared by the worker and the requests
def test_cat5_calls_stay_fast_and_kept_while_the_worker_undoes_an_import(tmp_path, shared_database):  # noqa: F811
    env = shared_database
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    (tmp_path / "clients.csv").write_bytes(client_file(ROWS))
    with open(tmp_path / "worker.log", "w") as log:
        running = worker(env, log)
        try:
            load = subprocess.run([sys.executable, "-c", LOAD, str(tmp_path / "clients.csv")], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=600)  # fmt: skip
        finally:
            running.terminate()
            running.wait(timeout=20)
    assert load.returncode == 0, load.stderr[-3000:]
    report = json.loads(load.stdout.strip().splitlines()[-1])
    requests = report.pop("requests")
    assert len(requests) >= 6, "the calls must be logged while the worker undoes"
    assert [outcome for _seconds, outcome in requests if outcome != 201] == []
    assert max(seconds for seconds, _outcome in requests) < 2.0
    assert report == {"asked": [202, True], "status": "undone", "undone": [ROWS, ROWS], "touches_saved": len(requests),
                      "directors": 0, "imported": ROWS, "imported_with_one_next_step": ROWS}  # fmt: skip


SETUP = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from keepwarm.accounts.models import Team, User
    from keepwarm.flows.imports import import_run
    from keepwarm.flows.imports_queue import import_undo
    from keepwarm.imports.models import ImportJob
    from keepwarm.imports.services import import_job_create
    team = Team.objects.create(name="Import", country="MD")
    user = User.objects.create(username="importer", team=team, role="manager")

    def imported(data, **options):  # run here, not by the worker: only the undo is the worker's
        job = import_job_create(by=user, upload=SimpleUploadedFile("clients.csv", data), **options)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        return import_run(job_id=job.pk)

    created = open(sys.argv[1], "rb").read()
    imported(created)
    lines = created.decode("cp1251").splitlines()
    positions = [lines[0] + ";Должность"] + [f"{line};Директор" for line in lines[1:]]
    update = imported("\\n".join(positions).encode("cp1251"), dedup="update")
    assert (update.status, update.updated) == ("done", len(lines) - 1), (update.status, update.updated)
    import_undo(job=update, by=user)
    print(update.pk)
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
KILLED_ROWS = 600  # reverted one by one: minutes on a busy machine


def undo_progress(env: dict[str, str], job_id: int) -> tuple[str, int]:
    query = f"SELECT status, undo_rows_done FROM imports_importjob WHERE id = {job_id:d}"
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with psycopg.connect(url) as connection:
            return connection.execute(query).fetchone()  # type: ignore[return-value]
    with sqlite3.connect(os.path.join(env["KEEPWARM_VAR_DIR"], "keepwarm.sqlite3"), timeout=20) as connection:
        return connection.execute(query).fetchone()


@pytest.mark.db
def test_cat5_a_worker_killed_mid_undo_resumes_and_takes_each_row_back_once(tmp_path, shared_database):  # noqa: F811
    env = shared_database
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    (tmp_path / "clients.csv").write_bytes(client_file(KILLED_ROWS))
    setup = subprocess.run([sys.executable, "-c", SETUP, str(tmp_path / "clients.csv")], cwd=ROOT, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-3000:]
    job_id = int(setup.stdout.split()[-1])
    with open(tmp_path / "worker.log", "w") as log:
        first = worker(env, log)
        try:
            started = wait_for(lambda: undo_progress(env, job_id)[1] > 0, 120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        status, done = undo_progress(env, job_id)
        assert started, (tmp_path / "worker.log").read_text()[-3000:]
        assert status == "undoing"
        assert 0 < done < KILLED_ROWS  # killed with part of the import taken back
        resumed = subprocess.run([sys.executable, "-c", RESUME], cwd=ROOT, env=env, capture_output=True, text=True)
        assert resumed.stdout.split()[-1] == "1", resumed.stderr
        second = worker(env, log)
        try:
            finished = wait_for(lambda: undo_progress(env, job_id)[0] == "undone", 600)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=20)
    assert finished, (tmp_path / "worker.log").read_text()[-3000:]
    check = textwrap.dedent(
        f"""
        import django
        django.setup()
        from keepwarm.audit.models import FieldChange
        from keepwarm.clients.models import Client
        from keepwarm.imports.models import ImportJob
        from keepwarm.touches.models import PlannedTouch
        job = ImportJob.objects.get(pk={job_id})
        print(job.undo_rows_done, job.undo_rows_total, Client.objects.filter(position="").count(),
              PlannedTouch.objects.filter(status="open", is_next_step=True).count(),
              FieldChange.objects.filter(field="position", new="").count())
        """
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)
    # Every client's position put back, one history row each: no row lost to the kill, none reverted twice over.
    assert result.stdout.split() == [str(KILLED_ROWS)] * 5, result.stderr[-3000:]
