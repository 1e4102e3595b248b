"""Scorecard figure (issue: qualification): clients re-scored per second after an ideal-customer-profile change.

The team's clients are re-scored in bulk by keepwarm.qualification.services.scorecards_recompute (what the
rescore task runs after the profile is saved), on SQLite and on PostgreSQL.

Run: .venv/bin/python benchmarks/scorecards.py [--clients 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.planner import figure, run_in_bench_database

VERTICALS = ["Logistics", "Retail", "Packaging", "Wine making", "Software", "Food production"]
COUNTRIES = ["MD", "RO", "RU", "UA", "KZ", "DE"]


def build(count: int) -> None:
    from django.db import transaction

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client, Organization

    rng = random.Random(5)
    with transaction.atomic():
        team = Team.objects.create(name="Scorecard bench", country="MD")
        owner = User.objects.create(username="scorecard-bench", team=team, role="manager")
        orgs = Organization.objects.bulk_create(
            Organization(team=team, name=f"Org {n}", vertical=rng.choice(VERTICALS), country=rng.choice(COUNTRIES),
                         employees=rng.randint(2, 5000), territory=rng.choice(["North", "South", "Center"]))
            for n in range(count // 10)
        )  # fmt: skip
        Client.objects.bulk_create(
            (Client(owner=owner, first_name=f"C{n}", organization=rng.choice(orgs)) for n in range(count)),
            batch_size=5000,
        )


def measure(backend: str, count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client
    from keepwarm.qualification.services import profile_update, scorecards_recompute

    call_command("migrate", verbosity=0)
    if not Team.objects.filter(name="Scorecard bench").exists():
        build(count)
    team = Team.objects.get(name="Scorecard bench")
    lead = User.objects.filter(username="scorecard-bench-lead").first() or User.objects.create(
        username="scorecard-bench-lead", team=team, role="lead"
    )
    clients = Client.objects.filter(owner__team=team)
    # The database is reused between runs: start from an empty profile, so the timed run follows a real change.
    profile_update(team=team, by=lead, employees_min=None, employees_max=None, target_verticals=[], countries=[])
    scorecards_recompute(clients=clients)  # first scores exist, as in a running system
    profile_update(team=team, by=lead, employees_min=50, employees_max=2000, target_verticals=["Logistics"],
                   countries=["MD", "RO"])  # fmt: skip
    started = time.perf_counter()
    total = scorecards_recompute(clients=clients)
    elapsed = time.perf_counter() - started
    figure(f"scorecards.{backend}.recomputed_per_second", total / elapsed, "clients/s", ">= 20000")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--measure", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.clients)
        return
    for backend in ("sqlite", "postgres"):
        run_in_bench_database(__file__, backend, "scorecards", ["--measure", backend, "--clients", str(args.clients)])


if __name__ == "__main__":
    main()
