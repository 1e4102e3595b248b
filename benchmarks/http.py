"""Pages as production serves them (issue 15): the README's recipe (`keepwarm serve`: one waitress process per
core, 4 threads each), DEBUG off, over real HTTP.

The pages benchmark's data (100,000 clients, 10,000 organizations, 1,000,000 touches), built by its builder once
into var/bench/pages.sqlite3 and the PostgreSQL database `keepwarm_bench_http`, statistics refreshed as nightly.
Logs in through the login form as a manager and as the team lead, then for each page: warm-up, ≥ 40 sequential
requests (p50, p95, and server CPU per request read from the server's processes in /proc), then 8 concurrent
clients for a bounded time on the list and Today. The floor is the page's own SELECTs, captured once and
re-run through a raw cursor: the same rows without Python or templates; the ratio is page p50 / floor.
The card is timed with the parts it loads by itself, and again with every part opened.

Run: .venv/bin/python benchmarks/http.py [--backend sqlite|postgres] [--requests 40] [--seconds 30]
"""

# ruff: noqa: E402  (the path fix below must run before the standard library imports)
from __future__ import annotations

import sys
from pathlib import Path

# Running a script in this folder puts the folder first on sys.path, where this file's name shadows the standard
# library's http package: drop the folder here, and when another script's `import http` found this file, hand
# that script the real package instead.
HERE = Path(__file__).resolve().parent
WITH_HERE = sys.path[:]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
if __name__ == "http":
    del sys.modules["http"]
    import http as standard_http

    sys.modules["http"] = standard_http
    sys.path[:] = WITH_HERE

import argparse
import os
import re
import shlex
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-http-Pa55word"
WARM_UP = 10  # views before timing: each of the server processes warms its own caches
TIMEOUT = 30  # seconds for any one request
TICKS = os.sysconf("SC_CLK_TCK")


def figure(name: str, value: float, unit: str, op: str, target: float) -> None:
    print(f"figure: {name} = {value:.1f} {unit} (target {op} {target:g} {unit})", flush=True)


class LazyParts(HTMLParser):
    """The hx-get addresses a page fetches by itself (hx-trigger "load") and those it fetches when opened."""

    def __init__(self) -> None:
        super().__init__()
        self.on_load: list[str] = []
        self.on_demand: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get("hx-get")
        if not url or "hx-trigger" not in values:
            return
        events = re.split(r"[\s,]+", values["hx-trigger"] or "")
        (self.on_load if "load" in events else self.on_demand).append(url)


class Browser:
    """One logged-in user: a cookie jar and an opener that talks to 127.0.0.1 only."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login form"
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        request = urllib.request.Request(
            base + "/login/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": base + "/login/"}
        )
        with self.opener.open(request, timeout=TIMEOUT) as response:
            assert urllib.parse.urlparse(response.url).path != "/login/", f"login failed for {username}"

    def get(self, path: str, htmx: bool = False) -> str:
        headers = {"HX-Request": "true"} if htmx else {}
        request = urllib.request.Request(self.base + path, headers=headers)
        with self.opener.open(request, timeout=TIMEOUT) as response:
            assert response.status == 200, (path, response.status)
            return str(response.read().decode())


def cpu_seconds(pid: int) -> float:
    """The server's CPU: the process the recipe starts and the waitress processes it runs (utime + stime)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for process in (pid, *map(int, children)):
        fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def readme_recipe(port: int) -> list[str]:
    """The README's production command line (keepwarm serve ...) as written there, on the given port."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("keepwarm serve "))
    words = [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in shlex.split(line)]
    return [str(Path(sys.executable).with_name("keepwarm")), *words[1:]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        readme_recipe(port),  # exactly as production runs: one waitress process per core, 4 threads each
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # waitress logs every queued request at 8 clients
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login/", timeout=5).close()
            return server, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    sys.exit("waitress did not answer within 60 s")


def prepare(backend: str) -> dict[str, object]:
    """Build or reuse the dataset, give the two benchmark users a password, pick the pages and capture their SQL."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    from benchmarks import pages
    from keepwarm.accounts.models import Team, User
    from keepwarm.clients.models import Client
    from keepwarm.core.db import refresh_query_statistics

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Team.objects.filter(name=pages.MARKER).exists():
        if Team.objects.filter(name__startswith="Bench pages").exists():
            sys.exit(f"A half-built dataset is in {connection.settings_dict['NAME']}: drop it and run again.")
        pages.build()
    refresh_query_statistics()  # as the nightly job keeps them (planner.tasks)
    lead = User.objects.get(username="bench-lead")
    manager = User.objects.get(username="bench-m1")
    for user in (lead, manager):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    card = Client.objects.filter(owner=manager, category="now").order_by("id")[25]
    last_name = card.last_name
    views = {
        "manager": {
            "client_list": ["/clients/"],
            "search_last_name": [f"/clients/?q={urllib.parse.quote(last_name)}"],
            "client_card": [f"/clients/{card.pk}/"],
            "today": ["/"],
        },
        "lead": {"client_list_lead": ["/clients/"], "today_lead": ["/"]},
    }
    http = {"manager": HttpClient(), "lead": HttpClient()}
    http["manager"].force_login(manager)
    http["lead"].force_login(lead)
    card_page = http["manager"].get(views["manager"]["client_card"][0]).content.decode()
    parts = LazyParts()
    parts.feed(card_page)
    card_urls = views["manager"]["client_card"] + parts.on_load
    views["manager"]["client_card"] = card_urls
    views["manager"]["client_card_all_parts"] = card_urls + [
        url
        for url in parts.on_demand
        if "/changes" not in url  # the four parts; changes was never counted
    ]
    floors = {}
    for who, named in views.items():
        for name, urls in named.items():
            statements = []
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    assert (
                        http[who].get(url, headers={"HX-Request": "true"} if url != urls[0] else {}).status_code == 200
                    )
                statements += [
                    q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
                ]
            floors[name] = floor_ms(statements)
    connection.close()
    return {"views": views, "floors": floors}


def floor_ms(statements: list[str], rounds: int = 15) -> float:
    """Median time of running the page's SELECTs through a raw cursor and fetching every row."""
    from django.db import connection

    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def sequential(browser: Browser, urls: list[str], pid: int, requests: int) -> tuple[float, float, float]:
    """p50 and p95 wall ms and server CPU ms of one view of the page (the page and the parts it loads)."""

    def view() -> None:
        browser.get(urls[0])
        for part in urls[1:]:
            browser.get(part, htmx=True)

    for _ in range(WARM_UP):
        view()
    samples = []
    cpu_before = cpu_seconds(pid)
    for _ in range(requests):
        started = time.perf_counter()
        view()
        samples.append((time.perf_counter() - started) * 1000)
    cpu = (cpu_seconds(pid) - cpu_before) * 1000 / requests
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)], cpu


def throughput(base: str, username: str, path: str, seconds: float, clients: int = 8) -> float:
    browser = Browser(base, username)  # one session shared by the clients: eight logins would trip throttling
    done = [0] * clients
    deadline = time.monotonic() + seconds

    def work(index: int) -> None:
        while time.monotonic() < deadline:
            browser.get(path)
            done[index] += 1

    threads = [threading.Thread(target=work, args=(index,)) for index in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    return sum(done) / (time.monotonic() - started)


def measure(backend: str, requests: int, seconds: float) -> None:
    setup = prepare(backend)
    views: dict[str, dict[str, list[str]]] = setup["views"]  # type: ignore[assignment]
    floors: dict[str, float] = setup["floors"]  # type: ignore[assignment]
    server, base = start_server(dict(os.environ))
    try:
        browsers = {"manager": Browser(base, "bench-m1"), "lead": Browser(base, "bench-lead")}
        for who, named in views.items():
            for name, urls in named.items():
                p50, p95, cpu = sequential(browsers[who], urls, server.pid, requests)
                print(
                    f"# {backend} {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, CPU {cpu:.1f} ms, "
                    f"raw SQL {floors[name]:.1f} ms, {len(urls)} request(s)",
                    flush=True,
                )
                limit = 50 if who == "lead" else 30
                figure(f"http.{backend}.{name}.cpu", cpu, "ms", "<=", limit)
                figure(f"http.{backend}.{name}.ratio", p50 / max(floors[name], 0.01), "x", "<=", 5)
        for name in ("client_list", "today"):
            rate = throughput(base, "bench-m1", views["manager"][name][0], seconds)
            figure(f"http.{backend}.{name}.rps_8_clients", rate, "req/s", ">=", 60)
    finally:
        server.terminate()
        server.wait(10)


def run_backend(backend: str, requests: int, seconds: float) -> None:
    bench_dir = ROOT / "var" / "bench"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="0",
        SECRET_KEY="benchmark-only-not-a-secret",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        KEEPWARM_VAR_DIR=str(bench_dir / "http-var"),  # collected static files stay out of var/static
    )
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
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = 'keepwarm_bench_http'").fetchone():
                admin.execute("CREATE DATABASE keepwarm_bench_http")
        env["DATABASE_URL"] = f"{base}/keepwarm_bench_http"
    command = [sys.executable, __file__, "--measure", backend, "--requests", str(requests), "--seconds", str(seconds)]
    subprocess.run(command, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    parser.add_argument("--measure", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, max(args.requests, 1), min(args.seconds, 120))
        return
    for backend in [args.backend] if args.backend else ["sqlite", "postgres"]:
        run_backend(backend, args.requests, args.seconds)


if __name__ == "__main__":
    main()
