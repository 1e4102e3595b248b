"""Who waits for SQLite's write lock. SQLite keeps no queue: a waiting writer sleeps in its busy handler and retries
(up to 100 ms apart), invisible to the writer holding the lock. So every writer holds a shared lock on a file beside
the database (`<database>-writers`, flock) while its BEGIN or its autocommit write runs, that is while it may be
waiting; a background job tests for such a lock after each commit and steps aside only when it finds one. A process
that dies drops its locks with it, so a crashed writer never leaves the job waiting.

Announcing is a courtesy, never a condition of writing: without the file (no flock on Windows or on the filesystem,
a file this user may not open) there is no WriterIntent, and background jobs pause a fixed time instead."""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

logger = logging.getLogger(__name__)
_warned: set[str] = set()  # the paths already logged: a failing file would log on every connection


def _fcntl() -> ModuleType | None:
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    return fcntl


class WriterIntent:
    """One connection's side of the file: announce its own waiting writes, see whether another writer waits."""

    def __init__(self, path: str, fcntl: ModuleType) -> None:
        self.path = path
        self._fcntl = fcntl
        self._fds: dict[str, int] = {}  # "mine" announces, "probe" tests (two descriptions: flock is per description)
        weakref.finalize(self, _close_all, self._fds)
        for role in ("mine", "probe"):
            self._fds[role] = _open(path)
        # A filesystem without flock fails here, once, rather than at every statement.
        fcntl.flock(self._fds["probe"], fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(self._fds["probe"], fcntl.LOCK_UN)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a statement that may wait for the write lock: others see this writer waiting meanwhile. Never
        waits itself: while a probe holds its instant's exclusive lock (or a frozen job holds it longer), the
        statement runs unannounced."""
        fcntl, fd = self._fcntl, self._fds["mine"]
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            announced = False
        except OSError as error:
            _warn_once(self.path, error)
            announced = False
        else:
            announced = True
        try:
            yield
        finally:
            if announced:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def others_waiting(self) -> bool:
        fcntl, fd = self._fcntl, self._fds["probe"]
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError as error:
            _warn_once(self.path, error)
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False


def writer_intent(path: str) -> WriterIntent | None:
    """The connection's WriterIntent on `path`, or None (and a warning, once) where it cannot have one."""
    fcntl = _fcntl()
    if fcntl is None:
        return None
    try:
        return WriterIntent(path, fcntl)
    except OSError as error:
        _warn_once(path, error)
        return None


def _open(path: str) -> int:
    """The file, created with the database's permissions: the web server and the worker may run as different users
    that share the database through its group, and the file must let both lock it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o660)
    except FileExistsError:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    database = path.removesuffix("-writers")
    try:
        os.fchmod(fd, os.stat(database).st_mode & 0o777)
    except FileNotFoundError:
        pass  # no database file yet: SQLite creates it under the same umask the file was created under
    except OSError:
        os.close(fd)
        raise
    return fd


def _warn_once(path: str, error: OSError) -> None:
    if path not in _warned:
        _warned.add(path)
        logger.warning("SQLite writers cannot announce their waits in %s (%s): background jobs pause instead", path,
                       error)  # fmt: skip


def _close_all(fds: dict[str, int]) -> None:
    for fd in fds.values():
        os.close(fd)
