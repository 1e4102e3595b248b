"""One set of date bounds (touches/bounds.py) on every path a person enters a date: the API answers 400 naming the
field, the web form shows the error beside the field, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keepwarm.catalog.models import Event
from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange, Client, Order, Organization
from keepwarm.deals.models import Deal
from keepwarm.journal.models import JournalEntry
from keepwarm.qualification.models import IndicatorMark
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client, midweek

pytestmark = pytest.mark.django_db
YEAR_1 = "0001-01-01"
YEAR_9999 = "9999-12-31"


def _field_error_shown(body: str, field: str) -> bool:
    return f'id="id_{field}_error"' in body


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_cat5_the_category_endpoint_refuses_a_next_step_out_of_bounds(alice, day):
    """The touch endpoint refused a next step in year 1 that the category endpoint accepted."""
    client = make_client(alice, category=Category.NOW)
    before = open_next_step(client)
    data = {"category": "future", "reason": "Waits for the budget", "next_step_on": day}
    response = api_as(alice).post(f"/api/clients/{client.pk}/category/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["next_step_on"]
    assert Client.objects.get(pk=client.pk).category == Category.NOW
    assert open_next_step(client) == before


def test_cat5_the_category_endpoint_and_the_touch_endpoint_give_the_same_error_for_the_same_day(alice):
    client = make_client(alice, category=Category.NOW)
    api = api_as(alice)
    category = api.post(
        f"/api/clients/{client.pk}/category/",
        {"category": "future", "reason": "Later", "next_step_on": YEAR_1},
        format="json",
    )
    touch = api.post(
        f"/api/clients/{client.pk}/touches/",
        {"channel": "call", "goal": "present", "outcome": "reached", "next_step_on": YEAR_1},
        format="json",
    )
    assert category.status_code == touch.status_code == 400
    assert category.json()["next_step_on"] == touch.json()["next_step_on"]


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_a_new_clients_first_contact_out_of_bounds_is_refused(alice, day):
    data = {"first_name": "Ana", "last_name": "Rusu", "next_step_on": day}
    response = api_as(alice).post("/api/clients/", data, format="json")
    assert response.status_code == 400
    assert "next_step_on" in response.json()
    assert not Client.objects.filter(last_name="Rusu").exists()


@pytest.mark.parametrize("day", [YEAR_9999, "1800-05-01", (timezone.localdate() + dt.timedelta(days=3)).isoformat()])
def test_a_birthday_out_of_bounds_is_a_field_error_in_the_api(alice, day):
    api = api_as(alice)
    created = api.post("/api/clients/", {"first_name": "Ana", "last_name": "Rusu", "birthday": day}, format="json")
    assert created.status_code == 400
    assert list(created.json()) == ["birthday"]
    client = make_client(alice)
    edited = api.patch(f"/api/clients/{client.pk}/", {"birthday": day, "version": client.version}, format="json")
    assert edited.status_code == 400
    assert list(edited.json()) == ["birthday"]
    assert Client.objects.get(pk=client.pk).birthday is None


def test_a_birthday_in_9999_is_a_field_error_on_the_client_form(client, alice):
    customer = make_client(alice, language="ru", relationship_group="prospect")
    form = {
        "first_name": "Ion",
        "last_name": "Popescu",
        "language": "ru",
        "relationship_group": "prospect",
        "birthday": YEAR_9999,
        "version": customer.version,
    }
    client.force_login(alice)
    response = client.post(f"/clients/{customer.pk}/edit/", form)
    assert response.status_code == 200
    assert _field_error_shown(response.content.decode(), "birthday")
    assert Client.objects.get(pk=customer.pk).birthday is None


def test_a_real_birthday_is_kept(alice):
    response = api_as(alice).post(
        "/api/clients/", {"first_name": "Ana", "last_name": "Rusu", "birthday": "1961-02-28"}, format="json"
    )
    assert response.status_code == 201
    assert Client.objects.get(last_name="Rusu").birthday == dt.date(1961, 2, 28)


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_an_organizations_founding_day_out_of_bounds_is_refused_by_api_and_form(client, alice, day):
    api = api_as(alice)
    created = api.post("/api/organizations/", {"name": "Acme SRL", "founded_on": day}, format="json")
    assert created.status_code == 400
    assert list(created.json()) == ["founded_on"]
    organization = OrganizationFactory(team=alice.team)
    client.force_login(alice)
    form = {"name": organization.name, "country": "MD", "founded_on": day, "version": organization.version}
    response = client.post(f"/organizations/{organization.pk}/edit/", form)
    assert response.status_code == 200
    assert _field_error_shown(response.content.decode(), "founded_on")
    assert Organization.objects.get(pk=organization.pk).founded_on is None


def test_an_old_company_keeps_its_founding_day(alice):
    response = api_as(alice).post("/api/organizations/", {"name": "Old Bank", "founded_on": "1822-06-01"})
    assert response.status_code == 201


@pytest.mark.parametrize("field", ["ordered_on", "delivered_on"])
def test_an_order_day_out_of_bounds_is_refused(alice, field):
    client = make_client(alice)
    data = {"client": client.pk, "ordered_on": timezone.localdate().isoformat(), "amount": "10", "items": "Paper"}
    response = api_as(alice).post("/api/orders/", data | {field: YEAR_9999}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Order.objects.filter(client=client).exists()


def test_a_deal_day_out_of_bounds_is_refused(alice):
    client = make_client(alice)
    api = api_as(alice)
    opened = api.post("/api/deals/", {"client": client.pk, "title": "Fleet", "opened_on": YEAR_1}, format="json")
    assert opened.status_code == 400
    assert list(opened.json()) == ["opened_on"]
    deal = api.post("/api/deals/", {"client": client.pk, "title": "Fleet"}, format="json").json()
    closed = api.post(f"/api/deals/{deal['id']}/close/", {"won": False, "closed_on": YEAR_9999}, format="json")
    assert closed.status_code == 400
    assert list(closed.json()) == ["closed_on"]
    assert Deal.objects.get(pk=deal["id"]).closed_on is None


def test_a_journal_entry_in_9999_is_refused(alice):
    response = api_as(alice).post("/api/journal/", {"method": "Demo", "date": YEAR_9999}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    assert not JournalEntry.objects.exists()


def test_qual3_an_indicator_seen_in_year_1_is_refused(alice):
    client = make_client(alice)
    data = {"number": 7, "marked_on": YEAR_1, "evidence": "shouted at us"}
    response = api_as(alice).post(f"/api/clients/{client.pk}/scorecard/marks/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["marked_on"]
    assert not IndicatorMark.objects.filter(client=client).exists()


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_an_event_day_out_of_bounds_is_refused(lena, day):
    data = {"kind": "presentation", "title": "Print expo", "date": day}
    response = api_as(lena).post("/api/events/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    assert not Event.objects.exists()


def test_a_category_change_with_a_next_step_in_bounds_is_kept(alice):
    client = make_client(alice, category=Category.NOW)
    day = midweek(30)
    data = {"category": "future", "reason": "Waits for the budget", "next_step_on": day.isoformat()}
    assert api_as(alice).post(f"/api/clients/{client.pk}/category/", data, format="json").status_code == 200
    assert open_next_step(client).due_date == day
    assert CategoryChange.objects.filter(client=client, to_category=Category.FUTURE).exists()
