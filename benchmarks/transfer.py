"""Transfer figures (issue 11): importing and exporting clients at scale, on SQLite and PostgreSQL.

Import: a CSV of `--rows` rows (names, phones, e-mails, organizations, categories, last contact dates; a tenth of
them already in the database, a fiftieth with a bad phone) into a team that already holds `--existing` clients,
timed end to end as the worker runs it: reading, checks, dedup, writing, planning every client's next step (CAT-5,
PLAN-1) and scoring it. Peak memory is the import process's peak resident size (Django included), and its reader
process's (imports.read_ahead); CPU is both processes'.
Each figure has its own function, so more (the export's) can be added beside them.

Run: .venv/bin/python benchmarks/transfer.py [--rows 100000] [--existing 100000] [--backend sqlite|postgres]
     [--reuse] [--phases [cpu|wall]] [--profile FILE] [--name transfer]
`--reuse` keeps a copy of the built database (var/bench/<name>-<existing>.sqlite3, or the PostgreSQL database
keepwarm_bench_<name>_<existing>) and starts each later run from it instead of building again; `--phases` prints
the import process's CPU time per part (`--phases wall`: its wall clock, the database server's time included);
`--profile` writes a cProfile of the import; `--name` names the benchmark databases (checkouts that share one
PostgreSQL server each use their own).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.planner import figure, psql, run_in_bench_database  # noqa: E402
from benchmarks.transfer_phases import PhaseClock  # noqa: E402

TEAM = "Transfer bench"
MANAGERS = 20
FIRST = ["Ion", "Maria", "Andrei", "Elena", "Sergiu", "Olga", "Victor", "Natalia", "Mihai", "Ana"]
LAST = ["Popescu", "Rusu", "Ceban", "Lungu", "Munteanu", "Rotaru", "Balan", "Ciobanu", "Morari", "Cojocaru"]


def phone(n: int) -> str:
    return f"+3736{n // 1_000_000 % 10}{n % 1_000_000:06d}"


def build(existing: int) -> None:
    """A team of managers and a lead, `existing` clients with phones (raw bulk rows), each with its next step."""
    from django.core.management import call_command
    from django.db import transaction

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.contacts import search_text
    from keepwarm.clients.models import Client

    call_command("flush", "--noinput", verbosity=0)
    rng = random.Random(3)
    with transaction.atomic():
        team = Team.objects.create(name=TEAM, country="MD")
        User.objects.create(username="bench-lead", team=team, role="lead", language="ro")
        managers = User.objects.bulk_create(
            User(username=f"bench-m{n}", team=team, role="manager") for n in range(MANAGERS)
        )
    for start in range(0, existing, 20_000):
        clients = []
        for n in range(start, min(start + 20_000, existing)):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{n}"
            clients.append(
                Client(owner=managers[n % MANAGERS], first_name=first, last_name=last, phones=[phone(n)],
                       search_text=search_text(names=(last, first), phones=[phone(n)], emails=[], organization=""))
            )  # fmt: skip
        Client.objects.bulk_create(clients, batch_size=5000)
    print(f"# built {existing} clients", file=sys.stderr, flush=True)


def import_file(rows: int, existing: int) -> bytes:
    rng = random.Random(5)
    lines = ["Фамилия;Имя;Телефон;Email;Компания;Категория;Ответственный;Дата последнего контакта"]
    for n in range(rows):
        number = rng.randrange(existing) if n % 10 == 0 and existing else existing + n  # a tenth already there
        bad = n % 50 == 7
        lines.append(
            ";".join([f"{rng.choice(LAST)}{number}", rng.choice(FIRST), "12" if bad else phone(number),
                      f"c{number}@example.md", f"Firma {n // 20}", rng.choice(["acum", "viitor"]),
                      f"bench-m{n % MANAGERS}", f"{rng.randint(1, 28):02d}.{rng.randint(1, 10):02d}.2026"])
        )  # fmt: skip
    return ("\n".join(lines) + "\n").encode("utf-8")


def import_rows_per_second(backend: str, rows: int, existing: int, phases: str, profile: str) -> None:
    """figure: transfer.<db>.import_rows_per_second and transfer.<db>.import_peak_memory."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keepwarm.accounts.models import User
    from keepwarm.flows.imports import import_run
    from keepwarm.imports.models import ImportJob
    from keepwarm.imports.services import import_job_create

    settings.DEBUG = False  # as in production: DEBUG keeps every query's SQL (bulk inserts) in memory
    lead = User.objects.get(username="bench-lead")
    data = import_file(rows, existing)
    clock = PhaseClock(time.perf_counter if phases == "wall" else time.process_time) if phases else None
    profiler = cProfile.Profile() if profile else None
    watch = ReaderMemory()
    started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    if profiler:
        profiler.enable()
    job = import_job_create(by=lead, upload=SimpleUploadedFile("clients.csv", data))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    import_run(job_id=job.pk)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    elapsed, cpu, children = time.perf_counter() - started, time.process_time() - cpu, _children_cpu() - children
    watch.stop()
    job.refresh_from_db()
    print(f"# {backend}: {job.rows_done} rows in {elapsed:.1f} s: created {job.created}, skipped {job.skipped}, "
          f"failed {job.failed}", flush=True)  # fmt: skip
    figure(f"transfer.{backend}.import_rows_per_second", rows / elapsed, "rows/s", ">= 5000")
    # The import's own CPU, its reader process's included (on SQLite the database's work too, on PostgreSQL not the
    # server's): steadier than the wall clock on a shared machine.
    figure(f"transfer.{backend}.import_rows_per_cpu_second", rows / (cpu + children), "rows/s", ">= 5000")
    print(f"# CPU: {cpu:.1f} s in the import process, {children:.1f} s in its reader process", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figure(f"transfer.{backend}.import_peak_memory", peak, "MB", "<= 500")
    # The reader process (imports.read_ahead), forked before the import's large structures: its resident peak counts
    # the pages it still shares with the import; what it adds is its private memory.
    reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"# reader process: {reader:.0f} MB resident at its peak, {watch.private:.0f} MB of it its own", flush=True)
    figure(f"transfer.{backend}.import_and_reader_peak_memory", peak + watch.private, "MB", "<= 500")
    if clock is not None:
        clock.report(elapsed if phases == "wall" else cpu)


class ReaderMemory:
    """The largest private memory (not shared with the import) of the import's child processes, sampled on a timer
    signal rather than by a thread: the import forks its reader only from a process without other threads
    (imports.read_ahead.can_fork), so a sampling thread had it read every row in the writer."""

    def __init__(self) -> None:
        self.private = 0.0
        self._previous = signal.signal(signal.SIGALRM, self._sample)
        signal.setitimer(signal.ITIMER_REAL, 0.25, 0.25)  # a forked child does not inherit the timer

    def _sample(self, signum: int, frame: object) -> None:
        # From /proc, not multiprocessing.active_children(): that reaps children the import itself waits for.
        for children in Path("/proc/self/task").glob("*/children"):
            for pid in children.read_text().split():
                with contextlib.suppress(OSError):
                    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                    kb = sum(int(line.split()[1]) for line in lines if line.startswith("Private_"))
                    self.private = max(self.private, kb / 1024)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def measure(backend: str, rows: int, existing: int, step: str, phases: str, profile: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if step == "build":
        build(existing)
    else:
        import_rows_per_second(backend, rows, existing, phases, profile)


def restored(backend: str, name: str, existing: int) -> bool:
    """--reuse: the benchmark database as it was built for `existing` clients, when a copy was kept (True)."""
    bench = ROOT / "var" / "bench"
    if backend == "sqlite":
        kept = bench / f"{name}-{existing}.sqlite3"
        if not kept.exists():
            return False
        for suffix in ("-wal", "-shm"):
            (bench / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        shutil.copyfile(kept, bench / f"{name}.sqlite3")
        return True
    found = _psql(f"SELECT 1 FROM pg_database WHERE datname = 'keepwarm_bench_{name}_{existing}'")
    if not found:
        return False
    _psql(f"DROP DATABASE IF EXISTS keepwarm_bench_{name}")
    _psql(f"CREATE DATABASE keepwarm_bench_{name} TEMPLATE keepwarm_bench_{name}_{existing}")
    return True


def keep_built(backend: str, name: str, existing: int) -> None:
    bench = ROOT / "var" / "bench"
    if backend == "sqlite":
        import sqlite3

        with sqlite3.connect(bench / f"{name}.sqlite3") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(bench / f"{name}.sqlite3", bench / f"{name}-{existing}.sqlite3")
        return
    _psql(f"DROP DATABASE IF EXISTS keepwarm_bench_{name}_{existing}")
    _psql(f"CREATE DATABASE keepwarm_bench_{name}_{existing} TEMPLATE keepwarm_bench_{name}")


def _psql(sql: str) -> str:
    script = str(ROOT / "scripts" / "postgres.sh")
    url = subprocess.run(["bash", script], capture_output=True, text=True, check=True).stdout.strip()
    base = url.rpartition("/")[0]
    return subprocess.run([*psql(base), "-tAc", sql], capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--measure", choices=["sqlite", "postgres"])
    parser.add_argument("--step", choices=["build", "import"], default="import")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--phases", nargs="?", const="cpu", choices=["cpu", "wall"], default="")
    parser.add_argument("--profile", default="")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--name", default="transfer")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.rows, args.existing, args.step, args.phases, args.profile)
        return
    for backend in args.backend or ["sqlite", "postgres"]:
        # A fresh database each time, and the import in its own process, so its peak memory is the import's.
        common = ["--measure", backend, "--rows", str(args.rows), "--existing", str(args.existing)]
        if not (args.reuse and restored(backend, args.name, args.existing)):
            run_in_bench_database(__file__, backend, args.name, [*common, "--step", "build"])
            if args.reuse:
                keep_built(backend, args.name, args.existing)
        extra = (["--phases", args.phases] if args.phases else []) + (
            ["--profile", args.profile] if args.profile else []
        )
        run_in_bench_database(__file__, backend, args.name, [*common, "--step", "import", *extra])
    if args.no_export:
        return
    # The way out: export rows/s, its memory and the duplicates listing, measured by benchmarks/export.py.
    export = [sys.executable, str(Path(__file__).with_name("export.py")), "--clients", str(args.existing)]
    for backend in args.backend or []:
        export += ["--backend", backend]
    subprocess.run(export, check=True)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
