"""The client list's filters: a wrong one is shown and left out, the others still apply; POST-4 follows the team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.clients.forms import SORTS
from keepwarm.clients.models import Client
from keepwarm.clients.selectors import CLIENT_SORTS
from keepwarm.flows import clients as client_flows
from keepwarm.planner.models import TeamPlannerSettings
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def results(web_client, **params) -> str:
    return web_client.get("/clients/", params).content.decode()


def last_touched(client: Client, days_ago: int) -> None:
    Client.objects.filter(pk=client.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=days_ago))


def test_a_bad_page_keeps_the_search_and_says_what_is_wrong(web, alice):
    for number in range(3):
        make_client(alice, first_name=f"Other{number}")
    body = results(web(alice), q="Nobodyhere", page="abc")
    assert "No clients match." in body  # the search still applies: not 50 unfiltered clients
    assert "Other0" not in body
    assert 'id="filter-errors"' in body
    assert "Page: Enter a whole number." in body


def test_a_page_past_the_end_says_so_and_leads_back_to_the_first_one(web, alice):
    make_client(alice, first_name="Only")
    body = results(web(alice), q="only", page="999")
    assert "This page is past the end of the list." in body
    assert "No clients match." not in body  # there are: on the first page
    assert "page=1" in body


@pytest.mark.parametrize("bad", [{"category": "bogus"}, {"sort": "size"}, {"group": "friends"}, {"page": "0"}])
def test_one_bad_filter_is_marked_and_the_valid_ones_still_apply(web, alice, bad):
    make_client(alice, first_name="Frostina")
    make_client(alice, first_name="Toastova")
    body = results(web(alice), q="frostina", **bad)
    assert "Frostina" in body
    assert "Toastova" not in body
    assert 'id="filter-errors"' in body
    if "page" not in bad:
        (name,) = bad
        assert f'id="id_{name}_error"' in body  # the error sits next to the field it is about
        assert 'aria-invalid="true"' in body


def test_a_bad_filter_in_an_htmx_request_shows_in_the_results(web, alice):
    make_client(alice, first_name="Frostina")
    make_client(alice, first_name="Toastova")
    response = web(alice).get(
        "/clients/",
        {"q": "frost", "category": "bogus"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="client-results",
    )
    body = response.content.decode()
    assert "Frostina" in body
    assert "Toastova" not in body
    assert "Category: Select a valid choice." in body


def test_an_owner_outside_the_leads_team_is_marked_not_ignored(web, lena, alice, carol):
    make_client(alice, first_name="Frostina")
    body = results(web(lena), owner=carol.pk, q="frostina")
    assert 'id="id_owner_error"' in body
    assert "Frostina" in body


def test_post4_going_cold_uses_the_teams_passive_threshold(web, alice, team):
    TeamPlannerSettings.objects.update_or_create(team=team, defaults={"passive_days": 60})
    cooling = make_client(alice, first_name="Coolidge")
    fresh = make_client(alice, first_name="Freshman")
    last_touched(cooling, 90)  # cold after 60 days, not yet after the default 180
    last_touched(fresh, 30)
    body = results(web(alice), going_cold="on")
    assert "Coolidge" in body
    assert "Freshman" not in body


def test_post4_going_cold_for_an_admin_without_a_team_uses_the_default(web, alice, team, root):
    TeamPlannerSettings.objects.update_or_create(team=team, defaults={"passive_days": 60})
    cooling = make_client(alice, first_name="Coolidge")
    frozen = make_client(alice, first_name="Frozenko")
    last_touched(cooling, 90)
    last_touched(frozen, 200)
    body = results(web(root), going_cold="on")
    assert "Frozenko" in body
    assert "Coolidge" not in body


def test_post4_a_client_never_contacted_counts_from_its_creation(web, alice):
    make_client(alice, first_name="Newcomer")
    old = make_client(alice, first_name="Oldtimer")
    Client.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    body = results(web(alice), going_cold="on")
    assert "Oldtimer" in body
    assert "Newcomer" not in body


def test_the_sorts_offered_are_the_ones_the_selector_knows():
    assert [value for value, _label in SORTS] == list(CLIENT_SORTS)


def test_going_cold_list_runs_a_fixed_number_of_queries(web, lena, alice, bob):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert web(lena).get("/clients/", {"going_cold": "on", "sort": "last_contact"}).status_code == 200
        return len(captured)

    last_touched(make_client(alice, first_name="Cold0"), 300)
    count()  # the first request also loads the session and caches
    small = count()
    for number in range(6):
        last_touched(make_client(bob if number % 2 else alice, first_name=f"Cold{number + 1}"), 300)
    assert "Cold6" in results(web(lena), going_cold="on")
    assert count() == small


def test_sorted_by_next_step_the_clients_without_one_come_last(web, alice):
    """A Never client has no next step (CAT-5): sorting by the next step's date lists it after the others, on both
    databases (SQLite sorts NULL first unless told)."""
    gone = make_client(alice, last_name="Aaagone")
    client_flows.client_set_category(client=gone, by=alice, category="never", never_reason="liquidated")
    kept = make_client(alice, last_name="Kept")
    body = results(web(alice), sort="next_step")
    assert body.index(kept.last_name) < body.index(gone.last_name)
