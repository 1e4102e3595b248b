"""Drill-down from a report's number to the clients behind it: OWN-1 scoped, bad measures are 400, the page links."""

from __future__ import annotations

import pytest
from django.test import Client as WebClient

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange, Client
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _flowed(owner: User) -> Client:
    client = make_client(owner)
    CategoryChange.objects.create(
        client=client, changed_at=client.created_at, from_category="future", to_category="now"
    )
    return client


def _web(user: User, language: str = "en") -> WebClient:
    web = WebClient(headers={"accept-language": language})
    web.force_login(user)
    return web


def test_own1_a_manager_cannot_drill_into_another_managers_clients(alice: User, bob: User, root: User) -> None:
    mine, theirs = _flowed(alice), _flowed(bob)
    params = {"measure": "future_to_now"}
    assert api_as(alice).get("/api/reports/flows/clients/", {**params, "manager": bob.pk}).status_code == 404
    listed = api_as(alice).get("/api/reports/flows/clients/", params).json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    everyone = api_as(root).get("/api/reports/flows/clients/", params).json()
    assert {row["id"] for row in everyone["results"]} == {mine.pk, theirs.pk}
    assert _web(alice).get("/reports/flows/clients/", {**params, "manager": bob.pk}).status_code == 404


def test_cat6_an_unknown_measure_is_a_field_error_not_a_500(alice: User) -> None:
    response = api_as(alice).get("/api/reports/flows/clients/", {"measure": "deals_won"})
    assert response.status_code == 400
    assert "measure" in response.json()
    assert api_as(alice).get("/api/reports/flows/clients/").status_code == 400
    assert api_as(alice).get("/api/reports/journal/clients/", {"measure": "written"}).status_code == 404
    assert api_as(alice).get("/api/reports/flows/clients/", {"measure": "to_never", "from": "x"}).status_code == 400
    assert _web(alice).get("/reports/flows/clients/", {"measure": "nope"}).status_code == 400


def test_cat6_the_number_on_the_report_page_links_to_its_clients(alice: User) -> None:
    client = _flowed(alice)
    page = _web(alice).get("/reports/flows/", {"period": "month"}).content.decode()
    assert "/reports/flows/clients/?measure=future_to_now&amp;period=month" in page
    drilled = _web(alice).get("/reports/flows/clients/", {"measure": "future_to_now", "period": "month"})
    assert drilled.status_code == 200
    assert f'href="/clients/{client.pk}/"' in drilled.content.decode()
    assert alice.display_name in drilled.content.decode()


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_the_drill_down_page_renders_in_each_language(alice: User, language: str) -> None:
    _flowed(alice)
    response = _web(alice, language).get("/reports/flows/clients/", {"measure": "future_to_now"})
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_drill_down_is_described_in_the_api_schema(alice: User) -> None:
    schema = api_as(alice).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/reports/{name}/clients/"]["get"]
    assert "measure" in {parameter["name"] for parameter in operation["parameters"]}


@pytest.mark.parametrize(
    ("name", "measure", "label"),
    [
        ("deals", "reached_presentation", "Deals reaching Presentation"),
        ("ladder", "level_2", "Clients at level User"),
        ("activity", "missed", "Planned contacts missed"),
        ("six", "compliant", "Active clients with their six contacts"),
    ],
)
def test_sale1_lad5_every_drill_down_page_names_its_number(alice: User, name: str, measure: str, label: str) -> None:
    response = _web(alice).get(f"/reports/{name}/clients/", {"measure": measure, "period": "year"})
    assert response.status_code == 200
    assert label in response.content.decode()


def test_own1_the_dashboard_links_its_numbers_to_their_clients(alice: User) -> None:
    _flowed(alice)
    page = _web(alice).get("/reports/", {"period": "month"}).content.decode()
    assert "/reports/flows/clients/?measure=future_to_now&amp;period=month" in page
    assert "/reports/deals/clients/?measure=won&amp;period=month" in page


def test_cat6_a_number_of_no_clients_drills_into_a_page_that_says_so(alice: User) -> None:
    _flowed(alice)
    alice.language = "ru"
    alice.save(update_fields=["language"])
    drilled = _web(alice).get("/reports/flows/clients/", {"measure": "to_never", "period": "month"})
    assert drilled.status_code == 200
    text = " ".join(drilled.content.decode().split())
    assert "0 клиентов" in text, "the count and the period are shown"
    assert "За этот период ничего нет." in text


def test_six2_a_client_below_six_on_the_report_opens_its_card(alice: User) -> None:
    client = make_client(alice, last_name="Ciobanu")
    page = _web(alice).get("/reports/six/").content.decode()
    below = page.split("<h2>Clients below six")[1]
    assert f'<a href="/clients/{client.pk}/">Ciobanu Ion</a>' in below
