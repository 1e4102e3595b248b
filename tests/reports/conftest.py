"""A small history that gives every report rows to count, shared by the period and schema tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange
from keepwarm.deals.models import Deal, DealStageChange
from keepwarm.journal.models import JournalEntry
from keepwarm.ladder.models import LadderChange, PrivilegeOverride
from keepwarm.touches.models import Touch
from tests.factories import make_client

# "This month" on 17 June: 1-17 June beside 1-17 May; 18-31 May is in neither.
NOW = dt.datetime(2026, 6, 17, 12, 0, tzinfo=dt.UTC)
BEFORE, BETWEEN, DURING = (
    dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC) for month, day in ((5, 10), (5, 25), (6, 10))
)


@pytest.fixture
def one_of_each_on_three_days(alice: User, lena: User) -> None:
    """The same history on a day of the previous period, a day between the two periods and a day of this one:
    a refusal and a purchase elsewhere with advice, a FUTURE → NOW change, a ladder move and a LAD-5 override,
    a won deal that moved into a stage, a reviewed journal entry."""
    client = make_client(alice)
    for at in (BEFORE, BETWEEN, DURING):
        Touch.objects.create(
            client=client, happened_at=at, channel="call", goal="offer", outcome="refused",
            refusal_reason="timing", continue_on=at.date() + dt.timedelta(days=30),
        )  # fmt: skip
        Touch.objects.create(
            client=client, happened_at=at + dt.timedelta(hours=1), channel="call", goal="offer",
            outcome="bought_elsewhere", competitor="Globex", competitor_advice="Ask twice",
        )  # fmt: skip
        CategoryChange.objects.create(client=client, changed_at=at, from_category="future", to_category="now")
        LadderChange.objects.create(client=client, from_level=1, to_level=2, at=at)
        PrivilegeOverride.objects.create(
            client=client, level=1, what="discount", offered=Decimal(9), allowed=Decimal(5), reason="r", at=at
        )
        deal = Deal.objects.create(
            client=client, title="d", amount=Decimal("100.50"), currency="EUR", result="won",
            opened_on=at.date() - dt.timedelta(days=3), closed_on=at.date(),
        )  # fmt: skip
        DealStageChange.objects.create(deal=deal, changed_at=at, to_stage="presentation")
        DealStageChange.objects.create(deal=deal, changed_at=at + dt.timedelta(hours=2), to_stage="objections")
        JournalEntry.objects.create(author=alice, date=at.date(), method="m", reviewed_at=at, reviewed_by=lena)
