"""An import's undo in the real worker: while managers log calls, on SQLite (one writer at a time) as on PostgreSQL no
request fails or waits more than 2 s, no call is lost, and the undo ends with every update reverted and every client
planned once (CAT-5); a worker killed mid-undo is resumed and takes no row back twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.core.test_database_under_load import shared_database  # noqa: F401 - a fixture
from tests.core.test_deployment import ROOT
from tests.imports.test_import_under_load import LOAD_TEAM
from tests.imports.test_resume import beside_a_worker, killed_and_resumed

ROWS = 600  # updated rows: several seconds of reverting, turn after turn

LOAD = LOAD_TEAM + textwrap.dedent(
    """
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
    threads = managers_calling(lambda: status(update) == "undoing")
    asked = Browser(raise_request_exception=False)
    asked.force_login(lead)
    started = time.monotonic()
    answer = asked.post(f"/api/imports/{update.pk}/undo/")
    asked_seconds = time.monotonic() - started
    going.set()
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
    report = beside_a_worker(shared_database, tmp_path, rows=ROWS, load=LOAD, timeout=600)
    assert report == {"asked": [202, True], "status": "undone", "undone": [ROWS, ROWS], "touches_saved": 0,
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


@pytest.mark.db
def test_cat5_a_worker_killed_mid_undo_resumes_and_takes_each_row_back_once(tmp_path, shared_database):  # noqa: F811
    env = shared_database
    job_id = killed_and_resumed(
        env, tmp_path, rows=KILLED_ROWS, setup=SETUP, resume=RESUME, progress="undo_rows_done",
        states=("undoing", "undone"), wait=600,
    )  # fmt: skip
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
