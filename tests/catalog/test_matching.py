"""POST-3 with ANNOY-1: a new or newly tagged product plans offers for matching clients, within the caps."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from keepwarm.catalog.matching import clients_matching
from keepwarm.catalog.models import ProductMatch
from keepwarm.catalog.waits import offer_earliest
from keepwarm.flows import catalog as catalog_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.planner.types import PlannerSettings
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome, PlanKind
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client


def _called(client, by, days_ago, direction=Direction.OUTBOUND):
    client_log_touch(
        client=client,
        by=by,
        channel=Channel.CALL,
        goal=Goal.GATHER_INFO,
        outcome=Outcome.REACHED,
        direction=direction,
        happened_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_post3_new_logistics_product_plans_offers_only_for_interested_clients_within_caps(
    alice, bob, lena, logistics_client, retail_client
):
    recent = make_client(alice, first_name="Vlad", last_name="Ciobanu", interests=["logistics", "retail"])
    _called(recent, alice, days_ago=3)
    bobs = make_client(bob, first_name="Olga", interests=["Logistics"])

    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])

    matches = {m.client_id: m for m in ProductMatch.objects.filter(product=product)}
    assert set(matches) == {logistics_client.pk, recent.pk, bobs.pk}  # not the retail-only client
    step = open_next_step(logistics_client)
    assert (step.goal, step.kind, step.note) == (Goal.OFFER, PlanKind.OFFER, "Fleet tracker")
    assert matches[logistics_client.pk].status == ProductMatch.Status.PLANNED
    assert matches[logistics_client.pk].planned_touch == step
    assert matches[logistics_client.pk].matched_tags == "logistics"
    # ANNOY-1: an outbound touch 3 days ago: listed as waiting, no offer planned.
    waiting = matches[recent.pk]
    assert waiting.status == ProductMatch.Status.WAITING
    assert waiting.waits_until == timezone.localdate() + dt.timedelta(days=4)
    assert open_next_step(recent).kind != PlanKind.OFFER
    assert open_next_step(retail_client).kind != PlanKind.OFFER


def test_post3_annoy1_inbound_contacts_do_not_hold_the_offer(alice, lena, logistics_client):
    _called(logistics_client, alice, days_ago=2, direction=Direction.INBOUND)
    product = catalog_flows.product_create(by=lena, name="Cold storage", tags=["logistics"])
    assert ProductMatch.objects.get(product=product).status == ProductMatch.Status.PLANNED


def test_post3_tagging_a_product_later_matches_then(lena, logistics_client):
    product = catalog_flows.product_create(by=lena, name="Forklift")
    assert not ProductMatch.objects.exists()
    catalog_flows.product_update(product=product, by=lena, tags=["logistics"])
    assert ProductMatch.objects.get(product=product).client == logistics_client


def test_post3_a_second_product_joins_the_offer_already_planned(lena, logistics_client):
    catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    catalog_flows.product_create(by=lena, name="Fuel cards", tags=["logistics"])
    step = open_next_step(logistics_client)
    assert step.note == "Fleet tracker; Fuel cards"
    assert set(ProductMatch.objects.values_list("planned_touch", flat=True)) == {step.pk}


def test_post3_matching_is_per_team(carol, lena, logistics_client):
    make_client(carol, first_name="Other", interests=["logistics"])
    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    assert list(ProductMatch.objects.filter(product=product).values_list("client", flat=True)) == [logistics_client.pk]
    assert clients_matching(team_id=product.team_id, tag_ids=product.tags.values_list("pk", flat=True)).count() == 1


def test_post3_big_sets_are_planned_in_a_task_after_commit(
    monkeypatch, django_capture_on_commit_callbacks, lena, logistics_client
):
    monkeypatch.setattr(catalog_flows, "INLINE_MATCH_LIMIT", 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
        assert not ProductMatch.objects.exists()  # nothing inline
    assert len(callbacks) == 1
    assert ProductMatch.objects.get(product=product).status == ProductMatch.Status.PLANNED


def test_annoy1_offer_earliest_keeps_both_caps():
    today = dt.date(2026, 3, 10)
    settings = PlannerSettings()
    assert offer_earliest([], settings, today) == today
    assert offer_earliest([today - dt.timedelta(days=3)], settings, today) == today + dt.timedelta(days=4)
    assert offer_earliest([today - dt.timedelta(days=8)], settings, today) == today
    two = [today - dt.timedelta(days=20), today - dt.timedelta(days=10)]
    assert offer_earliest(two, settings, today) == today + dt.timedelta(days=10)  # 2 per 30 days


def test_post3_waiting_offers_are_planned_once_the_caps_allow(alice, lena, logistics_client, time_machine):
    _called(logistics_client, alice, days_ago=3)
    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    assert ProductMatch.objects.get().status == ProductMatch.Status.WAITING
    time_machine.move_to(timezone.now() + dt.timedelta(days=5))
    catalog_flows.product_retry_waiting(product=product, by=lena)
    assert ProductMatch.objects.get().status == ProductMatch.Status.PLANNED
