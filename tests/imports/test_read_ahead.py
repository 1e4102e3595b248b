"""The import's rows read a batch ahead in a child process (imports.read_ahead): the same drafts in the same order,
a reader's failure surfaces in the import, and the reader never outlives the import, even a killed one."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from keepwarm.flows.imports import read_rows
from keepwarm.imports import read_ahead
from keepwarm.imports.read_ahead import batches_read
from keepwarm.imports.rows import RowContext
from tests.core.test_deployment import ROOT

pytestmark = pytest.mark.pure
TEST_PROCESS = os.getpid()


@pytest.fixture
def forking(monkeypatch):
    """The reader forked whatever idle threads earlier tests of the suite left behind (servers, workers): those are
    what `can_fork` keeps production from forking beside, not what these tests are about."""
    if sys.platform != "linux":
        pytest.skip("the reader is forked on Linux only")
    monkeypatch.setattr(read_ahead, "can_fork", lambda: True)


forks = pytest.mark.usefixtures("forking")

CONTEXT = RowContext(importer_id=1, team_country="MD", language="ro", owners={"ana": 2},
                     assignable=frozenset({1, 2}), today=dt.date(2026, 12, 7))  # fmt: skip
MAPPING = {"0": "full_name", "1": "phone", "2": "organization", "3": "owner", "4": "last_contact"}


def batches():
    rows = [(n, [f"Popescu Ion {n}", f"+373 69 {n:06d}", f"Firma {n // 3}", "ana", "03.04.2026"]) for n in range(2, 52)]
    return iter([rows[start : start + 7] for start in range(0, len(rows), 7)])


def read(batch):
    return read_rows(batch, mapping=MAPPING, headers=["name", "phone", "company", "owner", "contact"], context=CONTEXT)


def test_drafts_read_ahead_are_the_drafts_read_here_in_order():
    with batches_read(batches(), read, ahead=False) as here, batches_read(batches(), read, ahead=True) as ahead:
        assert list(ahead) == list(here)


def pid_of(_batch):
    return os.getpid()


@forks
def test_the_reading_runs_in_another_process():
    with batches_read(iter([1, 2]), pid_of, ahead=True) as pids:
        assert all(pid != os.getpid() for pid in pids)


def fails(batch):
    if batch == 2:
        raise ValueError("an unreadable row")
    return batch


@forks
def test_a_failure_of_the_reader_fails_the_import():
    with batches_read(iter([1, 2, 3]), fails, ahead=True) as read:
        assert next(read) == 1
        with pytest.raises(RuntimeError, match="an unreadable row"):
            next(read)


KILLED = textwrap.dedent(
    """
    import os, sys, time
    from keepwarm.imports.read_ahead import batches_read

    def slow(batch):
        time.sleep(0.05)
        return os.getpid()

    with batches_read(iter(range(10_000)), slow, ahead=True) as pids:
        print(next(pids), flush=True)
        time.sleep(60)  # killed here, the reader a batch ahead
    """
)


@forks
def test_the_reader_of_a_killed_import_ends_with_it():
    parent = subprocess.Popen([sys.executable, "-c", KILLED], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    reader = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(reader) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(reader)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by init in a container without one) has ended too.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[-1][0] != "Z"


@forks
def test_stopping_early_ends_the_reader():
    with batches_read(iter(range(10_000)), pid_of, ahead=True) as pids:
        reader = next(pids)
    assert not _alive(reader)


def niceness(_batch):
    return os.nice(0)


@forks
def test_the_reader_gives_way_to_requests():
    with batches_read(iter([1]), niceness, ahead=True) as read:
        assert list(read) == [min(19, os.nice(0) + 10)]  # 19 at most, whatever the suite's own niceness


def test_no_reader_is_forked_beside_other_threads():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a threaded server's request: forking would finalize its connections
    other.start()
    try:
        with batches_read(iter([1, 2]), pid_of, ahead=True) as pids:
            assert list(pids) == [os.getpid(), os.getpid()]
    finally:
        stop.set()
        other.join()


def dies_leaving_the_pipe_open(batch):
    assert os.getpid() != TEST_PROCESS, "read here: its os._exit would end the test run itself"
    if batch == 2:
        if os.fork() == 0:  # holds the reader's end of the pipe, as another import's reader forked meanwhile would
            time.sleep(10)
            os._exit(0)
        os._exit(1)
    return batch


@forks
def test_a_reader_that_dies_fails_the_import_at_once_though_its_pipe_stays_open():
    started = time.monotonic()
    with batches_read(iter([1, 2, 3]), dies_leaving_the_pipe_open, ahead=True) as read:
        assert next(read) == 1
        with pytest.raises(RuntimeError, match="ended before the last row"):
            next(read)
    assert time.monotonic() - started < 5  # not when the pipe's last holder goes
