"""A migration's database work that drops a column's plain index by its name (Django's own name for it), and
creates it again when the migration is reversed. Dropped by name rather than by AlterField: SQLite would rebuild
the whole table for it and lose the triggers that keep the search index in step (and its ANALYZE statistics)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def dropped_plain_indexes(columns: list[tuple[str, str]]) -> migrations.RunPython:
    """RunPython over (table, column) pairs."""

    def names(schema_editor: Any) -> list[tuple[str, str, str]]:
        return [(table, column, schema_editor._create_index_name(table, [column])) for table, column in columns]

    def drop(apps: Any, schema_editor: Any) -> None:
        for _table, _column, name in names(schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    def create(apps: Any, schema_editor: Any) -> None:
        q = schema_editor.quote_name
        for table, column, name in names(schema_editor):
            schema_editor.execute(f"CREATE INDEX {q(name)} ON {q(table)} ({q(column)})")

    return migrations.RunPython(drop, create)
