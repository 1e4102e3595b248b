"""The reports' pages: a period's days (ISO text in the report's data) and numbers in the reader's locale."""

from __future__ import annotations

import datetime as dt

from django import template

from keepwarm.reports import display

register = template.Library()


@register.filter
def report_day(value: str | dt.date | None) -> str:
    return "" if not value else display.day(value)


@register.filter
def report_number(value: int | float | None) -> str:
    """A report's number as its tables show it (grouped in thousands, the locale's marks), e.g. a dashboard tile."""
    return display.cell(value)
