"""NEED-1 (needs and related needs) and POST-6 (one or two individual offers a month, with the reason)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.needs.choices import NeedClass, QuestionType, related_needs
from keepwarm.needs.offers import OfferReason, ProductFacts, Suggestion, suggest_offers

BLOUSE = ProductFacts(1, frozenset({"fashion"}), NeedClass.NOVELTY)
SKIRT = ProductFacts(2, frozenset({"fashion"}), NeedClass.COMFORT, related_ids=frozenset({1}))
ALARM = ProductFacts(3, frozenset({"security"}), NeedClass.SAFETY)
SERVICE_PLAN = ProductFacts(4, frozenset({"service"}), NeedClass.RELIABILITY)
UNCLASSED = ProductFacts(5, frozenset({"misc"}))
CATALOG = (BLOUSE, SKIRT, ALARM, SERVICE_PLAN, UNCLASSED)


@pytest.mark.parametrize("need", list(NeedClass))
def test_need1_every_need_leads_to_other_needs(need):
    related = related_needs(need)
    assert related
    assert need not in related
    assert len(set(related)) == len(related)


def test_need1_reliability_leads_to_safety_first_and_stored_values_work():
    assert related_needs("reliability")[0] == NeedClass.SAFETY
    with pytest.raises(ValueError, match="luxury"):
        related_needs("luxury")


def test_need1_question_types_of_the_questionnaire():
    assert {q.value for q in QuestionType} == {
        "closed",
        "open",
        "alternative",
        "leading",
        "rhetorical",
        "clarifying",
    }


def test_post6_related_product_of_a_purchase_comes_first():
    result = suggest_offers({"fashion", "security"}, [], CATALOG, [], purchased_ids={1})
    assert result == [
        Suggestion(2, OfferReason.RELATED_PRODUCT, "1"),
        Suggestion(3, OfferReason.INTEREST, "security"),
    ]


def test_post6_more_matching_interests_rank_higher():
    tagged = ProductFacts(6, frozenset({"security", "service"}))
    result = suggest_offers({"security", "service"}, [], (*CATALOG, tagged), [], limit=1)
    assert result == [Suggestion(6, OfferReason.INTEREST, "security, service")]


def test_post6_a_satisfied_need_suggests_a_product_for_a_related_need():
    result = suggest_offers([], [NeedClass.RELIABILITY], CATALOG, [])
    # reliability leads to safety then comfort: the alarm, then the skirt (catalog order among equals)
    assert result == [
        Suggestion(2, OfferReason.RELATED_NEED, "reliability"),
        Suggestion(3, OfferReason.RELATED_NEED, "reliability"),
    ]


def test_post6_a_need_already_satisfied_is_not_offered_as_related():
    result = suggest_offers([], [NeedClass.RELIABILITY, NeedClass.SAFETY], CATALOG, [])
    assert [s.product_id for s in result] == [2]  # comfort only: safety is satisfied already


def test_post6_offered_and_bought_items_are_skipped():
    result = suggest_offers({"fashion"}, [], CATALOG, already_offered_ids={2}, purchased_ids={1})
    assert result == []


def test_post6_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="POST-6"):
        suggest_offers([], [], CATALOG, [], limit=0)


tags = st.frozensets(st.sampled_from(["fashion", "security", "service", "misc", "garden"]), max_size=3)
products = st.lists(
    st.builds(
        ProductFacts,
        id=st.integers(1, 30),
        tags=tags,
        need_class=st.sampled_from(["", *NeedClass]),
        related_ids=st.frozensets(st.integers(1, 30), max_size=3),
    ),
    max_size=20,
    unique_by=lambda product: product.id,
)


@given(
    interests=tags,
    satisfied=st.sets(st.sampled_from(NeedClass)),
    catalog=products,
    offered=st.sets(st.integers(1, 30)),
    purchased=st.frozensets(st.integers(1, 30)),
)
def test_post6_at_most_two_suggestions_with_reasons(interests, satisfied, catalog, offered, purchased):
    result = suggest_offers(interests, satisfied, catalog, offered, purchased_ids=purchased)
    assert len(result) <= 2
    assert len({s.product_id for s in result}) == len(result)
    by_id = {product.id: product for product in catalog}
    for suggestion in result:
        assert suggestion.product_id not in offered | purchased
        assert suggestion.reason_detail
        product = by_id[suggestion.product_id]
        if suggestion.reason_code == OfferReason.INTEREST:
            assert set(suggestion.reason_detail.split(", ")) <= product.tags & interests
        elif suggestion.reason_code == OfferReason.RELATED_PRODUCT:
            assert {int(i) for i in suggestion.reason_detail.split(", ")} <= product.related_ids & purchased
        else:
            assert product.need_class in related_needs(suggestion.reason_detail)
            assert product.need_class not in satisfied
    if len(result) < 2:  # room left: then nothing else had a reason
        follow_on = {need for done in satisfied for need in related_needs(done)} - satisfied
        eligible = {
            p.id
            for p in catalog
            if p.id not in offered | purchased
            and (p.related_ids & purchased or p.tags & interests or p.need_class in follow_on)
        }
        assert {s.product_id for s in result} == eligible
    reasons = list(OfferReason)
    assert [reasons.index(s.reason_code) for s in result] == sorted(reasons.index(s.reason_code) for s in result)
