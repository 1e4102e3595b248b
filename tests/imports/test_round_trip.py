"""A client list KeepWarm exported comes back in through the import with every column mapped and every value
read: the door out and the door in fit each other, in each language of the UI (CAT-2, POST-3, SIX-3, CORP-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as Browser
from django.utils import translation

from keepwarm.clients.models import Client
from keepwarm.exports import clients as client_export
from keepwarm.flows.clients import client_set_category
from keepwarm.imports.mapping import suggest
from keepwarm.imports.models import ImportRow
from tests.factories import make_client
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db

READ_BACK = ("category", "never_reason", "relationship_group", "decision_role", "language", "birthday", "position")


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
def test_every_exported_column_is_suggested_for_its_field(language):
    with translation.override(language):
        headers = client_export.headers()
    expected = {
        str(index): column.imported_as for index, column in enumerate(client_export.COLUMNS) if column.imported_as
    }
    assert suggest(headers) == expected


@pytest.mark.parametrize("header", ["Причина категории «Никогда»", "Categoria clientului", "Deal stage"])
def test_a_keyword_inside_another_word_names_no_field(header):
    """ "тег" (tag) is inside "категории", "tag" inside "stage": neither is a list of interests."""
    assert suggest([header]).get("0") != "interests"


@pytest.mark.parametrize("language", ["ru", "ro"])
def test_cat2_post3_six3_an_exported_list_imports_back_with_its_values(
    alice, language, django_capture_on_commit_callbacks
):
    alice.language = language
    alice.save(update_fields=["language"])
    make_client(
        alice, last_name="Ciobanu", first_name="Ana", phones=["+37369123456"], emails=["ana@example.md"],
        relationship_group="distributor", decision_role="influencer", language="ro", position="Director",
        birthday=dt.date(1980, 4, 12), interests=["logistică"],
    )  # fmt: skip
    gone = make_client(alice, last_name="Rusu", phones=["+37369000111"])
    client_set_category(client=gone, by=alice, category="never", never_reason="liquidated")
    before = set(Client.objects.values_list("pk", flat=True))
    browser = Browser()
    browser.force_login(alice)
    exported = b"".join(browser.get("/clients/export/", {"format": "csv-semicolon"}).streaming_content)
    with translation.override(language):
        assert exported.decode("utf-8-sig").startswith(";".join(client_export.headers())), "in the user's language"

    job = run_import(alice, "clients.csv", exported, capture=django_capture_on_commit_callbacks, dedup="create")

    problems = list(ImportRow.objects.filter(job=job).exclude(errors=[]).values_list("number", "errors"))
    assert problems == []
    assert (job.failed, job.created) == (0, 2)
    for original in Client.objects.filter(pk__in=before):
        copy = Client.objects.exclude(pk__in=before).get(last_name=original.last_name)
        assert [getattr(copy, name) for name in READ_BACK] == [getattr(original, name) for name in READ_BACK]
        assert (copy.phones, copy.emails, copy.owner_id) == (original.phones, original.emails, original.owner_id)
        assert sorted(copy.interests.values_list("name", flat=True)) == sorted(
            original.interests.values_list("name", flat=True)
        )


def test_an_exported_vcard_file_imports_back_with_names_phones_and_emails(alice, django_capture_on_commit_callbacks):
    make_client(alice, last_name="Ciobanu", first_name="Ana", phones=["+37369123456", "+37322123456"],
                emails=["ana@example.md"])  # fmt: skip
    before = set(Client.objects.values_list("pk", flat=True))
    browser = Browser()
    browser.force_login(alice)
    exported = b"".join(browser.get("/clients/export/", {"format": "vcf"}).streaming_content)

    job = run_import(alice, "clients.vcf", exported, capture=django_capture_on_commit_callbacks, dedup="create")

    assert list(ImportRow.objects.filter(job=job).exclude(errors=[]).values_list("errors", flat=True)) == []
    copy = Client.objects.exclude(pk__in=before).get()
    assert (copy.last_name, copy.first_name) == ("Ciobanu", "Ana")
    assert (copy.phones, copy.emails) == (["+37369123456", "+37322123456"], ["ana@example.md"])
