"""LAD-2..6 through the services: facts from orders and referrals, confirmed moves, privileges, overrides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.flows.orders import order_record
from keepwarm.ladder import selectors, services
from keepwarm.ladder.criteria import Direction, Level
from keepwarm.ladder.models import ClientLadder, LadderChange, PrivilegeOverride
from keepwarm.ladder.privileges import Term
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def buy(client, by, *, paid: bool = True, delivered: bool = True, days_ago: int = 10) -> None:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    order_record(
        client=client,
        by=by,
        ordered_on=day,
        amount=Decimal(100),
        items="boxes",
        amount_paid=Decimal(100) if paid else Decimal(0),
        delivered_on=day if delivered else None,
    )


def test_lad2_one_paid_delivered_order_suggests_user(alice):
    client = make_client(alice)
    buy(client, alice)
    suggestion = selectors.suggestion_for(client)
    assert (suggestion.level, suggestion.direction) == (Level.USER, Direction.PROMOTE)


def test_lad3_two_delivered_paid_orders_suggest_conservative(alice):
    client = make_client(alice)
    buy(client, alice, days_ago=40)
    buy(client, alice, paid=False)  # unpaid: not a completed purchase
    assert selectors.suggestion_for(client).level == Level.USER
    buy(client, alice, days_ago=5)
    suggestion = selectors.suggestion_for(client)
    assert (suggestion.level, suggestion.direction) == (Level.CONSERVATIVE, Direction.PROMOTE)


def test_lad4_a_referral_suggests_advocate_after_the_lower_steps(alice):
    client = make_client(alice)
    make_client(alice, first_name="Referred", referred_by=client)
    assert selectors.suggestion_for(client).direction == Direction.NONE  # a Prospect climbs in order (S3)
    buy(client, alice, days_ago=40)
    buy(client, alice)
    suggestion = selectors.suggestion_for(client)
    assert (suggestion.level, suggestion.direction) == (Level.ADVOCATE, Direction.PROMOTE)


def test_lad6_manager_confirms_the_suggested_level_and_history_is_kept(alice):
    client = make_client(alice)
    buy(client, alice)
    with pytest.raises(ValidationError) as refused:
        services.ladder_confirm(client=client, by=alice, level=Level.PARTNER)
    assert "level" in refused.value.message_dict
    services.ladder_confirm(
        client=client, by=alice, level=Level.USER, reason="first order", confirmations=["ready_to_talk"]
    )
    row = ClientLadder.objects.get(client=client)
    assert row.level == Level.USER
    assert row.ready_to_talk
    change = LadderChange.objects.get(client=client)
    assert (change.from_level, change.to_level, change.by) == (Level.PROSPECT, Level.USER, alice)
    assert selectors.suggestion_for(client).direction == Direction.NONE
    with pytest.raises(ValidationError):
        services.ladder_confirm(client=client, by=alice, level=Level.USER)


def test_lad6_suggestions_list_only_the_users_clients_that_should_move(alice, bob, lena):
    moving = make_client(alice, first_name="Moving")
    buy(moving, alice)
    make_client(alice, first_name="Still")
    other = make_client(bob, first_name="Bobs")
    buy(other, bob)
    assert [s.client.pk for s in selectors.suggestions_for(alice)] == [moving.pk]
    assert {s.client.pk for s in selectors.suggestions_for(lena)} == {moving.pk, other.pk}


def test_lad6_suggestions_are_listed_by_name_as_the_reader_sorts_them(alice):
    """Romanian: Bălan, Becker, Bîrsan, Botnaru (ă after a, î after i); byte order put Becker and Botnaru first."""
    alice.language = "ro"
    alice.save(update_fields=["language"])
    for name in ("Botnaru", "Bîrsan", "Becker", "Bălan"):
        buy(make_client(alice, last_name=name), alice)
    assert [s.client.last_name for s in selectors.suggestions_for(alice)] == ["Bălan", "Becker", "Bîrsan", "Botnaru"]


def test_lad5_a_level_never_earns_more_than_the_level_above_nor_less_than_the_one_below(lena):
    """Law no. 1: a prospect with 10 % beside a loyal client with 3 % would invert the ladder; the team's rows are
    ordered whatever order they are set in, from the top down or from the bottom up."""
    with pytest.raises(ValidationError) as refused:
        services.privileges_update(team=lena.team, by=lena, level=Level.PROSPECT, discount_pct=Decimal(10))
    assert "Prospect may not earn more than User" in refused.value.message_dict["discount_pct"][0]
    with pytest.raises(ValidationError) as refused:
        services.privileges_update(team=lena.team, by=lena, level=Level.PARTNER, payment_terms_days=20)
    assert "payment_terms_days" in refused.value.message_dict
    services.privileges_update(team=lena.team, by=lena, level=Level.PARTNER, discount_pct=Decimal(20))
    services.privileges_update(team=lena.team, by=lena, level=Level.ADVOCATE, discount_pct=Decimal(15))
    assert selectors.team_privileges(lena.team)[Level.ADVOCATE].discount_pct == Decimal(15)
    # The settings page's table, every level raised at once, bottom first: checked as the table it leaves.
    raised = {level: {"discount_pct": Decimal(20 + level)} for level in Level}
    services.privileges_table_update(team=lena.team, by=lena, changes=raised)
    assert [row.discount_pct for row in selectors.team_privileges(lena.team).values()] == [21, 22, 23, 24, 25]


def test_lad5_over_level_discount_refused_without_reason_and_recorded_with_one(alice):
    client = make_client(alice)
    assert services.offer_check(client=client, by=alice, discount_pct=Decimal(0), payment_terms_days=0) == []
    with pytest.raises(ValidationError) as refused:
        services.offer_check(client=client, by=alice, discount_pct=Decimal(5), payment_terms_days=30)
    assert {"discount_pct", "payment_terms_days", "override_reason"} <= set(refused.value.message_dict)
    assert not PrivilegeOverride.objects.exists()
    excesses = services.offer_check(
        client=client, by=alice, discount_pct=Decimal(5), payment_terms_days=0, override_reason="fleet deal"
    )
    assert [e.term for e in excesses] == [Term.DISCOUNT]
    override = PrivilegeOverride.objects.get()
    assert (override.offered, override.allowed, override.reason, override.by) == (
        Decimal(5),
        Decimal(0),
        "fleet deal",
        alice,
    )


def test_lad5_privileges_follow_the_level_and_the_team_settings(alice, lena):
    client = make_client(alice)
    buy(client, alice)
    services.ladder_confirm(client=client, by=alice, level=Level.USER)
    assert services.offer_check(client=client, by=alice, discount_pct=Decimal(3), payment_terms_days=7) == []
    with pytest.raises(ValidationError):
        services.privileges_update(team=alice.team, by=alice, level=Level.USER, discount_pct=Decimal(4))
    services.privileges_update(team=alice.team, by=lena, level=Level.USER, discount_pct=Decimal(4))
    assert services.offer_check(client=client, by=alice, discount_pct=Decimal(4), payment_terms_days=7) == []
    assert selectors.card_for(client).privileges.discount_pct == Decimal(4)
