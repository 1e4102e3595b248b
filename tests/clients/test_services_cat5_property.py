"""CAT-5 as a property: after any sequence of touches, orders and category changes, every active client
has exactly one open next step and a NEVER client has no open planned touch."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import Client
from keepwarm.flows import clients as client_flows
from keepwarm.flows import orders as order_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import Channel, Goal, Outcome, RefusalReason
from tests.factories import TeamFactory, UserFactory, make_client

touch_step = st.tuples(
    st.just("touch"),
    st.sampled_from(Outcome.values),
    st.sampled_from([Goal.PRESENT, Goal.GREETING, Goal.CLOSE, Goal.THANK_YOU]),
    st.integers(min_value=-3, max_value=90),
)
category_step = st.tuples(
    st.just("category"),
    st.sampled_from(Category.values),
    st.sampled_from(["", *NeverReason.values, "not interested"]),
    st.booleans(),
)
order_step = st.tuples(st.just("order"), st.integers(min_value=0, max_value=5), st.just(""), st.just(0))
steps = st.lists(st.tuples(st.integers(0, 2), st.one_of(touch_step, category_step, order_step)), max_size=12)


class Cat5NextStepProperty(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps)
    def test_cat5_every_active_client_keeps_exactly_one_next_step(self, sequence):
        team = TeamFactory(name="Property team")
        manager = UserFactory(username="prop", team=team)
        clients = [make_client(manager, first_name=f"C{i}") for i in range(3)]
        today = timezone.localdate()
        for index, step in sequence:
            client = Client.objects.get(pk=clients[index].pk)
            with contextlib.suppress(ValidationError):  # a refused step must keep the invariant too
                self.apply(step, client, manager, today)
            self.assert_invariant(clients)

    @staticmethod
    def apply(step, client, manager, today):
        kind, first, second, third = step
        if kind == "touch":
            outcome, goal, days = first, second, third
            client_log_touch(
                client=client,
                by=manager,
                channel=Channel.CALL,
                goal=goal,
                outcome=outcome,
                refusal_reason=RefusalReason.BUDGET if outcome == Outcome.REFUSED else "",
                continue_on=today + dt.timedelta(days=days) if days else None,
                preferred_time=dt.time(15) if outcome == Outcome.BAD_MOMENT else None,
                competitor="Rival" if outcome == Outcome.BOUGHT_ELSEWHERE else "",
            )
        elif kind == "category":
            client_flows.client_set_category(
                client=client,
                by=manager,
                category=first,
                never_reason=second,
                reason="property step",
                correction=third,
            )
        else:
            order_flows.order_record(
                client=client,
                by=manager,
                ordered_on=today - dt.timedelta(days=first),
                amount=Decimal(10),
                items="x",
            )

    def assert_invariant(self, clients):
        for client in Client.objects.filter(pk__in=[c.pk for c in clients]):
            open_steps = client.planned_touches.filter(status="open", is_next_step=True).count()
            if client.category == Category.NEVER:
                assert not client.planned_touches.filter(status="open").exists()
            else:
                assert open_steps == 1, (client.category, open_steps)
