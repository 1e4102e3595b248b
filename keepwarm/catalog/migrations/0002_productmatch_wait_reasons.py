"""Why an offer waits: matches that waited before this column did so for the contact limits (ANNOY-1) only."""

from django.db import migrations, models


def annoy1_for_old_waits(apps, schema_editor):
    ProductMatch = apps.get_model("catalog", "ProductMatch")
    waiting = ProductMatch.objects.filter(status="waiting", waits_until__isnull=False)
    for match in waiting.only("pk", "waits_until").iterator(chunk_size=2000):
        reason = {"rule": "ANNOY-1", "code": "too_soon", "day": match.waits_until.isoformat()}
        ProductMatch.objects.filter(pk=match.pk).update(wait_reasons=[reason])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="productmatch",
            name="wait_reasons",
            field=models.JSONField(blank=True, default=list, verbose_name="why it waits"),
        ),
        migrations.AlterField(
            model_name="productmatch",
            name="status",
            field=models.CharField(
                choices=[("planned", "Offer planned"), ("waiting", "Matched, offer waiting")],
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(annoy1_for_old_waits, migrations.RunPython.noop),
    ]
