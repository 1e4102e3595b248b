"""Report figures (issue 12): each report's p95 server time for a team lead over a year, at 100,000 clients,
1,000,000 touches and 100,000 deals, on SQLite and PostgreSQL, and its ratio to the raw floor: one hand-written
SQL statement over the raw rows that returns the same numbers (benchmarks/reports_raw.py), as the issue defines it.
The floor stays that raw aggregate even where a report reads counts kept as touches are written (activity and
refusals read reports.summary's tables): its ratio below 1 is then what keeping the counts saves.

Run: .venv/bin/python benchmarks/reports.py [--clients 100000] [--touches 1000000] [--deals 100000] [--reports six ...]
[--on sqlite postgres] [--database reports_100000]
Each sample times the report's API call (Django's WSGI application as a server calls it, signed in: session,
middleware, DRF, JSON) and then the raw query, so that both meet the same load; besides the ratio of the two p95s
it prints the median of the paired ratios, which the machine's noise moves least, the report's CPU time in this
process and the load average.
Both are timed with DEBUG off, as production runs (the dataset is built and migrated under the DEBUG=1 every bench
script starts with): DEBUG's cursor keeps and times every query, a cost each report paid here and no server does.
The database is built once under var/bench/<database>.sqlite3 or as keepwarm_bench_<database>; ladder levels, moves,
LAD-5 overrides and journal entries are added to one built without them (`build_ladder_and_journal`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.planner import figure, run_in_bench_database  # noqa: E402

TEAMS = 10
SAMPLES, WARM_UP = 25, 3
# A fast report takes more samples: at least this long in all, so a few ms of a busy machine's noise in one sample
# moves its median and p95 little.
MIN_SECONDS = 3.0
# The API's per-user throttle keeps each request's time for a minute (120 a minute in production): its history is
# emptied this often, so the benchmark's hundreds of requests a minute do not make each request read a longer one.
THROTTLE_HISTORY = 100
REPORTS = ("flows", "refusals", "six", "activity", "deals", "ladder", "journal")


def build(clients: int, touches: int, deals: int) -> None:
    """Bulk rows through the ORM in batches: TEAMS teams of 10 managers and a lead; history over two years."""
    from django.db import transaction
    from django.utils import timezone

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import CategoryChange, Client
    from keepwarm.core.db import refresh_query_statistics
    from keepwarm.deals.models import Deal, DealStageChange
    from keepwarm.touches.models import Touch

    rng = random.Random(12)
    now = timezone.now()

    def moment() -> dt.datetime:
        return now - dt.timedelta(minutes=rng.randint(0, 730 * 24 * 60))

    with transaction.atomic():
        teams = Team.objects.bulk_create([Team(name=f"Report team {n}", country="MD") for n in range(TEAMS)])
        managers = User.objects.bulk_create(
            [User(username=f"report-{n}", team=teams[n % TEAMS], role="manager") for n in range(TEAMS * 10)]
        )
        User.objects.create(username="report-lead", team=teams[0], role="lead")
    batch = 20_000
    for start in range(0, clients, batch):
        rows = [
            Client(
                owner=managers[rng.randrange(len(managers))], first_name="Bench", category=rng.choice(["now", "future"])
            )
            for _ in range(min(batch, clients - start))
        ]
        with transaction.atomic():
            made = Client.objects.bulk_create(rows)
            Client.objects.filter(pk__in=[c.pk for c in made]).update(created_at=now - dt.timedelta(days=800))
            CategoryChange.objects.bulk_create(
                CategoryChange(client=c, changed_at=moment(), from_category="future", to_category="now") for c in made
            )
    ids = list(Client.objects.values_list("pk", flat=True))
    outcomes = ["reached", "reached", "no_answer", "hung_up", "refused", "bought_elsewhere"]
    for start in range(0, touches, batch):
        made_touches = []
        for _ in range(min(batch, touches - start)):
            outcome = rng.choice(outcomes)
            made_touches.append(
                Touch(
                    client_id=rng.choice(ids),
                    happened_at=moment(),
                    channel=rng.choice(["call", "email"]),
                    goal="present",
                    outcome=outcome,
                    refusal_reason="budget" if outcome == "refused" else "",
                    competitor="Globex" if outcome == "bought_elsewhere" else "",
                )
            )
        Touch.objects.bulk_create(made_touches)
        print(f"# built {start + len(made_touches)} touches", file=sys.stderr, flush=True)
    stages = ["search_evaluation", "needs_contact", "presentation", "objections", "closing_support"]
    for start in range(0, deals, batch):
        opened = [moment() for _ in range(min(batch, deals - start))]
        made = Deal.objects.bulk_create(
            Deal(client_id=rng.choice(ids), title="d", opened_on=at.date(), result=rng.choice(["open", "won", "lost"]))
            for at in opened
        )
        DealStageChange.objects.bulk_create(
            DealStageChange(deal=deal, changed_at=at, to_stage=rng.choice(stages))
            for deal, at in zip(made, opened, strict=True)
        )
    refresh_query_statistics()


def build_ladder_and_journal() -> None:
    """What a team of 100 managers writes over two years besides touches and deals, at a plain guess of its
    volume: every client on a ladder level (most at the first ones), a move for every other client, a privilege
    granted beyond the level (LAD-5) for 2 % of them, and two journal entries a manager a week (JOUR-1), four in five
    reviewed by the lead within a week. Added to a dataset built before (the first datasets had none)."""
    from django.db import transaction
    from django.utils import timezone

    from keepwarm.accounts.models import User
    from keepwarm.clients.models import Client
    from keepwarm.journal.models import JournalEntry
    from keepwarm.ladder.models import ClientLadder, LadderChange, PrivilegeOverride

    rng = random.Random(13)
    now = timezone.now()

    def moment() -> dt.datetime:
        return now - dt.timedelta(minutes=rng.randint(0, 730 * 24 * 60))

    ids = list(Client.objects.values_list("pk", flat=True))
    with transaction.atomic():
        ClientLadder.objects.bulk_create(
            (ClientLadder(client_id=pk, level=rng.choices([1, 2, 3, 4, 5], [50, 25, 13, 8, 4])[0]) for pk in ids),
            batch_size=5_000,
        )
        LadderChange.objects.bulk_create(
            (
                LadderChange(client_id=pk, from_level=low, to_level=low + 1, at=moment())
                if rng.random() < 0.8
                else LadderChange(client_id=pk, from_level=low + 1, to_level=low, at=moment())
                for pk in rng.sample(ids, len(ids) // 2)
                for low in [rng.randint(1, 4)]
            ),
            batch_size=5_000,
        )
        PrivilegeOverride.objects.bulk_create(
            (
                PrivilegeOverride(
                    client_id=pk, level=1, what="discount", offered=10, allowed=5, reason="Loyal", at=moment()
                )
                for pk in rng.sample(ids, len(ids) // 50)
            ),
            batch_size=5_000,
        )
        lead = User.objects.get(username="report-lead")
        managers = list(User.objects.filter(role="manager").values_list("pk", flat=True))
        entries = []
        for author in managers:
            for _ in range(208):
                at = moment()
                reviewed = at + dt.timedelta(hours=rng.randint(1, 7 * 24)) if rng.random() < 0.8 else None
                entries.append(
                    JournalEntry(
                        author_id=author, date=at.date(), method="Showed the catalog", reviewed_at=reviewed,
                        reviewed_by=lead if reviewed else None,
                    )
                )  # fmt: skip
        JournalEntry.objects.bulk_create(entries, batch_size=5_000)


def measure(backend: str, clients: int, touches: int, deals: int, only: list[str]) -> None:
    import os

    import django

    # 28 requests a report in a row: the API's per-user throttle (120/minute) would refuse them.
    os.environ["API_RATE_USER"] = "100000/minute"
    django.setup()
    from django.conf import settings as django_settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.utils import timezone

    from benchmarks import reports_raw
    from keepwarm.accounts.models import User
    from keepwarm.clients.models import Client
    from keepwarm.core.db import refresh_query_statistics
    from keepwarm.journal.models import JournalEntry
    from keepwarm.planner import inputs
    from keepwarm.reports.scope import Span, period_from

    call_command("migrate", verbosity=0)
    if not Client.objects.exists():
        build(clients, touches, deals)
    if not JournalEntry.objects.exists():
        build_ladder_and_journal()
    refresh_query_statistics()  # also for indexes that migrations added to a dataset built before them
    django_settings.DEBUG = False  # no query log: time what production would spend (benchmarks/pages.py does too)
    lead = User.objects.get(username="report-lead")
    http = HttpClient()
    http.force_login(lead)
    served = _server(http)
    today = timezone.localdate()
    params = {"from": (today - dt.timedelta(days=364)).isoformat(), "to": today.isoformat()}
    span = Span(period_from(params))
    settings = inputs.settings_for_team(lead.team)
    members = list(User.objects.filter(team_id=lead.team_id).values_list("pk", flat=True))
    knobs = {"team_id": lead.team_id, "target": settings.six_target, "passive_days": settings.passive_days}
    for name in only or REPORTS:
        # Like the report, one statement counts both periods (SIX-2: one for each period's end).
        runs = reports_raw.statements(name, span, members=members, **knobs)

        def run_report(name: str = name) -> None:
            _ok(served(f"/api/reports/{name}/", params))

        def run_raw(runs: list[tuple[str, dict[str, Any]]] = runs) -> None:
            # A cursor of its own each time, as the report's: a request's end may close a connection past
            # CONN_MAX_AGE (after a long build), and a cursor kept across requests would then be closed.
            with connection.cursor() as cursor:
                for sql, values in runs:
                    _fetch(cursor, sql, values)

        load = os.getloadavg()[0]
        report, raw, cpu = _paired(run_report, run_raw)
        p95, raw_p95 = _p95(report), _p95(raw)
        ratio = statistics.median(r / b for r, b in zip(report, raw, strict=True))
        print(
            f"# {backend} {name}: report p95 {p95:.1f} ms (median {statistics.median(report):.1f}), raw SQL p95 "
            f"{raw_p95:.1f} ms (median {statistics.median(raw):.1f}), median of paired ratios {ratio:.2f}; report CPU "
            f"here median {statistics.median(cpu):.1f} ms; load {load:.1f} before, {os.getloadavg()[0]:.1f} after",
            flush=True,
        )
        figure(f"reports.{backend}.{name}.p95", p95, "ms", "< 300")
        figure(f"reports.{backend}.{name}.ratio_to_raw_sql", p95 / raw_p95 if raw_p95 else 0, "x", "<= 2")
        figure(f"reports.{backend}.{name}.paired_ratio_median", ratio, "x", "<= 2")
        figure(f"reports.{backend}.{name}.cpu_median", statistics.median(cpu), "ms", "CPU of this process")


def _server(http: Any) -> Callable[[str, dict[str, str]], tuple[int, bytes]]:
    """A GET as the server runs it: the project's WSGI application (config.wsgi, which settles the process as a
    server's start does: core.serving) called with the request's environ (the signed-in session's cookie), the body
    read to its end, as waitress does. Django's test client around the same call adds its own work (the request
    factory, the template and signal capture, cookies), ~0.2 ms that no server spends."""
    from urllib.parse import urlencode

    from django.test import RequestFactory

    from config.wsgi import application

    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in http.cookies.items())
    factory = RequestFactory()

    def get(path: str, params: dict[str, str]) -> tuple[int, bytes]:
        environ = factory._base_environ(
            PATH_INFO=path, QUERY_STRING=urlencode(params), REQUEST_METHOD="GET", HTTP_COOKIE=cookie
        )
        status: list[str] = []
        body = application(environ, lambda line, headers, *_: status.append(line))
        try:
            return int(status[0].split()[0]), b"".join(body)
        finally:
            body.close()

    return get


def _fetch(cursor: Any, sql: str, args: dict[str, Any]) -> list[tuple]:
    """Every row, so SQLite (which computes lazily) does the whole query."""
    cursor.execute(sql, args)
    return cursor.fetchall()


def _ok(response: tuple[int, bytes]) -> None:
    status, body = response
    assert status == 200, body[:300]


def _paired(report: Callable[[], object], raw: Callable[[], object]) -> tuple[list[float], list[float], list[float]]:
    """Each sample times the report and then the raw query, so both meet the same load on a shared machine; also
    the report's CPU time in this process (all of it on SQLite; on PostgreSQL the server's is not in it)."""
    from django.core.cache import cache

    samples: tuple[list[float], list[float], list[float]] = ([], [], [])
    began, attempt = time.perf_counter(), 0
    while attempt < SAMPLES + WARM_UP or time.perf_counter() - began < MIN_SECONDS:
        if attempt % THROTTLE_HISTORY == 0:
            cache.clear()
        attempt += 1
        for run, times in zip((report, raw), samples, strict=False):
            started, cpu = time.perf_counter(), time.process_time()
            run()
            if attempt > WARM_UP:
                times.append((time.perf_counter() - started) * 1000)
                if run is report:
                    samples[2].append((time.process_time() - cpu) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=1_000_000)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--on", nargs="*", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--database", help="Name of the bench database (default reports_<clients>).")
    parser.add_argument("--reports", nargs="*", choices=REPORTS, default=[], help="Measure these only.")
    args = parser.parse_args()
    sizes = ["--clients", str(args.clients), "--touches", str(args.touches), "--deals", str(args.deals)]
    if args.reports:
        sizes += ["--reports", *args.reports]
    if args.only:
        measure(args.only, args.clients, args.touches, args.deals, args.reports)
        return
    for backend in args.on:
        run_in_bench_database(
            __file__, backend, args.database or f"reports_{args.clients}", ["--only", backend, *sizes]
        )


if __name__ == "__main__":
    main()
