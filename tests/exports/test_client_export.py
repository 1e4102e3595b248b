"""The client list's export: CSV (BOM, delimiter), XLSX, vCard; the list's filters and OWN-1; the formula rule;
streaming; the API's 4xx answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
import vobject
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client as Browser
from django.utils import timezone, translation

from keepwarm.clients.forms import ClientFilterForm
from keepwarm.core import xlsx
from keepwarm.core.cells import neutralised
from keepwarm.exports import writers
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    if isinstance(response, StreamingHttpResponse | FileResponse):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response, delimiter=",") -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads Cyrillic and diacritics"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def browser_as(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_own1_a_manager_exports_only_their_clients(alice, bob, carol):
    make_client(alice, last_name="Ciobanu", first_name="Ana", phones=["+37369123456"])
    make_client(bob, last_name="Bobescu")
    make_client(carol, last_name="Carolescu")
    rows = csv_rows(api_as(alice).get("/api/clients/export/", {"format": "csv"}))
    assert rows[0][:3] == ["ID", "Last name", "First name"]
    assert [row[1] for row in rows[1:]] == ["Ciobanu"]
    assert "+37369123456" in rows[1], "an E.164 phone stays dialable"


def test_a_clients_several_phones_stay_dialable_in_csv_and_xlsx(alice):
    make_client(alice, last_name="Фёдоров", phones=["+79157377489", "+78313061243"])
    rows = csv_rows(api_as(alice).get("/api/clients/export/", {"format": "csv"}))
    assert "+79157377489, +78313061243" in rows[1]  # no apostrophe: a list of phones computes nothing
    xlsx = body(api_as(alice).get("/api/clients/export/", {"format": "xlsx"}))
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert "+79157377489, +78313061243" in [cell.value for cell in book.active[2]]


def test_own1_a_lead_exports_the_team_and_not_another_team(lena, alice, bob, carol):
    make_client(alice, last_name="Albu")
    make_client(bob, last_name="Bobescu")
    make_client(carol, last_name="Carolescu")
    rows = csv_rows(api_as(lena).get("/api/clients/export/"))
    assert sorted(row[1] for row in rows[1:]) == ["Albu", "Bobescu"]


def test_the_lists_filters_apply_on_the_page_and_in_the_api(alice):
    make_client(alice, last_name="Rusu", category="now")
    make_client(alice, last_name="Munteanu", category="future")
    api_rows = csv_rows(api_as(alice).get("/api/clients/export/", {"category": "now"}))
    assert [row[1] for row in api_rows[1:]] == ["Rusu"]
    page_rows = csv_rows(browser_as(alice).get("/clients/export/", {"q": "munt", "format": "csv"}))
    assert [row[1] for row in page_rows[1:]] == ["Munteanu"]


def test_semicolon_csv_for_european_excel(alice):
    make_client(alice, last_name="Ţurcan", first_name="Ştefan", notes="a, b; c")
    response = browser_as(alice).get("/clients/export/", {"format": "csv-semicolon"})
    rows = csv_rows(response, delimiter=";")
    assert rows[1][1:3] == ["Ţurcan", "Ştefan"]
    assert "a, b; c" in rows[1]
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("+37369123456", "+37369123456"),
        ("Popescu", "Popescu"),
    ],
)
def test_formula_rule(text, expected):
    assert neutralised(text) == expected


def test_formulas_are_neutralised_in_csv_and_xlsx(alice):
    make_client(alice, last_name="=cmd|' /C calc'!A0", first_name="@SUM(1)", notes="-1+1", phones=["+40721234567"])
    row = csv_rows(api_as(alice).get("/api/clients/export/", {"format": "csv"}))[1]
    assert row[1] == "'=cmd|' /C calc'!A0"
    assert row[2] == "'@SUM(1)"
    assert "'-1+1" in row
    response = api_as(alice).get("/api/clients/export/", {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    values = [cell.value for cell in sheet[2]]
    # In a workbook the text stays as it is, a string cell with Excel's quote prefix: it stays text when edited.
    assert values[1] == "=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=2).data_type == "s", "text, never a formula"
    assert sheet.cell(row=2, column=2).quotePrefix
    assert values[2] == "@SUM(1)"
    assert sheet.cell(row=2, column=3).quotePrefix
    assert "+40721234567" in values
    assert not sheet.cell(row=2, column=values.index("+40721234567") + 1).quotePrefix  # a phone computes nothing


def test_xlsx_has_the_header_and_every_client(alice):
    for number in range(3):
        make_client(alice, last_name=f"Client{number}")
    response = browser_as(alice).get("/clients/export/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Last name"
    assert sorted(row[1] for row in rows[1:]) == ["Client0", "Client1", "Client2"]


def test_xlsx_cells_are_typed_and_text_is_never_a_formula():
    kyiv = dt.timezone(dt.timedelta(hours=2))
    row = ["=1+1", 42, Decimal("12.50"), True, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 12, 30, tzinfo=kyiv), None]
    with timezone.override(zoneinfo.ZoneInfo("Europe/Chisinau")):  # the reader's zone: UTC+2 in March
        data = b"".join(xlsx.xlsx_chunks(["Text", "Int", "Amount", "Flag", "Day", "When", "Empty"], [row], title="a/b"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["a b"]
    (cells,) = book.active.iter_rows(min_row=2)
    assert [cell.value for cell in cells] == [
        "=1+1",
        42,
        12.5,
        True,
        dt.datetime(2026, 3, 1),
        dt.datetime(2026, 3, 1, 12, 30),
        None,
    ]
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix, "text even when someone edits it"
    assert cells[4].is_date, "a date, not a number"
    assert cells[5].is_date, "a date, the time in the reader's zone"
    assert cells[5].number_format.endswith('" +02:00"'), "its offset shown"


def test_vcard_3_is_readable_by_vobject(alice):
    make_client(
        alice,
        last_name="Смирнова",
        first_name="Анна",
        patronymic="Петровна",
        phones=["+37369123456", "+37322123456"],
        emails=["anna@example.md"],
        position="Director, sales; east",
        interests=["wine"],
    )
    response = api_as(alice).get("/api/clients/export/", {"format": "vcf"})
    assert response["Content-Type"].startswith("text/vcard")
    cards = list(vobject.readComponents(body(response).decode()))
    assert len(cards) == 1
    card = cards[0]
    assert card.version.value == "3.0"
    assert card.fn.value == "Смирнова Анна Петровна"
    assert card.n.value.family == "Смирнова"
    assert card.n.value.given == "Анна"
    assert sorted(tel.value for tel in card.tel_list) == ["+37322123456", "+37369123456"]
    assert card.email.value == "anna@example.md"
    assert card.title.value == "Director, sales; east"


def test_the_export_streams_in_chunks_never_a_whole_file(alice, monkeypatch):
    monkeypatch.setattr(writers, "ROWS_PER_CHUNK", 2)
    for number in range(5):
        make_client(alice, last_name=f"Client{number}")
    response = api_as(alice).get("/api/clients/export/")
    assert isinstance(response, StreamingHttpResponse)
    chunks = [chunk for chunk in response.streaming_content if chunk]
    assert len(chunks) == 3, "header and 2 rows, 2 rows, the last row"


def test_api_bad_input_is_a_400_naming_the_field(alice):
    api = api_as(alice)
    unknown_format = api.get("/api/clients/export/", {"format": "pdf"})
    assert unknown_format.status_code == 400
    assert "format" in unknown_format.json()
    assert api.get("/api/clients/export/", {"delimiter": "pipe"}).status_code == 400
    assert "colour" in api.get("/api/clients/export/", {"colour": "red"}).json()
    assert "category" in api.get("/api/clients/export/", {"category": "sometimes"}).json()
    assert browser_as(alice).get("/clients/export/", {"format": "pdf"}).status_code == 400


def test_the_schema_describes_the_files(alice):
    schema = api_as(alice).get("/api/schema/", {"format": "json"}).json()
    content = schema["paths"]["/api/clients/export/"]["get"]["responses"]["200"]["content"]
    assert {"text/csv", "text/vcard", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(
        content
    )


def in_russian(user):
    user.language = "ru"
    user.save(update_fields=["language"])
    return user


@pytest.mark.parametrize(
    ("who", "query", "field"),
    [("alice", {"category": "bogus"}, "category"), ("lena", {"owner": "abc", "q": "Rusu"}, "owner")],
)
def test_the_page_refuses_a_wrong_filter_as_the_api_does_naming_it_with_a_way_back(
    request, alice, lena, who, query, field
):
    """A file of all the clients would pass for the filtered list."""
    make_client(alice)
    user = in_russian(request.getfixturevalue(who))
    response = browser_as(user).get("/clients/export/", {"format": "csv", **query})
    page = body(response).decode()
    assert response.status_code == 400
    assert '<html lang="ru">' in page
    with translation.override("ru"):
        label = str(ClientFilterForm(query, user=user).fields[field].label)
    assert f"{label}:" in page
    back = f'href="/clients/?{urlencode(query).replace("&", "&amp;")}"'
    assert back in page
    assert api_as(user).get("/api/clients/export/", {"format": "csv", **query}).status_code == 400


def test_the_page_refuses_an_unknown_format_naming_every_one_it_takes_with_a_way_back(alice):
    response = browser_as(in_russian(alice)).get("/clients/export/", {"format": "pdf", "q": "Rusu"})
    page = body(response).decode()
    assert response.status_code == 400
    assert "csv, xlsx, vcf, csv-semicolon" in page
    assert 'href="/clients/?q=Rusu"' in page
    timeline = browser_as(alice).get(f"/clients/{make_client(alice).pk}/timeline/export/", {"format": "vcf"})
    assert timeline.status_code == 400
    assert "csv, xlsx, csv-semicolon" in body(timeline).decode()
