"""Uploads built to hurt (found by fuzzing): a workbook declaring a million rows by 16,384 columns, mappings that
are not column -> field. Each is read fast or refused with a 400 field error, never a 500, and no file is parsed
inside a write transaction (on SQLite that would lock out every other writer)."""

from __future__ import annotations

import io
import time

import openpyxl
import pytest
from django.db import connection
from django.test import Client

from keepwarm.imports import parsing
from keepwarm.imports.models import ImportJob
from tests.conftest import api_as
from tests.imports.conftest import upload

pytestmark = pytest.mark.django_db


def bomb() -> bytes:
    """5 KB: two rows, and one cell at XFD1048576 that makes the sheet's dimension A1:XFD1048576."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["A2"], sheet["XFD1048576"] = "name", "Ion", "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_declaring_a_million_rows_by_16384_columns_is_read_in_a_moment(
    alice, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(alice).post("/api/imports/", {"file": upload("bomb.xlsx", bomb())}, format="multipart")
    assert time.monotonic() - started < 10  # minutes before: every row padded to the declared dimension
    assert response.status_code == 201, response.content
    assert (response.json()["headers"], response.json()["rows_total"]) == (["name"], 1)  # "x" is past MAX_COLUMNS
    job = api_as(alice).get(f"/api/imports/{response.json()['id']}/").json()
    assert (job["status"], job["created"], job["failed"]) == ("done", 1, 0)


def test_a_row_is_cut_at_max_columns_and_numbered_as_the_sheet_numbers_it():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"], sheet["A7"], sheet["B7"] = "Name", "Phone", "Ion", "069000111"
    sheet.cell(row=9, column=parsing.MAX_COLUMNS + 1, value="past the last column")
    buffer = io.BytesIO()
    book.save(buffer)
    table, _chosen = parsing.read(buffer.getvalue(), parsing.Options("xlsx", header_row=3))
    assert table.headers == ["Name", "Phone"]
    assert list(table.rows) == [(7, ["Ion", "069000111"])]


@pytest.mark.django_db(transaction=True)
def test_the_file_is_parsed_outside_any_transaction(alice, monkeypatch):
    seen: list[bool] = []
    read_csv = parsing.READERS["csv"]

    def spy(data, options):
        seen.append(connection.in_atomic_block)
        return read_csv(data, options)

    monkeypatch.setitem(parsing.READERS, "csv", spy)
    client = Client()
    client.force_login(alice)
    assert client.post("/imports/", {"file": upload("a.csv", b"Name\nIon\n")}).status_code == 302
    options = {"header_row": 1, "encoding": "utf-8", "delimiter": ","}
    answer = client.post(f"/imports/{ImportJob.objects.get().pk}/options/", options)
    assert answer.status_code == 302, answer.context["options_form"].errors
    assert seen == [False, False]  # the upload read, then read again with the new options


@pytest.mark.parametrize(
    "mapping",
    [
        '{"²": "full_name"}',  # a digit to str.isdigit, not to int()
        '{"0": ["full_name"]}',
        '{"0": {}}',
        '{"' + "9" * 5000 + '": "full_name"}',  # past int()'s 4,300 digits
        '{"1": "full_name"}',  # one column: there is no second
    ],
)
def test_a_mapping_that_is_not_column_to_field_is_a_400_on_mapping(alice, mapping):
    response = api_as(alice).post(
        "/api/imports/", {"file": upload("a.csv", b"Name\nIon\n"), "mapping": mapping}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["mapping"]
