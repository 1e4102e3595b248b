"""POST-7 and POST-3 through the API: an event's clients to invite, and "plan waiting offers now"; OWN-1."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keepwarm.catalog import services
from keepwarm.catalog.models import Event, ProductMatch
from keepwarm.flows import catalog as catalog_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import Channel, Goal, Outcome
from tests.conftest import api_as
from tests.factories import make_client


def _event(lena, tags=("logistics",)):
    return services.event_create(
        by=lena, kind=Event.Kind.PRESENTATION, title="Fleet day", date=dt.date(2030, 5, 5), tags=tags
    )


def test_post7_api_lists_matching_clients_to_invite(alice, bob, lena, logistics_client, retail_client):
    bobs = make_client(bob, first_name="Olga", last_name="Zaharia", interests=["logistics"])
    event = _event(lena)
    catalog_flows.event_invite(event=event, client=logistics_client, by=alice)
    url = f"/api/events/{event.pk}/candidates/"

    rows = api_as(lena).get(url).json()["results"]
    assert [(row["id"], row["invited"]) for row in rows] == [(logistics_client.pk, True), (bobs.pk, False)]
    assert rows[0]["full_name"] == logistics_client.full_name
    # OWN-1: a manager sees only their own clients among the candidates
    assert [row["id"] for row in api_as(alice).get(url).json()["results"]] == [logistics_client.pk]
    assert [row["id"] for row in api_as(lena).get(url, {"limit": 1}).json()["results"]] == [logistics_client.pk]


def test_post7_own1_another_teams_event_is_404(carol, lena):
    event = _event(lena)
    assert api_as(carol).get(f"/api/events/{event.pk}/candidates/").status_code == 404


def test_post3_api_plans_waiting_offers_once_the_caps_allow(alice, lena, logistics_client, time_machine):
    client_log_touch(
        client=logistics_client,
        by=alice,
        channel=Channel.CALL,
        goal=Goal.GATHER_INFO,
        outcome=Outcome.REACHED,
        happened_at=timezone.now() - dt.timedelta(days=3),
    )
    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    assert ProductMatch.objects.get().status == ProductMatch.Status.WAITING
    url = f"/api/products/{product.pk}/retry/"
    assert api_as(lena).post(url).json()[0]["status"] == ProductMatch.Status.WAITING  # still within ANNOY-1

    time_machine.move_to(timezone.now() + dt.timedelta(days=5))
    response = api_as(lena).post(url)
    assert response.status_code == 200
    assert [(row["client"], row["status"]) for row in response.json()] == [
        (logistics_client.pk, ProductMatch.Status.PLANNED)
    ]


def test_post3_retry_is_for_leads_and_own_team(alice, carol, lena):
    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    assert api_as(alice).post(f"/api/products/{product.pk}/retry/").status_code == 403
    assert api_as(carol).post(f"/api/products/{product.pk}/retry/").status_code == 404
