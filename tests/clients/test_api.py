"""The REST API: CAT rules, OWN-1, stale edits and error shapes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keepwarm.clients.choices import Category
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client, midweek

pytestmark = pytest.mark.django_db


def test_token_auth_then_list_only_own_clients(api, alice, bob):
    mine = make_client(alice, last_name="Ionescu")
    make_client(bob, last_name="Rusu")
    token = api.post("/api/auth/token/", {"username": "alice", "password": "secret-pass-123"}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = api.get("/api/clients/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_own1_manager_gets_404_for_another_managers_client(alice, bob):
    theirs = make_client(bob)
    api = api_as(alice)
    assert api.get(f"/api/clients/{theirs.pk}/").status_code == 404
    assert api.patch(f"/api/clients/{theirs.pk}/", {"position": "x", "version": 1}).status_code == 404
    assert api.post(f"/api/clients/{theirs.pk}/touches/", {}).status_code == 404
    assert api.post(f"/api/clients/{theirs.pk}/category/", {"category": "now"}).status_code == 404


def test_own1_lead_sees_the_team_and_admin_sees_all(alice, bob, lena, carol, root):
    ids = {make_client(user).pk for user in (alice, bob)}
    elsewhere = make_client(carol).pk
    assert {row["id"] for row in api_as(lena).get("/api/clients/").json()["results"]} == ids
    assert {row["id"] for row in api_as(root).get("/api/clients/").json()["results"]} == ids | {elsewhere}


def test_own1_manager_cannot_attach_another_teams_organization(alice, other_team):
    foreign = OrganizationFactory(team=other_team)
    response = api_as(alice).post("/api/clients/", {"first_name": "Ana", "organization": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "organization" in response.json()


def test_create_client_with_filters_and_search(alice):
    api = api_as(alice)
    response = api.post(
        "/api/clients/",
        {
            "first_name": "Светлана",
            "last_name": "Кузнецова",
            "phones": ["+7 495 123-45-67"],
            "interests": ["Logistics"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["category"] == "future"
    assert body["next_step"] is not None
    assert body["phones"] == ["+74951234567"]
    assert body["interests"] == ["logistics"]
    assert [r["id"] for r in api.get("/api/clients/", {"q": "КУЗНЕЦОВА"}).json()["results"]] == [body["id"]]
    assert [r["id"] for r in api.get("/api/clients/", {"q": "4951234567"}).json()["results"]] == [body["id"]]
    assert api.get("/api/clients/", {"category": "now"}).json()["results"] == []


def test_log_touch_answers_with_category_and_next_step(alice):
    client = make_client(alice, category=Category.NOW)
    later = midweek(20)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/touches/",
        {
            "channel": "call",
            "goal": "present",
            "outcome": "refused",
            "refusal_reason": "budget",
            "continue_on": later.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["category"] == "future"
    assert response.json()["next_step"]["due_date"] == later.isoformat()


def test_cat3_refusal_without_date_is_a_400_with_field_errors(alice):
    client = make_client(alice)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/touches/",
        {"channel": "call", "goal": "present", "outcome": "refused"},
        format="json",
    )
    assert response.status_code == 400
    assert {"refusal_reason", "continue_on"} <= set(response.json())


def test_cat2_never_via_api_is_refused_with_a_clear_message(alice):
    client = make_client(alice)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/category/",
        {"category": "never", "reason": "not interested"},
        format="json",
    )
    assert response.status_code == 400
    assert "Future" in response.json()["never_reason"][0]


def test_stale_version_edit_is_a_409(alice):
    client = make_client(alice)
    api = api_as(alice)
    assert api.patch(f"/api/clients/{client.pk}/", {"position": "CEO", "version": 1}, format="json").status_code == 200
    response = api.patch(f"/api/clients/{client.pk}/", {"position": "CFO", "version": 1}, format="json")
    assert response.status_code == 409
    assert api.get(f"/api/clients/{client.pk}/").json()["position"] == "CEO"


def test_edit_without_version_is_a_400(alice):
    client = make_client(alice)
    response = api_as(alice).patch(f"/api/clients/{client.pk}/", {"position": "CEO"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_orders_make_the_client_now(alice):
    client = make_client(alice)
    response = api_as(alice).post(
        "/api/orders/",
        {
            "client": client.pk,
            "ordered_on": timezone.localdate().isoformat(),
            "amount": "1200.00",
            "currency": "mdl",
            "items": "Pallet racks",
            "amount_paid": "1200.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert api_as(alice).get(f"/api/clients/{client.pk}/").json()["category"] == "now"


def test_order_paid_more_than_amount_is_a_field_error(alice):
    client = make_client(alice)
    response = api_as(alice).post(
        "/api/orders/",
        {"client": client.pk, "ordered_on": "2026-11-01", "amount": "10", "items": "x", "amount_paid": "20"},
        format="json",
    )
    assert response.status_code == 400


def test_planned_touches_and_courtesy(alice):
    client = make_client(alice)
    api = api_as(alice)
    rows = api.get("/api/planned-touches/", {"client": client.pk, "status": "open", "next_step": "true"}).json()[
        "results"
    ]
    assert len(rows) == 1
    assert rows[0]["is_next_step"] is True
    greetings = api.get("/api/planned-touches/", {"client": client.pk, "next_step": "false"}).json()["results"]
    assert {row["goal"] for row in greetings} == {"greeting"}  # POST-5: the team's New Year greeting
    cancel = api.post(f"/api/planned-touches/{rows[0]['id']}/cancel/")
    assert cancel.status_code == 400
    greeting = api.post(
        "/api/planned-touches/",
        {
            "client": client.pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "goal": "greeting",
        },
        format="json",
    )
    assert greeting.status_code == 201, greeting.json()
    assert api.post(f"/api/planned-touches/{greeting.json()['id']}/cancel/").status_code == 204
    moved = api.patch(f"/api/planned-touches/{rows[0]['id']}/", {"due_date": "2000-01-01"}, format="json")
    assert moved.status_code == 400


def test_schema_and_docs_are_served(alice):
    api = api_as(alice)
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/clients/{id}/touches/" in schema.content
    assert api.get("/api/docs/").status_code == 200


def test_lad5_an_order_discount_beyond_the_level_needs_an_override_reason(alice):
    client = make_client(alice)
    order = {"client": client.pk, "ordered_on": "2026-11-01", "amount": "100", "items": "x", "discount_pct": "25"}
    refused = api_as(alice).post("/api/orders/", order, format="json")
    assert refused.status_code == 400
    assert {"discount_pct", "override_reason"} <= set(refused.json())
    assert not client.orders.exists()
    accepted = api_as(alice).post("/api/orders/", {**order, "override_reason": "Pilot project"}, format="json")
    assert accepted.status_code == 201, accepted.json()
    override = client.privilege_overrides.get()  # type: ignore[attr-defined]
    assert (override.reason, override.order_id) == ("Pilot project", accepted.json()["id"])


def test_post8_a_touch_without_its_goal_is_refused(alice):
    client = make_client(alice)
    response = api_as(alice).post(
        f"/api/clients/{client.pk}/touches/", {"channel": "call", "outcome": "reached"}, format="json"
    )
    assert response.status_code == 400
    assert "goal" in response.json()
    assert not client.touches.exists()


def test_six3_relationship_group_is_kept_and_a_purchase_makes_a_prospect_a_customer(alice):
    api = api_as(alice)
    created = api.post("/api/clients/", {"first_name": "Dan", "relationship_group": "distributor"}, format="json")
    assert created.json()["relationship_group"] == "distributor"
    prospect = make_client(alice)
    api.post(
        "/api/orders/",
        {"client": prospect.pk, "ordered_on": "2026-11-01", "amount": "10", "items": "x"},
        format="json",
    )
    assert api.get(f"/api/clients/{prospect.pk}/").json()["relationship_group"] == "customer"
    bad = api.post("/api/clients/", {"first_name": "Eve", "relationship_group": "friend"}, format="json")
    assert bad.status_code == 400
    assert "relationship_group" in bad.json()


def test_own1_reassigning_a_client_moves_its_agenda_and_keeps_history(alice, bob, lena):
    client = make_client(alice)
    api_as(alice).post(
        f"/api/clients/{client.pk}/touches/",
        {"channel": "call", "goal": "present", "outcome": "reached"},
        format="json",
    )
    from keepwarm.flows.clients import clients_reassign

    clients_reassign(clients=[client], to_owner=bob, by=lena)
    assert client.planned_touches.filter(status="open").exclude(owner=bob).count() == 0
    assert api_as(alice).get(f"/api/clients/{client.pk}/").status_code == 404
    assert api_as(alice).get("/api/agenda/").json()["items"] == []
    assert len(api_as(bob).get(f"/api/clients/{client.pk}/touches/").json()["results"]) == 1
    assert client.reassignments.get().from_owner == alice  # type: ignore[attr-defined]


def test_api_create_gives_every_field_error_at_once(alice):
    answer = api_as(alice).post(
        "/api/clients/", {"first_name": "", "phones": ["12ab"], "emails": ["x@@y"]}, format="json"
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"first_name", "phones", "emails"}


def test_api_update_reads_a_local_number_in_the_clients_country_beside_other_errors(alice):
    client = make_client(alice, country="RO")
    answer = api_as(alice).patch(
        f"/api/clients/{client.pk}/",
        {"first_name": "", "phones": ["021 312 3456"], "version": client.version},
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"first_name"}
    answer = api_as(alice).patch(
        f"/api/clients/{client.pk}/",
        {"first_name": "", "phones": ["12ab"], "version": client.version},
        format="json",
    )
    assert set(answer.json()) == {"first_name", "phones"}
