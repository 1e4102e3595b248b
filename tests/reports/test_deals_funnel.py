"""SALE-1's funnel: a stage's conversion is the share of the deals that moved into it that then moved into a later
stage, never above 100 % when deals skip a stage or enter the funnel past its start; the raw floor of the
benchmark (benchmarks/reports_raw.py) returns the same numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keepwarm.accounts.models import User
from keepwarm.deals.models import Deal, DealStageChange
from tests.conftest import api_as
from tests.factories import make_client
from tests.reports.floor import PARAMS, floor_rows

pytestmark = pytest.mark.django_db


def _deal(owner: User, *stages: str) -> Deal:
    deal = Deal.objects.create(
        client=make_client(owner), title="d", amount=Decimal(1), currency="EUR", opened_on=dt.date(2026, 5, 1)
    )
    start = dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC)
    for day, stage in enumerate(stages):
        DealStageChange.objects.create(deal=deal, changed_at=start + dt.timedelta(days=day), to_stage=stage)
    return deal


def test_sale1_conversion_counts_deals_that_went_on_and_never_passes_100_percent(alice: User, lena: User) -> None:
    _deal(alice, "presentation", "objections", "closing_support")
    _deal(alice, "presentation", "objections")
    _deal(alice, "presentation", "closing_support")  # skips objections
    _deal(alice, "closing_support")  # enters the funnel at its end

    funnel = api_as(lena).get("/api/reports/deals/", PARAMS).json()["current"]["funnel"]

    numbers = {row["stage"]: (row["deals"], row["to_next"]) for row in funnel}
    assert numbers == {
        "search_evaluation": (0, None),
        "needs_contact": (0, None),
        "presentation": (3, 1.0),
        "objections": (2, 0.5),  # closing's 3 over objections' 2 was 150 %
        "closing_support": (3, None),
    }
    raw = floor_rows("deals", lena)
    assert {row[2]: row[5] for row in raw if row[:2] == ("reached", 1)} == {
        stage: count for stage, (count, _rate) in numbers.items() if count
    }
    assert {row[2]: row[5] for row in raw if row[:2] == ("went_on", 1)} == {"presentation": 3, "objections": 1}


def test_sale1_a_deal_going_back_has_not_gone_on_and_one_reaching_a_stage_twice_counts_once(
    alice: User, lena: User
) -> None:
    _deal(alice, "objections", "presentation")
    _deal(alice, "objections", "presentation", "objections", "closing_support")

    funnel = api_as(lena).get("/api/reports/deals/", PARAMS).json()["current"]["funnel"]

    numbers = {row["stage"]: (row["deals"], row["to_next"]) for row in funnel}
    assert numbers["objections"] == (2, 0.5)
    assert numbers["presentation"] == (2, 0.5)
    raw = floor_rows("deals", lena)
    assert {row[2]: row[5] for row in raw if row[:2] == ("went_on", 1)} == {"presentation": 1, "objections": 1}
