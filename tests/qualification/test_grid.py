"""CORP-1: the interest x capacity grid."""

import pytest

from keepwarm.qualification.grid import DESCRIPTIONS, Strategy, strategy_for
from tests.conftest import api_as
from tests.factories import OrganizationFactory

# CORP-1 as METHOD.md writes it: interest (low/medium/high) x financial capacity (low/medium/high).
SCALE = ("low", "medium", "high")
CORNERS = [("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")]


def test_corp1_grid_has_a_strategy_per_cell():
    """Each of the nine cells suggests a strategy of its own, with advice that differs from every other cell's: a
    grid where two cells, or a whole row or column, said the same would ignore one of the axes."""
    grid = {(interest, capacity): strategy_for(interest, capacity) for interest in SCALE for capacity in SCALE}
    assert len(set(grid.values())) == len(SCALE) ** 2
    advice = {str(DESCRIPTIONS[strategy]) for strategy in grid.values()}
    assert len(advice) == len(SCALE) ** 2
    assert all(advice)


@pytest.mark.parametrize(("interest", "capacity"), CORNERS)
def test_corp1_corners_follow_interest_and_capacity(alice, team, interest, capacity):
    """An organization assessed in a cell is counted in that cell of the grid, and the strategy it is given is the
    one that cell suggests: interest is the row and capacity the column on both paths (a swapped axis fails)."""
    organization = OrganizationFactory(team=team)
    assessment = {"interest": interest, "capacity": capacity}
    answer = api_as(alice).put(f"/api/organizations/{organization.pk}/assessment/", assessment, format="json")
    assert answer.status_code == 200
    cells = {(cell["interest"], cell["capacity"]): cell for cell in api_as(alice).get("/api/corporate/grid/").json()}
    assert {key for key, cell in cells.items() if cell["count"]} == {(interest, capacity)}
    assert answer.json()["strategy"] == cells[interest, capacity]["strategy"]


def test_corp1_accepts_stored_values_and_refuses_unknown_ones():
    assert strategy_for("medium", "medium") == Strategy.DEVELOP
    with pytest.raises(ValueError, match="huge"):
        strategy_for("huge", "low")
