"""Reading files (no database): encodings, delimiters, quoted multi-line cells, workbooks, vCards, bad files."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keepwarm.imports import parsing
from keepwarm.imports.mapping import suggest
from tests.imports.conftest import FILES, workbook_bytes


def read(data: bytes, format: str, **options):
    table, chosen = parsing.read(data, parsing.Options(format, **options))
    return table.headers, list(table.rows), chosen, table


def test_windows1251_semicolon_csv_with_a_quoted_multi_line_cell():
    headers, rows, chosen, _table = read((FILES / "clients_windows1251_semicolon.csv").read_bytes(), "csv")
    assert (chosen.encoding, chosen.delimiter) == ("cp1251", ";")
    assert headers[:3] == ["ФИО", "Телефон", "Телефон 2"]
    first_number, first = rows[0]
    assert first_number == 2
    assert first[0] == "Смирнова Анна Петровна"
    assert first[-1] == "Просила звонить после обеда;\nлюбит точность"  # one cell, the ; inside kept
    assert len(rows) == 7


@pytest.mark.parametrize(
    ("text", "delimiter"), [("a;b;c\n1;2;3\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\n1\t2\n", "\t")]
)
def test_delimiter_is_detected(text, delimiter):
    assert parsing.sniff_delimiter(text) == delimiter


def test_utf8_with_bom_and_a_chosen_encoding():
    data = "\ufeffИмя,Телефон\nАнна,069123456\n".encode()
    headers, _rows, chosen, _table = read(data, "csv")
    assert headers == ["Имя", "Телефон"]
    assert chosen.encoding == "utf-8"
    headers, _rows, _chosen, _table = read("Имя;X\nА;1\n".encode("cp1251"), "csv", encoding="cp1251")
    assert headers == ["Имя", "X"]


def test_workbook_sheet_header_row_merged_headers_and_empty_rows():
    headers, rows, chosen, table = read(workbook_bytes(), "xlsx", sheet="Clients", header_row=2)
    assert table.sheets == ["Notes", "Clients"]
    assert headers == ["Фамилия", "Имя", "Телефоны", "Телефоны (2)", "E-mail", "Дата рождения"]
    assert [number for number, _cells in rows] == [3, 5, 8]  # the empty rows are skipped, numbers kept
    assert rows[0][1][2:4] == ["37369000111", "022 555 666"]  # a phone typed as a number loses no digit
    assert rows[0][1][5] == "1990-05-17"
    assert suggest(headers)["3"] == "phone"  # the merged header's second column is a phone too
    assert chosen.sheet == "Clients"


def test_vcard_with_several_phones():
    headers, rows, _chosen, _table = read((FILES / "contacts.vcf").read_bytes(), "vcf")
    victor = dict(zip(headers, rows[0][1], strict=True))
    assert victor["TEL"].split("\n") == ["+373 22 123 456", "069 111 222", "(022) 765 432"]
    assert victor["ORG"] == "Moldcell Business"
    assert victor["ADR:country"] == "Moldova"
    elena = dict(zip(headers, rows[1][1], strict=True))
    assert len(elena["TEL"].split("\n")) == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("clients.csv", b"", "empty"),
        ("clients.xlsx", b"Name;Phone\n", "not an Excel workbook"),
        ("clients.csv", b"PK\x03\x04 zipped", "not a CSV"),
        ("clients.vcf", b"Name,Phone\nA,1\n", "not a vCard"),
        ("clients.pdf", b"%PDF-1.4", "CSV, XLSX or vCard"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_a_field_error(name, data, message):
    def read_all() -> None:
        parsing.check_size(len(data))
        table, _chosen = parsing.read(data, parsing.Options(parsing.guess_format(name, data)))
        list(table.rows)

    with pytest.raises(ValidationError) as raised:
        read_all()
    assert message in raised.value.message_dict["file"][0]


def test_size_limit_is_stated():
    with pytest.raises(ValidationError) as raised:
        parsing.check_size(parsing.MAX_BYTES + 1)
    assert "20 MB" in raised.value.message_dict["file"][0]
