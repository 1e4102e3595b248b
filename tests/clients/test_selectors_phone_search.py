"""Issue 9: a phone typed as it is dialled inside the client's country (its trunk prefix from phonenumbers' data,
e.g. Russia's 8, Moldova's 0) finds the client on the list page and through /api/clients/?q=."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from keepwarm.clients.models import Client
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

# (stored number, client's country, ways a manager types it)
NUMBERS = [
    ("+79853417791", "RU", ["89853417791", "8(985)341-77-91", "8 (985) 341-77-91", "+7 985 341 77 91", "9853417791"]),
    ("+77012345678", "KZ", ["87012345678", "8 (701) 234 5678"]),
    ("+375291234567", "BY", ["80291234567", "8 029 123-45-67"]),
    ("+380501234567", "UA", ["0501234567", "050 123 4567"]),
    ("+40721234567", "RO", ["0721 234 567", "0040 721 234 567"]),
    ("+37369123456", "MD", ["069123456", "069 123 456"]),
]
CASES = [(country, typed) for _phone, country, ways in NUMBERS for typed in ways]


def found(user, q: str) -> list[int]:
    response = api_as(user).get("/api/clients/", {"q": q})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def people(alice) -> dict[str, Client]:
    return {
        country: make_client(alice, first_name=f"Caller{number}", last_name=country, country=country, phones=[phone])
        for number, (phone, country, _ways) in enumerate(NUMBERS)
    }


@pytest.mark.parametrize(("country", "typed"), CASES)
def test_a_number_typed_with_its_trunk_prefix_finds_the_client_on_the_list_page(web, alice, people, country, typed):
    body = web(alice).get("/clients/", {"q": typed}).content.decode()
    assert f'id="client-row-{people[country].pk}"' in body
    assert body.count('id="client-row-') == 1, typed  # that client only


@pytest.mark.parametrize(("country", "typed"), CASES)
def test_a_number_typed_with_its_trunk_prefix_finds_the_client_through_the_api(alice, people, country, typed):
    assert found(alice, typed) == [people[country].pk]


def test_a_trunk_prefix_is_read_for_the_numbers_own_country_only(alice, people):
    # Moldova dials 069 123 456 at home; Russia's 8 in front of that number is no way of dialling it.
    assert found(alice, "869123456") == []


def test_clients_saved_before_are_found_after_the_migration(alice, people):
    russian = people["RU"]
    Client.objects.filter(pk=russian.pk).update(search_text="ru caller0 79853417791")  # the text as kept before
    assert found(alice, "89853417791") == []
    migration = importlib.import_module("keepwarm.clients.migrations.0006_search_text_national_phones")
    migration.refill_search_text(apps, None)
    assert found(alice, "89853417791") == [russian.pk]
