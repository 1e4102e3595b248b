"""Planner figures (issue: contact planner).

1. Clients planned per second for a full year ahead (pure forecast, one core), over 100,000 clients, each next
   step spread within its manager's daily capacity (PLAN-1).
2. p95 server time of the agenda API for a manager with 5,000 clients in a database of 1,000,000 clients,
   on SQLite and on PostgreSQL (the database is built once under var/bench/ or as `keepwarm_bench_planner`).

Run: .venv/bin/python benchmarks/planner.py [--clients 100000] [--db-clients 1000000] [--skip-db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ZONES = [
    "Europe/Moscow",
    "Asia/Vladivostok",
    "Europe/Chisinau",
    "Europe/Bucharest",
    "Asia/Almaty",
    "Europe/Kyiv",
    "America/New_York",
    "Asia/Yekaterinburg",
]
COUNTRIES = {
    "Europe/Moscow": "RU",
    "Asia/Vladivostok": "RU",
    "Europe/Chisinau": "MD",
    "Europe/Bucharest": "RO",
    "Asia/Almaty": "KZ",
    "Europe/Kyiv": "UA",
    "America/New_York": "US",
    "Asia/Yekaterinburg": "RU",
}


CLIENTS_PER_MANAGER = 500  # PLAN-1: each manager's load is spread against a daily capacity of 40


def figure(name: str, value: float, unit: str, target: str) -> None:
    print(f"figure: {name} = {value:.1f} {unit} (target {target})", flush=True)


def planning_rate(count: int) -> None:
    """Forecast a year for `count` random clients with a year of history each."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from keepwarm.planner.capacity import spread
    from keepwarm.planner.rules import forecast
    from keepwarm.planner.types import ClientFacts, OrderFact, PlannerSettings, TouchFact

    rng = random.Random(7)
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    today = now.date()
    settings = PlannerSettings()
    cases = []
    for number in range(count):
        zone = rng.choice(ZONES)
        touches = sorted(
            (
                TouchFact(
                    at=now - dt.timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 8)),
                    channel="call",
                    direction="outbound",
                    goal="present",
                    outcome=rng.choice(["reached", "reached", "no_answer", "hung_up", "refused"]),
                    continue_on=today + dt.timedelta(days=rng.randint(5, 90)),
                )
                for _ in range(rng.randint(0, 8))
            ),
            key=lambda fact: fact.at,
        )
        orders = [OrderFact(today - dt.timedelta(days=rng.randint(1, 300)))] if rng.random() < 0.3 else []
        client = ClientFacts(
            client_id=number,
            category=rng.choice(["now", "future"]),
            time_zone=zone,
            country=COUNTRIES[zone],
            birthday=dt.date(1980, rng.randint(1, 12), rng.randint(1, 28)),
            is_customer=bool(orders),
        )
        cases.append((client, touches, orders))
    forecast(*cases[0], settings, today, now)  # warm the holiday caches as a real run would
    loads: list[Counter[dt.date]] = [Counter() for _ in range(count // CLIENTS_PER_MANAGER + 1)]
    started = time.process_time()
    for client, touches, orders in cases:
        planned = forecast(client, touches, orders, settings, today, now, days=365)
        # PLAN-1 on: the next step waits for a day with room in its manager's load (the services' spreading).
        step = next((contact for contact in planned if contact.is_next_step), None)
        if step is not None:
            load = loads[client.client_id // CLIENTS_PER_MANAGER]
            step = spread(step, client=client, settings=settings, load=load, capacity=40, today=today)
            load[step.due_date] += 1
    elapsed = time.process_time() - started
    figure("planner.clients_planned_per_second", count / elapsed, "clients/s", ">= 5000")


def agenda_p95(backend: str, db_clients: int) -> None:
    """Build (or reuse) the big database, then time the agenda API for the 5,000-client manager."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client as HttpClient
    from django.utils import timezone

    from keepwarm.accounts.models import User
    from keepwarm.clients.models import Client

    call_command("migrate", verbosity=0)
    if Client.objects.count() < db_clients:
        build(db_clients)
    manager = User.objects.get(username="bench-manager")
    http = HttpClient()
    http.force_login(manager)
    today = timezone.localdate().isoformat()
    samples = []
    for attempt in range(60):
        started = time.perf_counter()
        response = http.get("/api/agenda/", {"date": today})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:300]
        if attempt >= 10:  # warm-up first
            samples.append(elapsed)
    items = len(response.json()["items"])
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"# {backend}: {Client.objects.count()} clients, agenda has {items} items "
        f"(p50 {statistics.median(samples):.1f} ms)",
        flush=True,
    )
    figure(f"planner.{backend}.agenda.p95", p95, "ms", "< 50")


def build(db_clients: int) -> None:
    """Raw bulk rows (ORM objects would take minutes): 200 managers in 20 teams, bench-manager owns 5,000
    clients, every client has its one open next step."""
    from django.db import connection, transaction
    from django.utils import timezone

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client
    from keepwarm.core.db import refresh_query_statistics

    rng = random.Random(11)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        teams = Team.objects.bulk_create([Team(name=f"Bench team {n}", country="MD") for n in range(20)])
        managers = User.objects.bulk_create(
            [User(username=f"bench-{n}", team=teams[n % 20], role="manager") for n in range(199)]
        )
        target = User.objects.create(username="bench-manager", team=teams[0], role="manager")
    owners = [target.pk] * 5000 + [managers[n % 199].pk for n in range(db_clients - 5000)]
    first_id = (Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    client_sql = (
        "INSERT INTO clients_client (id, created_at, updated_at, workdays, owner_id, decision_role, last_name, "
        "first_name, patronymic, position, phones, emails, language, country, time_zone, relationship_group, "
        "category, never_reason, do_not_contact, do_not_contact_reason, notes, search_text, version) "
        "VALUES (%s, %s, %s, '', %s, '', %s, 'Bench', '', '', '[]', '[]', 'ru', %s, %s, 'prospect', 'future', "
        "'', %s, '', '', %s, 1)"
    )
    touch_sql = (
        "INSERT INTO touches_plannedtouch (client_id, owner_id, due_date, window_start, window_end, channel, goal, "
        "kind, is_next_step, status, client_choice, urgent, explanation, note, created_at) "
        "VALUES (%s, %s, %s, '09:00:00', '17:15:00', 'call', 'present', 'rule_of_six', %s, 'open', %s, %s, '[]', '', "
        "%s)"
    )
    batch = 50_000
    for start in range(0, db_clients, batch):
        clients, touches = [], []
        for offset, owner_id in enumerate(owners[start : start + batch]):
            pk = first_id + start + offset
            zone = rng.choice(ZONES)
            name = f"Client{rng.randint(1, 10**6)}"
            clients.append((pk, now, now, owner_id, name, COUNTRIES[zone], zone, False, f"bench {name.lower()}"))
            touches.append((pk, owner_id, today + dt.timedelta(days=rng.randint(-3, 60)), True, False, False, now))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(client_sql, clients)
            cursor.executemany(touch_sql, touches)
        print(f"# built {start + len(clients)} clients", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('clients_client_id_seq', (SELECT max(id) FROM clients_client))")
    refresh_query_statistics()


def run_in_bench_database(script: str, backend: str, name: str, args: list[str]) -> None:
    """Run `script args` against its own benchmark database: var/bench/<name>.sqlite3 or keepwarm_bench_<name>
    on the test PostgreSQL (scripts/postgres.sh), kept between runs so a built dataset is reused."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="1", ALLOWED_HOSTS="testserver")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{bench_dir / f'{name}.sqlite3'}"
    else:
        url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True, check=True
        ).stdout.strip()
        base, _, _ = url.rpartition("/")
        subprocess.run([*psql(base), "-c", f"CREATE DATABASE keepwarm_bench_{name}"], capture_output=True)
        env["DATABASE_URL"] = f"{base}/keepwarm_bench_{name}"
    subprocess.run([sys.executable, script, *args], env=env, check=True)


def psql(base_url: str) -> list[str]:
    host_port = base_url.split("@")[1]
    host, port = host_port.split(":")
    return ["psql", "-h", host, "-p", port, "-U", "postgres", "-d", "postgres"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--db-clients", type=int, default=1_000_000)
    parser.add_argument("--skip-db", action="store_true")
    parser.add_argument("--agenda-only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.agenda_only:
        agenda_p95(args.agenda_only, args.db_clients)
        return
    planning_rate(args.clients)
    if not args.skip_db:
        for backend in ("sqlite", "postgres"):
            run_in_bench_database(
                __file__, backend, "planner", ["--agenda-only", backend, "--db-clients", str(args.db_clients)]
            )


if __name__ == "__main__":
    main()
