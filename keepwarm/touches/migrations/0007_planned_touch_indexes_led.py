"""Planned touches lose the plain indexes of client, owner and created_by: composite indexes lead with the first two,
and created_by is indexed only where set. The indexes are dropped by name, not by AlterField: on SQLite that would
copy the whole table three times."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROPPED = {
    "client": "touches_plannedtouch_client_id_52af0ed0",
    "created_by": "touches_plannedtouch_created_by_id_51b2b400",
    "owner": "touches_plannedtouch_owner_id_c9cb5625",
}


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0015_report_indexes"),
        ("touches", "0006_report_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "touches_plannedtouch" ("{field}_id")',
                )
                for field, index in DROPPED.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="plannedtouch",
                    name="client",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="planned_touches",
                        to="clients.client",
                        verbose_name="client",
                    ),
                ),
                migrations.AlterField(
                    model_name="plannedtouch",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="plannedtouch",
                    name="owner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="plannedtouch",
            index=models.Index(
                condition=models.Q(("created_by__isnull", False)), fields=["created_by"], name="planned_created_by_set"
            ),
        ),
    ]
