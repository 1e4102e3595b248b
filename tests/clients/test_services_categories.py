"""CAT-1, CAT-2, CAT-4, CAT-6 through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import CategoryChange
from keepwarm.flows import clients as client_flows
from keepwarm.flows import orders as order_flows
from keepwarm.touches.choices import Goal, PlanKind, PlanStatus
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_cat1_new_client_starts_future_with_a_next_step(alice):
    client = make_client(alice)
    assert client.category == Category.FUTURE
    assert open_next_step(client) is not None


def test_cat1_new_client_may_be_entered_as_now(alice):
    assert make_client(alice, category=Category.NOW).category == Category.NOW


def test_cat1_new_client_cannot_start_never(alice):
    with pytest.raises(ValidationError) as error:
        make_client(alice, category=Category.NEVER)
    assert "category" in error.value.message_dict


@pytest.mark.parametrize("reason", ["", "not interested", "rude", "bought elsewhere", "disqualified"])
def test_cat2_never_without_objective_absence_is_refused(alice, reason):
    client = make_client(alice)
    with pytest.raises(ValidationError) as error:
        client_flows.client_set_category(
            client=client, by=alice, category=Category.NEVER, never_reason=reason, reason=reason
        )
    assert "Future" in " ".join(error.value.message_dict["never_reason"])
    client.refresh_from_db()
    assert client.category == Category.FUTURE
    assert open_next_step(client) is not None


@pytest.mark.parametrize("never_reason", NeverReason.values)
def test_cat2_never_with_objective_absence_cancels_every_planned_touch(alice, never_reason):
    client = make_client(alice)
    client_flows.client_set_category(client=client, by=alice, category=Category.NEVER, never_reason=never_reason)
    client.refresh_from_db()
    assert client.category == Category.NEVER
    assert not client.planned_touches.filter(status=PlanStatus.OPEN).exists()


def test_cat2_leaving_never_needs_a_recorded_correction(alice):
    client = make_client(alice)
    client_flows.client_set_category(
        client=client, by=alice, category=Category.NEVER, never_reason=NeverReason.DECEASED
    )
    with pytest.raises(ValidationError):
        client_flows.client_set_category(client=client, by=alice, category=Category.FUTURE, reason="typo")
    client_flows.client_set_category(
        client=client, by=alice, category=Category.FUTURE, reason="wrong person marked", correction=True
    )
    change = CategoryChange.objects.filter(client=client).order_by("-id").first()
    assert change is not None
    assert (change.from_category, change.to_category, change.is_correction) == ("never", "future", True)
    assert open_next_step(client) is not None


def test_cat4_an_order_makes_the_client_now_with_a_post_sale_call(alice):
    client = make_client(alice)
    today = timezone.localdate()
    order_flows.order_record(client=client, by=alice, ordered_on=today, amount=Decimal(100), items="Pallets")
    client.refresh_from_db()
    assert client.category == Category.NOW
    step = open_next_step(client)
    assert step is not None
    assert (step.goal, step.kind) == (Goal.POST_SALE_CHECK, PlanKind.POST_SALE)
    assert step.due_date > today
    assert step.due_date.weekday() < 5


def test_cat6_every_change_is_kept_with_who_from_to_and_reason(alice):
    client = make_client(alice)
    client_flows.client_set_category(client=client, by=alice, category=Category.NOW, reason="Asked for an invoice")
    client_flows.client_set_category(client=client, by=alice, category=Category.FUTURE, reason="Budget frozen")
    history = list(CategoryChange.objects.filter(client=client).order_by("id"))
    assert [(h.from_category, h.to_category) for h in history] == [
        ("", "future"),
        ("future", "now"),
        ("now", "future"),
    ]
    assert history[1].changed_by == alice
    assert history[2].reason == "Budget frozen"
    assert all(h.changed_at <= timezone.now() + dt.timedelta(seconds=1) for h in history)


def test_stale_edit_is_refused_not_overwritten(alice):
    client = make_client(alice)
    read_version = client.version
    client_flows.client_update(client=client, by=alice, expected_version=read_version, position="CEO")
    stale_copy = type(client).objects.get(pk=client.pk)
    stale_copy.version = read_version
    with pytest.raises(ValidationError) as error:
        client_flows.client_update(client=stale_copy, by=alice, expected_version=read_version, position="CFO")
    assert error.value.code == "stale"
    client.refresh_from_db()
    assert client.position == "CEO"


def test_phones_are_stored_as_e164_in_the_clients_country(alice):
    client = make_client(alice, country="MD", phones=["022 123 456", "+40 721 234 567"])
    assert client.phones == ["+37322123456", "+40721234567"]


def test_unreadable_phone_is_a_field_error(alice):
    with pytest.raises(ValidationError) as error:
        make_client(alice, phones=["call me maybe"])
    assert "phones" in error.value.message_dict
