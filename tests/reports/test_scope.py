"""OWN-1 for reports: nobody counts another's clients; bad periods and parameters are 400, never 500."""

from __future__ import annotations

import pytest

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

NAMES = ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"]


@pytest.mark.parametrize("name", NAMES)
def test_own1_a_manager_asking_for_another_manager_gets_404(name: str, alice: User, bob: User) -> None:
    assert api_as(alice).get(f"/api/reports/{name}/", {"manager": bob.pk}).status_code == 404
    assert api_as(alice).get(f"/api/reports/{name}/", {"manager": alice.pk}).status_code == 200


def test_own1_a_lead_cannot_ask_for_another_team_or_its_manager(lena: User, carol: User) -> None:
    assert api_as(lena).get("/api/reports/flows/", {"team": carol.team_id}).status_code == 404
    assert api_as(lena).get("/api/reports/flows/", {"manager": carol.pk}).status_code == 404
    assert api_as(lena).get("/api/reports/flows/", {"team": lena.team_id}).status_code == 200


def test_own1_a_manager_counts_only_their_own_clients(alice: User, bob: User, root: User) -> None:
    for owner in (alice, bob):
        client = make_client(owner)
        CategoryChange.objects.create(
            client=client, changed_at=client.created_at, from_category="future", to_category="now"
        )
    assert api_as(alice).get("/api/reports/flows/").json()["current"]["future_to_now"] == 1
    assert api_as(root).get("/api/reports/flows/").json()["current"]["future_to_now"] == 2
    assert api_as(root).get("/api/reports/flows/", {"manager": bob.pk}).json()["current"]["future_to_now"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"manager": "bob"},
        {"team": "-1"},
    ],
)
def test_own1_bad_parameters_are_400(params: dict[str, str], lena: User) -> None:
    response = api_as(lena).get("/api/reports/activity/", params)
    assert response.status_code == 400
    assert set(response.json()) & {"from", "to", "manager", "team"}


def test_own1_reports_need_a_login_and_a_known_name(api, alice: User) -> None:
    assert api.get("/api/reports/flows/").status_code in (401, 403)
    assert api_as(alice).get("/api/reports/nonsense/").status_code == 404


def test_the_previous_period_has_as_many_days_just_before(alice: User) -> None:
    body = api_as(alice).get("/api/reports/six/", {"from": "2026-03-01", "to": "2026-03-31"}).json()
    assert body["previous_period"] == {"from": "2026-01-29", "to": "2026-02-28"}
