"""Reading an import's rows a batch ahead of the writer, in a forked process: reading and checking rows
(rows.read_row, ~100 µs a row) is pure, so it runs beside the writer's database work where a second core is free.
The writer alone decides what is committed: a killed worker loses no more than before, and its reader ends with it
(the pipe it writes to is gone)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar

B = TypeVar("B")
# Reading ahead uses a core nobody else wants: on a busy machine requests (and the database server) go first, and the
# writer waits for the reader instead.
READER_NICENESS = 10
POLL = 1.0  # seconds between two looks at a reader that sends nothing: is it still there?
R = TypeVar("R")


def batches_read(batches: Iterator[B], read: Callable[[B], R], *, ahead: bool) -> AbstractContextManager[Iterator[R]]:
    """`read(batch)` of every batch, in order: a batch ahead in a child process when `ahead` and forking is safe
    (`can_fork`), else one after the other here."""
    if ahead and can_fork():
        return _read_ahead(batches, read)
    return nullcontext(map(read, batches))


def can_fork() -> bool:
    """Linux, and no other thread: a child forked beside other threads (a threaded server's requests) runs their
    thread-local finalizers, closing their database connections from the child, and inherits the pipes of other
    imports, whose readers then never see the end of them."""
    return sys.platform == "linux" and threading.active_count() == 1


@contextmanager
def _read_ahead(batches: Iterator[B], read: Callable[[B], R]) -> Iterator[Iterator[R]]:
    """The child starts at once (before the caller builds its own large structures, so it does not share them) and
    reads while the caller uses the batch before. Forked, it has what `read` needs without pickling it; only the
    results travel. It never touches the database: the connections it inherits stay the parent's."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    reader = context.Process(target=_read_all, args=(batches, read, sending, receiving), daemon=True)
    gc.freeze()  # the child's collections skip what it inherits, instead of copying every page they look at
    try:
        reader.start()
    finally:
        gc.unfreeze()
    sending.close()
    try:
        yield _received(receiving, reader)
    finally:
        receiving.close()
        if reader.is_alive():  # stopped early (cancelled, failed), or about to exit: its reading is not wanted
            reader.kill()
        reader.join()


def _received(receiving: Connection, reader: BaseProcess) -> Iterator[R]:
    while True:
        while not receiving.poll(POLL):  # a reader killed or stuck surfaces as an error, not a hang
            if not reader.is_alive():
                if receiving.poll():  # its last words came just before it ended
                    break
                raise RuntimeError("The import's reader ended before the last row.")
        try:
            kind, value = receiving.recv()
        except EOFError:
            raise RuntimeError("The import's reader ended before the last row.") from None
        if kind == "done":
            return
        if kind == "failed":
            raise RuntimeError(f"Reading the import's rows failed:\n{value}")
        yield value


def _read_all(batches: Iterator[B], read: Callable[[B], R], sending: Connection, receiving: Connection) -> None:
    receiving.close()  # the parent's end: held open here too, the pipe would outlive a killed parent
    os.nice(READER_NICENESS)
    try:
        for batch in batches:
            sending.send(("batch", read(batch)))  # blocks while the parent is a batch behind
        sending.send(("done", None))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the writer stopped or died
    except BaseException:
        with suppress(OSError):
            sending.send(("failed", traceback.format_exc()))
    finally:
        sending.close()
