"""Export and duplicates figures (issue 11): the client list of a team of N clients (default 100,000) exported
through the same code as GET /api/clients/export/ (the list's selector, chunked reads, the CSV stream or the
XlsxWriter file), read to the end; and the duplicates listing of that team (one in 100 clients shares a phone
with another, one in 100 an e-mail).

Run: .venv/bin/python benchmarks/export.py [--clients 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.planner import figure, run_in_bench_database

TEAM = "Export bench"
LAST_NAMES = [
    "Popescu",
    "Rusu",
    "Ceban",
    "Smirnova",
    "Ivanov",
    "Munteanu",
    "Ţurcan",
    "Bălan",
    "Cojocaru",
    "Lungu",
    "Botnaru",
    "Bîrsan",
    "Cebotari",
    "Sârbu",
    "Moraru",
    "Guțu",
    "Kuznetsova",
    "Petrov",
    "Melnic",
    "Rotaru",
]
FIRST_NAMES = [
    "Ion",
    "Maria",
    "Ana",
    "Vasile",
    "Elena",
    "Andrei",
    "Olga",
    "Sergiu",
    "Natalia",
    "Dmitri",
    "Irina",
    "Victor",
    "Tatiana",
    "Mihai",
    "Svetlana",
    "Alexandru",
    "Cristina",
    "Pavel",
    "Doina",
    "Igor",
]


def build(count: int) -> None:
    from django.db import transaction

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client, Organization

    rng = random.Random(11)
    with transaction.atomic():
        team = Team.objects.create(name=TEAM, country="MD")
        managers = [User.objects.create(username=f"export-bench-{n}", team=team, role="manager") for n in range(10)]
        User.objects.create(username="export-bench-lead", team=team, role="lead", language="en")
        orgs = Organization.objects.bulk_create(
            Organization(team=team, name=f"Org {n} SRL") for n in range(count // 10)
        )
        clients = []
        for n in range(count):
            twin = n - 1 if n % 100 == 1 else n  # every hundredth client shares the phone of the one before
            clients.append(
                Client(
                    owner=managers[n % len(managers)],
                    organization=orgs[n % len(orgs)] if n % 3 else None,
                    last_name=rng.choice(LAST_NAMES),
                    first_name=rng.choice(FIRST_NAMES),
                    phones=[f"+3736{twin:07d}"],
                    emails=[f"client{n - 1 if n % 100 == 2 else n}@example.md"],
                    position="Director",
                    notes="=not a formula" if n % 50 == 0 else "",
                )
            )
        Client.objects.bulk_create(clients, batch_size=5000)


def measure(backend: str, count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.duplicates import duplicate_pairs
    from keepwarm.clients.models import Client
    from keepwarm.clients.selectors import ClientFilters
    from keepwarm.exports.views import client_list_export

    call_command("migrate", verbosity=0)
    if not Team.objects.filter(name=TEAM).exists():
        build(count)
    lead = User.objects.get(username="export-bench-lead")
    rows = Client.objects.filter(owner__team__name=TEAM).count()
    translation.activate("en")
    for fmt in ("csv", "xlsx"):
        started, cpu = time.perf_counter(), time.process_time()
        response = client_list_export(lead, ClientFilters(), fmt=fmt, delimiter=",")
        size = sum(len(chunk) for chunk in response.streaming_content)  # type: ignore[attr-defined]
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        # On a shared machine the wall clock includes waiting for a core; the process's CPU time does not (on
        # SQLite it includes the database's work, on PostgreSQL the server's is not in it).
        print(f"{backend} {fmt}: {rows} rows, {size / 1e6:.1f} MB in {elapsed:.1f} s ({cpu:.1f} s CPU)", flush=True)
        figure(f"transfer.{backend}.export_rows_per_second.{fmt}", rows / elapsed, "rows/s", ">= 20000")
        figure(f"transfer.{backend}.export_rows_per_cpu_second.{fmt}", rows / cpu, "rows/s", ">= 20000 (this process)")
    # Python's own allocations while exporting, traced in a second, untimed pass: flat in N when nothing is held
    # (the process's RSS also grows by SQLite's page cache and memory map, 64 MB and 256 MB in the settings).
    for fmt in ("csv", "xlsx"):
        tracemalloc.start()
        response = client_list_export(lead, ClientFilters(), fmt=fmt, delimiter=",")
        for _chunk in response.streaming_content:  # type: ignore[attr-defined]
            pass
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        figure(f"transfer.{backend}.export_heap_peak.{fmt}", peak, "MB", f"flat in N ({rows} rows)")
    started = time.perf_counter()
    pairs = duplicate_pairs(user=lead)
    elapsed = time.perf_counter() - started
    print(f"{backend}: {len(pairs)} duplicate pairs listed", flush=True)
    figure(f"transfer.{backend}.duplicates_listing_seconds", elapsed, "s", f"<= 5 at {rows} clients")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--measure", choices=["sqlite", "postgres"])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.clients)
        return
    for backend in args.backend or ["sqlite", "postgres"]:
        name = f"export_{args.clients}"
        run_in_bench_database(__file__, backend, name, ["--measure", backend, "--clients", str(args.clients)])


if __name__ == "__main__":
    main()
