"""PLAN-1 through imports (both databases): a large import into one manager is spread over as many working days as
it needs; an update import and its undo afterwards re-plan only the clients they touched (and the few steps those
pushed past capacity), however full the manager's days already are, and leave no day over capacity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from keepwarm.flows import refresh
from keepwarm.imports.models import ImportJob
from keepwarm.planner import services
from keepwarm.planner.workload import sales_steps
from tests.imports.helpers import run_import, undo_import

pytestmark = pytest.mark.django_db


def clients_file(numbers: range, category: str = "future") -> bytes:
    lines = ["Name;Phone;Category", *(f"Client{n} Ion;+37322{100000 + n};{category}" for n in numbers)]
    return "\n".join(lines).encode()


@pytest.fixture
def replans(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times client_replan ran (whoever called it): the real function, counted."""
    calls: Counter[str] = Counter()

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def replan(**kwargs: Any) -> Any:
            calls["client_replan"] += 1
            return real(**kwargs)

        return replan

    monkeypatch.setattr(services, "client_replan", counted(services.client_replan))
    monkeypatch.setattr(refresh, "client_replan", counted(refresh.client_replan))
    return calls


def steps_per_day(owner: Any) -> Counter[Any]:
    return Counter(sales_steps().filter(owner=owner).values_list("due_date", flat=True))


def test_plan1_a_large_import_is_spread_by_capacity_and_an_update_and_its_undo_keep_it_so(
    alice, django_capture_on_commit_callbacks, replans
):
    capture = django_capture_on_commit_callbacks
    alice.daily_capacity = 5
    alice.save(update_fields=["daily_capacity"])
    job = run_import(alice, "big.csv", clients_file(range(200)), capture=capture)
    assert job.created == 200
    days = steps_per_day(alice)
    assert sum(days.values()) == 200  # CAT-5: each its next step
    assert max(days.values()) <= 5  # PLAN-1: not piled onto the first day once two weeks are full
    assert len(days) >= 40

    replans.clear()
    update = run_import(alice, "upd.csv", clients_file(range(16), "now"), capture=capture, dedup="update")
    assert (update.status, update.updated) == (ImportJob.Status.DONE, 16)
    assert replans["client_replan"] <= 16 * 3
    assert max(steps_per_day(alice).values()) <= 5

    replans.clear()
    undo_import(alice, update, capture=capture)
    assert replans["client_replan"] <= 16 * 3
    days = steps_per_day(alice)
    assert sum(days.values()) == 200
    assert max(days.values()) <= 5


def test_plan1_an_update_and_its_undo_re_plan_a_bounded_number_of_clients_however_full_the_days_are(
    alice, django_capture_on_commit_callbacks, replans
):
    capture = django_capture_on_commit_callbacks
    run_import(alice, "big.csv", clients_file(range(150)), capture=capture)
    # Days already far over capacity (planned before, or the capacity lowered since): an update of 16 clients
    # re-planned every flexible step of every such day, and its undo did that once per row.
    alice.daily_capacity = 2
    alice.save(update_fields=["daily_capacity"])
    assert max(steps_per_day(alice).values()) > 2

    replans.clear()
    update = run_import(alice, "upd.csv", clients_file(range(16), "now"), capture=capture, dedup="update")
    assert update.updated == 16
    assert replans["client_replan"] <= 16 * 3

    replans.clear()
    undo_import(alice, update, capture=capture)
    assert replans["client_replan"] <= 16 * 3
    assert sum(steps_per_day(alice).values()) == 150  # CAT-5 kept
