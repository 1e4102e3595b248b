"""Matching figure (issue: catalog and offers, POST-3).

Time to match one new product's tags against the interests of 1,000,000 clients (the query part; planning the
offers runs per client, in a task for big sets). The database is built once, as `keepwarm_bench_matching` on the
server from scripts/postgres.sh and as var/bench/matching.sqlite3, and reused on later runs.

Run: .venv/bin/python benchmarks/matching.py [--clients 1000000] [--backend postgres|sqlite|both]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TEAMS = 20
MANAGERS = 200
TAGS_PER_TEAM = 40  # "logistics" plus 39 others; each client has 1–3 interests
BATCH = 50_000


def figure(name: str, value: float, unit: str, target: str) -> None:
    print(f"figure: {name} = {value:.1f} {unit} (target {target})", flush=True)


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def build(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client, Tag
    from keepwarm.core.db import refresh_query_statistics

    rng = random.Random(5)
    now = timezone.now()
    with transaction.atomic():
        teams = Team.objects.bulk_create([Team(name=f"Match team {n}", country="MD") for n in range(TEAMS)])
        managers = User.objects.bulk_create(
            [User(username=f"match-{n}", team=teams[n % TEAMS], role="manager") for n in range(MANAGERS)]
        )
        names = ["logistics", *(f"interest{n}" for n in range(TAGS_PER_TEAM - 1))]
        tags = Tag.objects.bulk_create([Tag(team=team, name=name) for team in teams for name in names])
    tag_ids = {team.pk: [tag.pk for tag in tags if tag.team_id == team.pk] for team in teams}
    first_id = (Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    client_columns = (
        "id", "created_at", "updated_at", "workdays", "owner_id", "decision_role", "last_name", "first_name",
        "patronymic", "position", "phones", "emails", "language", "country", "time_zone", "relationship_group",
        "category", "never_reason", "do_not_contact", "do_not_contact_reason", "notes", "search_text", "version",
    )  # fmt: skip
    for start in range(0, count, BATCH):
        clients, interests = [], []
        for pk in range(first_id + start, first_id + min(start + BATCH, count)):
            owner = managers[pk % MANAGERS]
            clients.append(
                (pk, now, now, "", owner.pk, "", f"C{pk}", "Bench", "", "", "[]", "[]", "ru", "MD", "",
                 "prospect", "future", "", False, "", "", f"c{pk} bench", 1)
            )  # fmt: skip
            team_tags = tag_ids[owner.team_id]
            # "logistics" (the first tag) interests about one client in five; the rest spread evenly
            chosen = {team_tags[0]} if rng.random() < 0.2 else set()
            chosen.update(rng.sample(team_tags[1:], rng.randint(1, 2)))
            interests.extend((pk, tag_id) for tag_id in chosen)
        with transaction.atomic(), connection.cursor() as cursor:
            _insert(cursor, "clients_client", client_columns, clients)
            _insert(cursor, "clients_client_interests", ("client_id", "tag_id"), interests)
        print(f"# built {start + len(clients)} clients", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('clients_client_id_seq', (SELECT max(id) FROM clients_client))")
            cursor.execute(
                "SELECT setval('clients_client_interests_id_seq', (SELECT max(id) FROM clients_client_interests))"
            )
    refresh_query_statistics()


def measure(backend: str, count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from keepwarm.accounts.models import Team
    from keepwarm.catalog.matching import clients_matching
    from keepwarm.clients.models import Client, Tag

    call_command("migrate", verbosity=0)
    if Client.objects.count() < count:
        build(count - Client.objects.count())
    team = Team.objects.filter(name="Match team 0").first() or Team.objects.order_by("pk").first()
    # A new product tagged "logistics" and one more interest, in a team of ~50,000 clients.
    tag_ids = list(Tag.objects.filter(team=team, name__in=["logistics", "interest7"]).values_list("pk", flat=True))
    timings, matched = [], 0
    for _ in range(7):
        started = time.perf_counter()
        matched = len(list(clients_matching(team_id=team.pk, tag_ids=tag_ids).values_list("pk", flat=True)))
        timings.append((time.perf_counter() - started) * 1000)
        connection.close()  # each run on a fresh connection, as a task would
    print(f"# {backend}: {Client.objects.count()} clients, {matched} matched; runs ms {timings}", flush=True)
    figure(f"matching.{backend}.one_product_ms", statistics.median(timings), "ms", "< 2000")


def run_backend(backend: str, count: int) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="1")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{bench_dir / 'matching.sqlite3'}"
    else:
        url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True, check=True
        ).stdout.strip()
        base, _, _ = url.rpartition("/")
        host, port = base.split("@")[1].split(":")
        create = ["psql", "-h", host, "-p", port, "-U", "postgres", "-d", "postgres"]
        subprocess.run([*create, "-c", "CREATE DATABASE keepwarm_bench_matching"], capture_output=True)
        env["DATABASE_URL"] = f"{base}/keepwarm_bench_matching"
    subprocess.run([sys.executable, __file__, "--measure", backend, "--clients", str(count)], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--measure", choices=["postgres", "sqlite"])
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.clients)
        return
    for backend in ("postgres", "sqlite") if args.backend == "both" else (args.backend,):
        run_backend(backend, args.clients)


if __name__ == "__main__":
    main()
