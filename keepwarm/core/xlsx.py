"""A streamed XLSX of one sheet, written by XlsxWriter in constant-memory mode (one row held at a time) into a
temporary file that is then sent in chunks: an export of 100,000 clients never sits in memory.

XlsxWriter measured twice as fast as openpyxl's write-only mode with lxml (docs/export.md). Text is always written
as a string, never as a formula, number or link; numbers and dates are typed. Text a spreadsheet would run as a
formula (core.cells) keeps its value and gets Excel's quote prefix, the cell style that keeps it text when someone
edits it: the reader sees "-10% discount", where a CSV needs a visible apostrophe."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

from keepwarm.core.cells import runs_as_formula

CHUNK_BYTES = 64 * 1024
BOOK_OPTIONS = {
    "constant_memory": True,  # each row goes to a temporary file once the next one starts
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
DATE_FORMATS = {dt.date: "yyyy-mm-dd", dt.datetime: "yyyy-mm-dd hh:mm:ss", dt.time: "hh:mm"}


def _sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of \\ / * ? : [ ], no apostrophe at either end."""
    return re.sub(r"[\\/*?:\[\]]", " ", title)[:31].strip("'") or "Sheet1"


class Formats(dict[Any, Any]):
    """The workbook's date formats, and a date-time format per UTC offset, added when first needed."""

    def __init__(self, book: Any) -> None:
        super().__init__({kind: book.add_format({"num_format": pattern}) for kind, pattern in DATE_FORMATS.items()})
        self.book = book
        self.text = book.add_format({"quote_prefix": True})

    def __missing__(self, offset: str) -> Any:
        self[offset] = self.book.add_format({"num_format": f'{DATE_FORMATS[dt.datetime]}" {offset}"'})
        return self[offset]


def _write_moment(sheet: Any, number: int, column: int, value: dt.datetime, formats: Formats) -> None:
    """Excel has no time zones: the reader's local time as a date-time, to the second, its offset shown beside it
    by the cell's format ("2026-12-07 18:53:00 +02:00")."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
        offset = value.strftime("%z")
        cell_format = formats[f"{offset[:3]}:{offset[3:]}"]
    else:
        cell_format = formats[dt.datetime]
    sheet.write_datetime(number, column, value.replace(tzinfo=None, microsecond=0), cell_format)


def _write_text(sheet: Any, number: int, column: int, value: str, formats: Formats) -> None:
    if runs_as_formula(value):
        sheet.write_string(number, column, value, formats.text)
    else:
        sheet.write_string(number, column, value)


def _write_row(sheet: Any, number: int, row: Sequence[Any], formats: Formats) -> None:
    for column, value in enumerate(row):
        kind = type(value)
        if kind is str:  # most cells: the cheap test first
            if value:
                _write_text(sheet, number, column, value, formats)
        elif value is None:
            continue
        elif kind is bool:
            sheet.write_boolean(number, column, value)
        elif kind in (int, float, Decimal):
            sheet.write_number(number, column, value)
        elif kind is dt.datetime:
            _write_moment(sheet, number, column, value, formats)
        elif kind in (dt.date, dt.time):
            sheet.write_datetime(number, column, value, formats[kind])
        else:
            _write_text(sheet, number, column, str(value), formats)


def xlsx_chunks(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> Iterator[bytes]:
    """The workbook's bytes, CHUNK_BYTES at a time; the rows are read when the first chunk is asked for."""
    with tempfile.TemporaryFile() as file:
        book = xlsxwriter.Workbook(file, BOOK_OPTIONS)
        formats = Formats(book)
        sheet = book.add_worksheet(_sheet_name(title))
        _write_row(sheet, 0, [str(name) for name in header], formats)
        for number, row in enumerate(rows, start=1):
            _write_row(sheet, number, row, formats)
        book.close()
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
