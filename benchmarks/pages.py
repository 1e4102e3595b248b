"""Web page figures (issue 3): p50/p95 server time of the daily-work pages on a big database.

100,000 clients (80,000 in the measured lead's team), 10,000 organizations and 1,000,000 touches, built once
with raw bulk inserts under var/bench/pages.sqlite3 and as the PostgreSQL database `keepwarm_bench_pages`,
reused while the marker team exists. Each page: warm-up, then ~30 timed requests through Django's test client.

Run: .venv/bin/python benchmarks/pages.py [--backend sqlite|postgres] [--requests 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MARKER = "Bench pages v1"  # bump when the dataset's shape changes
CLIENTS, ORGANIZATIONS, TOUCHES = 100_000, 10_000, 1_000_000
LAST_NAMES = [
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasiliev",
    "Petrov",
    "Sokolov",
    "Mikhailov",
    "Novikov",
    "Fedorov",
    "Morozov",
    "Volkov",
    "Alekseev",
    "Lebedev",
    "Semenov",
    "Egorov",
    "Pavlov",
    "Kozlov",
    "Stepanov",
    "Nikolaev",
    "Popescu",
    "Rusu",
    "Ciobanu",
    "Munteanu",
    "Ceban",
    "Cojocaru",
    "Lungu",
    "Turcanu",
    "Rotaru",
    "Sirbu",
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Лебедев",
    "Ёлкин",
    "Соколов",
    "Морозов",
    "Волков",
    "Зайцев",
    "Ștefănescu",
    "Țurcanu",
    "Bălan",
    "Grosu",
    "Țîcu",
    "Căpățînă",
    "Moraru",
    "Olaru",
    "Bîrcă",
    "Răileanu",
]
FIRST_NAMES = [
    "Ion",
    "Maria",
    "Elena",
    "Andrei",
    "Olga",
    "Sergiu",
    "Anna",
    "Pavel",
    "Natalia",
    "Dmitri",
    "Иван",
    "Мария",
    "Пётр",
    "Ольга",
    "Алексей",
    "Ana",
    "Mihai",
    "Vasile",
    "Tatiana",
    "Victor",
]
COUNTRIES = ["MD", "MD", "MD", "RO", "RO", "RU", "UA", "KZ"]
CHANNELS = ["call", "call", "call", "email", "meeting", "message"]
OUTCOMES = ["reached", "no_answer", "no_answer", "refused", "agreed_to_meet", "sent", "hung_up"]
GOALS = ["sell_meeting", "gather_info", "identify_needs", "present", "offer", "close"]


def figure(name: str, value: float) -> None:
    print(f"figure: {name} = {value:.1f} ms (target < 100 ms)", flush=True)


def build() -> None:
    """Rows go in with executemany in big batches; ORM objects for a million touches would take many minutes."""
    from django.db import connection, transaction
    from django.utils import timezone

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.contacts import search_text

    rng = random.Random(3)
    ops = connection.ops
    now = timezone.now()
    today = timezone.localdate()
    stamp = ops.adapt_datetimefield_value(now)

    def at(days_ago: float) -> object:
        return ops.adapt_datetimefield_value(now - dt.timedelta(days=days_ago))

    def day(value: dt.date) -> object:
        return ops.adapt_datefield_value(value)

    with transaction.atomic():
        main = Team.objects.create(name=MARKER + " (building)", country="MD")
        other = Team.objects.create(name="Bench pages other team", country="RO", time_zone="Europe/Bucharest")
        User.objects.create(username="bench-lead", team=main, role="lead", first_name="Lena")
        managers = [User(username=f"bench-m{n}", team=main if n < 16 else other, role="manager") for n in range(20)]
        managers = User.objects.bulk_create(managers)
    org_rows = [
        (
            stamp,
            stamp,
            main.pk if n < 8000 else other.pk,
            f"Organization {n} SRL",
            f"organization {n} srl",  # search_name: folded, as the services keep it
            "logistics",
            rng.choice(COUNTRIES),
            "",
            "",
            "",
            "",
            "",
            "",
            1,
        )
        for n in range(ORGANIZATIONS)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO clients_organization (created_at, updated_at, team_id, name, search_name, vertical, country, "
            "territory, time_zone, website, notes, revenue_currency, workdays, version) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            org_rows,
        )
        cursor.execute("SELECT id, team_id, name FROM clients_organization ORDER BY id")
        organizations = cursor.fetchall()
    main_orgs = [row for row in organizations if row[1] == main.pk]
    other_orgs = [row for row in organizations if row[1] == other.pk]

    client_sql = (
        "INSERT INTO clients_client (id, created_at, updated_at, workdays, owner_id, organization_id, decision_role,"
        " last_name, first_name, patronymic, position, phones, emails, language, country, time_zone,"
        " relationship_group, category, never_reason, do_not_contact, do_not_contact_reason, notes,"
        " last_touch_at, last_order_on, search_text, version, sales_paused_until, form_of_address,"
        " time_zone_source, time_zone_evidence)"
        " VALUES (%s, %s, %s, '', %s, %s, '', %s, %s, '', '', %s, %s, 'ru', %s, '', 'prospect', %s, %s, false, '',"
        " '', %s, %s, %s, 1, NULL, '', '', '')"
    )
    touch_sql = (
        "INSERT INTO touches_touch (client_id, by_id, happened_at, channel, direction, goal, outcome, refusal_reason,"
        " refusal_note, continue_on, preferred_time, competitor, competitor_advice, material, notes,"
        " planned_touch_id, created_at) VALUES (%s, %s, %s, %s, 'outbound', %s, %s, '', '', NULL, NULL, '', '',"
        " '', '', NULL, %s)"
    )
    plan_sql = (
        "INSERT INTO touches_plannedtouch (client_id, owner_id, due_date, channel, goal, kind, is_next_step, status,"
        " client_choice, urgent, explanation, note, created_at) VALUES (%s, %s, %s, 'call', %s, 'rule_of_six', true,"
        " 'open', false, false, '[]', '', %s)"
    )
    order_sql = (
        "INSERT INTO clients_order (created_at, updated_at, client_id, ordered_on, amount, currency, items,"
        " amount_paid, delivered_on, created_by_id) VALUES (%s, %s, %s, %s, 100, 'EUR', 'Paper', 100, NULL, %s)"
    )
    change_sql = (
        "INSERT INTO clients_categorychange (client_id, changed_at, changed_by_id, from_category, to_category,"
        " reason_code, reason_params, reason, never_reason, is_correction)"
        " VALUES (%s, %s, %s, '', %s, 'created', '{}', '', '', false)"
    )
    batch, touches_left = 10_000, TOUCHES
    for start in range(1, CLIENTS + 1, batch):
        clients, touches, plans, orders, changes = [], [], [], [], []
        for pk in range(start, min(start + batch, CLIENTS + 1)):
            owner = managers[pk % 20]
            orgs = main_orgs if owner.team_id == main.pk else other_orgs
            organization = rng.choice(orgs) if rng.random() < 0.6 else None
            last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
            phone = f"+3736{rng.randint(0, 9_999_999):07d}"
            email = f"{first.lower()}.{pk}@example.md" if first.isascii() else ""
            category = "never" if pk % 20 == 0 else ("now" if pk % 3 == 0 else "future")
            count = min(touches_left, rng.randint(5, 15) if pk < CLIENTS else touches_left)
            touches_left -= count
            ages = sorted((rng.uniform(0, 730) for _ in range(count)), reverse=True)
            touches += [
                (pk, owner.pk, at(age), rng.choice(CHANNELS), rng.choice(GOALS), rng.choice(OUTCOMES), at(age))
                for age in ages
            ]
            last_order = today - dt.timedelta(days=rng.randint(0, 700)) if pk % 4 == 0 else None
            if last_order:
                orders.append((stamp, stamp, pk, day(last_order), owner.pk))
            if category != "never":
                due = today + dt.timedelta(days=rng.randint(-12, 60))
                plans.append((pk, owner.pk, day(due), rng.choice(GOALS), stamp))
            changes.append((pk, stamp, owner.pk, category))
            text = search_text(
                names=(last, first),
                phones=[phone],
                emails=[email] if email else [],
                organization=organization[2] if organization else "",
            )
            clients.append(
                (
                    pk,
                    stamp,
                    stamp,
                    owner.pk,
                    organization[0] if organization else None,
                    last,
                    first,
                    json.dumps([phone]),
                    json.dumps([email] if email else []),
                    rng.choice(COUNTRIES),
                    category,
                    "gone" if category == "never" else "",
                    at(ages[-1]) if ages else None,
                    day(last_order) if last_order else None,
                    text,
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(client_sql, clients)
            cursor.executemany(touch_sql, touches)
            cursor.executemany(plan_sql, plans)
            cursor.executemany(order_sql, orders)
            cursor.executemany(change_sql, changes)
        print(f"# built {pk} clients", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval('clients_client_id_seq', (SELECT max(id) FROM clients_client))")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    Team.objects.filter(pk=main.pk).update(name=MARKER)


def measure(backend: str, requests: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient

    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client

    settings.DEBUG = False  # no query log: time what production would spend
    call_command("migrate", verbosity=0)
    if not Team.objects.filter(name=MARKER).exists():
        if Team.objects.filter(name__startswith="Bench pages").exists():
            sys.exit(f"A half-built dataset is in {connection.settings_dict['NAME']}: drop it and run again.")
        started = time.perf_counter()
        build()
        print(f"# {backend}: built the dataset in {time.perf_counter() - started:.0f} s", flush=True)
    lead = User.objects.get(username="bench-lead")
    card = Client.objects.filter(owner__team=lead.team, category="now").order_by("id")[500]
    phone = card.phones[0][-8:]
    pages = {
        "client_list": "/clients/",
        "search": "/clients/?q=popescu",
        "search_cyrillic": "/clients/?q=ЁЛКИН",
        "search_phone": f"/clients/?q={phone[:2]} {phone[2:5]}-{phone[5:]}",
        "filter_overdue": "/clients/?overdue=on",
        "filter_going_cold": "/clients/?going_cold=on&category=future",
        "client_card": f"/clients/{card.pk}/",
        "today": "/",
    }
    http = HttpClient()
    http.force_login(lead)
    for name, url in pages.items():
        samples = []
        for attempt in range(requests + 5):
            started = time.perf_counter()
            response = http.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if attempt >= 5:  # warm-up first
                samples.append(elapsed)
        samples.sort()
        figure(f"pages.{backend}.{name}.p50", statistics.median(samples))
        figure(f"pages.{backend}.{name}.p95", samples[max(int(len(samples) * 0.95) - 1, 0)])


def run_backend(backend: str, requests: int) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="1", ALLOWED_HOSTS="testserver")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{bench_dir / 'pages.sqlite3'}"
    else:
        url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "postgres.sh")], capture_output=True, text=True, check=True
        ).stdout.strip()
        base = url.rpartition("/")[0]
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = 'keepwarm_bench_pages'").fetchone():
                admin.execute("CREATE DATABASE keepwarm_bench_pages")
        env["DATABASE_URL"] = f"{base}/keepwarm_bench_pages"
    subprocess.run([sys.executable, __file__, "--measure", backend, "--requests", str(requests)], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--measure", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.requests)
        return
    for backend in [args.backend] if args.backend else ["sqlite", "postgres"]:
        run_backend(backend, args.requests)


if __name__ == "__main__":
    main()
