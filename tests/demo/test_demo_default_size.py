"""PLAN-1 on the demo at its default size, as `make run` loads it: a Today each manager can work through. It needs
an empty database, so it is not among test_demo.py's tests that share one small demo."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.touches.choices import PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch

pytestmark = pytest.mark.django_db


def test_plan1_the_default_demo_opens_with_a_today_each_manager_can_work():
    call_command("demo", stdout=StringIO())  # the default size, as `make run` loads it
    for username in ("maria", "ion"):
        manager = User.objects.get(username=username)
        today = timezone.localdate(timezone=ZoneInfo(manager.time_zone))  # the day their Today page shows
        steps = PlannedTouch.objects.filter(owner=manager, status=PlanStatus.OPEN, is_next_step=True)
        on_today = steps.filter(due_date__lte=today)
        assert 20 <= on_today.count() <= 40, (username, on_today.count())  # work to do, and no more than a day
        # No sequence left pending for months: post-sale checks due today are for recent purchases only (POST-1's
        # calls follow an order within days; how many fall on today depends on the weekday the demo is loaded).
        post_sale = on_today.filter(kind=PlanKind.POST_SALE)
        last_orders = post_sale.annotate(last_order=Max("client__orders__ordered_on")).values_list(
            "last_order", flat=True
        )
        assert all(order is not None and order >= today - dt.timedelta(days=30) for order in last_orders), username
        assert post_sale.count() <= on_today.count() // 3, username  # Today is not made of post-sale checks
        week = Counter(steps.filter(due_date__gt=today, due_date__lte=today + dt.timedelta(days=14)).values_list(
            "due_date", flat=True
        ))  # fmt: skip
        assert max(week.values()) <= 40, (username, week)
        assert steps.filter(overdue_since__isnull=False, due_date__gt=today).exists()  # the backlog moved on
