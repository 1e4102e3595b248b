"""Issue 15: a team lead's Today counts its volume (CAT-7) from the plans' own index, without reading each of the
team's planned touches' clients, and still leaves out do-not-contact clients (CAT-5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.planner import agenda
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _due(client, day: dt.date) -> None:
    PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=day)


@pytest.mark.parametrize("who", ["alice", "lena"])
def test_cat7_volume_counts_without_joining_every_plan_to_its_client(alice, bob, lena, who, request):
    today = timezone.localdate()
    for owner, days_late in ((alice, 0), (alice, 2), (bob, 0)):
        _due(make_client(owner), today - dt.timedelta(days=days_late))
    _due(make_client(alice, do_not_contact=True, do_not_contact_reason="asked"), today - dt.timedelta(days=1))
    user = request.getfixturevalue(who)
    expected = agenda.open_planned_for(user).filter(due_date__lte=today)

    with CaptureQueriesContext(connection) as captured:
        volume = agenda.volume_for(user, day=today)

    assert volume.today == expected.count() == (3 if who == "lena" else 2)
    assert volume.overdue == expected.filter(due_date__lt=today).count() == 1
    counting_every_plan = [query["sql"] for query in captured if "do_not_contact" not in query["sql"]]
    assert counting_every_plan
    assert not any("clients_client" in sql for sql in counting_every_plan)
