"""Ladder API: the card, confirmation, suggestions, privileges, offer checks and overrides; OWN-1 404s."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from keepwarm.flows.orders import order_record
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def paid_order(client, by) -> None:
    today = timezone.localdate()
    order_record(
        client=client,
        by=by,
        ordered_on=today,
        amount=Decimal(50),
        items="x",
        amount_paid=Decimal(50),
        delivered_on=today,
    )


def test_lad6_card_suggestions_and_confirm(alice):
    client = make_client(alice)
    paid_order(client, alice)
    api = api_as(alice)
    card = api.get(f"/api/clients/{client.pk}/ladder/").json()
    assert card["level"] == 1
    assert card["suggestion"]["direction"] == "promote"
    assert [row["client"] for row in api.get("/api/ladder/suggestions/").json()] == [client.pk]
    bad = api.post(f"/api/clients/{client.pk}/ladder/confirm/", {"level": 9}, format="json")
    assert bad.status_code == 400
    assert "level" in bad.json()
    done = api.post(f"/api/clients/{client.pk}/ladder/confirm/", {"level": 2}, format="json")
    assert done.status_code == 200
    assert done.json()["level"] == 2
    assert done.json()["history"]
    patched = api.patch(f"/api/clients/{client.pk}/ladder/", {"prospect_behaviour": "silent"}, format="json")
    assert patched.json()["prospect_behaviour"] == "silent"


def test_lad5_offer_check_api_and_overrides_report(alice, lena, carol):
    client = make_client(alice)
    api = api_as(alice)
    url = f"/api/clients/{client.pk}/offers/check/"
    refused = api.post(url, {"discount_pct": "10"}, format="json")
    assert refused.status_code == 400
    assert {"discount_pct", "override_reason"} <= set(refused.json())
    ok = api.post(url, {"discount_pct": "10", "override_reason": "strategic"}, format="json")
    assert ok.status_code == 200
    assert ok.json()[0]["what"] == "discount"
    assert api_as(lena).get("/api/ladder/overrides/").json()["count"] == 1
    assert api_as(carol).get("/api/ladder/overrides/").json()["count"] == 0


def test_lad5_privileges_api_for_leads(alice, lena):
    assert api_as(alice).get("/api/team/privileges/").status_code == 403
    api = api_as(lena)
    rows = api.get("/api/team/privileges/").json()
    assert [row["level"] for row in rows] == [1, 2, 3, 4, 5]
    answer = api.patch("/api/team/privileges/", {"level": 2, "discount_pct": "4.5"}, format="json")
    assert answer.status_code == 200
    assert answer.json()[1]["discount_pct"] == "4.50"


def test_own1_ladder_api_answers_404_to_other_managers(alice, bob, carol):
    client = make_client(alice)
    for user in (bob, carol):
        api = api_as(user)
        assert api.get(f"/api/clients/{client.pk}/ladder/").status_code == 404
        assert api.post(f"/api/clients/{client.pk}/ladder/confirm/", {"level": 2}).status_code == 404
        assert api.post(f"/api/clients/{client.pk}/offers/check/", {"discount_pct": "1"}).status_code == 404
