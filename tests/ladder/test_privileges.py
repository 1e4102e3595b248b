"""LAD-5: do not give clients more than they have earned."""

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.ladder.criteria import Level
from keepwarm.ladder.privileges import DEFAULT_PRIVILEGES, Excess, ServicePriority, Term, check_offer

USER = DEFAULT_PRIVILEGES[Level.USER]


def test_lad5_over_level_discount_is_an_excess():
    over = USER.discount_pct + Decimal("0.5")
    assert check_offer(USER, over, 0) == [Excess(Term.DISCOUNT, over, USER.discount_pct)]


def test_lad5_longer_payment_terms_are_an_excess_too():
    result = check_offer(USER, Decimal(50), USER.payment_terms_days + 1)
    assert [excess.term for excess in result] == [Term.DISCOUNT, Term.PAYMENT_TERMS]


@given(level=st.sampled_from(Level), data=st.data())
def test_lad5_an_offer_within_the_level_needs_no_override(level, data):
    earned = DEFAULT_PRIVILEGES[level]
    discount = data.draw(st.decimals(0, earned.discount_pct, places=2))
    terms = data.draw(st.integers(0, earned.payment_terms_days))
    assert check_offer(earned, discount, terms) == []


@pytest.mark.parametrize(
    ("discount", "terms"), [(Decimal(-1), 0), (Decimal(101), 0), (Decimal(0), -1), (Decimal(0), 366)]
)
def test_lad5_impossible_offers_are_refused(discount, terms):
    with pytest.raises(ValueError, match="LAD-5"):
        check_offer(USER, discount, terms)


def test_lad5_default_privileges_never_shrink_up_the_ladder():
    priority = list(ServicePriority)
    ladder = [DEFAULT_PRIVILEGES[level] for level in Level]
    assert len(ladder) == len(Level)
    for lower, higher in pairwise(ladder):
        assert higher.discount_pct >= lower.discount_pct
        assert higher.payment_terms_days >= lower.payment_terms_days
        assert priority.index(higher.service_priority) >= priority.index(lower.service_priority)
        assert higher.personal_manager >= lower.personal_manager
        assert higher.gifts >= lower.gifts
    assert ladder[0].discount_pct == 0  # a Prospect has earned nothing yet
