"""QUAL-1, QUAL-3 and SALE-1 as data."""

import re

import pytest
from django.utils.functional import Promise

from keepwarm.qualification.indicators import DEAL_STAGES, INDICATORS, DealStage, Source, Stage, indicator


def test_qual1_twenty_one_indicators_in_four_stages():
    assert [item.number for item in INDICATORS] == list(range(1, 22))
    per_stage = {stage: [item.number for item in INDICATORS if item.stage == stage] for stage in Stage}
    assert per_stage == {
        Stage.IDENTIFICATION: [1, 2, 3, 4, 5, 6],
        Stage.CONTACT: [7, 8, 9, 10, 11],
        Stage.RESEARCH: [12, 13, 14, 15, 16],
        Stage.RECOMMENDATIONS: [17, 18, 19, 20, 21],
    }


def test_qual1_codes_are_unique_slugs_and_labels_translatable():
    codes = [item.code for item in INDICATORS]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)
    assert all(isinstance(item.label, Promise) for item in INDICATORS)


def test_qual2_qual3_who_sets_each_indicator():
    assert {item.number for item in INDICATORS if item.source == Source.PROFILE} == set(range(1, 7))
    assert {item.number for item in INDICATORS if item.manager_marks} == set(range(7, 21))
    assert indicator(19).source == Source.MANAGER_AND_TOUCHES
    assert indicator(21).source == Source.TOUCHES
    assert not indicator(21).manager_marks


@pytest.mark.parametrize("number", [0, -1, 22])
def test_qual1_unknown_indicator_is_refused(number):
    with pytest.raises(ValueError, match="QUAL-1"):
        indicator(number)


def test_sale1_every_s2_stage_maps_onto_deal_stages():
    assert set(DEAL_STAGES) == set(Stage)
    assert DEAL_STAGES[Stage.IDENTIFICATION] == (DealStage.SEARCH_EVALUATION,)
    assert DEAL_STAGES[Stage.CONTACT] == DEAL_STAGES[Stage.RESEARCH] == (DealStage.NEEDS_CONTACT,)
    assert DEAL_STAGES[Stage.RECOMMENDATIONS] == (DealStage.PRESENTATION, DealStage.OBJECTIONS)
