"""The team's full export holds every record of the team, so a team can always leave: each model with a path to a
team, user, client or organization is exported, or listed with its reason in exports.team.NOT_EXPORTED."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from keepwarm.accounts.models import Team
from keepwarm.exports import team as team_export
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.letters.models import BadAddress, Letter, LetterOptOut, LetterSettings, LetterTemplate
from tests.conftest import api_as
from tests.factories import make_client

OWNERS = {"accounts.Team", "accounts.User", "clients.Client", "clients.Organization"}
OWNER_COLUMNS = {"team_id", "owner_id", "client_id", "organization_id"}  # a reference kept as a plain number


def team_models() -> set[str]:
    """Every KeepWarm model that holds some team's data: a reference, direct or through others, to an owner."""
    candidates = [
        model for model in apps.get_models(include_auto_created=True) if model.__module__.startswith("keepwarm")
    ]
    owned = set(OWNERS)
    grown = True
    while grown:
        grown = False
        for model in candidates:
            label = model._meta.label
            fields = model._meta.concrete_fields
            refers = {field.related_model._meta.label for field in fields if isinstance(field, models.ForeignKey)}
            if label not in owned and (refers & owned or OWNER_COLUMNS & {field.attname for field in fields}):
                owned.add(label)
                grown = True
    return owned


def test_every_model_of_a_teams_data_is_exported_or_left_out_with_a_reason(db):
    team = Team(pk=1)
    exported = {rows().model._meta.label for _name, rows in team_export.tables(team)}
    left_out = set(team_export.NOT_EXPORTED)
    assert not exported & left_out
    assert team_models() - exported - left_out == set(), "export these in exports/team.py or say why not"
    assert all(reason.strip() for reason in team_export.NOT_EXPORTED.values())


def read(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_full_export_has_letters_their_settings_unsubscribes_bad_addresses_and_imports(alice, lena, carol, team):
    client = make_client(alice, last_name="Albu", emails=["albu@example.md"])
    theirs = make_client(carol, last_name="Carolescu", emails=["c@example.md"])
    now = timezone.now()
    for owner, who in ((alice, client), (carol, theirs)):
        letter = Letter.objects.create(client=who, owner=owner, kind="free", language="ro", subject=f"To {who}",
                                       recipient=who.emails[0], send_at=now)  # fmt: skip
        LetterOptOut.objects.create(client=who, at=now, letter=letter)
        BadAddress.objects.create(client=who, email=who.emails[0], at=now, letter=letter)
        LetterTemplate.objects.create(team=owner.team, kind="free", language="ro", subject="S", body=f"B {owner}")
        LetterSettings.objects.create(team=owner.team)
        job = ImportJob.objects.create(team=owner.team, by=owner, original_name=f"{owner}.csv", headers=["Name"])
        ImportRow.objects.create(job=job, number=2, status="created", client_id=who.pk, cells=[str(who)])
    response = api_as(lena).get("/api/team/export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [row["subject"] for row in read(archive, "letters")] == [f"To {client}"]
    assert [row["client_id"] for row in read(archive, "letter_opt_outs")] == [str(client.pk)]
    assert [row["email"] for row in read(archive, "bad_addresses")] == ["albu@example.md"]
    assert [row["body"] for row in read(archive, "letter_templates")] == [f"B {alice}"]
    assert [row["team_id"] for row in read(archive, "letter_settings")] == [str(team.pk)]
    assert [row["original_name"] for row in read(archive, "import_jobs")] == [f"{alice}.csv"]
    assert [row["cells"] for row in read(archive, "import_rows")] == [f'["{client}"]']
