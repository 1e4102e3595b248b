"""SQLite's writers say when they wait for its one write lock, so a background job steps aside only then: no pause
while nobody waits, and a waiting request goes first (core.sqlite, core.db.step_aside)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from keepwarm.core import db
from keepwarm.core.sqlite.base import DatabaseWrapper, writes
from keepwarm.core.sqlite.writers import writer_intent
from tests.core.test_deployment import ROOT

pytestmark = pytest.mark.db  # SQLite files of its own, whichever database the suite runs on


def test_a_writer_is_seen_waiting_only_while_it_says_so(tmp_path: Path):
    mine, other = writer_intent(str(tmp_path / "db-writers")), writer_intent(str(tmp_path / "db-writers"))
    assert mine is not None
    assert other is not None
    assert not mine.others_waiting()
    with other.waiting():
        assert mine.others_waiting()
    assert not mine.others_waiting()


def wrapper(path: Path) -> DatabaseWrapper:
    settings = {**connection.settings_dict, "ENGINE": "keepwarm.core.sqlite", "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20}}  # fmt: skip
    return DatabaseWrapper(settings)


@pytest.fixture
def database(tmp_path: Path, django_db_blocker):
    django_db_blocker.unblock()  # databases of this test's own, not the test database
    path = tmp_path / "shared.sqlite3"
    made = []

    def connect() -> DatabaseWrapper:
        made.append(wrapper(path))
        return made[-1]

    setup = connect()
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE call (id INTEGER PRIMARY KEY, n INTEGER)")
    yield connect
    for made_one in made:
        made_one.close()
    django_db_blocker.restore()


def write_in_a_thread(path: Path, done: list[float], *, in_atomic: bool = False) -> threading.Thread:
    def write() -> None:
        request = wrapper(path)
        if in_atomic:  # a request's transaction.atomic(): its BEGIN IMMEDIATE waits for the lock
            connections["request"] = request  # this thread's own connections
            with transaction.atomic(using="request"), request.cursor() as cursor:
                cursor.execute("INSERT INTO call (n) VALUES (1)")
            del connections["request"]
        else:
            with request.cursor() as cursor:
                cursor.execute("INSERT INTO call (n) VALUES (1)")  # autocommit: waits for the lock in its busy handler
        done.append(time.monotonic())
        request.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


@pytest.mark.parametrize("in_atomic", [False, True], ids=["autocommit", "atomic"])
def test_a_request_waiting_for_the_lock_is_seen_and_goes_before_the_job(database, monkeypatch, in_atomic):
    job, holder = database(), database()
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("INSERT INTO call (n) VALUES (0)")  # BEGIN IMMEDIATE: the holder has the write lock
    job.ensure_connection()
    monkeypatch.setattr(db, "connection", job)
    done: list[float] = []
    thread = write_in_a_thread(Path(job.settings_dict["NAME"]), done, in_atomic=in_atomic)
    deadline = time.monotonic() + 5
    while not job.writer_intent.others_waiting() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert job.writer_intent.others_waiting()  # the request waits, and says so
    threading.Timer(0.2, holder.connection.commit).start()  # the raw connection: the wrapper is this thread's
    db.step_aside(db.SQLITE_PACING)
    with job.cursor() as cursor:  # the request commits before it stops announcing: its row is in when the job goes on
        cursor.execute("SELECT count(*) FROM call WHERE n = 1")
        assert cursor.fetchone() == (1,)
    thread.join()
    assert done
    assert not job.writer_intent.others_waiting()


def test_a_job_does_not_pause_when_nobody_waits(database, monkeypatch):
    job = database()
    job.ensure_connection()
    monkeypatch.setattr(db, "connection", job)
    started = time.monotonic()
    for _ in range(20):
        db.step_aside(db.SQLITE_PACING)
    assert time.monotonic() - started < db.POLL  # twenty turns, not one poll's sleep


def test_writes_go_on_where_the_writers_file_cannot_be_opened(tmp_path: Path, django_db_blocker):
    path = tmp_path / "shared.sqlite3"
    Path(f"{path}-writers").symlink_to(tmp_path / "missing" / "writers")  # as unopenable as another user's 0600 file
    with django_db_blocker.unblock():
        request = wrapper(path)
        with request.cursor() as cursor:
            cursor.execute("CREATE TABLE call (id INTEGER PRIMARY KEY, n INTEGER)")
            cursor.execute("INSERT INTO call (n) VALUES (1)")
        assert request.writer_intent is None  # background jobs pause a fixed time instead
        request.close()


def test_the_writers_file_takes_the_databases_permissions(tmp_path: Path, django_db_blocker):
    path = tmp_path / "shared.sqlite3"
    path.touch()
    path.chmod(0o664)  # shared with the web server's user through the group
    umask = os.umask(0o077)  # the worker's
    try:
        with django_db_blocker.unblock():
            wrapper(path).ensure_connection()
    finally:
        os.umask(umask)
    assert Path(f"{path}-writers").stat().st_mode & 0o777 == 0o664


def test_a_writer_does_not_wait_for_a_probe_that_holds_the_file(database):
    request = database()
    request.ensure_connection()
    held = os.open(request.writer_intent.path, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # a job frozen between its probe's lock and unlock
    try:
        with request.cursor() as cursor:
            cursor.execute("INSERT INTO call (n) VALUES (1)")  # a blocking shared lock would hang here forever
    finally:
        os.close(held)


NO_FCNTL = textwrap.dedent(
    """
    import sys
    sys.modules["fcntl"] = None  # as on Windows
    import django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE call (id INTEGER PRIMARY KEY)")
        cursor.execute("INSERT INTO call DEFAULT VALUES")
    print(connection.writer_intent)
    """
)


def test_sqlite_works_without_flock(tmp_path: Path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", NO_FCNTL], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "None", result.stderr


@pytest.mark.parametrize(
    "query",
    [" SELECT 1", "\nWITH x AS (SELECT 1) SELECT * FROM x", "PRAGMA busy_timeout", "EXPLAIN SELECT 1", "select 1"],
)
def test_reads_are_not_announced(query):
    assert not writes(query)


@pytest.mark.parametrize(
    "query",
    ["BEGIN IMMEDIATE", "INSERT INTO call (n) VALUES (1)", "\n  UPDATE call SET n = 2",
     "WITH x AS (SELECT 1) INSERT INTO call (n) SELECT * FROM x", "with x as (select 1) delete from call",
     "CREATE TABLE t (id INTEGER)"],
)  # fmt: skip
def test_writes_are_announced(query):
    assert writes(query)


def test_a_read_starting_with_with_runs_unannounced_and_a_write_after_with_announced(database):
    job, request = database(), database()
    request.ensure_connection()
    job.ensure_connection()
    request.connection.create_function("seen", 0, job.writer_intent.others_waiting)
    with request.cursor() as cursor:
        cursor.execute("\nWITH x AS (SELECT seen() AS s) SELECT s FROM x")
        assert cursor.fetchone() == (0,)
        cursor.execute("WITH x AS (SELECT seen() AS s) INSERT INTO call (n) SELECT s FROM x RETURNING n")
        assert cursor.fetchone() == (1,)
