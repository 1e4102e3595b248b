"""CORP-1 through the API: the corporate grid with its strategies, and an organization's people with the warning
when no decision-maker is known; OWN-1."""

from __future__ import annotations

from keepwarm.clients.choices import DecisionRole
from keepwarm.deals import services
from keepwarm.qualification.grid import Grade, Strategy
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client


def test_corp1_api_grid_has_nine_cells_with_strategy_and_counts(alice, carol, team, other_team):
    ours = OrganizationFactory(team=team)
    services.organization_assess(organization=ours, by=alice, interest=Grade.HIGH, capacity=Grade.LOW)
    theirs = OrganizationFactory(team=other_team)
    services.organization_assess(organization=theirs, by=carol, interest=Grade.HIGH, capacity=Grade.LOW)

    response = api_as(alice).get("/api/corporate/grid/")
    assert response.status_code == 200
    cells = response.json()
    assert [(c["interest"], c["capacity"]) for c in cells[:3]] == [
        ("high", "low"),
        ("high", "medium"),
        ("high", "high"),
    ]
    assert len(cells) == 9
    top_left = cells[0]
    assert (top_left["strategy"], top_left["count"]) == (Strategy.SMALLER_PACKAGE, 1)  # OWN-1: not carol's
    assert top_left["strategy_label"] == "Smaller package"
    assert top_left["description"]
    assert cells[2]["strategy"] == Strategy.PRIORITY


def test_corp1_api_people_warn_without_a_decision_maker(alice, bob, team):
    organization = OrganizationFactory(team=team)
    person = make_client(alice, organization=organization, decision_role=DecisionRole.INFLUENCER)
    url = f"/api/organizations/{organization.pk}/people/"

    body = api_as(alice).get(url).json()
    assert (body["organization"], body["has_decision_maker"]) == (organization.pk, False)
    assert body["warning"].startswith("No decision-maker is known")
    assert [(p["id"], p["decision_role"]) for p in body["people"]] == [(person.pk, DecisionRole.INFLUENCER)]
    assert body["people"][0]["full_name"] == person.full_name
    assert api_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="ru").json()["warning"].startswith("ЛПР неизвестен")

    # bob decides, and the warning goes for alice too although she does not see bob's client (OWN-1)
    make_client(bob, organization=organization, decision_role=DecisionRole.DECISION_MAKER)
    body = api_as(alice).get(url).json()
    assert (body["has_decision_maker"], body["warning"]) == (True, None)
    assert len(body["people"]) == 1


def test_own1_another_teams_organization_people_is_404(carol, team):
    organization = OrganizationFactory(team=team)
    assert api_as(carol).get(f"/api/organizations/{organization.pk}/people/").status_code == 404
    assert api_as(carol).get("/api/organizations/999999/people/").status_code == 404
