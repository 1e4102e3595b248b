"""LANG-1's name indexes on SQLite hold each name's ICU sort key (core.collation.NameKey) instead of the name under
a collation: inserting a client called the PyICU collator ~15 times per index and name, into Python, six indexes a
row (most of an import's database time); the sort keys take one call per index and name. PostgreSQL's indexes are
left as they are: NameKey is the same `COLLATE` there. The indexes are dropped and created by name; the clients
table is not rebuilt (that loses its search triggers: 0010, 0017)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Collate

from keepwarm.core.collation import NameKey

LANGUAGES = ("en", "ru", "ro")


def name_indexes(key):
    """The six indexes of clients.Client's Meta, with `key` (Collate before, NameKey after) around each name."""
    indexes = []
    for language in LANGUAGES:
        names = key("last_name", f"keepwarm_{language}"), key("first_name", f"keepwarm_{language}")
        indexes.append(models.Index(models.F("owner"), *names, models.F("id"), name=f"client_owner_name_{language}"))
        indexes.append(models.Index(*names, models.F("id"), name=f"client_name_{language}"))
    return indexes


def replaced(old, new):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        client = apps.get_model("clients", "Client")
        for index in old:
            schema_editor.remove_index(client, index)
        for index in new:
            schema_editor.add_index(client, index)
        with schema_editor.connection.cursor() as cursor:  # an analyzed database gets the new indexes' statistics
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("ANALYZE clients_client")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0018_client_indexes_led"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(migrations.RemoveIndex(model_name="client", name=index.name) for index in name_indexes(Collate)),
                *(migrations.AddIndex(model_name="client", index=index) for index in name_indexes(NameKey)),
            ],
            database_operations=[
                migrations.RunPython(
                    replaced(name_indexes(Collate), name_indexes(NameKey)),
                    replaced(name_indexes(NameKey), name_indexes(Collate)),
                )
            ],
        ),
    ]
