"""Cells read through the import as people write them (both databases): names under Russian, Romanian and English
headers, category words as the messages and the UI name them (CAT-2), vCard 4.0 values, countries and dates."""

from __future__ import annotations

import pytest

from keepwarm.clients.models import Client
from keepwarm.imports.models import ImportRow
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db


def imported(alice, capture, text: str, name: str = "clients.csv", **options) -> dict[int, ImportRow]:
    job = run_import(alice, name, text.encode(), capture=capture, **options)
    return {row.number: row for row in ImportRow.objects.filter(job=job)}


def names(rows: dict[int, ImportRow]) -> dict[int, tuple[str, str, str]]:
    clients = Client.objects.in_bulk([row.client_id for row in rows.values() if row.client_id])
    return {
        number: (client.last_name, client.first_name, client.patronymic)
        for number, row in rows.items()
        if (client := clients.get(row.client_id or 0))
    }


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("ФИО", "Казанцев Рустам", ("Казанцев", "Рустам", "")),
        ("Полное имя", "Казанцев Рустам", ("Казанцев", "Рустам", "")),  # amoCRM
        ("ФИО", "Новиков Семён Петрович", ("Новиков", "Семён", "Петрович")),
        ("ФИО", "Семён Петрович Новиков", ("Новиков", "Семён", "Петрович")),
        ("ФИО", "Алиев Рустам Гейдар оглы", ("Алиев", "Рустам", "Гейдар оглы")),
        ("Nume și prenume", "Popescu Ion", ("Popescu", "Ion", "")),
        ("Name", "Ion Popescu", ("Popescu", "Ion", "")),
        ("Full name", "Mary Ann Smith", ("Ann Smith", "Mary", "")),
    ],
)
def test_a_full_name_is_split_in_the_order_its_header_language_writes_it(
    alice, django_capture_on_commit_callbacks, header, cell, expected
):
    rows = imported(alice, django_capture_on_commit_callbacks, f"{header};Телефон\n{cell};+37369123456\n")
    assert names(rows) == {2: expected}
