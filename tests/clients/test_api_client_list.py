"""/api/clients/ does what the web list does: the same filters through the same selector, 400 on bad input,
pages without COUNT(*); reassigning (OWN-1), the local time / good moment and the category history (CAT-6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.clients.models import Client, Reassignment
from keepwarm.clients.services import organization_create
from keepwarm.flows.clients import client_set_category
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_filters_by_relationship_group_no_next_step_and_overdue(alice):
    distributor = make_client(alice, first_name="Dist", relationship_group="distributor")
    late = make_client(alice, first_name="Late")
    bare = make_client(alice, first_name="Bare")
    PlannedTouch.objects.filter(client=late).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    PlannedTouch.objects.filter(client=bare).delete()
    api = api_as(alice)
    assert ids(api.get("/api/clients/", {"relationship_group": "distributor"})) == [distributor.pk]
    assert ids(api.get("/api/clients/", {"no_next_step": "true"})) == [bare.pk]
    assert ids(api.get("/api/clients/", {"overdue": "true"})) == [late.pk]
    assert set(ids(api.get("/api/clients/", {"overdue": "false"}))) == {distributor.pk, late.pk, bare.pk}


def test_post4_going_cold_uses_the_teams_passive_threshold(alice, team):
    TeamPlannerSettings.objects.update_or_create(team=team, defaults={"passive_days": 60})
    cooling = make_client(alice, first_name="Coolidge")
    fresh = make_client(alice, first_name="Freshman")
    Client.objects.filter(pk=cooling.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=90))
    Client.objects.filter(pk=fresh.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=30))
    assert ids(api_as(alice).get("/api/clients/", {"going_cold": "true"})) == [cooling.pk]


def test_sorts_like_the_web_list(alice):
    older = make_client(alice, last_name="Aaa")
    newer = make_client(alice, last_name="Bbb")
    Client.objects.filter(pk=older.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=9))
    Client.objects.filter(pk=newer.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=1))
    api = api_as(alice)
    assert ids(api.get("/api/clients/", {"sort": "name"})) == [older.pk, newer.pk]
    assert ids(api.get("/api/clients/", {"sort": "last_contact"})) == [newer.pk, older.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "bogus"}, "category"),
        ({"owner": "abc"}, "owner"),
        ({"owner": "999999"}, "owner"),
        ({"relationship_group": "friends"}, "relationship_group"),
        ({"no_next_step": "maybe"}, "no_next_step"),
        ({"overdue": "yes please"}, "overdue"),
        ({"going_cold": "2"}, "going_cold"),
        ({"sort": "size"}, "sort"),
        ({"limit": "1000"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"categroy": "now"}, "categroy"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_field_named(alice, params, field):
    make_client(alice)
    response = api_as(alice).get("/api/clients/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_own1_owner_filter_is_limited_to_whom_the_user_may_see(alice, bob, lena, carol):
    bobs = make_client(bob)
    make_client(alice)
    assert ids(api_as(lena).get("/api/clients/", {"owner": bob.pk})) == [bobs.pk]
    assert api_as(lena).get("/api/clients/", {"owner": carol.pk}).status_code == 400
    assert api_as(alice).get("/api/clients/", {"owner": bob.pk}).status_code == 400


def test_pages_have_next_links_and_no_count(alice):
    made = [make_client(alice, last_name=f"Page{number:02d}").pk for number in range(5)]
    api = api_as(alice)
    with CaptureQueriesContext(connection) as captured:
        first = api.get("/api/clients/", {"limit": 2})
    assert not [query for query in captured if "COUNT(" in query["sql"].upper()]
    body = first.json()
    assert "count" not in body
    assert [row["id"] for row in body["results"]] == made[:2]
    assert body["previous"] is None
    second = api.get(body["next"]).json()
    assert [row["id"] for row in second["results"]] == made[2:4]
    last = api.get(second["next"]).json()
    assert [row["id"] for row in last["results"]] == made[4:]
    assert last["next"] is None
    assert last["previous"] is not None


def test_list_queries_do_not_grow_with_the_page(alice):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_as(alice).get("/api/clients/", {"overdue": "false", "q": "popescu"}).status_code == 200
        return len(captured)

    make_client(alice)
    small = count()
    for _ in range(5):
        make_client(alice, interests=["paper"])
    assert count() == small


def test_own1_lead_reassigns_clients_through_the_api_and_history_is_kept(alice, bob, lena):
    first, second = make_client(alice), make_client(alice)
    response = api_as(lena).post(
        "/api/clients/reassign/", {"clients": [first.pk, second.pk, first.pk], "to_owner": bob.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"reassigned": 2}
    assert set(Client.objects.values_list("owner", flat=True)) == {bob.pk}
    assert Reassignment.objects.filter(from_owner=alice, to_owner=bob, changed_by=lena).count() == 2
    assert not PlannedTouch.objects.filter(client__in=[first, second], status="open").exclude(owner=bob).exists()


def test_own1_a_manager_cannot_reassign(alice, bob):
    mine = make_client(alice)
    response = api_as(alice).post("/api/clients/reassign/", {"clients": [mine.pk], "to_owner": bob.pk}, format="json")
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.owner == alice


@pytest.mark.parametrize(
    "body",
    [
        {"clients": [], "to_owner": "bob"},
        {"clients": ["x"], "to_owner": "bob"},
        {"clients": ["other team"], "to_owner": "bob"},
        {"clients": ["alice's"], "to_owner": "carol"},
        {"clients": ["alice's"]},
    ],
)
def test_own1_reassign_with_bad_input_is_a_400_and_moves_nothing(alice, bob, lena, carol, body):
    mine, theirs = make_client(alice), make_client(carol)
    users = {"bob": bob.pk, "carol": carol.pk}
    rows = {"alice's": mine.pk, "other team": theirs.pk, "x": "x"}
    payload = {"clients": [rows[name] for name in body["clients"]]}
    if "to_owner" in body:
        payload["to_owner"] = users[body["to_owner"]]
    response = api_as(lena).post("/api/clients/reassign/", payload, format="json")
    assert response.status_code == 400
    assert set(response.json()) <= {"clients", "to_owner"}
    assert not Reassignment.objects.exists()


def test_the_client_has_its_local_time_and_good_moment(alice):
    client = make_client(alice, country="RO")
    moment = api_as(alice).get(f"/api/clients/{client.pk}/").json()["moment"]
    assert moment["time_zone"] == "Europe/Bucharest"
    local = dt.datetime.fromisoformat(moment["local_time"])
    assert local.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    assert isinstance(moment["good_moment"], bool)
    assert moment["status"]


def test_cat6_the_category_history_is_listed_newest_first(alice):
    client = make_client(alice)
    client_set_category(client=client, by=alice, category="now", reason="Asked for an offer")
    response = api_as(alice).get(f"/api/clients/{client.pk}/category-changes/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["from_category"], row["to_category"]) for row in rows] == [("future", "now"), ("", "future")]
    assert rows[0]["reason"] == "Asked for an offer"
    assert rows[0]["changed_by"] == alice.pk


def test_own1_category_history_of_another_managers_client_is_404(alice, bob):
    assert api_as(alice).get(f"/api/clients/{make_client(bob).pk}/category-changes/").status_code == 404


def test_organizations_api_search_folds_cyrillic_case(alice, carol):
    ours = organization_create(by=alice, name="АО «АГРО-ПЛЮС»")
    organization_create(by=alice, name="Moldtelecom SA")
    organization_create(by=carol, name="АГРО-ПЛЮС Iași")
    response = api_as(alice).get("/api/organizations/", {"q": "ао «агро-плюс»"})
    assert [row["id"] for row in response.json()["results"]] == [ours.pk]


def test_the_schema_documents_the_new_list_and_actions(alice):
    schema = api_as(alice).get("/api/schema/").content.decode()
    for expected in ("/api/clients/reassign/", "/api/clients/{id}/category-changes/", "going_cold", "maximum: 200"):
        assert expected in schema
