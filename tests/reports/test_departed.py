"""OWN-1 in reports: a deactivated manager stays in the team's reports (their past is the team's), a lead may
still narrow a report to them, and the benchmark's raw floor counts the same people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as WebClient

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.journal.models import JournalEntry
from tests.conftest import api_as
from tests.reports.floor import PARAMS, floor_rows

pytestmark = pytest.mark.django_db


def test_own1_a_deactivated_managers_past_stays_in_the_reports(alice: User, bob: User, lena: User, carol: User) -> None:
    for author in (alice, alice, bob, carol):
        JournalEntry.objects.create(author=author, date=dt.date(2026, 6, 10), method="m")
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    team = api_as(lena).get("/api/reports/journal/", PARAMS).json()["current"]
    assert team["written"] == 3
    assert {row["manager"]: row["count"] for row in team["by_manager"]} == {alice.pk: 2, bob.pk: 1}
    hers = api_as(lena).get("/api/reports/journal/", {**PARAMS, "manager": alice.pk})
    assert hers.status_code == 200
    assert hers.json()["current"]["written"] == 2
    assert api_as(lena).get("/api/reports/journal/", {**PARAMS, "manager": carol.pk}).status_code == 404
    web = WebClient()
    web.force_login(lena)
    page = web.get("/reports/journal/", {**PARAMS, "manager": alice.pk})
    assert page.status_code == 200
    assert f'<option value="{alice.pk}" selected>' in page.content.decode()
    assert sum(row[5] for row in floor_rows("journal", lena) if row[:2] == ("written", 1)) == 3


def test_own1_a_deactivated_manager_cannot_be_given_clients(alice: User, lena: User) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert alice not in access.users_assignable_by(lena)
    assert alice in access.users_reportable_by(lena)
