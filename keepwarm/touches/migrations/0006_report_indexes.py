from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("touches", "0005_planned_overdue_since"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="touch",
            index=models.Index(
                fields=["client", "happened_at", "outcome", "channel", "goal", "by"], name="touch_client_timeline"
            ),
        ),
        migrations.RemoveIndex(
            model_name="touch",
            name="touches_tou_client__2cd74b_idx",
        ),
    ]
