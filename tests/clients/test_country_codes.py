"""A client's and an organization's country is an ISO 3166 code of a real country: "ZZ" (no country) or "XX" is a
400 on `country` through the API, as it is in the service under it."""

from __future__ import annotations

import pytest

from tests.conftest import api_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", ["ZZ", "XX", "ro"])
def test_a_country_that_is_not_one_is_a_400_on_country(alice, country):
    api = api_as(alice)
    client = api.post("/api/clients/", {"first_name": "Ana", "country": country}, format="json")
    assert client.status_code == 400, client.content
    assert "country" in client.json()
    organization = api.post("/api/organizations/", {"name": "Acme SRL", "country": country}, format="json")
    assert organization.status_code == 400, organization.content
    assert "country" in organization.json()


def test_a_real_country_is_saved(alice):
    response = api_as(alice).post("/api/clients/", {"first_name": "Ana", "country": "RO"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["country"] == "RO"
