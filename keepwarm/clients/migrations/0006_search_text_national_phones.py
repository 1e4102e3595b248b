"""Clients' search text gets each phone as dialled inside its country too (8 985 ..., 069 ...), so a number typed
with its trunk prefix finds them. Only the column's content changes; the SQLite index follows by its trigger."""

from django.db import migrations

from keepwarm.clients.contacts import search_text


def refill_search_text(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    people = Client.objects.select_related("organization").only(
        "id", "first_name", "last_name", "patronymic", "phones", "emails", "organization__name"
    )
    batch = []
    for client in people.iterator(chunk_size=2000):
        client.search_text = search_text(
            names=(client.last_name, client.first_name, client.patronymic),
            phones=client.phones,
            emails=client.emails,
            organization=client.organization.name if client.organization is not None else "",
        )
        batch.append(client)
        if len(batch) >= 2000:
            Client.objects.bulk_update(batch, ["search_text"])
            batch = []
    Client.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("clients", "0005_organization_search_name")]

    operations = [migrations.RunPython(refill_search_text, migrations.RunPython.noop)]
