"""Client.time_zone_source and time_zone_evidence: where an import derived the client's time zone from (TIME-1).

Added on SQLite by plain ALTER TABLE ADD COLUMN: Django would rebuild the clients table for a NOT NULL column and
lose the triggers that keep the search index in step (see 0004 and 0012)."""

from django.db import migrations, models

FIELDS = {
    "time_zone_source": models.CharField(
        blank=True,
        choices=[("phone", "The phone's area code"), ("city", "The city")],
        editable=False,
        max_length=10,
        verbose_name="time zone derived from",
    ),
    "time_zone_evidence": models.CharField(
        blank=True, editable=False, max_length=200, verbose_name="time zone evidence"
    ),
}


def add_columns(apps, schema_editor):
    for name, field in FIELDS.items():
        if schema_editor.connection.vendor == "sqlite":
            length = field.max_length
            schema_editor.execute(f"ALTER TABLE clients_client ADD COLUMN {name} varchar({length}) NOT NULL DEFAULT ''")
            continue
        column = field.clone()
        column.set_attributes_from_name(name)
        schema_editor.add_field(apps.get_model("clients", "Client"), column)


def drop_columns(apps, schema_editor):
    for name in FIELDS:
        schema_editor.execute(f"ALTER TABLE clients_client DROP COLUMN {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0016_country_codes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="client", name=name, field=field.clone())
                for name, field in FIELDS.items()
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
    ]
