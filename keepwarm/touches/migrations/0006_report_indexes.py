import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("touches", "0005_planned_overdue_since"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="touch",
            index=models.Index(
                fields=["client", "happened_at", "outcome", "channel", "goal", "by", "id"],
                name="touch_client_timeline",
            ),
        ),
        migrations.RemoveIndex(
            model_name="touch",
            name="touches_tou_client__2cd74b_idx",
        ),
        migrations.AlterField(
            model_name="touch",
            name="client",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="touches",
                to="clients.client",
                verbose_name="client",
            ),
        ),
    ]
