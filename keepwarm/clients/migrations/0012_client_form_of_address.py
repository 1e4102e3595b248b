"""Client.form_of_address (letters' Mr/Ms, LANG-1).

Added on SQLite by a plain ALTER TABLE ADD COLUMN: Django would rebuild the clients table for a NOT NULL column and
lose the triggers that keep the search index in step (see 0004)."""

from django.db import migrations, models

FIELD = models.CharField(
    blank=True,
    choices=[("mr", "Mr"), ("ms", "Ms")],
    help_text="For letters; empty: read from the patronymic, else a neutral greeting.",
    max_length=2,
    verbose_name="form of address",
)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE clients_client ADD COLUMN form_of_address varchar(2) NOT NULL DEFAULT ''")
        return
    field = FIELD.clone()
    field.set_attributes_from_name("form_of_address")
    schema_editor.add_field(apps.get_model("clients", "Client"), field)


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE clients_client DROP COLUMN form_of_address")


class Migration(migrations.Migration):
    dependencies = [("clients", "0011_merged_reason")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="client", name="form_of_address", field=FIELD.clone())],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
