"""Organizations get a folded name, so their search ignores case and diacritics in Cyrillic on SQLite too.

Only clients_organization changes: the FTS5 table and triggers of 0004 belong to clients_client.
"""

from django.db import migrations, models

from keepwarm.clients.contacts import fold


def fill_search_name(apps, schema_editor):
    Organization = apps.get_model("clients", "Organization")
    batch = []
    for organization in Organization.objects.only("id", "name").iterator(chunk_size=2000):
        organization.search_name = fold(organization.name)
        batch.append(organization)
        if len(batch) >= 2000:
            Organization.objects.bulk_update(batch, ["search_name"])
            batch = []
    Organization.objects.bulk_update(batch, ["search_name"])


def restore_statistics(apps, schema_editor):
    """SQLite adds the column by rebuilding the table, which drops its planner statistics; an analyzed database
    (production, the benchmarks) gets them back, so joins on organizations keep their plans."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("ANALYZE clients_organization")


class Migration(migrations.Migration):
    dependencies = [("clients", "0004_search_fts5_trigram")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_name",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
        migrations.RunPython(restore_statistics, migrations.RunPython.noop),
    ]
