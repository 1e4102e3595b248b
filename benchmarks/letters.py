"""Letters figures (issue 10), each on a fresh database (a SQLite file under a temporary folder, or
`keepwarm_bench_letters` on the test PostgreSQL from scripts/postgres.sh):

1. Letters delivered per second by one task worker (`manage.py db_worker`, as production runs it) to a local SMTP
   server (aiosmtpd in this process): each letter claimed, sent, marked sent and logged as its client's touch;
   letters sent now (a task each) and letters due together at a slot (one shared sweep).
2. Letters rendered and queued per second on a holiday morning: 10,000 clients each with a planned New Year
   greeting, prepared by flows.letters.courtesy_letters_prepare for a team that sends greetings by themselves.

Run: .venv/bin/python benchmarks/letters.py [--letters 500] [--greetings 10000] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.planner import figure  # noqa: E402

TEAM = "Letters bench"
HOLIDAY = "new_year"


class Counting:
    """The SMTP server's handler: the moment each message was accepted."""

    def __init__(self) -> None:
        self.accepted: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.accepted.append(time.perf_counter())
        return "250 OK"


def build(clients: int) -> Any:
    """A team that sends greetings by themselves, its manager, and `clients` clients with an address."""
    from django.db import transaction

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client
    from keepwarm.letters.models import LetterSettings

    with transaction.atomic():
        team = Team.objects.create(name=TEAM, country="MD")
        LetterSettings.objects.create(team=team, auto_send_courtesy=True)
        manager = User.objects.create(username="letters-bench", team=team, role="manager", first_name="Maria",
                                      last_name="Rusu", email="maria@example.md")  # fmt: skip
        Client.objects.bulk_create(
            (
                Client(
                    owner=manager,
                    first_name=f"Client{n}",
                    last_name="Ceban",
                    emails=[f"c{n}@example.md"],
                    language=("ro", "ru", "en")[n % 3],
                    country="MD",
                    time_zone="Europe/Chisinau",
                )
                for n in range(clients)
            ),
            batch_size=2000,
        )
    return manager


def delivery_rate(backend: str, count: int, *, at_a_slot: bool) -> None:
    """`count` holiday greetings queued, then one worker delivers them: sent now (a task each), or due together at
    a slot a minute ahead (one shared sweep)."""
    from aiosmtpd.controller import Controller
    from django.db import transaction
    from django.utils import timezone

    from keepwarm.clients.models import Client
    from keepwarm.flows.letters_outbox import SHARED_SWEEP_AHEAD, queue_delivery
    from keepwarm.letters.models import Letter

    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    send_at = timezone.now() + (SHARED_SWEEP_AHEAD + dt.timedelta(seconds=2) if at_a_slot else dt.timedelta(0))
    first = Letter.objects.count()
    clients = list(Client.objects.order_by("pk")[first : first + count])
    with transaction.atomic():
        for client in clients:
            letter = Letter.objects.create(client=client, owner=client.owner, kind="holiday", holiday=HOLIDAY,
                                           language=client.language, recipient=client.emails[0],
                                           subject="La mulți ani!", body_text="Sărbători fericite!",
                                           send_at=send_at)  # fmt: skip
            queue_delivery(letter)
    env = dict(os.environ, EMAIL_URL=f"smtp://127.0.0.1:{controller.port}")
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu_first = cpu = 0.0
    try:
        deadline = time.monotonic() + 120 + count
        while len(handler.accepted) < count and time.monotonic() < deadline and worker.poll() is None:
            if not cpu_first and handler.accepted:
                cpu_first, first_count = _cpu_seconds(worker.pid), len(handler.accepted)
            time.sleep(0.02)
        cpu = _cpu_seconds(worker.pid) - cpu_first
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
        controller.stop()
    way = "at_a_slot" if at_a_slot else "sent_now"
    sent = Letter.objects.filter(status=Letter.Status.SENT, send_at=send_at).count()
    accepted = handler.accepted
    elapsed = accepted[-1] - accepted[0] if len(accepted) > 1 else float("inf")
    # CPU per letter after the first ones: what the worker spends, whatever else keeps a shared machine busy.
    per_letter = 1000 * cpu / max(len(accepted) - first_count, 1) if cpu_first else float("nan")
    print(f"{backend} {way}: {len(accepted)} of {count} letters accepted by the server, {sent} marked sent; the worker "
          f"spent {per_letter:.1f} ms CPU a letter", flush=True)  # fmt: skip
    figure(f"letters.{backend}.delivered_per_second.{way}", (len(accepted) - 1) / elapsed, "letters/s", ">= 50")


def greeting_rate(backend: str, count: int) -> None:
    """The morning of 1 January: `count` planned New Year greetings become queued letters."""
    from django.db.models import Max

    from keepwarm.clients.models import Client
    from keepwarm.letters.models import Letter
    from keepwarm.touches.models import PlannedTouch

    try:
        from keepwarm.flows.letters import courtesy_letters_prepare
    except ImportError:
        print("figure: letters.greetings_queued_per_second not measured: flows.letters is not on this branch")
        return
    day = dt.date(dt.date.today().year + 1, 1, 1)
    morning = dt.datetime.combine(day, dt.time(5), tzinfo=dt.UTC)  # 07:00 in Chisinau
    reason = [{"rule": "POST-5", "code": "holiday_greeting", "detail": HOLIDAY}]
    first = (Letter.objects.aggregate(last=Max("client_id"))["last"] or 0) + 1
    clients = list(Client.objects.filter(pk__gte=first).order_by("pk")[:count])
    PlannedTouch.objects.bulk_create(
        (
            PlannedTouch(
                client=client,
                owner_id=client.owner_id,
                due_date=day,
                goal="greeting",
                channel="letter",
                kind="greeting",
                is_next_step=False,
                explanation=reason,
            )
            for client in clients
        ),
        batch_size=2000,
    )
    started, cpu = time.perf_counter(), time.process_time()
    prepared = courtesy_letters_prepare(now=morning)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    queued = Letter.objects.filter(status=Letter.Status.QUEUED, kind="holiday").count()
    print(f"{backend}: {prepared} greetings prepared, {queued} queued, in {elapsed:.1f} s; {cpu:.1f} s of this "
          f"process's CPU ({queued / cpu:.0f} letters a CPU-second)", flush=True)  # fmt: skip
    figure(f"letters.{backend}.greetings_queued_per_second", queued / elapsed, "letters/s", ">= 2000")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc: the machine may be busy with others."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(backend: str, letters: int, greetings: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build(2 * letters + greetings)
    delivery_rate(backend, letters, at_a_slot=False)
    delivery_rate(backend, letters, at_a_slot=True)
    greeting_rate(backend, greetings)


def fresh_database(backend: str, folder: str) -> dict[str, str]:
    # As production runs: DEBUG off (DEBUG keeps every query's SQL, in this process and in the worker).
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="0", SECRET_KEY="letters-benchmark")
    env.update(ALLOWED_HOSTS="testserver", LOG_LEVEL="ERROR", KEEPWARM_VAR_DIR=folder)
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder}/letters.sqlite3"
        return env
    import psycopg

    url = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
        server.execute("DROP DATABASE IF EXISTS keepwarm_bench_letters WITH (FORCE)")
        server.execute("CREATE DATABASE keepwarm_bench_letters")
    env["DATABASE_URL"] = parts._replace(path="/keepwarm_bench_letters").geturl()
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--greetings", type=int, default=10_000)
    parser.add_argument("--measure", choices=["sqlite", "postgres"])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.letters, args.greetings)
        return
    for backend in args.backend or ["sqlite", "postgres"]:
        with tempfile.TemporaryDirectory(prefix="keepwarm-letters-bench-") as folder:
            env = fresh_database(backend, folder)
            command = [__file__, "--measure", backend, "--letters", str(args.letters), "--greetings",
                       str(args.greetings)]  # fmt: skip
            subprocess.run([sys.executable, *command], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
