"""The database under load: the real task worker re-plans a team (a lead saved the planner settings) while managers
log in and log calls; no request may fail or wait more than 2 s because of it, on SQLite (the embedded default,
one writer at a time) as on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from keepwarm.clients.models import Client
from keepwarm.planner.services import clients_replan
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.core.test_deployment import ROOT, production_env, run_manage
from tests.factories import make_client

CLIENTS = 2000  # enough that the re-plan takes several seconds, the worker writing all along
PASSWORD = "load-test-password-1"

SETUP = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from keepwarm.accounts.models import Team
    from keepwarm.accounts.services import user_create
    from keepwarm.clients.models import Client
    team = Team.objects.create(name="Load", country="MD")
    user_create(username="lead", password=sys.argv[2], role="lead", team=team)
    managers = [user_create(username=f"m{n}", password=sys.argv[2], role="manager", team=team) for n in range(3)]
    Client.objects.bulk_create(
        [
            Client(owner=managers[n % 3], first_name=f"Client {n}", category="now" if n % 2 else "future")
            for n in range(int(sys.argv[1]))
        ],
        batch_size=500,
    )
    """
)

# Runs the requests in-process through Django's WSGI handler (no server), one thread and connection a manager.
LOAD = textwrap.dedent(
    """
    import json, sys, threading, time, django
    django.setup()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client as Browser
    from django_tasks_db.models import DBTaskResult
    from keepwarm.accounts.models import User
    from keepwarm.clients.models import Client
    from keepwarm.touches.models import Touch

    PASSWORD = sys.argv[1]
    requests = []  # (what, seconds, outcome)

    def timed(what, call):
        started = time.monotonic()
        try:
            outcome = call()
        except Exception as error:
            outcome = repr(error)
        requests.append((what, time.monotonic() - started, outcome))

    def replan_status():
        return DBTaskResult.objects.get(task_path="keepwarm.planner.tasks.replan_team").status

    lead = Browser(raise_request_exception=False)
    # Through the login form, as a person signs in (the sign-in lockout needs the request).
    assert lead.post("/login/", {"username": "lead", "password": PASSWORD}).status_code == 302
    body = json.dumps({"end_of_day_margin_minutes": 45})
    assert lead.patch("/api/team/settings/", body, content_type="application/json").status_code == 200
    deadline = time.monotonic() + 30
    while replan_status() != "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)

    def manager(number):
        browser = Browser(raise_request_exception=False)
        user = User.objects.get(username=f"m{number}")

        def log_in():  # a login's writes (session, last_login), without the password hashing's CPU time
            browser.force_login(user)
            return "logged in"

        def log_call(pk):
            call = {"channel": "call", "goal": "present", "outcome": "reached"}
            return browser.post(f"/api/clients/{pk}/touches/", call, content_type="application/json").status_code

        timed("login", log_in)
        clients = list(Client.objects.filter(owner=user).values_list("pk", flat=True)[:200])
        stop = time.monotonic() + 30
        for pk in clients:
            if replan_status() != "RUNNING" or time.monotonic() > stop:
                break
            timed("call", lambda: log_call(pk))
            time.sleep(0.2)
        connection.close()

    threads = [threading.Thread(target=manager, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 240
    while replan_status() in ("READY", "RUNNING") and time.monotonic() < deadline:
        time.sleep(0.1)
    next_steps = Count("planned_touches", filter=Q(planned_touches__status="open", planned_touches__is_next_step=True))
    print(json.dumps({
        "requests": requests,
        "replan": replan_status(),
        "touches_saved": Touch.objects.count(),
        "clients_without_one_next_step": Client.objects.exclude(category="never").annotate(steps=next_steps)
        .exclude(steps=1).count(),
    }))
    """
)


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of processes sharing one real database: a file in tmp_path on SQLite (the test database
    is in memory), a fresh database beside the test database on PostgreSQL."""
    env = production_env(tmp_path)
    env.update(DEBUG="1", ALLOWED_HOSTS="testserver")
    if os.environ.get("KEEPWARM_DB") != "postgres":
        yield env
        return
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{url.path.strip('/')}_load_{os.getpid()}"
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url._replace(path=f"/{name}").geturl()
        try:
            yield env
        finally:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.db  # a real database file (or PostgreSQL database) shared by the processes
def test_cat5_calls_and_logins_stay_fast_and_kept_while_the_worker_replans_a_team(tmp_path, shared_database):
    env = shared_database
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(CLIENTS), PASSWORD], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    with open(tmp_path / "worker.log", "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            load = subprocess.run(
                [sys.executable, "-c", LOAD, PASSWORD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    assert load.returncode == 0, load.stderr
    report = json.loads(load.stdout.strip().splitlines()[-1])
    requests = report["requests"]
    calls = [outcome for what, _seconds, outcome in requests if what == "call"]
    assert report["replan"] == "SUCCESSFUL", (tmp_path / "worker.log").read_text()
    assert len(calls) >= 10, "the calls must be logged while the worker re-plans"
    assert [r for r in requests if r[2] not in ("logged in", 201)] == []
    slowest = max(requests, key=lambda r: r[1])
    assert slowest[1] < 2.0, slowest
    assert report["touches_saved"] == len(calls)  # no call lost
    assert report["clients_without_one_next_step"] == 0


@pytest.mark.django_db(transaction=True)  # as the worker runs it: no transaction around the re-plan
def test_cat5_replanning_in_short_transactions_skips_a_client_it_cannot_plan_and_goes_on(alice):
    stuck = make_client(alice, first_name="Stuck")
    fresh = [make_client(alice, first_name=f"Fresh {n}") for n in range(3)]
    Client.objects.filter(pk=stuck.pk).update(workdays="135")  # legacy data, written before validation
    kept = open_next_step(stuck)
    PlannedTouch.objects.filter(client__in=fresh).delete()
    clients_replan(clients=Client.objects.all())
    assert open_next_step(stuck) == kept
    assert all(open_next_step(client) is not None for client in fresh)
