"""Copy each planned touch's client owner onto it, then index (owner, status, due date) for the agenda."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_owner(apps, schema_editor):
    PlannedTouch = apps.get_model("touches", "PlannedTouch")
    Client = apps.get_model("clients", "Client")
    PlannedTouch.objects.update(
        owner_id=models.Subquery(Client.objects.filter(pk=models.OuterRef("client_id")).values("owner_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("touches", "0001_initial"),
        ("clients", "0003_search_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="plannedtouch",
            name="owner",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="owner",
            ),
        ),
        migrations.RunPython(copy_owner, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plannedtouch",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddIndex(
            model_name="plannedtouch",
            index=models.Index(fields=["owner", "status", "due_date"], name="touches_pla_owner_i_d1b424_idx"),
        ),
    ]
