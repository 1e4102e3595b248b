"""Index planned touches in the agenda's order (due date, start, id), so a page of the agenda stops at its limit."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("touches", "0003_plannedtouch_client_timeline_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="plannedtouch", name="touches_pla_status_8b8465_idx"),
        migrations.RemoveIndex(model_name="plannedtouch", name="touches_pla_owner_i_d1b424_idx"),
        migrations.AddIndex(
            model_name="plannedtouch",
            index=models.Index(fields=["status", "due_date", "due_at", "id"], name="touches_pla_status_865978_idx"),
        ),
        migrations.AddIndex(
            model_name="plannedtouch",
            index=models.Index(
                fields=["owner", "status", "due_date", "due_at", "id"], name="touches_pla_owner_i_d7d1e3_idx"
            ),
        ),
    ]
