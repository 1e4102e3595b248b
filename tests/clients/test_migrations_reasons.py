"""LANG-1: the migration turns the reasons stored as text (in their writer's language) into codes; what it does
not know stays readable as a note."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from keepwarm.clients.models import CategoryChange
from tests.factories import make_client

BEFORE = [("clients", "0007_recycle_bin")]
AFTER = [("clients", "0008_category_change_reason_code")]


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_lang1_old_reason_texts_become_codes(alice):
    client = make_client(alice)
    CategoryChange.objects.filter(client=client).delete()
    old = {
        "Клиент создан": ("future", "created", {}, ""),
        "Отказ: Бюджет. перезвонить в марте": ("future", "touch", {"outcome": "refused", "refusal_reason": "budget"},
                                              "перезвонить в марте"),
        "Gata să cumpere": ("now", "touch", {"outcome": "ready_to_buy"}, ""),
        "Person deceased": ("never", "never", {}, ""),
        "Disqualification confirmed: no budget for years": ("future", "disqualified", {}, "no budget for years"),
        "moved by hand after the call": ("now", "", {}, "moved by hand after the call"),
    }  # fmt: skip
    executor = _migrate(BEFORE)
    try:
        OldChange = executor.loader.project_state(BEFORE).apps.get_model("clients", "CategoryChange")
        for text, (to_category, *_expected) in old.items():
            OldChange.objects.create(client_id=client.pk, changed_at=client.created_at, to_category=to_category,
                                     reason=text)  # fmt: skip
        _migrate(AFTER)
    finally:
        _migrate(executor.loader.graph.leaf_nodes())  # every app: letters and others depend on clients too
    rows = {row.pk: row for row in CategoryChange.objects.filter(client=client)}
    got = sorted((row.reason_code, sorted(row.reason_params.items()), row.reason) for row in rows.values())
    assert got == sorted((code, sorted(params.items()), note) for _to, code, params, note in old.values())
    with translation.override("en"):
        texts = {row.reason_text for row in rows.values()}
    assert "Refused: Budget — перезвонить в марте" in texts
    assert "Client created" in texts
