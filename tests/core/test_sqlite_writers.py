"""SQLite's writers say when they wait for its one write lock, so a background job steps aside only then: no pause
while nobody waits, and a waiting request goes first (core.sqlite, core.db.step_aside)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from keepwarm.core import db
from keepwarm.core.sqlite.base import DatabaseWrapper
from keepwarm.core.sqlite.writers import WriterIntent

pytestmark = pytest.mark.db  # SQLite files of its own, whichever database the suite runs on


def test_a_writer_is_seen_waiting_only_while_it_says_so(tmp_path: Path):
    mine, other = WriterIntent(str(tmp_path / "db-writers")), WriterIntent(str(tmp_path / "db-writers"))
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


def write_in_a_thread(path: Path, done: list[float]) -> threading.Thread:
    def write() -> None:
        request = wrapper(path)
        with request.cursor() as cursor:
            cursor.execute("INSERT INTO call (n) VALUES (1)")  # autocommit: waits for the lock in its busy handler
        done.append(time.monotonic())
        request.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_request_waiting_for_the_lock_is_seen_and_goes_before_the_job(database, monkeypatch):
    job, holder = database(), database()
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("INSERT INTO call (n) VALUES (0)")  # BEGIN IMMEDIATE: the holder has the write lock
    job.ensure_connection()
    monkeypatch.setattr(db, "connection", job)
    done: list[float] = []
    thread = write_in_a_thread(Path(job.settings_dict["NAME"]), done)
    deadline = time.monotonic() + 5
    while not job.writer_intent.others_waiting() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert job.writer_intent.others_waiting()  # the request waits, and says so
    threading.Timer(0.2, holder.connection.commit).start()  # the raw connection: the wrapper is this thread's
    db.step_aside(db.SQLITE_PACING)
    stepped_back_until = time.monotonic()
    thread.join()
    assert done
    assert done[0] <= stepped_back_until  # the request wrote before the job went on
    assert not job.writer_intent.others_waiting()


def test_a_job_does_not_pause_when_nobody_waits(database, monkeypatch):
    job = database()
    job.ensure_connection()
    monkeypatch.setattr(db, "connection", job)
    started = time.monotonic()
    for _ in range(20):
        db.step_aside(db.SQLITE_PACING)
    assert time.monotonic() - started < db.POLL  # twenty turns, not one poll's sleep
