"""Deployment promises: `check --deploy` is clean, and concurrent SQLite writers never see "database is locked"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
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


WRITER = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from keepwarm.accounts.models import User
    from keepwarm.clients.services import client_create
    from keepwarm.touches.services import touch_log
    manager = User.objects.get(username="writer")
    for i in range(25):
        client = client_create(by=manager, first_name=f"W{sys.argv[1]}-{i}")
        touch_log(client=client, by=manager, channel="call", goal="present", outcome="reached")
    """
)


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
