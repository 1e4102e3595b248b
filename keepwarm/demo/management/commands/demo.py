"""`manage.py demo`: realistic demo data for a first look at KeepWarm (`make run` calls it with --if-empty)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keepwarm.accounts.models import User
from keepwarm.demo.seed import DEMO_PASSWORD, DEMO_USERS, database_is_empty, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: the team “Chișinău Sales”, users admin, lead, maria and ion "
        f"(all with the password “{DEMO_PASSWORD}”), ~200 organizations and ~1,000 clients with a year of "
        "touches and orders. Refuses to touch a database that already has data."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2024, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--clients", type=int, default=1000, help="How many clients (default 1000).")
        parser.add_argument("--organizations", type=int, default=200, help="How many organizations (default 200).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, without an error, when the database has data."
        )

    def handle(self, *args: Any, seed: int, clients: int, organizations: int, if_empty: bool, **options: Any) -> None:
        if clients < 1 or organizations < 0:
            raise CommandError("--clients must be at least 1 and --organizations at least 0.")
        if not database_is_empty():
            if not if_empty:
                raise CommandError(
                    "The database already has data; `demo` only fills an empty one. Start from a fresh database "
                    "(e.g. remove var/keepwarm.sqlite3 and run migrate), or pass --if-empty to skip quietly."
                )
            if demo_is_loaded():
                self.stdout.write("Demo data already present")
                self._print_logins()
            else:
                self.stdout.write("The database already has data; demo data not loaded.")
            return
        started = time.monotonic()
        summary = demo_load(seed=seed, clients=clients, organizations=organizations)
        categories = ", ".join(f"{name}: {count}" for name, count in sorted(summary.categories.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data created in {time.monotonic() - started:.1f} s: {summary.organizations} organizations, "
                f"{summary.clients} clients ({categories}), {summary.touches} touches, {summary.orders} orders, "
                f"{summary.planned} planned touches; letters awaiting approval: {summary.letters}."
            )
        )
        self._print_logins()

    def _print_logins(self) -> None:
        rows = [("Username", "Password", "Role")]
        rows += [(user.username, DEMO_PASSWORD, str(User.Role(user.role).label)) for user in DEMO_USERS]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
