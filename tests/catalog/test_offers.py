"""POST-6 suggestions, POST-7 event invitations, and OWN-1 through the catalog API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.catalog import selectors, services
from keepwarm.catalog.models import Event, EventInvitation
from keepwarm.flows import catalog as catalog_flows
from keepwarm.needs.choices import NeedClass
from keepwarm.needs.offers import OfferReason
from keepwarm.touches.choices import Goal, Outcome
from keepwarm.touches.models import Touch
from tests.conftest import api_as
from tests.factories import make_client


@pytest.fixture
def catalog(lena):
    tracker = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    shelves = catalog_flows.product_create(by=lena, name="Shelves", tags=["retail", "logistics"])
    alarm = catalog_flows.product_create(by=lena, name="Alarm", need_class=NeedClass.RELIABILITY)
    return tracker, shelves, alarm


def test_post6_at_most_two_suggestions_each_with_its_reason(alice, catalog):
    tracker, shelves, _alarm = catalog
    client = make_client(alice, interests=["logistics", "retail"])
    suggestions = selectors.client_suggestions(client)
    assert [s.product for s in suggestions] == [shelves, tracker]  # two tags beat one
    assert all(s.reason == OfferReason.INTEREST for s in suggestions)
    assert suggestions[0].reason_text == "Matches the client's interests: logistics, retail"


def test_post6_an_offer_planned_this_month_leaves_room_for_one(alice, lena, catalog):
    client = make_client(alice, interests=["logistics", "retail"])
    catalog_flows.product_create(by=lena, name="Pallets", tags=["retail"])  # plans an offer for the client
    assert len(selectors.client_suggestions(client)) == 1


def test_post6_suggestions_api_and_own1(alice, bob, carol, catalog):
    client = make_client(alice, interests=["logistics"])
    response = api_as(alice).get(f"/api/clients/{client.pk}/suggestions/")
    assert response.status_code == 200
    assert len(response.json()) <= 2
    assert response.json()[0]["reason"] == "interest"
    assert api_as(bob).get(f"/api/clients/{client.pk}/suggestions/").status_code == 404
    assert api_as(carol).get(f"/api/products/{catalog[0].pk}/").status_code == 404


def test_post7_event_invitations_are_touches(alice, lena):
    client = make_client(alice, interests=["logistics"])
    make_client(alice, first_name="Other", interests=["retail"])
    event = services.event_create(
        by=lena, kind=Event.Kind.PRESENTATION, title="Warehouse day", date=dt.date(2030, 5, 1), tags=["logistics"]
    )
    assert list(selectors.event_candidates(event, user=alice)) == [client]
    invitation = catalog_flows.event_invite(event=event, client=client, by=alice)
    touch = Touch.objects.get(pk=invitation.touch_id)
    assert (touch.goal, touch.outcome, touch.client) == (Goal.PRESENT, Outcome.SENT, client)
    assert selectors.event_candidates(event, user=alice).get().invited
    with pytest.raises(ValidationError):
        catalog_flows.event_invite(event=event, client=client, by=alice)


def test_post7_invite_through_the_api_respects_own1(alice, bob, lena):
    client = make_client(alice, interests=["logistics"])
    event = services.event_create(by=lena, kind=Event.Kind.DISCOUNT, title="-10%", date=dt.date(2030, 5, 1))
    assert api_as(bob).post(f"/api/events/{event.pk}/invite/", {"client": client.pk}).status_code == 404
    response = api_as(alice).post(f"/api/events/{event.pk}/invite/", {"client": client.pk})
    assert response.status_code == 201
    assert Touch.objects.get(pk=response.json()["touch"]).goal == Goal.OFFER
    assert EventInvitation.objects.count() == 1


def test_post3_only_leads_manage_the_catalog(alice, lena, logistics_client):
    response = api_as(alice).post("/api/products/", {"name": "X", "tags": ["logistics"]}, format="json")
    assert response.status_code == 400
    response = api_as(lena).post("/api/products/", {"name": "X", "tags": ["logistics"]}, format="json")
    assert response.status_code == 201
    assert response.json()["tags"] == ["logistics"]
    matches = api_as(alice).get(f"/api/products/{response.json()['id']}/matches/").json()
    assert [m["client"] for m in matches] == [logistics_client.pk]
    assert matches[0]["status"] == "planned"
