"""An export as an HTTP download, the same for the web pages and the API: CSV, XLSX and vCard all stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keepwarm.core import xlsx
from keepwarm.core.attachments import attachment
from keepwarm.exports import writers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "vcf": "text/vcard; charset=utf-8"}
DELIMITERS = {"comma": ",", "semicolon": ";", ",": ",", ";": ";"}


@dataclass(frozen=True)
class Export:
    name: str  # the file's name without the date and extension
    header: Sequence[str]
    rows: Callable[[], Iterable[Sequence[Any]]]  # called when the file is written, so nothing is read before
    cards: Callable[[], Iterable[str]] | None = None  # vCards, where the export has people


def parsed(fmt: str, delimiter: str = "", *, formats: Iterable[str] = ("csv", "xlsx")) -> tuple[str, str]:
    """(format, delimiter character) of a request; anything else is a ValidationError naming the field."""
    if fmt == "csv-semicolon":
        fmt, delimiter = "csv", "semicolon"
    allowed = list(formats)
    if fmt not in allowed:
        offered = [*allowed, "csv-semicolon"] if "csv" in allowed else allowed  # the spelling pages send
        raise ValidationError({"format": [_("Choose one of: %(formats)s.") % {"formats": ", ".join(offered)}]})
    if delimiter and delimiter not in DELIMITERS:
        raise ValidationError({"delimiter": [_("Use comma or semicolon.")]})
    return fmt, DELIMITERS.get(delimiter or "comma", ",")


def in_language(chunks: Iterable[bytes], zone: dt.tzinfo | None = None) -> Iterator[bytes]:
    """A stream is read after the view returned: its labels are worded in the language of the request, its
    moments in the reader's time zone (the request's unless given: an API call authenticates in the view)."""
    return _read_in(chunks, translation.get_language(), zone or timezone.get_current_timezone())


def _read_in(chunks: Iterable[bytes], language: str | None, zone: dt.tzinfo) -> Iterator[bytes]:
    with translation.override(language), timezone.override(zone):
        yield from chunks


def streamed(
    chunks: Iterable[bytes], *, content_type: str, filename: str, zone: dt.tzinfo | None = None
) -> StreamingHttpResponse:
    answer = StreamingHttpResponse(in_language(chunks, zone), content_type=content_type)
    answer["Content-Disposition"] = attachment(filename)
    return answer


def response(export: Export, *, fmt: str, delimiter: str = ",", zone: dt.tzinfo | None = None) -> HttpResponseBase:
    filename = f"{export.name}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        body = xlsx.xlsx_chunks(export.header, export.rows(), title=export.name)
    elif fmt == "vcf" and export.cards is not None:
        body = writers.text_chunks(export.cards())
    else:
        body = writers.csv_chunks(export.header, export.rows(), delimiter=delimiter)
    return streamed(body, content_type=CONTENT_TYPES[fmt], filename=filename, zone=zone)
