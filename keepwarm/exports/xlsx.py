"""A streamed XLSX: one sheet of inline strings, numbers and dates, written row by row into a ZIP as it is sent.

openpyxl's write-only mode (without lxml) wrote 400 rows/s of 24 columns here; this writes what a one-sheet table
needs and nothing else, so an export of 100,000 clients streams like the CSV. openpyxl reads the result back in
the tests."""

# ruff: noqa: E501  (the package's XML parts read best one element a line, however long)

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from keepwarm.core.cells import neutralised
from keepwarm.exports.writers import ZipPipe

ROWS_PER_CHUNK = 1000
EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's day zero; its serial numbers have no time zone
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold
DATE_STYLE, DATETIME_STYLE, TIME_STYLE = 1, 2, 3

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="hh:mm"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
SHEET_END = "</sheetData></worksheet>"


def _serial(value: dt.datetime) -> float:
    if value.tzinfo is not None:  # Excel has no time zones: UTC
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    delta = value - EPOCH
    return delta.days + delta.seconds / 86400


def cell(value: Any) -> str:
    """One <c>: text neutralised (core.cells) as an inline string, never a formula; numbers and dates typed."""
    if value is None or value == "":
        return "<c/>"
    kind = type(value)
    if kind is str:
        text = escape(ILLEGAL.sub("", neutralised(value)))
        return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    if kind in (int, float, Decimal):
        return f"<c><v>{value}</v></c>"
    if kind is dt.datetime:
        return f'<c s="{DATETIME_STYLE}"><v>{_serial(value)}</v></c>'
    if kind is dt.date:
        return f'<c s="{DATE_STYLE}"><v>{(value - EPOCH.date()).days}</v></c>'
    if kind is dt.time:
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return f'<c s="{TIME_STYLE}"><v>{seconds / 86400}</v></c>'
    return cell(str(value))


def xlsx_chunks(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> Iterator[bytes]:
    pipe = ZipPipe()
    name = escape(re.sub(r"[\\/*?:\[\]]", " ", title)[:31] or "Sheet1", {'"': "&quot;"})
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as book:  # type: ignore[call-overload]
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK.format(name=name))
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", mode="w", force_zip64=True) as sheet:
            part = [SHEET_START, "<row>", *(cell(str(name)) for name in header), "</row>"]
            for count, row in enumerate(rows, start=1):
                part.append("<row>")
                part.extend(cell(value) for value in row)
                part.append("</row>")
                if count % ROWS_PER_CHUNK == 0:
                    sheet.write("".join(part).encode())
                    part = []
                    yield pipe.take()
            part.append(SHEET_END)
            sheet.write("".join(part).encode())
    yield pipe.take()
