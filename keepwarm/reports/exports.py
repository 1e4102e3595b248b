"""CSV and XLSX downloads of a report's tables, safe to open in a spreadsheet."""

from __future__ import annotations

import re

import tablib

from keepwarm.core.cells import neutralised
from keepwarm.exports import writers
from keepwarm.reports.tables import Cell, Table


def safe(cell: Cell) -> Cell:
    """Text that a spreadsheet would run gets a leading apostrophe; numbers stay numbers."""
    return neutralised(cell) if isinstance(cell, str) else cell


def dataset(table: Table) -> tablib.Dataset:
    data = tablib.Dataset(headers=[str(safe(c)) for c in table.columns])
    for row in table.rows:
        data.append([safe(cell) for cell in row])
    return data


def as_csv(tables: list[Table], delimiter: str = ",") -> bytes:
    """Each table after its title, separated by a blank line: the client export's CSV (exports.writers), UTF-8
    with a BOM so that Excel reads Cyrillic and Romanian letters, and its delimiter (";" for a decimal-comma
    Excel)."""
    parts: list[bytes] = []
    for number, table in enumerate(tables):
        if number:
            parts.append(b"\r\n")
        parts.extend(writers.csv_chunks([table.title], [], delimiter=delimiter, bom=not number))
        parts.extend(writers.csv_chunks(table.columns, table.rows, delimiter=delimiter, bom=False))
    return b"".join(parts)


SHEET_NAME = 31  # Excel's longest sheet name


def _cut(title: str) -> str:
    """A title within a sheet name's length, cut between words, the bracketed codes and units dropped first."""
    title = re.sub(r"\s+", " ", re.sub(r"[\\/*?:\[\]]", " ", title)).strip()
    if len(title) > SHEET_NAME:
        title = re.sub(r"\s*\([^)]*\)", "", title).strip()
    words: list[str] = []
    for word in title.split(" "):
        if len(" ".join([*words, word])) > SHEET_NAME:
            break
        words.append(word)
    return " ".join(words).rstrip(",;–—-") or title[:SHEET_NAME]


def sheet_names(tables: list[Table]) -> list[str]:
    """Short, distinct, whole-word sheet names: a table's own short name where its title is long, else the title
    cut at a word; a name already taken gets the table's number in front."""
    names: list[str] = []
    for number, table in enumerate(tables, start=1):
        name = _cut(table.sheet or table.title)
        names.append(name if name not in names else _cut(f"{number}. {name}"))
    return names


def as_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table."""
    book = tablib.Databook()
    for table, name in zip(tables, sheet_names(tables), strict=True):
        data = dataset(table)
        data.title = name
        book.add_sheet(data)
    return book.export("xlsx")
