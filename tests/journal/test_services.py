"""JOUR-1: the achievements journal: entries, search, review ticks and the weekly reminder; OWN-1."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.deals.services import deal_create
from keepwarm.journal import selectors, services
from tests.conftest import api_as
from tests.factories import make_client

MONDAY = dt.date(2030, 6, 3)


def test_jour1_search_finds_method_and_client(alice):
    client = make_client(alice, last_name="Munteanu")
    services.journal_create(by=alice, client=client, method="Showed the fuel savings table", result="Signed")
    services.journal_create(by=alice, method="Invited to the warehouse day")
    visible = selectors.journal_visible_to(alice)
    assert selectors.journal_search(visible, q="fuel").get().result == "Signed"
    assert selectors.journal_search(visible, q="munteanu").count() == 1
    assert selectors.journal_search(visible, q="").count() == 2


def test_jour1_review_ticks_off_and_the_weekly_reminder(alice, time_machine):
    assert not selectors.journal_review_due(alice, MONDAY)  # nothing to review
    entry = services.journal_create(by=alice, method="Asked for a referral")
    assert selectors.journal_review_due(alice, MONDAY)  # first working day of the week
    assert selectors.journal_review_due(alice, MONDAY + dt.timedelta(days=2))  # never reviewed yet
    time_machine.move_to(dt.datetime(2030, 6, 4, 10, tzinfo=dt.UTC))
    services.journal_mark_reviewed(entry=entry, by=alice)
    services.journal_create(by=alice, method="New one")
    assert not selectors.journal_review_due(alice, dt.date(2030, 6, 6))  # reviewed 2 days ago, Thursday
    assert selectors.journal_review_due(alice, dt.date(2030, 6, 10))  # Monday again
    assert selectors.journal_review_due(alice, dt.date(2030, 6, 12))  # 8 days since the review


def test_jour1_client_must_be_visible_and_own1_in_the_api(alice, bob, lena):
    client = make_client(alice)
    with pytest.raises(ValidationError):
        services.journal_create(by=bob, client=client, method="x")
    response = api_as(alice).post("/api/journal/", {"client": client.pk, "method": "Demo"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api_as(bob).get(f"/api/journal/{pk}/").status_code == 404
    assert api_as(lena).get(f"/api/journal/{pk}/").status_code == 200
    assert api_as(bob).post("/api/journal/", {"client": client.pk, "method": "x"}, format="json").status_code == 400
    reviewed = api_as(alice).post(f"/api/journal/{pk}/review/").json()
    assert reviewed["reviewed_at"]
    assert reviewed["reviewed_by"] == alice.pk
    assert api_as(alice).get("/api/journal/?q=demo").json()["results"][0]["id"] == pk


def test_jour1_a_deal_on_an_entry_is_its_clients(alice):
    """A manager sees many deals: an entry about Bălan may not name Petrova's deal, in the API as on the page."""
    balan, petrova = make_client(alice, last_name="Bălan"), make_client(alice, last_name="Petrova")
    deal = deal_create(by=alice, client=petrova, title="Racking")
    with pytest.raises(ValidationError) as refused:
        services.journal_create(by=alice, client=balan, deal=deal, method="x")
    assert "deal" in refused.value.message_dict
    answer = api_as(alice).post("/api/journal/", {"client": balan.pk, "deal": deal.pk, "method": "x"}, format="json")
    assert answer.status_code == 400
    assert "deal" in answer.json()
    assert services.journal_create(by=alice, client=petrova, deal=deal, method="x").deal == deal
