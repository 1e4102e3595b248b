"""Today in a real browser: "show more" appends the next overdue rows in place (htmx swaps table rows)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client


def test_cat7_show_more_appends_overdue_rows_and_keeps_the_days_contacts(page, alice):
    today = timezone.localdate(timezone=ZoneInfo(alice.time_zone))  # the day alice's Today page shows
    late = make_client(alice, last_name="Late")
    step = PlannedTouch.objects.get(client=late, status=PlanStatus.OPEN, is_next_step=True)
    PlannedTouch.objects.bulk_create(
        PlannedTouch(client=late, owner=alice, due_date=today - dt.timedelta(days=30 - number), channel=step.channel,
                     goal=step.goal, kind=step.kind, is_next_step=False, explanation=step.explanation)
        for number in range(25)
    )  # fmt: skip
    step.delete()
    for number in range(2):
        client = make_client(alice, last_name=f"Today{number}")
        PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=today)

    log_in(page, "alice")
    overdue_rows = page.locator("#agenda-overdue tr[id^=plan-]")
    assert overdue_rows.count() == 10
    assert page.locator("#agenda-due tr[id^=plan-]").count() == 2
    screenshot(page, "today-overdue-paged")
    page.click("#agenda-overdue-more a")
    page.wait_for_function("() => document.querySelectorAll('#agenda-overdue tr[id^=plan-]').length === 20")
    assert page.url.endswith("/")  # appended in place, no navigation
    page.click("#agenda-overdue-more a")
    page.wait_for_function("() => document.querySelectorAll('#agenda-overdue tr[id^=plan-]').length === 25")
    assert page.locator("#agenda-overdue-more").count() == 0
    assert page.locator("#agenda-due tr[id^=plan-]").count() == 2
