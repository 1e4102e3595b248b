"""The list, the card and Today run a fixed number of queries however much data there is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.flows.orders import order_record
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def queries(web_client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert web_client.get(url).status_code == 200
    return len(captured)


def grow(owner, clients: int, touches_each: int) -> list:
    made = []
    for number in range(clients):
        client = make_client(owner, first_name=f"Q{number}", phones=["+37322123456"])
        for _ in range(touches_each):
            client_log_touch(client=client, by=owner, channel="call", goal="present", outcome="no_answer")
        order_record(client=client, by=owner, ordered_on=timezone.localdate(), amount=Decimal(10), items="x")
        PlannedTouch.objects.filter(pk=open_next_step(client).pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=number % 3)
        )
        made.append(client)
    return made


@pytest.mark.parametrize("who", ["alice", "lena"])
def test_list_card_and_today_query_counts_do_not_grow_with_data(web, alice, lena, who, request):
    user = request.getfixturevalue(who)
    first = grow(alice, clients=2, touches_each=1)[0]
    web_client = web(user)
    urls = ["/clients/", "/clients/?q=q&overdue=on&sort=next_step", f"/clients/{first.pk}/", "/"]
    small = {url: queries(web_client, url) for url in urls}
    grow(alice, clients=8, touches_each=4)
    for _ in range(6):
        client_log_touch(client=first, by=alice, channel="email", goal="offer", outcome="sent")
    large = {url: queries(web_client, url) for url in urls}
    assert large == small
    card = f"/clients/{first.pk}/"
    assert large.pop(card) <= 14  # with the ladder section, once a request of its own (8 queries) after the page
    assert max(large.values()) <= 14
