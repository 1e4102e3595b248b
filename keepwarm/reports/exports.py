"""CSV and XLSX downloads of a report's tables, safe to open in a spreadsheet."""

from __future__ import annotations

import re

import tablib

from keepwarm.core.cells import neutralised
from keepwarm.reports.tables import Cell, Table


def safe(cell: Cell) -> Cell:
    """Text that a spreadsheet would run gets a leading apostrophe; numbers stay numbers."""
    return neutralised(cell) if isinstance(cell, str) else cell


def dataset(table: Table) -> tablib.Dataset:
    title = re.sub(r"[\\/*?:\[\]]", " ", str(table.title))[:31]
    data = tablib.Dataset(headers=[str(safe(c)) for c in table.columns], title=title)
    for row in table.rows:
        data.append([safe(cell) for cell in row])
    return data


def as_csv(tables: list[Table]) -> str:
    """Each table after its title, separated by a blank line."""
    parts = []
    for table in tables:
        parts.append(f"{safe(table.title)}\r\n{dataset(table).export('csv')}")
    return "\r\n".join(parts)


def as_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table; sheet names must be unique and at most 31 characters."""
    book = tablib.Databook()
    seen: set[str] = set()
    for number, table in enumerate(tables, start=1):
        data = dataset(table)
        title = data.title or str(number)
        data.title = title if title not in seen else f"{number} {title}"[:31]
        seen.add(data.title)
        book.add_sheet(data)
    return book.export("xlsx")
