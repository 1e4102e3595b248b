"""Writers that never hold the whole export: CSV as a stream of byte chunks, vCard 3.0 as a stream of cards, and
the pipe a streamed ZIP is written into (team.py). Every text cell passes the formula rule (core.cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from keepwarm.core.cells import neutralised

Row = Sequence[Any]
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one
ROWS_PER_CHUNK = 1000


def moment(value: dt.datetime) -> str:
    """ISO 8601 in the reader's time zone with its offset, to the second: 2026-12-07T18:53:00+02:00 (what
    datetime.fromisoformat, and the import, read back as the same instant)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def csv_cell(value: Any) -> Any:
    """Text neutralised, dates in ISO form, numbers as they are, nothing as an empty cell."""
    if type(value) is str:  # most cells: the cheap test first
        return neutralised(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return moment(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return neutralised(str(value))


def comma_decimal_cell(value: Any) -> Any:
    """csv_cell for the ";" CSV, the one a decimal-comma Excel (Russian, Romanian) opens: a fraction is written
    33,3, which it reads as a number (33.3 it reads as text, or as a date)."""
    if isinstance(value, float | Decimal):
        return (format(value, "f") if isinstance(value, Decimal) else repr(value)).replace(".", ",")
    return csv_cell(value)


def csv_chunks(header: Row, rows: Iterable[Row], *, delimiter: str = ",", bom: bool = True) -> Iterator[bytes]:
    """UTF-8 CSV (with a BOM for Excel), ROWS_PER_CHUNK rows per yielded chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    cell = comma_decimal_cell if delimiter == ";" else csv_cell
    if bom:
        buffer.write(BOM)
    writer.writerow([cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class ZipPipe:
    """Where zipfile writes; the stream takes what was written after each chunk (zipfile then uses data
    descriptors, as for any stream it cannot seek back in)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


# --- vCard 3.0 (RFC 2426) --------------------------------------------------------------------------------------


VCARD_ESCAPES = (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\r\n", "\\n"), ("\n", "\\n"), ("\r", "\\n"))


def vcard_text(value: Any) -> str:
    text = "" if value is None else str(value)
    for raw, escaped in VCARD_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _folded(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 2425)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line + "\r\n"
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 74:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts) + "\r\n"


def vcard(properties: Iterable[tuple[str, str]]) -> str:
    """One card from (name with parameters, already-escaped value) pairs; empty values are left out."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", *(f"{name}:{value}" for name, value in properties if value), "END:VCARD"]
    return "".join(_folded(line) for line in lines)


def text_chunks(parts: Iterable[str], *, per_chunk: int = ROWS_PER_CHUNK) -> Iterator[bytes]:
    chunk: list[str] = []
    for part in parts:
        chunk.append(part)
        if len(chunk) >= per_chunk:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()
