"""Exactly once: two real task workers (`manage.py db_worker`) share the outbox on one database (a SQLite file, or
PostgreSQL); one is killed with SIGKILL in the middle of sending a letter (the SMTP server stalls on its DATA).
Its claim expires with the lease, the letter goes out from the other worker: every letter arrives exactly once
(counted by Message-ID), each is one touch, none is left sending, every client keeps a next step (CAT-5)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter

import psycopg
import pytest

from tests.core.test_database_under_load import shared_database  # noqa: F401 - a fixture
from tests.core.test_deployment import ROOT, run_manage
from tests.imports.test_resume import wait_for, worker

LETTERS = 60
STALLING = "stall@example.md"

SETUP = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from keepwarm.accounts.models import Team, User
    from keepwarm.flows.clients import client_create
    from keepwarm.flows.letters_outbox import queue_delivery
    from keepwarm.letters.models import Letter
    count, stalling = int(sys.argv[1]), sys.argv[2]
    team = Team.objects.create(name="Outbox", country="MD")
    user = User.objects.create(username="sender", team=team, role="manager", first_name="Maria", email="m@example.md")
    clients = [client_create(by=user, owner=user, first_name=f"Client{n}", last_name="Ceban",
                             emails=[f"client{n}@example.md"], language="ro") for n in range(10)]
    with transaction.atomic():
        for n in range(count):
            client = clients[n % len(clients)]
            recipient = stalling if n == count // 3 else client.emails[0]
            letter = Letter.objects.create(client=client, owner=user, kind="birthday", language="ro",
                recipient=recipient, subject=f"La mulți ani #{n}", body_text="Sănătate!", send_at=timezone.now())
            queue_delivery(letter)
            queue_delivery(letter)  # queued twice (sent, then approved): both workers race for every letter
    print("ok")
    """
)


def rows(env: dict[str, str], query: str) -> list[tuple]:
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with psycopg.connect(url) as connection:
            return connection.execute(query).fetchall()
    with sqlite3.connect(os.path.join(env["KEEPWARM_VAR_DIR"], "keepwarm.sqlite3"), timeout=20) as connection:
        return connection.execute(query).fetchall()


def stalled_worker_pid(env: dict[str, str]) -> int:
    [(claimed_by,)] = rows(env, f"SELECT claimed_by FROM letters_letter WHERE recipient = '{STALLING}'")
    return int(claimed_by.split(":")[1])  # outbox.claim_token: host:pid:nonce


@pytest.mark.db  # a real database file (or PostgreSQL database) shared by the processes
def test_two_workers_one_killed_mid_send_every_letter_exactly_once(tmp_path, shared_database, smtp_server):  # noqa: F811
    env = dict(shared_database, EMAIL_URL=smtp_server.url, LETTERS_LEASE_SECONDS="3", EMAIL_TIMEOUT="60")
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    setup = subprocess.run([sys.executable, "-c", SETUP, str(LETTERS), STALLING], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    stalled = smtp_server.stall(STALLING)
    with open(tmp_path / "workers.log", "w") as log:
        workers = {process.pid: process for process in (worker(env, log), worker(env, log))}
        try:
            assert stalled.wait(120), (tmp_path / "workers.log").read_text()[-3000:]
            killed = workers.pop(stalled_worker_pid(env))
            killed.send_signal(signal.SIGKILL)  # mid-DATA: the server never accepted that message
            killed.wait(timeout=10)
            delivered = smtp_server.wait_for(LETTERS, 120)
            # Sent, and every touch logged (a touch the killed worker left pending is logged by the survivor).
            settled = wait_for(
                lambda: not rows(env, "SELECT id FROM letters_letter WHERE status <> 'sent' OR touch_pending"), 60
            )
        finally:
            for process in workers.values():
                process.send_signal(signal.SIGINT)
                process.wait(timeout=30)
    log_text = (tmp_path / "workers.log").read_text()[-3000:]
    assert delivered, log_text
    assert settled, log_text
    received = Counter(message.message_id for message in smtp_server.messages)
    letters = rows(env, "SELECT message_id, status, attempts, touch_id FROM letters_letter")
    assert sorted(received) == sorted(message_id for message_id, *_ in letters)
    assert set(received.values()) == {1}  # each letter exactly once
    assert {status for _, status, _, _ in letters} == {"sent"}  # none left sending
    assert len({touch for *_, touch in letters if touch is not None}) == LETTERS  # one touch each
    [(touches,)] = rows(env, "SELECT COUNT(*) FROM touches_touch WHERE channel = 'letter'")
    assert touches == LETTERS
    [(attempts,)] = rows(env, f"SELECT attempts FROM letters_letter WHERE recipient = '{STALLING}'")
    assert attempts == 2  # the killed worker's claim, then the survivor's
    stepless = rows(env, "SELECT id FROM clients_client c WHERE NOT EXISTS (SELECT 1 FROM touches_plannedtouch p "
                         "WHERE p.client_id = c.id AND p.status = 'open' AND p.is_next_step)")  # fmt: skip
    assert stepless == []  # CAT-5
