"""TIME-1 and CAT-5 on Today in a real browser: a Moscow manager sees a Vladivostok client's own clock (worked out
here from zoneinfo at the real time), the call window on the manager's clock with the client's beside it, and no
do-not-contact client."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client

MOSCOW, VLADIVOSTOK = ZoneInfo("Europe/Moscow"), ZoneInfo("Asia/Vladivostok")


def _clock(zone: ZoneInfo) -> str:
    return dt.datetime.now(zone).strftime("%H:%M")


def test_time1_cat5_today_shows_a_far_clients_own_clock_and_no_do_not_contact_client(page, alice):
    alice.time_zone = "Europe/Moscow"
    alice.save(update_fields=["time_zone"])
    today = dt.datetime.now(MOSCOW).date()  # Today is the manager's day
    far = make_client(alice, last_name="Faraway", country="RU", time_zone="Asia/Vladivostok")
    start = dt.datetime.combine(today, dt.time(9), tzinfo=VLADIVOSTOK)
    PlannedTouch.objects.filter(client=far, status=PlanStatus.OPEN, is_next_step=True).update(
        due_date=today, window_start=dt.time(9), window_end=dt.time(17, 30), due_at=start.astimezone(dt.UTC)
    )
    barred = make_client(alice, last_name="Barred", do_not_contact=True, do_not_contact_reason="asked")
    PlannedTouch.objects.filter(client=barred, status=PlanStatus.OPEN, is_next_step=True).update(
        due_date=today - dt.timedelta(days=5)
    )  # the revisit step, overdue

    before = _clock(VLADIVOSTOK)
    log_in(page, "alice")
    after = _clock(VLADIVOSTOK)
    row = page.locator("tr", has_text="Faraway Ion")
    screenshot(page, "today-time1")

    assert row.locator(".client-clock").inner_text() in {before, after}  # the client's clock, not Moscow's
    window = row.locator(".window").inner_text()
    assert window.startswith(f"{start.astimezone(MOSCOW):%H:%M}–")  # 02:00 in Moscow
    assert "09:00–17:30 client's time" in window
    assert page.get_by_text("Barred Ion").count() == 0  # do not contact: on no call list
    assert page.locator(f"a[href*='/clients/{barred.pk}/touch/']").count() == 0
