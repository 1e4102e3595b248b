from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0014_do_not_contact_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["owner", "created_at", "id"],
                name="client_owner_kept",
            ),
        ),
    ]
