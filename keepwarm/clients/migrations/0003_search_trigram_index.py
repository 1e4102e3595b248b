"""A trigram index for substring search on PostgreSQL (search-as-you-type over a million clients).

SQLite has no such index type; there the search scans search_text, which is folded and compact.
"""

from django.db import migrations

INDEX = "clients_client_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON clients_client USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_client_sales_paused_until")]

    operations = [migrations.RunPython(create_index, drop_index)]
