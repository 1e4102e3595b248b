"""Real-world-shaped files: the ones in files/, and a workbook built here (merged header cells, empty rows)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

FILES = Path(__file__).parent / "files"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (FILES / name).read_bytes())


def workbook_bytes() -> bytes:
    """A sheet "Notes" first, then "Clients": a title row, a two-row header whose "Телефоны" spans two merged
    columns, phones typed as numbers, a date cell and empty rows between the clients."""
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Exported from the old system"
    sheet = book.create_sheet("Clients")
    sheet["A1"] = "Клиенты отдела продаж"
    sheet.merge_cells("A1:F1")
    for column, header in enumerate(["Фамилия", "Имя", "Телефоны", None, "E-mail", "Дата рождения"], start=1):
        sheet.cell(row=2, column=column, value=header)
    sheet.merge_cells("C2:D2")
    sheet.append(["Ceban", "Natalia", 37369000111, "022 555 666", "natalia@example.md", dt.datetime(1990, 5, 17)])
    sheet.append([None] * 6)
    sheet.append(["Rotaru", "Mihai", "+373 79 000 222", None, None, None])
    sheet.append([])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Balan", "Olga", "060 000 333", None, "olga@example", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def workbook() -> SimpleUploadedFile:
    return upload("clients.xlsx", workbook_bytes())
