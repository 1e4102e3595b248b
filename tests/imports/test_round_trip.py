"""A client list KeepWarm exported comes back in through the import with every column mapped and every value
read: the door out and the door in fit each other, in each language of the UI (CAT-2, POST-3, SIX-3, CORP-1)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.utils import timezone, translation

from keepwarm.clients.models import Client
from keepwarm.exports import clients as client_export
from keepwarm.flows.clients import client_set_category
from keepwarm.flows.touches import client_log_touch
from keepwarm.imports.mapping import suggest
from keepwarm.imports.models import ImportRow
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome
from keepwarm.touches.models import PlannedTouch, Touch
from tests.factories import make_client
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db

READ_BACK = (
    "category", "never_reason", "relationship_group", "decision_role", "language", "birthday", "position",
    "do_not_contact",
)  # fmt: skip


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
        birthday=dt.date(1980, 4, 12), interests=["logistică"], do_not_contact=True,
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


def test_cat5_do_not_contact_comes_back_from_the_xlsx_and_in_words(alice, django_capture_on_commit_callbacks):
    """The export's "Do not contact" column (a boolean cell in the workbook) and a team's own yes/no words: the
    client is imported not to be contacted, and the planner plans no contact for them; a word that is neither yes nor
    no fails its row with what to write."""
    capture = django_capture_on_commit_callbacks
    make_client(alice, last_name="Ciobanu", phones=["+37369123456"], do_not_contact=True)
    browser = Browser()
    browser.force_login(alice)
    workbook = b"".join(browser.get("/clients/export/", {"format": "xlsx"}).streaming_content)
    Client.objects.update(phones=[])  # so the file's client is a new one, not a duplicate
    run_import(alice, "clients.xlsx", workbook, capture=capture, dedup="create")
    data = "Фамилия;Имя;Не связываться\nАлбу;Ион;да\nБалан;Ана;нет\nКожокару;Петру;может быть\n".encode()
    job = run_import(alice, "words.csv", data, capture=capture)
    flags = sorted(Client.objects.values_list("last_name", "do_not_contact"))
    assert flags == [("Ciobanu", True), ("Ciobanu", True), ("Албу", True), ("Балан", False)]
    (failed,) = ImportRow.objects.filter(job=job, status="failed")
    assert failed.errors[0]["code"] == "do_not_contact_unknown"
    albu = Client.objects.get(last_name="Албу")
    step = PlannedTouch.objects.get(client=albu, status="open", is_next_step=True)
    assert "do_not_contact" in str(step.explanation), "CAT-5: a step that only looks again later"


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


def _logged_call(client: Client, by, happened_at: dt.datetime) -> None:
    client_log_touch(client=client, by=by, channel=Channel.CALL, goal=Goal.GATHER_INFO, outcome=Outcome.REACHED,
                     direction=Direction.OUTBOUND, happened_at=happened_at)  # fmt: skip


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_six1_the_teams_own_export_imported_back_with_update_adds_no_contact_and_updates_no_client(
    alice, file_format, django_capture_on_commit_callbacks
):
    """The export writes the last contact's moment (06:35 UTC); read as a day it became a call at noon, later than
    the real one: a contact invented for every client, every row "updated", every version bumped."""
    ana = make_client(alice, last_name="Ciobanu", first_name="Ana", phones=["+37369123456"], interests=["vin"],
                      birthday=dt.date(1980, 4, 12), notes="Sună după prânz")  # fmt: skip
    ion = make_client(alice, last_name="Rusu", first_name="Ion", phones=["+37369000111"], time_zone="Asia/Omsk")
    _logged_call(ana, alice, timezone.now() - dt.timedelta(days=3, hours=5, minutes=25))
    _logged_call(ion, alice, timezone.now() - dt.timedelta(days=2))
    before = {client.pk: (client.version, client.last_touch_at) for client in Client.objects.all()}
    browser = Browser()
    browser.force_login(alice)
    exported = b"".join(browser.get("/clients/export/", {"format": file_format}).streaming_content)

    for _run in range(2):
        job = run_import(alice, f"clients.{file_format}", exported, capture=django_capture_on_commit_callbacks,
                         dedup="update")  # fmt: skip
        assert (job.failed, job.created, job.updated, job.skipped) == (0, 0, 0, 2)
    assert Touch.objects.count() == 2
    assert {client.pk: (client.version, client.last_touch_at) for client in Client.objects.all()} == before


def test_six1_a_day_alone_adds_no_contact_when_the_client_had_one_that_local_day_or_later(
    alice, django_capture_on_commit_callbacks
):
    omsk = ZoneInfo("Asia/Omsk")
    ion = make_client(alice, last_name="Rusu", first_name="Ion", phones=["+37369000111"], time_zone="Asia/Omsk")
    called = timezone.now().astimezone(omsk).replace(hour=8, minute=0, second=0, microsecond=0) - dt.timedelta(days=5)
    _logged_call(ion, alice, called)
    day = called.date()
    data = "Name;Phone;Last contact\n" + "".join(
        f"Ion Rusu;+37369000111;{(day + dt.timedelta(days=shift)).strftime('%d.%m.%Y')}\n" for shift in (0, -1, 1)
    )
    job = run_import(alice, "days.csv", data.encode(), capture=django_capture_on_commit_callbacks, dedup="update")
    statuses = list(ImportRow.objects.filter(job=job).order_by("number").values_list("status", flat=True))
    assert statuses == ["skipped", "skipped", "updated"]  # the same day, the day before: nothing; the day after: a call
    assert sorted(Touch.objects.filter(client=ion).values_list("happened_at", flat=True)) == [
        called,
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12), tzinfo=omsk),
    ]
