"""QUAL-2 (profile indicators), QUAL-3 (touch indicators) and QUAL-4 (the verdict), on plain data."""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.qualification.indicators import Stage
from keepwarm.qualification.scoring import (
    IdealCustomerProfile,
    OrganizationFacts,
    ScoringSettings,
    Verdict,
    profile_indicators,
    score,
    touch_indicators,
)
from keepwarm.touches.choices import Outcome

TODAY = date(2025, 6, 2)
CHISINAU_ICP = IdealCustomerProfile(
    employees_min=10,
    employees_max=500,
    revenue_min=Decimal("100000"),
    revenue_max=Decimal("50000000"),
    target_verticals=frozenset({"Retail", "logistics"}),
    other_scheme_verticals=frozenset({"public procurement"}),
    territories=frozenset({"Chisinau", "North"}),
    countries=frozenset({"md", "RO"}),
    max_tz_offset_hours=3,
    team_utc_offset_hours=3,
)
GOOD_ORG = OrganizationFacts(
    employees=120,
    annual_revenue=Decimal("2000000"),
    vertical="retail",
    territory="chisinau ",
    country="MD",
    utc_offset_hours=3,
)
SETTINGS = ScoringSettings()


def org(**changes):
    return OrganizationFacts(**{**GOOD_ORG.__dict__, **changes})


def test_qual2_an_organization_inside_the_profile_raises_nothing():
    assert profile_indicators(GOOD_ORG, CHISINAU_ICP) == frozenset()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"employees": 9}, {1}),
        ({"employees": 501}, {1}),
        ({"annual_revenue": Decimal("99999.99")}, {2}),
        ({"annual_revenue": Decimal("60000000")}, {2}),
        ({"vertical": "Mining"}, {3}),
        ({"vertical": "Public Procurement"}, {3, 4}),
        ({"territory": "South"}, {5}),
        ({"country": "UA"}, {6}),
        ({"utc_offset_hours": -5}, {6}),
        ({"employees": 5000, "country": "US", "territory": "Texas"}, {1, 5, 6}),
    ],
)
def test_qual2_each_mismatch_raises_its_indicator(changes, expected):
    assert profile_indicators(org(**changes), CHISINAU_ICP) == frozenset(expected)


def test_qual2_range_bounds_are_inside_the_profile():
    edges = org(employees=500, annual_revenue=Decimal("100000"), utc_offset_hours=0)
    assert profile_indicators(edges, CHISINAU_ICP) == frozenset()


def test_qual2_4_other_schemes_even_inside_a_target_vertical():
    icp = IdealCustomerProfile(target_verticals=frozenset({"pharmacy"}), other_scheme_verticals=frozenset({"pharmacy"}))
    assert profile_indicators(org(vertical="Pharmacy"), icp) == frozenset({4})


def test_qual2_6_time_zones_are_compared_around_the_clock():
    icp = IdealCustomerProfile(max_tz_offset_hours=2, team_utc_offset_hours=12)
    assert profile_indicators(org(utc_offset_hours=-11), icp) == frozenset()  # one hour apart
    assert profile_indicators(org(utc_offset_hours=8), icp) == frozenset({6})


def test_qual2_an_empty_profile_checks_nothing():
    far = org(employees=1, annual_revenue=Decimal(1), country="JP", utc_offset_hours=9, territory="Tokyo")
    assert profile_indicators(far, IdealCustomerProfile()) == frozenset()


def test_qual2_a_range_upside_down_is_refused():
    with pytest.raises(ValueError, match="QUAL-2"):
        IdealCustomerProfile(employees_min=100, employees_max=10)


@given(
    employees=st.one_of(st.none(), st.integers(0, 10**6)),
    offset=st.one_of(st.none(), st.floats(-12, 14)),
    max_offset=st.one_of(st.none(), st.floats(0, 12)),
)
def test_qual2_unknown_data_never_raises_an_indicator(employees, offset, max_offset):
    icp = IdealCustomerProfile(
        employees_min=employees,
        target_verticals=frozenset({"retail"}),
        territories=frozenset({"north"}),
        countries=frozenset({"MD"}),
        max_tz_offset_hours=max_offset,
        team_utc_offset_hours=offset or 0,
    )
    unknown = OrganizationFacts(vertical="  ", territory="")
    assert profile_indicators(unknown, icp) == frozenset()
    assert profile_indicators(OrganizationFacts(employees=employees, utc_offset_hours=offset), icp) <= {6}


def meetings(*days_ago_and_outcome):
    return [(TODAY - timedelta(days=days), outcome) for days, outcome in days_ago_and_outcome]


def test_qual3_19_two_cancellations_in_90_days():
    events = meetings((3, Outcome.MEETING_CANCELLED), (89, Outcome.MEETING_MOVED))
    assert touch_indicators(events, [], TODAY, SETTINGS) == frozenset({19})


@pytest.mark.parametrize(
    "events",
    [
        meetings((3, Outcome.MEETING_CANCELLED)),
        meetings((3, Outcome.MEETING_CANCELLED), (90, Outcome.MEETING_MOVED)),  # 90 days ago: out
        meetings((3, Outcome.MEETING_CANCELLED), (10, Outcome.REACHED), (20, Outcome.HUNG_UP)),
        meetings((3, Outcome.MEETING_CANCELLED), (-5, Outcome.MEETING_MOVED)),  # a future date is no evidence
    ],
)
def test_qual3_19_needs_two_changes_inside_the_window(events):
    assert touch_indicators(events, [], TODAY, SETTINGS) == frozenset()


def test_qual3_19_window_and_count_are_team_settings():
    events = meetings((3, Outcome.MEETING_CANCELLED), (100, Outcome.MEETING_MOVED))
    assert touch_indicators(events, [], TODAY, ScoringSettings(meeting_window_days=120)) == {19}
    assert touch_indicators(events[:1], [], TODAY, ScoringSettings(meeting_changes=1)) == {19}


def test_qual3_21_same_material_more_than_three_times():
    assert touch_indicators([], ["price-list"] * 3 + ["deck"] * 3, TODAY, SETTINGS) == frozenset()
    assert touch_indicators([], ["deck", "price-list"] * 3 + ["deck"], TODAY, SETTINGS) == {21}


def test_qual3_21_unnamed_materials_are_not_the_same_material():
    assert touch_indicators([], [""] * 10, TODAY, SETTINGS) == frozenset()


weights = st.dictionaries(st.integers(1, 21), st.floats(0, 1e9, allow_nan=False))


@st.composite
def scoring_settings(draw):
    watch = draw(st.floats(1e-9, 1e9))
    disqualify = draw(st.floats(watch, 1e12))
    return ScoringSettings(draw(weights), watch_threshold=watch, disqualify_threshold=disqualify)


@given(settings=scoring_settings(), number=st.integers(1, 21), repeats=st.integers(1, 5))
def test_qual4_one_indicator_never_disqualifies(settings, number, repeats):
    assert score([number] * repeats, settings).verdict != Verdict.DISQUALIFY_SUGGESTED


@given(settings=scoring_settings(), indicators=st.sets(st.integers(1, 21), min_size=2))
def test_qual4_two_or_more_can_disqualify_once_over_the_threshold(settings, indicators):
    result = score(indicators, settings)
    over = result.total >= settings.disqualify_threshold
    assert (result.verdict == Verdict.DISQUALIFY_SUGGESTED) == over


def test_qual4_defaults_keep_any_single_indicator_fit():
    assert {score([number], SETTINGS).verdict for number in range(1, 22)} == {Verdict.FIT}
    assert score([], SETTINGS) == score((), SETTINGS)
    assert score([], SETTINGS).verdict == Verdict.FIT


def test_qual4_defaults_watch_then_disqualify_as_evidence_grows():
    assert score({7, 12}, SETTINGS).verdict == Verdict.WATCH
    assert score({12, 13, 14}, SETTINGS).verdict == Verdict.DISQUALIFY_SUGGESTED
    assert score({1, 2, 3, 4, 5, 6}, SETTINGS).verdict == Verdict.DISQUALIFY_SUGGESTED


def test_qual4_drivers_heaviest_first_and_counts_per_stage():
    result = score([1, 19, 13, 13, 7], SETTINGS)
    assert result.drivers == (13, 7, 19, 1)  # 2.0, 1.5, 1.5, 1.0; ties by number
    assert result.total == pytest.approx(6.0)
    assert result.stage_counts == {
        Stage.IDENTIFICATION: 1,
        Stage.CONTACT: 1,
        Stage.RESEARCH: 1,
        Stage.RECOMMENDATIONS: 1,
    }


def test_qual4_a_team_overrides_some_weights_and_keeps_the_rest():
    settings = ScoringSettings({7: 10.0})
    assert settings.weights[7] == 10.0
    assert settings.weights[8] == SETTINGS.weights[8]
    assert score([7, 1], settings).verdict == Verdict.DISQUALIFY_SUGGESTED
    assert score([7], settings).verdict == Verdict.WATCH  # heavy, but alone


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weights": {22: 1.0}},
        {"weights": {3: -1.0}},
        {"weights": {3: float("nan")}},
        {"watch_threshold": 0.0},
        {"watch_threshold": 5.0, "disqualify_threshold": 4.0},
        {"disqualify_threshold": float("inf")},
    ],
)
def test_qual4_nonsense_settings_are_refused(kwargs):
    with pytest.raises(ValueError, match="QUAL"):
        ScoringSettings(**kwargs)


def test_qual4_unknown_indicator_is_refused():
    with pytest.raises(ValueError, match="QUAL-1"):
        score([0, 3], SETTINGS)


def random_orgs(count, seed=7):
    rng = random.Random(seed)
    verticals = ["retail", "Logistics", "mining", "public procurement", ""]
    return [
        OrganizationFacts(
            employees=rng.choice([None, rng.randint(1, 2000)]),
            annual_revenue=rng.choice([None, Decimal(rng.randint(1, 10**8))]),
            vertical=rng.choice(verticals),
            territory=rng.choice(["Chisinau", "South", ""]),
            country=rng.choice(["MD", "RO", "UA", ""]),
            utc_offset_hours=rng.choice([None, rng.randint(-11, 12)]),
        )
        for _ in range(count)
    ]


def test_qual2_qual4_rescoring_after_an_icp_change_reaches_20000_clients_per_second():
    orgs = random_orgs(20_000)
    started = time.perf_counter()
    for facts in orgs:
        score(profile_indicators(facts, CHISINAU_ICP), SETTINGS)
    rate = len(orgs) / (time.perf_counter() - started)
    assert rate >= 20_000, f"{rate:,.0f} clients/s"
