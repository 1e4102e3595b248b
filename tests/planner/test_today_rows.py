"""Today's rows (built in Python since issue 15) are what the row template wrote, in every branch and language."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from keepwarm.planner.agenda_rows import AgendaClient, AgendaItem, AgendaPlan
from keepwarm.planner.tact import MomentStatus

# The row as a template, as Today had it before: the reference the Python row must match.
REFERENCE = (Path(__file__).parent / "today_row_reference.html").read_text()
ROW = "{% load today_ui %}{% plan_row item show_owner=show_owner today=today %}"
TODAY = dt.date(2026, 3, 4)
ZONE = zoneinfo.ZoneInfo("Europe/Chisinau")


def item(*, overdue: bool, moment: str, window: bool, letter: bool, courtesy: bool, flags: bool) -> AgendaItem:
    client = AgendaClient(
        pk=7,
        last_name="O'Neil <b>",
        first_name="Ann & Co",
        patronymic="",
        category="now",
        do_not_contact=flags,
        organization_name="<i>Ink</i>" if flags else "",
        owner_name='Lena "L"',
    )
    plan = AgendaPlan(
        pk=42,
        client=client,
        due_date=TODAY - dt.timedelta(days=2 if overdue else 0),
        window_start=dt.time(10, 0) if window else None,
        window_end=dt.time(11, 30) if window else None,
        due_at=None,
        channel="letter" if letter else "call",
        goal="greeting" if courtesy else "present",
        kind="rule_of_six",
        is_next_step=not courtesy,
        status="open",
        client_choice=False,
        urgent=flags,
        overdue_since=TODAY - dt.timedelta(days=9) if flags else None,
        explanation=[],
        note="",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        closed_at=None,
        time_zone="Europe/Chisinau",
    )
    now = dt.datetime(2026, 3, 4, 12, 40, tzinfo=ZONE)
    status = {
        "closing": MomentStatus(ok=True, code="good", local_now=now, closes_at=dt.time(13, 0)),
        "closing_one": MomentStatus(ok=True, code="good", local_now=now, closes_at=dt.time(12, 41)),
        "good": MomentStatus(ok=True, code="good", local_now=now, closes_at=dt.time(18, 0)),
        "lunch": MomentStatus(ok=False, code="lunch", local_now=now),
    }[moment]
    return AgendaItem(
        planned=plan,
        overdue=overdue,
        moment=status,
        closing_soon=moment.startswith("closing"),
        reasons=["Rule of six: <the 3rd> contact"] if flags else [],
    )


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
def test_today_rows_are_what_the_row_template_wrote(language):
    reference = engines["django"].from_string(REFERENCE)
    row = engines["django"].from_string(ROW)
    request = RequestFactory().get("/")
    checked = 0
    with translation.override(language):
        for overdue, moment, window, letter, courtesy, flags, show_owner in itertools.product(
            [False, True], ["closing", "closing_one", "good", "lunch"], *[[False, True]] * 5
        ):
            context = {
                "item": item(
                    overdue=overdue, moment=moment, window=window, letter=letter, courtesy=courtesy, flags=flags
                ),
                "show_owner": show_owner,
                "today": TODAY,
                "csrf_token": "token-x",
            }
            assert row.render(context, request) == reference.render(context, request), context
            checked += 1
    assert checked == 256
