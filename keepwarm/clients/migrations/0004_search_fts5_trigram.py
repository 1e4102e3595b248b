"""A trigram full-text index for substring search on SQLite, the counterpart of PostgreSQL's pg_trgm index (0003).

An FTS5 table with `clients_client` as its external content, kept in step by triggers, so every write path (the
services, bulk updates, raw SQL) updates it. SQLite rebuilds a table for some schema changes and drops its
triggers with it: tests/clients/test_search_index.py fails if a later migration does that without recreating them.
"""

from django.db import migrations

TABLE = "clients_client_search"
CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='clients_client', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON clients_client BEGIN "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON clients_client BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF search_text ON clients_client BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {TABLE}"
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_search_trigram_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
