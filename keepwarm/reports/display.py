"""A report's cells as the reader reads them (LANG-1): numbers grouped in thousands with the locale's marks and
the same decimals down a column, days and months in the locale's words. The downloads keep the raw values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from babel.dates import format_date
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import translation

from keepwarm.core.templatetags.keepwarm_ui import short_date

Raw = str | int | float | None
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")
NOTHING = "—"


def _locale() -> str:
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


def decimals(column: Sequence[Raw]) -> int:
    """How many decimals a column's numbers show: as many as the most precise of them needs, at most two."""
    most = 0
    for value in column:
        if isinstance(value, float) and not isinstance(value, bool):
            text = f"{round(value, 2):.2f}".rstrip("0")
            most = max(most, len(text.partition(".")[2]))
    return most


def number(value: int | float, places: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=_locale())


def label(value: Raw) -> str:
    """A row's label: an ISO day or month in the locale's words, anything else as it is."""
    if isinstance(value, str):
        if DAY.fullmatch(value):
            return day(value)
        if MONTH.fullmatch(value):
            return format_date(dt.date.fromisoformat(value + "-01"), "LLLL y", locale=_locale())
    return cell(value)


def day(value: str | dt.date) -> str:
    """A day as the lists show it (SHORT_DATE_FORMAT), from a date or its ISO text."""
    return short_date(dt.date.fromisoformat(value) if isinstance(value, str) else value)


def cell(value: Raw, places: int = 0) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, places)
    return value


def rows(rows: Sequence[Sequence[Raw]]) -> list[list[str]]:
    """The rows' cells as text: the first column a label, counts whole, measured values (floats) with as many
    decimals as their column's most precise one needs."""
    places = [decimals(column) for column in zip(*rows, strict=True)] if rows else []
    return [[label(row[0]), *(cell(value, places[i]) for i, value in enumerate(row) if i)] for row in rows]
