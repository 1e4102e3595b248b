"""Ids sent in request bodies are bounded like the query string's (core.params): one no row can have — past the
widest database integer, or below 1 — is a 400 on its field, never an OverflowError (a 500) in the query."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.catalog import services as catalog_services
from keepwarm.catalog.models import Event
from keepwarm.core.params import DB_INT_MAX
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

TOO_BIG = DB_INT_MAX + 1


@pytest.mark.parametrize("bad", [TOO_BIG, 0])
def test_ids_no_row_can_have_are_a_400_on_their_field(alice, bob, lena, bad):
    client = make_client(alice)
    event = catalog_services.event_create(by=lena, kind=Event.Kind.DISCOUNT, title="-10%", date=dt.date(2030, 5, 1))
    calls = [
        (lena, "/api/clients/reassign/", {"clients": [bad], "to_owner": bob.pk}, "clients"),
        (alice, f"/api/events/{event.pk}/invite/", {"client": bad}, "client"),
        (alice, f"/api/clients/{client.pk}/interviews/", {"questionnaire": bad, "answers": []}, "questionnaire"),
        (alice, f"/api/clients/{client.pk}/offers/check/", {"order": bad}, "order"),
        (alice, "/api/planned-touches/", {"client": bad, "due_date": "2030-01-01", "goal": "greet"}, "client"),
    ]
    for user, url, body, field in calls:
        response = api_as(user).post(url, body, format="json")
        assert response.status_code == 400, (url, response.content)
        assert field in response.json(), (url, response.json())
