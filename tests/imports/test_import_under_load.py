"""An import in the real worker while managers log calls: on SQLite (one writer at a time) as on PostgreSQL no
request fails or waits more than 2 s, no call is lost, and the import finishes with every client planned (CAT-5)."""

from __future__ import annotations

import textwrap

import pytest

from tests.core.test_database_under_load import shared_database  # noqa: F401 - a fixture
from tests.imports.test_resume import beside_a_worker

ROWS = 4000  # several seconds of writing, batch after batch

# A team with a lead, three managers and 90 clients, and the managers logging calls while the worker works, in a
# script run beside the worker (shared with the undo's).
LOAD_TEAM = textwrap.dedent(
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
    requests = []  # (seconds, outcome)
    warm, going = threading.Barrier(4), threading.Event()

    def manager(user, busy):  # a call to each of the user's clients while the worker is busy(), once going
        browser = Browser(raise_request_exception=False)
        browser.force_login(user)
        call = {"channel": "call", "goal": "present", "outcome": "reached"}
        pks = list(Client.objects.filter(owner=user).values_list("pk", flat=True))
        browser.get(f"/api/clients/{pks[0]}/")  # Django's first request in this thread, before the work (untimed)
        warm.wait()
        going.wait()
        for pk in pks:
            if not busy():
                break
            started = time.monotonic()
            try:
                outcome = browser.post(f"/api/clients/{pk}/touches/", call, content_type="application/json").status_code
            except Exception as error:
                outcome = repr(error)
            requests.append((time.monotonic() - started, outcome))
            time.sleep(0.1)
        connection.close()

    def managers_calling(busy):
        threads = [threading.Thread(target=manager, args=(user, busy)) for user in managers]
        for thread in threads:
            thread.start()
        warm.wait()
        return threads
    """
)
LOAD = LOAD_TEAM + textwrap.dedent(
    """
    job = import_job_create(by=lead, upload=SimpleUploadedFile("clients.csv", open(sys.argv[1], "rb").read()))
    status = lambda: ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)
    threads = managers_calling(lambda: status() == "running")
    import_start(job=job, by=lead)
    deadline = time.monotonic() + 60
    while status() != "running" and time.monotonic() < deadline:
        time.sleep(0.02)
    going.set()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 240
    while status() in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
    job.refresh_from_db()
    imported = Client.objects.exclude(owner__in=managers)
    print(json.dumps({
        "requests": requests, "status": job.status, "rows_done": job.rows_done, "created": job.created,
        "touches_saved": Touch.objects.count(), "imported": imported.count(),
        "imported_with_one_next_step": imported.filter(
            planned_touches__status="open", planned_touches__is_next_step=True).distinct().count(),
    }))
    """
)


@pytest.mark.db  # a real database file (or PostgreSQL database) shared by the worker and the requests
def test_cat5_calls_stay_fast_and_kept_while_the_worker_imports(tmp_path, shared_database):  # noqa: F811
    report = beside_a_worker(shared_database, tmp_path, rows=ROWS, load=LOAD, timeout=400)
    assert report == {"status": "done", "rows_done": ROWS, "created": ROWS, "touches_saved": 0,
                      "imported": ROWS, "imported_with_one_next_step": ROWS}  # fmt: skip
