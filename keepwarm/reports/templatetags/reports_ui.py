"""The reports' pages: a period's days (ISO text in the report's data) as the reader's locale writes them."""

from __future__ import annotations

import datetime as dt

from django import template

from keepwarm.reports import display

register = template.Library()


@register.filter
def report_day(value: str | dt.date | None) -> str:
    return "" if not value else display.day(value)
