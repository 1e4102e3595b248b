"""Deployment promises: `check --deploy` is clean, the README's production command works behind an HTTPS proxy,
and concurrent SQLite writers never see "database is locked"."""

from __future__ import annotations

import http.client
import os
import shlex
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    dropped = {"DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        SECRET_KEY="x" * 20 + "-production-secret-" + "y" * 30,
        ALLOWED_HOSTS="crm.example.com",
        KEEPWARM_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_wsgi_application_leaves_what_it_loaded_out_of_the_garbage_collectors_walks(tmp_path):
    """Issue 12: Python's full collections walked every object Django and the apps load (~150,000), 10-20 ms a
    request that set one off. A server's application settles them (core.serving): frozen, not walked again."""
    probe = "import gc, config.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen, walked = map(int, result.stdout.split())
    assert frozen > 50_000
    assert walked < frozen / 20


def readme_serve_command(port: int) -> list[str]:
    """The README's production command, as documented, on a free port."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("keepwarm serve "))
    command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in shlex.split(line)]
    return [str(Path(sys.executable).with_name("keepwarm")), *command[1:]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    for _ in range(100):  # the server takes a moment to start
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            return connection.getresponse()
        except ConnectionRefusedError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.fixture
def production_server(tmp_path):
    env = production_env(tmp_path)
    for step in (("migrate", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = run_manage(*step, env=env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = subprocess.Popen(
        readme_serve_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    yield port, server.pid
    server.terminate()
    server.wait(timeout=30)


@pytest.mark.db  # the server migrates a database file of its own
def test_production_recipe_behind_an_https_proxy_answers_200_with_secure_cookies_hsts_and_csp(production_server):
    production_server, _ = production_server
    proxied = get(production_server, "/login/", {"Host": "crm.example.com", "X-Forwarded-Proto": "https"})
    assert proxied.status == 200
    assert "secure" in proxied.headers["Set-Cookie"].lower()
    assert proxied.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in proxied.headers["Content-Security-Policy"]
    plain = get(production_server, "/login/", {"Host": "crm.example.com"})
    assert plain.status == 301
    assert plain.headers["Location"] == "https://crm.example.com/login/"


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.mark.db
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the processes' CPU time from /proc (Linux)")
def test_production_recipe_serves_pages_from_one_process_per_core_on_one_port(production_server):
    """Issue 15: one waitress process uses one core at a time (the GIL); the recipe runs one per core, each on
    its own socket bound to the same port, and the kernel spreads the connections over them."""
    port, parent = production_server
    headers = {"Host": "crm.example.com", "X-Forwarded-Proto": "https"}
    assert get(port, "/login/", headers).status == 200
    children = [int(pid) for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]
    assert len(children) == (os.cpu_count() or 1) >= 1
    before = {pid: cpu_ticks(pid) for pid in children}
    for _ in range(200):
        assert get(port, "/login/", headers).status == 200
    served = [pid for pid in children if cpu_ticks(pid) > before[pid]]
    assert len(served) == len(children), "every process took its share of the connections"


WRITER = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from keepwarm.accounts.models import User
    from keepwarm.flows.clients import client_create
    from keepwarm.flows.touches import client_log_touch
    manager = User.objects.get(username="writer")
    for i in range(25):
        client = client_create(by=manager, first_name=f"W{sys.argv[1]}-{i}")
        client_log_touch(client=client, by=manager, channel="call", goal="present", outcome="reached")
    """
)


@pytest.mark.db
@pytest.mark.skipif(os.environ.get("KEEPWARM_DB") == "postgres", reason="SQLite locking behaviour")
def test_sqlite_concurrent_writers_never_see_database_is_locked(tmp_path):
    env = production_env(tmp_path)
    env["DEBUG"] = "1"
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    setup = (
        "from keepwarm.accounts.models import Team; from keepwarm.accounts.services import user_create;"
        "user_create(username='writer', password='pw-123456789', role='manager', team=Team.objects.create(name='T'))"
    )
    assert run_manage("shell", "-c", setup, env=env).returncode == 0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert all(writer.returncode == 0 for writer in writers), outputs
    count = run_manage(
        "shell", "-c", "from keepwarm.clients.models import Client; print(Client.objects.count())", env=env
    )
    assert count.stdout.strip().splitlines()[-1] == "100"
