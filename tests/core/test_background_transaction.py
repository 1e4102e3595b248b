"""A background job's transaction reports how long it held the database, not how long it waited to begin behind the
requests (core.db.background_transaction): the import sizes its SQLite turns by it (flows.imports)."""

from __future__ import annotations

import os

import pytest

from keepwarm.core import db
from keepwarm.flows.imports import _Turns

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(os.environ.get("KEEPWARM_DB") == "postgres", reason="only SQLite's jobs wait to begin")
def test_the_time_held_leaves_out_the_wait_to_begin(monkeypatch):
    monkeypatch.setattr(db, "background_pacing", lambda: db.Pacing(hold=0.2, pause=0.3, polite=True))
    with db.background_transaction(after_another=True) as held:  # steps aside first (here: a fixed pause)
        pass
    assert held.seconds < 0.1


def test_short_transactions_grow_the_turns_to_the_batch():
    turns = _Turns(1024)
    turns.hold, turns.size = 0.2, 32
    sizes = []
    for part in turns.parts(list(range(4096))):
        sizes.append(len(part))
        turns.held(0.0002 * len(part))  # 0.2 ms a row: 1,000 rows hold the lock 0.2 s
    assert max(sizes) >= 512  # the power of two nearest the turn that holds it 0.2 s
