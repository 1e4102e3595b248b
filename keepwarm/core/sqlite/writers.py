"""Who waits for SQLite's write lock. SQLite keeps no queue: a waiting writer sleeps in its busy handler and retries
(up to 100 ms apart), invisible to the writer holding the lock. So every writer holds a shared lock on a file beside
the database (`<database>-writers`, flock) while its BEGIN or its autocommit write runs, that is while it may be
waiting; a background job tests for such a lock after each commit and steps aside only when it finds one. A process
that dies drops its locks with it, so a crashed writer never leaves the job waiting."""

from __future__ import annotations

import fcntl
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager


class WriterIntent:
    """One connection's side of the file: announce its own waiting writes, see whether another writer waits."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fds: dict[str, int] = {}  # "mine" announces, "probe" tests (two descriptions: flock is per description)
        weakref.finalize(self, _close_all, self._fds)

    def _fd(self, role: str) -> int:
        fd = self._fds.get(role)
        if fd is None:
            fd = self._fds[role] = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o660)
        return fd

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a statement that may wait for the write lock: others see this writer waiting meanwhile."""
        fd = self._fd("mine")
        fcntl.flock(fd, fcntl.LOCK_SH)  # never blocks long: an exclusive lock is only a probe's instant
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def others_waiting(self) -> bool:
        fd = self._fd("probe")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False


def _close_all(fds: dict[str, int]) -> None:
    for fd in fds.values():
        os.close(fd)
