"""CAT-3, CAT-4, CAT-5 through client_log_touch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanKind, RefusalReason
from keepwarm.touches.models import Touch
from keepwarm.touches.selectors import open_next_step
from keepwarm.touches.services import planned_touch_cancel
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db


def log(client, by, **fields):
    fields.setdefault("channel", Channel.CALL)
    fields.setdefault("goal", Goal.PRESENT)
    return client_log_touch(client=client, by=by, **fields)


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({}, {"refusal_reason", "continue_on"}),
        ({"refusal_reason": RefusalReason.BUDGET}, {"continue_on"}),
        ({"continue_on": dt.date.today() + dt.timedelta(days=30)}, {"refusal_reason"}),
    ],
)
def test_cat3_refusal_without_reason_or_date_is_not_saved(alice, extra, missing):
    client = make_client(alice, category=Category.NOW)
    with pytest.raises(ValidationError) as error:
        log(client, alice, outcome=Outcome.REFUSED, **extra)
    assert set(error.value.message_dict) == missing
    assert not Touch.objects.filter(client=client).exists()
    client.refresh_from_db()
    assert client.category == Category.NOW


def test_cat3_refusal_date_must_be_in_the_future(alice):
    client = make_client(alice)
    with pytest.raises(ValidationError) as error:
        log(
            client,
            alice,
            outcome=Outcome.REFUSED,
            refusal_reason=RefusalReason.TIMING,
            continue_on=timezone.localdate(),
        )
    assert "continue_on" in error.value.message_dict


def test_cat3_refusal_with_reason_and_date_leaves_future_with_next_step_on_that_date(alice):
    client = make_client(alice, category=Category.NOW)
    later = midweek(45)
    result = log(
        client,
        alice,
        outcome=Outcome.REFUSED,
        refusal_reason=RefusalReason.PRICE_VALUE,
        refusal_note="Did not see the savings on fuel",
        continue_on=later,
    )
    assert result.client.category == Category.FUTURE
    assert result.next_step is not None
    assert result.next_step.due_date == later
    assert result.next_step.kind == PlanKind.REFUSAL_FOLLOWUP
    assert client.category_changes.filter(to_category=Category.FUTURE, from_category=Category.NOW).exists()


def test_cat4_ready_to_buy_moves_future_to_now(alice):
    client = make_client(alice)
    result = log(client, alice, outcome=Outcome.READY_TO_BUY, goal=Goal.CLOSE)
    assert result.client.category == Category.NOW


def test_cat4_bought_from_competitor_needs_the_competitor_and_stays_future(alice):
    client = make_client(alice, category=Category.NOW)
    with pytest.raises(ValidationError) as error:
        log(client, alice, outcome=Outcome.BOUGHT_ELSEWHERE)
    assert "competitor" in error.value.message_dict
    result = log(
        client,
        alice,
        outcome=Outcome.BOUGHT_ELSEWHERE,
        competitor="TransLog",
        competitor_advice="Faster quotes",
    )
    assert result.client.category == Category.FUTURE
    assert result.next_step is not None


def test_cat5_a_logged_touch_closes_the_next_step_and_plans_exactly_one_new(alice):
    client = make_client(alice)
    first = open_next_step(client)
    result = log(client, alice, outcome=Outcome.REACHED, goal=Goal.IDENTIFY_NEEDS)
    assert result.next_step is not None
    assert first is not None
    assert result.next_step.pk != first.pk
    assert client.planned_touches.filter(status="open", is_next_step=True).count() == 1


def test_cat5_a_greeting_does_not_replace_the_next_step(alice):
    client = make_client(alice)
    step = open_next_step(client)
    log(client, alice, outcome=Outcome.SENT, goal=Goal.GREETING, channel=Channel.LETTER)
    assert open_next_step(client) == step


def test_cat5_the_next_step_cannot_be_cancelled(alice):
    client = make_client(alice)
    step = open_next_step(client)
    assert step is not None
    with pytest.raises(ValidationError):
        planned_touch_cancel(planned=step, by=alice)
    assert open_next_step(client) == step


def test_tact6_bad_moment_keeps_the_clients_preferred_time(alice):
    client = make_client(alice)
    with pytest.raises(ValidationError):
        log(client, alice, outcome=Outcome.BAD_MOMENT)
    result = log(client, alice, outcome=Outcome.BAD_MOMENT, preferred_time=dt.time(16, 30))
    assert result.client.preferred_call_time == dt.time(16, 30)


def test_touch_on_a_never_client_is_refused(alice):
    from keepwarm.flows.clients import client_set_category

    client = make_client(alice)
    client_set_category(client=client, by=alice, category=Category.NEVER, never_reason="liquidated")
    with pytest.raises(ValidationError):
        log(client, alice, outcome=Outcome.REACHED)
