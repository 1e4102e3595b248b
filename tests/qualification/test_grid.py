"""CORP-1: the interest x capacity grid."""

import pytest
from django.utils.functional import Promise

from keepwarm.qualification.grid import DESCRIPTIONS, Grade, Strategy, strategy_for


def test_corp1_grid_has_a_strategy_per_cell():
    cells = {(interest, capacity): strategy_for(interest, capacity) for interest in Grade for capacity in Grade}
    assert len(cells) == 9
    assert set(cells.values()) == set(Strategy)  # nine cells, nine different strategies
    assert all(isinstance(DESCRIPTIONS[strategy], Promise) for strategy in cells.values())


def test_corp1_corners_follow_interest_and_capacity():
    assert strategy_for(Grade.HIGH, Grade.HIGH) == Strategy.PRIORITY
    assert strategy_for(Grade.HIGH, Grade.LOW) == Strategy.SMALLER_PACKAGE
    assert strategy_for(Grade.LOW, Grade.HIGH) == Strategy.EDUCATE
    assert strategy_for(Grade.LOW, Grade.LOW) == Strategy.KEEP_IN_TOUCH


def test_corp1_accepts_stored_values_and_refuses_unknown_ones():
    assert strategy_for("medium", "medium") == Strategy.DEVELOP
    with pytest.raises(ValueError, match="huge"):
        strategy_for("huge", "low")
