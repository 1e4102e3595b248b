"""Exported moments are in the reader's time zone with their offset, to the second; the formula rule prefixes only
what a spreadsheet would run, and reading back gives every value as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest

from keepwarm.clients.models import CategoryChange, Client
from keepwarm.core.cells import neutralised, restored
from tests.conftest import api_as
from tests.factories import make_client

CONTACT = dt.datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=dt.UTC)  # 14:30:05 in Chișinău (UTC+2)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def exported_row(user, fmt):
    client = make_client(user, last_name="Albu")
    Client.objects.filter(pk=client.pk).update(last_touch_at=CONTACT, created_at=CONTACT)
    return api_as(user).get("/api/clients/export/", {"format": fmt})


@pytest.mark.django_db
def test_csv_moments_are_the_readers_local_time_with_its_offset_to_the_second(alice):
    rows = list(csv.reader(io.StringIO(body(exported_row(alice, "csv")).decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    for column in ("Last contact", "Created"):
        assert row[header.index(column)] == "2026-03-01T14:30:05+02:00"
        assert dt.datetime.fromisoformat(row[header.index(column)]) == CONTACT.replace(microsecond=0)


@pytest.mark.django_db
def test_xlsx_moments_are_the_readers_local_time_with_its_offset_shown(alice):
    sheet = openpyxl.load_workbook(io.BytesIO(body(exported_row(alice, "xlsx")))).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Last contact") + 1)
    assert cell.value == dt.datetime(2026, 3, 1, 14, 30, 5)
    assert cell.is_date
    assert cell.number_format.endswith('" +02:00"')


@pytest.mark.django_db
def test_another_readers_zone_gives_their_local_time(alice):
    alice.time_zone = "Asia/Vladivostok"
    alice.save(update_fields=["time_zone"])
    rows = list(csv.reader(io.StringIO(body(exported_row(alice, "csv")).decode("utf-8-sig"))))
    moment = rows[1][rows[0].index("Last contact")]
    assert moment == "2026-03-01T22:30:05+10:00"
    assert dt.datetime.fromisoformat(moment).astimezone(zoneinfo.ZoneInfo("UTC")).hour == 12


@pytest.mark.django_db
def test_the_timelines_first_category_change_shows_no_apostrophe(alice):
    client = make_client(alice, last_name="Albu")
    CategoryChange.objects.create(
        client=client, to_category="now", changed_by=alice, changed_at=CONTACT
    )  # from nothing
    data = body(api_as(alice).get(f"/api/clients/{client.pk}/timeline/export/", {"format": "csv"}))
    moves = [row[4] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if "→" in row[4]]
    assert moves
    assert not [move for move in moves if move.startswith("'")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- → Now", "- → Now"),
        ("-", "-"),
        ("+", "+"),
        ("— dash", "— dash"),
        ("-- ✓", "'-- ✓"),  # a sign before a sign: conservatively a formula
        ("- 2+3", "'- 2+3"),
        ("-2+3", "'-2+3"),
        ("- cmd|' /C calc'!A0", "'- cmd|' /C calc'!A0"),
        ("+A1", "'+A1"),
        ('-"x"', '\'-"x"'),
        ("-(1)", "'-(1)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("@ ", "@ "),
        ("=anything", "'=anything"),
        ("\t→", "'\t→"),
        ("\r", "'\r"),
        ("+37369123456", "+37369123456"),
        ("+79157377489, +78313061243", "+79157377489, +78313061243"),  # a client's phones
        ("+79157377489, +7831306124+1", "'+79157377489, +7831306124+1"),
        ("+79157377489, =1+1", "'+79157377489, =1+1"),
        ("'=1+1", "''=1+1"),
        ("'plain", "'plain"),
    ],
)
def test_only_what_a_spreadsheet_would_run_is_prefixed_and_it_reads_back_unchanged(text, expected):
    assert neutralised(text) == expected
    assert restored(neutralised(text)) == text
