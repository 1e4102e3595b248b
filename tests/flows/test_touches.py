"""CAT-4, CAT-5, POST-1, LAD-5 through the touch-logging API: a purchase and its order are one call, one re-plan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Order
from keepwarm.flows import refresh
from keepwarm.ladder.models import PrivilegeOverride
from keepwarm.planner import services as planner_services
from keepwarm.touches.choices import Goal, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
BOUGHT = {"channel": "call", "goal": "sell_meeting", "outcome": "bought"}


def _log(user, client, body):
    return api_as(user).post(f"/api/clients/{client.pk}/touches/", body, format="json")


@pytest.fixture
def replanned(monkeypatch):
    """The clients re-planned, in order: the real planner runs, each run is noted (the web form used to re-plan
    for the touch, then again for its order)."""
    runs = []

    def client_replan(**kwargs):
        runs.append(kwargs["client"].pk)
        return planner_services.client_replan(**kwargs)

    monkeypatch.setattr(refresh, "client_replan", client_replan)
    return runs


def test_cat5_a_purchase_with_its_order_replans_once_and_leaves_one_next_step(alice, replanned):
    client = make_client(alice)
    replanned.clear()
    step = PlannedTouch.objects.get(client=client, status=PlanStatus.OPEN, is_next_step=True)
    response = _log(alice, client, {**BOUGHT, "order": {"amount": "1200.00", "currency": "MDL", "items": "Printer"}})
    assert response.status_code == 201, response.json()
    body = response.json()
    order = Order.objects.get(client=client)
    assert (order.amount, order.currency, order.items, order.created_by) == (Decimal(1200), "MDL", "Printer", alice)
    assert body["order"]["id"] == order.pk
    assert body["category"] == Category.NOW
    # POST-1: the one next step is the post-sale call, planned from the touch and the order together.
    open_steps = PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True)
    assert [row.goal for row in open_steps] == [Goal.POST_SALE_CHECK]
    assert body["next_step"]["id"] == open_steps.get().pk
    assert replanned == [client.pk]
    assert PlannedTouch.objects.get(pk=step.pk).status == PlanStatus.DONE


def test_cat5_the_web_form_logs_a_purchase_and_its_order_with_one_replan(client, alice, replanned):
    customer = make_client(alice)
    replanned.clear()
    client.force_login(alice)
    body = {**BOUGHT, "direction": "outbound", "record_order": "on", "amount": "300", "items": "Shelves"}
    response = client.post(f"/clients/{customer.pk}/touch/", body)
    assert response.status_code == 302
    assert Order.objects.get(client=customer).items == "Shelves"
    assert replanned == [customer.pk]
    open_steps = PlannedTouch.objects.filter(client=customer, status=PlanStatus.OPEN, is_next_step=True)
    assert [row.goal for row in open_steps] == [Goal.POST_SALE_CHECK]


def test_cat4_an_order_comes_only_with_a_purchase(alice):
    client = make_client(alice)
    body = {"channel": "call", "goal": "present", "outcome": "reached", "order": {"amount": "10", "items": "Pens"}}
    response = _log(alice, client, body)
    assert response.status_code == 400
    assert "order" in response.json()
    assert not Touch.objects.filter(client=client).exists()


def test_cat4_a_bad_order_is_a_field_error_and_saves_nothing(alice):
    client = make_client(alice)
    response = _log(alice, client, {**BOUGHT, "order": {"amount": "-5", "items": ""}})
    assert response.status_code == 400
    assert set(response.json()["order"]) == {"amount", "items"}
    assert not Touch.objects.filter(client=client).exists()


def test_lad5_terms_beyond_the_level_refuse_the_touch_too(alice):
    client = make_client(alice)
    order = {"amount": "100", "items": "Pallets", "discount_pct": "30"}
    response = _log(alice, client, {**BOUGHT, "order": order})
    assert response.status_code == 400
    assert {"discount_pct", "override_reason"} <= set(response.json())
    assert not Touch.objects.filter(client=client).exists()
    assert not Order.objects.filter(client=client).exists()
    response = _log(alice, client, {**BOUGHT, "order": {**order, "override_reason": "Yearly contract"}})
    assert response.status_code == 201, response.json()
    assert PrivilegeOverride.objects.get(client=client).order_id == response.json()["order"]["id"]


def test_the_schema_documents_the_order_of_a_purchase(alice):
    schema = api_as(alice).get("/api/schema/?format=json").json()
    touch_input = schema["components"]["schemas"]["TouchInputRequest"]
    order = touch_input["properties"]["order"]
    name = order["allOf"][0]["$ref"].rsplit("/", 1)[-1] if "allOf" in order else order["$ref"].rsplit("/", 1)[-1]
    assert {"amount", "items", "discount_pct", "override_reason"} <= set(
        schema["components"]["schemas"][name]["properties"]
    )
    assert "order" in schema["components"]["schemas"]["TouchLogged"]["properties"]
