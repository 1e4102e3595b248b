"""The raw floor of the reports' benchmark (benchmarks/reports_raw.py), run here so tests can check that it returns
the report's numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from benchmarks import reports_raw
from keepwarm.accounts.models import User
from keepwarm.reports.scope import Period, Span

PARAMS = {"from": "2026-06-01", "to": "2026-06-30"}


def floor_rows(name: str, lead: User, params: dict[str, str] = PARAMS, *, target: int = 6) -> list[tuple[Any, ...]]:
    """The raw floor's rows of a report for the lead's team over the period of `params` and the previous one."""
    members = list(User.objects.filter(team_id=lead.team_id).values_list("pk", flat=True))
    runs = reports_raw.statements(
        name,
        Span(Period(dt.date.fromisoformat(params["from"]), dt.date.fromisoformat(params["to"]))),
        team_id=lead.team_id,
        members=members,
        target=target,
        passive_days=180,
    )
    rows = []
    with connection.cursor() as cursor:
        for sql, values in runs:
            cursor.execute(sql, values)
            rows += cursor.fetchall()
    return rows
