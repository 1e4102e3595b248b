"""Reading an uploaded file into a header row and data rows: CSV (encoding and delimiter detected), XLSX (read-only,
a chosen sheet and header row) and vCard 3.0/4.0. Pure: bytes in, lists of strings out; nothing is stored."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
import vobject
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from keepwarm.core.cells import restored
from keepwarm.core.middleware import FILE_TOO_LARGE

MAX_BYTES = settings.FILE_UPLOAD_MAX_SIZE  # 20 MB: about 200,000 rows of a typical client list
MAX_COLUMNS = 200
ENCODINGS = ("utf-8-sig", "cp1251")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel's "Unicode text": UTF-16 with its BOM, tab-separated
DELIMITERS = (";", ",", "\t")
PREVIEW_ROWS = 10
DETECT_ROWS = 20  # the header row is looked for within the first rows
csv.field_size_limit(MAX_BYTES)

TOO_BIG = FILE_TOO_LARGE  # the same words when the request itself is refused as too large (core.middleware)
EMPTY = _("The file is empty.")
NOT_CSV = _("This file is not a CSV text file (it looks like a binary file).")
NOT_XLSX = _("This file is not an Excel workbook (.xlsx).")
NOT_VCARD = _("This file is not a vCard file (no BEGIN:VCARD).")
BINARY_VCARD = _("This file is not a vCard (.vcf) text file (it looks like a binary file).")
UNKNOWN_FORMAT = _("Upload a CSV, XLSX or vCard (.vcf) file.")
BAD_ENCODING = _("The file cannot be read as %(encoding)s.")
NO_SHEET = _("The workbook has no sheet named “%(sheet)s”.")
NO_ROWS = _("The file has a header row but no rows of data below it.")
BAD_HEADER_ROW = _("The header row is past the end of the file.")

# vCard properties as columns (suggested mapping knows these names).
VCARD_HEADERS = [
    "FN", "N:family", "N:given", "N:additional", "TEL", "EMAIL", "ORG", "TITLE", "BDAY", "NOTE", "CATEGORIES",
    "ADR:country",
]  # fmt: skip


def file_error(message: object, **params: object) -> ValidationError:
    return ValidationError({"file": [str(message) % params if params else str(message)]}, code="file")


@dataclass
class Table:
    """A file's columns and its data rows, each with its number as the file counts it (1 = the first line)."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    sheets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    format: str
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header_row: int = 0  # 0: detected


def guess_format(name: str, head: bytes) -> str:
    """From the content first (a renamed file is what it is), then the extension."""
    lowered = name.lower()
    if head.startswith(b"PK\x03\x04"):
        if lowered.endswith((".csv", ".vcf", ".txt")):
            raise file_error(NOT_CSV if not lowered.endswith(".vcf") else NOT_VCARD)
        return "xlsx"
    if lowered.endswith(".xlsx"):
        raise file_error(NOT_XLSX)
    if lowered.endswith((".vcf", ".vcard")) or b"BEGIN:VCARD" in head[:2048].upper():
        return "vcf"
    if lowered.endswith((".csv", ".txt", ".tsv")) or not lowered.rpartition(".")[1]:
        return "csv"
    raise file_error(UNKNOWN_FORMAT)


def check_size(size: int) -> None:
    if size == 0:
        raise file_error(EMPTY)
    if size > MAX_BYTES:
        raise file_error(TOO_BIG, limit=MAX_BYTES // (1024 * 1024))


def decode(data: bytes, encoding: str = "", *, binary: object = NOT_CSV) -> tuple[str, str]:
    """The text and the encoding that read it: the one asked for, else UTF-16 when the file starts with its BOM,
    else UTF-8 (with or without BOM), else Windows-1251 (what Russian Excel saves). `binary` names the text format
    expected when the file is not text."""
    if encoding == "utf-16" or (not encoding and data.startswith(UTF16_BOMS)):  # its zero bytes are text
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise file_error(BAD_ENCODING, encoding="UTF-16") from None
    if b"\x00" in data[:4096]:
        raise file_error(binary)
    for candidate in (encoding,) if encoding else ENCODINGS:
        try:
            return data.decode(candidate), "utf-8" if candidate == "utf-8-sig" else candidate
        except (UnicodeDecodeError, LookupError):
            continue
    raise file_error(BAD_ENCODING, encoding=encoding or "UTF-8")


def sniff_delimiter(text: str) -> str:
    """csv.Sniffer on the first lines; when it cannot tell, the delimiter that splits the first line most."""
    sample = "\n".join(text[:65536].splitlines()[:20])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        found = ""
    if found in DELIMITERS:
        return found
    first = sample.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _clean(value: object) -> str:
    """A cell as text: dates in ISO form, whole numbers without ".0" (a phone typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(value: object) -> str:
    """A CSV's cell as text, with the apostrophe KeepWarm puts before a formula dropped (core.cells): the errors
    file and the exports come back in as they went out. (An XLSX keeps the text as it is: core.xlsx.)"""
    return restored(_clean(value))


def _numbered(
    rows: Iterator[tuple[int, list[str]]], header_row: int
) -> tuple[int, list[str], Iterator[tuple[int, list[str]]]]:
    """The header row's number and cells, and every non-empty row after it with its number (rows the file leaves
    out, as a sheet does its empty ones, are empty: a missing header row is one without names). Header row 0: the
    first row with several filled cells (not a title merged over the columns above the header), else the first
    filled row, looked for within the first DETECT_ROWS."""
    seen: list[tuple[int, list[str]]] = []  # the rows read before the header, kept while it is looked for
    for number, row in rows:
        if header_row and number > header_row:  # the file leaves the header row out
            return header_row, [], _after(itertools.chain([(number, row)], rows))
        if number == header_row or (header_row == 0 and sum(1 for cell in row if cell) > 1):
            return number, _headers(row), _after(rows)
        if header_row == 0:
            seen.append((number, row))
            if number >= DETECT_ROWS:
                break
    for index, (number, row) in enumerate(seen):
        if any(row):  # no row with several cells: a file of one column
            return number, _headers(row), _after(itertools.chain(seen[index + 1 :], rows))
    raise file_error(BAD_HEADER_ROW)


def _after(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    return (item for item in rows if any(cell for cell in item[1]))


def _headers(row: list[str]) -> list[str]:
    """Header names; an empty cell right of a named one is part of a merged header ("Phones" over two columns)."""
    while row and not row[-1]:
        row = row[:-1]
    headers: list[str] = []
    for index, cell in enumerate(row[:MAX_COLUMNS]):
        if cell:
            headers.append(cell)
        elif headers:
            base = headers[-1].split(" (")[0]
            headers.append(f"{base} ({sum(1 for h in headers if h.split(' (')[0] == base) + 1})")
        else:
            headers.append(f"#{index + 1}")
    return headers


def read_csv(data: bytes, options: Options) -> tuple[Table, Options]:
    text, encoding = decode(data, options.encoding)
    delimiter = options.delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ([_cell(cell) for cell in row] for row in reader)
    header_row, headers, numbered = _numbered(enumerate(rows, start=1), options.header_row)
    chosen = Options("csv", encoding=encoding, delimiter=delimiter, header_row=header_row)
    return Table(headers, numbered), chosen


def _sheet_rows(worksheet: ReadOnlyWorksheet) -> Iterator[tuple[int, list[str]]]:
    """The rows the sheet holds, with their numbers, each cut at MAX_COLUMNS and at its last filled cell. The sheet's
    declared dimension is not trusted, nor are the rows it leaves out made up: openpyxl's iter_rows pads every row
    to the dimension, so a 5 KB file with one cell at XFD1048576 would be a million rows of 16,384 cells. The
    parser is openpyxl's own (pinned in pyproject.toml), read as ReadOnlyWorksheet._cells_by_row reads it."""
    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {cell["column"]: cell["value"] for cell in cells if cell["column"] <= MAX_COLUMNS}
            filled = [column for column, value in values.items() if value is not None and value != ""]
            yield number, [_clean(values.get(column)) for column in range(1, max(filled, default=0) + 1)]


def read_xlsx(data: bytes, options: Options) -> tuple[Table, Options]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise file_error(NOT_XLSX) from None
    sheets = list(workbook.sheetnames)
    sheet = options.sheet or sheets[0]
    if sheet not in sheets:
        raise file_error(NO_SHEET, sheet=sheet)
    header_row, headers, numbered = _numbered(_sheet_rows(workbook[sheet]), options.header_row)
    chosen = Options("xlsx", sheet=sheet, header_row=header_row)
    return Table(headers, numbered, sheets), chosen


def _vcard_row(card: vobject.base.Component) -> list[str]:
    def values(name: str) -> list[str]:
        return [_clean(item.value) for item in card.contents.get(name, [])]

    phones: list[str] = []
    faxes: list[str] = []
    for item in card.contents.get("tel", []):
        kinds = ",".join(item.params.get("TYPE", [])).lower()  # "WORK,FAX", or vCard 4.0's quoted "work,fax"
        (faxes if "fax" in kinds else phones).append(_clean(item.value))
    # A fax is no number to call: it stays in the notes, as the vCard wrote it.
    note = "\n".join([*values("note")[:1], *(f"FAX: {fax.removeprefix('tel:')}" for fax in faxes)])
    name = card.contents.get("n", [None])[0]
    parts = name.value if name is not None else None
    org = card.contents.get("org", [None])[0]
    address = card.contents.get("adr", [None])[0]
    categories = card.contents.get("categories", [None])[0]
    return [
        next(iter(values("fn")), ""),
        _clean(getattr(parts, "family", "")) if parts else "",
        _clean(getattr(parts, "given", "")) if parts else "",
        _clean(getattr(parts, "additional", "")) if parts else "",
        "\n".join(phones),
        "\n".join(values("email")),
        _clean(org.value[0] if org is not None and isinstance(org.value, list) and org.value else ""),
        next(iter(values("title")), ""),
        next(iter(values("bday")), ""),
        note,
        ", ".join(categories.value) if categories is not None and isinstance(categories.value, list) else "",
        _clean(getattr(address.value, "country", "")) if address is not None else "",
    ]


def read_vcard(data: bytes, options: Options) -> tuple[Table, Options]:
    text, encoding = decode(data, options.encoding, binary=BINARY_VCARD)
    if "BEGIN:VCARD" not in text.upper():
        raise file_error(NOT_VCARD)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=True), start=2):
                if card.name.upper() == "VCARD":
                    yield number, _vcard_row(card)
        except (vobject.base.ParseError, ValueError, AttributeError):
            raise file_error(NOT_VCARD) from None

    return Table(list(VCARD_HEADERS), rows()), Options("vcf", encoding=encoding)


READERS = {"csv": read_csv, "xlsx": read_xlsx, "vcf": read_vcard}


def read(data: bytes, options: Options) -> tuple[Table, Options]:
    """The file's table as read with the options (empty ones detected); a file that cannot be read is a
    ValidationError on `file`."""
    check_size(len(data))
    return READERS[options.format](data, options)
