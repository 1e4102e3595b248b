"""SALE-1 deal stages with the S2 scorecard mapping; CORP-1 people and the grid; OWN-1 via the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keepwarm.clients.choices import DecisionRole
from keepwarm.deals import selectors, services
from keepwarm.deals.models import Deal
from keepwarm.qualification.grid import Strategy
from keepwarm.qualification.indicators import DealStage, Stage
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client


def test_sale1_scorecard_stage_for_each_deal_stage():
    assert selectors.scorecard_stages(DealStage.SEARCH_EVALUATION) == (Stage.IDENTIFICATION,)
    assert selectors.scorecard_stages(DealStage.NEEDS_CONTACT) == (Stage.CONTACT, Stage.RESEARCH)
    assert selectors.scorecard_stages(DealStage.PRESENTATION) == (Stage.RECOMMENDATIONS,)
    assert selectors.scorecard_stages(DealStage.OBJECTIONS) == (Stage.RECOMMENDATIONS,)
    assert selectors.scorecard_stages(DealStage.CLOSING_SUPPORT) == ()


def test_sale1_deal_moves_through_stages_with_history(alice):
    client = make_client(alice)
    deal = services.deal_create(client=client, by=alice, title="Fleet", amount=Decimal("1200"))
    for stage in list(DealStage)[1:]:
        deal = services.deal_move(deal=deal, by=alice, stage=stage)
    with pytest.raises(ValidationError):
        services.deal_move(deal=deal, by=alice, stage=DealStage.CLOSING_SUPPORT)
    deal = services.deal_close(deal=deal, by=alice, won=True)
    assert deal.result == Deal.Result.WON
    assert deal.stage_changes.count() == 6  # opened, four moves, closed
    with pytest.raises(ValidationError):
        services.deal_move(deal=deal, by=alice, stage=DealStage.OBJECTIONS)


def test_sale1_won_only_from_closing_but_lost_anywhere(alice):
    deal = services.deal_create(client=make_client(alice), by=alice, title="Fleet")
    with pytest.raises(ValidationError):
        services.deal_close(deal=deal, by=alice, won=True)
    assert services.deal_close(deal=deal, by=alice, won=False).result == Deal.Result.LOST


def test_sale1_board_and_api_with_own1(alice, bob):
    client = make_client(alice)
    response = api_as(alice).post("/api/deals/", {"client": client.pk, "title": "Fleet"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    moved = api_as(alice).post(f"/api/deals/{pk}/move/", {"stage": "presentation"}, format="json").json()
    assert (moved["stage"], moved["scorecard_stages"]) == ("presentation", ["recommendations"])
    board = selectors.deal_board(alice)
    assert [len(column.deals) for column in board] == [0, 0, 1, 0, 0]
    assert api_as(bob).get(f"/api/deals/{pk}/").status_code == 404
    assert api_as(bob).post("/api/deals/", {"client": client.pk, "title": "X"}, format="json").status_code == 400


def test_sale1_the_board_names_indicators_to_watch_only_where_a_stage_has_some(web, alice):
    """Closing support has no S2 indicators of its own: its column says nothing rather than "watch for: —"."""
    page = web(alice).get("/deals/").content.decode()
    closing = page[page.index('id="stage-closing_support"') :]
    presentation = page[page.index('id="stage-presentation"') : page.index('id="stage-objections"')]
    assert "Watch for indicators of" in presentation
    assert "Watch for indicators of" not in closing


def test_sale1_a_move_the_board_refuses_is_said_on_the_board(web, alice):
    """htmx swaps the board only: the refusal is in it, not in a message that waited for the next page."""
    deal = services.deal_create(by=alice, client=make_client(alice), title="Fleet")
    board = web(alice).post(f"/deals/{deal.pk}/move/", {"stage": deal.stage}, HTTP_HX_REQUEST="true")
    assert board.status_code == 200
    page = board.content.decode()
    assert 'class="errors" role="alert"' in page
    assert "already" in page  # "The deal is already in this stage."
    assert "already" not in web(alice).get("/clients/").content.decode()  # not kept for the next page


def test_sale1_closing_a_deal_on_the_board_is_asked_first(web, alice):
    """Won or Lost takes the deal off the board: each button's form asks before it posts; Move does not."""
    services.deal_create(by=alice, client=make_client(alice), title="Fleet")
    page = web(alice).get("/deals/").content.decode()
    lost = page[: page.index('value="lost"')].rsplit("<form", 1)[1]
    move = page[: page.index('value="move"')].rsplit("<form", 1)[1]
    assert 'hx-confirm="Close “Fleet” as lost?"' in lost
    assert "hx-confirm" not in move


def test_corp1_warns_when_no_decision_maker_is_known(alice, team):
    organization = OrganizationFactory(team=team)
    make_client(alice, organization=organization, decision_role=DecisionRole.GATEKEEPER)
    assert not selectors.has_decision_maker(organization)
    make_client(alice, first_name="Boss", organization=organization, decision_role=DecisionRole.DECISION_MAKER)
    assert selectors.has_decision_maker(organization)
    assert selectors.organization_people(organization, user=alice).count() == 2


def test_corp1_grid_counts_and_strategy_per_cell(alice, carol, team):
    services.organization_assess(
        organization=OrganizationFactory(team=team), by=alice, interest="high", capacity="high"
    )
    services.organization_assess(
        organization=OrganizationFactory(team=team), by=alice, interest="high", capacity="high"
    )
    services.organization_assess(
        organization=OrganizationFactory(team=team), by=alice, interest="low", capacity="medium"
    )
    grid = selectors.corporate_grid(alice)
    assert [cell.interest for cell in grid[0]] == ["high"] * 3
    cells = {(cell.interest, cell.capacity): cell for row in grid for cell in row}
    assert cells["high", "high"].count == 2
    assert cells["high", "high"].strategy == Strategy.PRIORITY
    assert cells["low", "medium"].count == 1
    assert cells["low", "medium"].strategy == Strategy.WARM_UP
    assert cells["low", "low"].strategy == Strategy.KEEP_IN_TOUCH
    assert cells["low", "low"].description
    assert sum(cell.count for row in selectors.corporate_grid(carol) for cell in row) == 0


def test_corp1_assessment_api_and_own1(alice, carol, team):
    organization = OrganizationFactory(team=team)
    url = f"/api/organizations/{organization.pk}/assessment/"
    response = api_as(alice).put(url, {"interest": "medium", "capacity": "high"}, format="json")
    assert response.status_code == 200
    assert response.json()["strategy"] == "prove_the_value"
    assert api_as(carol).get(url).status_code == 404
