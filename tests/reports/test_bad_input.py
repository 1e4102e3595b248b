"""Bad report input is a 400 naming its field (API) or the page with its error (pages, downloads, drill-downs), an
unknown team a 404, never a 500; a page that falls back to the last 30 days keeps the scope its picker names."""

from __future__ import annotations

import pytest
from django.test import Client as WebClient
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange
from tests.conftest import api_as
from tests.factories import TeamFactory, make_client

pytestmark = pytest.mark.django_db

EXTREME = [
    ({"from": "9999-12-25", "to": "9999-12-31"}, "to"),
    ({"to": "0001-01-10"}, "to"),
    ({"from": "0001-01-01", "to": "0001-01-05"}, "to"),
    ({"from": "1999-12-31", "to": "2000-01-05"}, "from"),
]
PAGES = ["/reports/", "/reports/flows/", "/reports/six.csv", "/reports/six.xlsx", "/reports/six/clients/"]


def _web(user: User) -> WebClient:
    web = WebClient()
    web.force_login(user)
    return web


@pytest.mark.parametrize(("params", "field"), EXTREME)
@pytest.mark.parametrize("name", ["flows", "six", "activity", "journal"])
def test_extreme_dates_are_400_on_the_field(name: str, params: dict[str, str], field: str, root: User) -> None:
    response = api_as(root).get(f"/api/reports/{name}/", params)
    assert response.status_code == 400
    assert "2000-01-01" in response.json()[field][0]


@pytest.mark.parametrize(("params", "_field"), EXTREME)
@pytest.mark.parametrize("url", PAGES)
def test_extreme_dates_on_pages_show_the_error(url: str, params: dict[str, str], _field: str, lena: User) -> None:
    response = _web(lena).get(url, {**params, "measure": "clients"})
    assert response.status_code == 400
    assert "2000-01-01" in response.content.decode()


def test_extreme_dates_in_a_drill_down_are_400(root: User) -> None:
    response = api_as(root).get("/api/reports/six/clients/", {"measure": "clients", "to": "0001-01-10"})
    assert response.status_code == 400
    assert set(response.json()) == {"to"}


@pytest.mark.parametrize("field", ["team", "manager"])
@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "²"])
@pytest.mark.parametrize("url", PAGES)
def test_own1_a_bad_team_or_manager_on_pages_shows_the_error(url: str, field: str, value: str, root: User) -> None:
    response = _web(root).get(url, {field: value, "measure": "clients"})
    assert response.status_code == 400
    assert "Give a number." in response.content.decode()


@pytest.mark.parametrize("field", ["team", "manager"])
@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "9223372036854775808", "²"])
def test_own1_a_bad_team_or_manager_is_400_on_the_field(field: str, value: str, root: User) -> None:
    for url in ("/api/reports/six/", "/api/reports/six/clients/"):
        response = api_as(root).get(url, {field: value, "measure": "clients"})
        assert response.status_code == 400
        assert set(response.json()) == {field}


def test_own1_the_largest_id_is_a_number_of_no_team(root: User) -> None:
    assert api_as(root).get("/api/reports/six/", {"team": str(2**63 - 1)}).status_code == 404


@pytest.mark.parametrize("name", ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"])
def test_own1_an_admin_on_a_team_with_no_members_gets_zeros(name: str, root: User, alice: User) -> None:
    make_client(alice)
    empty = TeamFactory(name="Nobody yet")
    response = api_as(root).get(f"/api/reports/{name}/", {"team": empty.pk})
    assert response.status_code == 200
    if name == "six":
        assert response.json()["current"]["clients"] == 0
    for url in ("/reports/", f"/reports/{name}/", f"/reports/{name}.csv"):
        assert _web(root).get(url, {"team": empty.pk}).status_code == 200
    assert _web(root).get("/reports/six/clients/", {"team": empty.pk, "measure": "clients"}).status_code == 200


@pytest.mark.parametrize("name", ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"])
def test_own1_a_team_that_does_not_exist_is_404(name: str, root: User, alice: User) -> None:
    missing = alice.team_id + 1000
    assert api_as(root).get(f"/api/reports/{name}/", {"team": missing}).status_code == 404
    assert _web(root).get(f"/reports/{name}/", {"team": missing}).status_code == 404
    assert api_as(root).get(f"/api/reports/{name}/", {"team": alice.team_id}).status_code == 200


def test_a_bad_period_on_the_dashboard_is_shown_and_keeps_the_manager(lena: User, alice: User, bob: User) -> None:
    for owner in (alice, bob):
        client = make_client(owner)
        CategoryChange.objects.create(
            client=client, changed_at=client.created_at, from_category="future", to_category="now"
        )
    response = _web(lena).get("/reports/", {"from": "2026-12-01", "to": "2026-11-01", "manager": alice.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The period must start on or before its end." in page
    assert f'<option value="{alice.pk}" selected>' in page
    tile = next(tile for tile in response.context["tiles"] if tile["measure"] == "future_to_now")
    assert tile["now"] == 1  # alice's alone, as the picker says, not the team's 2


def test_a_token_user_gets_errors_in_their_language(alice: User) -> None:
    alice.language = "ru"
    alice.save(update_fields=["language"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")
    response = api.get("/api/reports/flows/", {"from": "2026-02-30"})
    assert response.status_code == 400
    assert response.json() == {"from": ["Укажите дату в формате 2026-03-12."]}
    assert response.headers["Content-Language"] == "ru"
