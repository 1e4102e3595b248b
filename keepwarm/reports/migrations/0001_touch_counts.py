"""The touch counts the activity and refusals reports read, kept by triggers (keepwarm/reports/summary.py)."""

from django.db import migrations, models

from keepwarm.reports import summary


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.install()


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    summary.uninstall()


class Migration(migrations.Migration):
    initial = True
    dependencies = [("clients", "0015_report_indexes"), ("touches", "0006_report_indexes")]

    operations = [
        migrations.CreateModel(
            name="TouchCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "owner_id", "day", "by_id", "channel", "goal", "outcome", "refusal_reason", "competitor",
                        "advised", blank=True, editable=False, primary_key=True, serialize=False,
                    ),
                ),
                ("owner_id", models.IntegerField()),
                ("day", models.DateField()),
                ("by_id", models.IntegerField()),
                ("channel", models.CharField(max_length=10)),
                ("goal", models.CharField(max_length=24)),
                ("outcome", models.CharField(max_length=20)),
                ("refusal_reason", models.CharField(max_length=24)),
                ("competitor", models.CharField(max_length=120)),
                ("advised", models.BooleanField()),
                ("touches", models.IntegerField()),
            ],
            options={"db_table": "reports_touchcount", "managed": False},
        ),
        migrations.CreateModel(
            name="ClientDay",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "outcome", "owner_id", "day", "client_id", blank=True, editable=False, primary_key=True,
                        serialize=False,
                    ),
                ),
                ("outcome", models.CharField(max_length=20)),
                ("owner_id", models.IntegerField()),
                ("day", models.DateField()),
                ("client_id", models.IntegerField()),
                ("touches", models.IntegerField()),
            ],
            options={"db_table": "reports_clientday", "managed": False},
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
