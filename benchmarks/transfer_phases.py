"""The import's CPU time per part, for benchmarks/transfer.py --phases: the parts' functions wrapped in place with
a process-time clock (each part's own time, without the parts it calls), so no profiler slows the run down."""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any


class PhaseClock:
    def __init__(self, clock: Callable[[], float] = time.process_time) -> None:
        from django.db.backends.base.base import BaseDatabaseWrapper

        from keepwarm.flows import imports as flow
        from keepwarm.imports import dedup
        from keepwarm.planner import bulk

        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[Any]] = []
        self.clock, self.kind = clock, "process time" if clock is time.process_time else "wall clock"
        batch = flow.ImportBatch
        self._wrap(flow, "read_rows", "read and check rows (in this process)")  # in the reader process: not seen
        self._wrap(batch, "not_done", "rows already imported (resuming)")
        self._wrap(batch, "_create", "create: organizations, clients, history")
        self._wrap(batch, "_plan", "plan (CAT-5, PLAN-1)")
        self._wrap(batch, "_interests", "interests")
        self._wrap(dedup.DedupIndex, "load", "dedup: load index")
        for name in ("match", "near", "add_draft"):
            self._wrap(dedup.DedupIndex, name, "dedup: match, near, add")
        self._wrap(flow, "scorecards_recompute", "scorecards")
        self._wrap(flow, "scorecards_create_for_new", "scorecards")
        self._wrap(flow, "clients_replan", "client_replan (updated, unplanned)")
        self._wrap(flow, "insert_rows", lambda objects: f"insert {type(objects[0]).__name__}" if objects else "insert")
        self._wrap(flow, "insert_values", lambda model, rows: f"insert {model.__name__}")
        self._wrap(flow, "insert_plain", lambda model, rows: f"insert {model.__name__}")
        self._wrap(flow.import_services, "job_table", "read the file")
        self._wrap(bulk, "insert_values", lambda model, rows: f"insert {model.__name__}")
        self._wrap(bulk.ImportPlanning, "facts", "plan: client facts")
        self._wrap(BaseDatabaseWrapper, "commit", "commit (SQLite: the WAL's pages, checkpoints)")

    def _wrap(self, owner: Any, attribute: str, label: str | Callable[..., str]) -> None:
        inner = getattr(owner, attribute, None)
        if inner is None:  # a part this version of the import does not have
            return
        is_static = isinstance(owner, type) and isinstance(owner.__dict__.get(attribute), classmethod)
        function = inner.__func__ if is_static else inner

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            given = args[1:] if is_static or (isinstance(owner, type) and args) else args
            name = label if isinstance(label, str) else label(*given, **kwargs)
            frame: list[Any] = [name, self.clock(), 0.0]
            self._stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = self.clock() - frame[1]
                self.totals[name] += spent - frame[2]
                self.calls[name] += 1
                if self._stack:
                    self._stack[-1][2] += spent

        setattr(owner, attribute, classmethod(timed) if is_static else timed)

    def report(self, cpu: float) -> None:
        print(f"# by part ({self.kind}, each part without the parts it calls; total {cpu:.1f} s):")
        for name, spent in sorted(self.totals.items(), key=lambda item: -item[1]):
            print(f"#   {name:45} {spent:7.2f} s {100 * spent / cpu:5.1f} %  ({self.calls[name]} calls)")
        rest = cpu - sum(self.totals.values())
        print(f"#   {'the rest (file iteration, counts, commits)':45} {rest:7.2f} s {100 * rest / cpu:5.1f} %")
