"""Clients lose the plain index of owner (the composite indexes lead with it), and clients and organizations the
plain index of deleted_by (NULL on nearly every row: indexed only where set). Every imported row wrote both. Dropped
by name, not by AlterField's database work: on SQLite that rebuilds the clients table and loses its search triggers
(0010, 0017)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from keepwarm.core.plain_indexes import dropped_plain_indexes

PLAIN_INDEXES = [("clients_client", "owner_id"), ("clients_client", "deleted_by_id"), ("clients_organization", "deleted_by_id")]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_daily_capacity"),
        ("clients", "0017_client_time_zone_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="client",
                    name="deleted_by",
                    field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name="client",
                    name="owner",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="clients", to=settings.AUTH_USER_MODEL, verbose_name="owner"),
                ),
                migrations.AlterField(
                    model_name="organization",
                    name="deleted_by",
                    field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[dropped_plain_indexes(PLAIN_INDEXES)],
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(condition=models.Q(("deleted_by__isnull", False)), fields=["deleted_by"], name="client_binned_by"),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(condition=models.Q(("deleted_by__isnull", False)), fields=["deleted_by"], name="organization_binned_by"),
        ),
    ]
