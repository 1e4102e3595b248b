"""TACT-1..7 and TIME-1 on hand-picked days (Moscow unless said otherwise)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from keepwarm.planner.tact import (
    NoAllowedSlotError,
    adjust_requested,
    allowed_windows,
    first_allowed_slot,
    moment_status,
)
from keepwarm.planner.types import Reason, WorkPattern
from tests.planner.personas import SETTINGS, ivan, local

TUESDAY = date(2024, 3, 12)
FRIDAY = date(2024, 3, 15)
ROUND_THE_CLOCK = WorkPattern(
    workdays=frozenset(range(7)), start=time(0), end=time(23, 59), lunch_start=None, lunch_end=None
)


def test_tact1_tact2_tact3_windows_are_working_hours_minus_lunch_and_end_of_day_margin():
    # A 15-minute call must end before lunch and 30 minutes before the end of the day.
    assert allowed_windows(TUESDAY, ivan(), SETTINGS) == [(time(9), time(12, 45)), (time(14), time(17, 15))]


def test_tact1_client_work_pattern_overrides_the_team_default():
    early = WorkPattern(start=time(7), end=time(15), lunch_start=None, lunch_end=None)
    assert allowed_windows(TUESDAY, ivan(work=early), SETTINGS) == [(time(7), time(14, 15))]


def test_tact3_margin_never_below_five_minutes():
    windows = allowed_windows(TUESDAY, ivan(), replace(SETTINGS, end_of_day_margin_minutes=0))
    assert windows[-1] == (time(14), time(17, 40))


def test_tact4_friday_before_weekend_is_skipped():
    day, start, _, reasons = first_allowed_slot(local("Europe/Moscow", 2024, 3, 15, 10), ivan(), SETTINGS)
    assert (day, start) == (date(2024, 3, 18), time(9))
    assert reasons == (
        Reason("TACT-4", "pre_weekend", FRIDAY),
        Reason("TACT-5", "weekend", date(2024, 3, 16)),
        Reason("TACT-5", "weekend", date(2024, 3, 17)),
    )


def test_tact4_afternoon_rule_keeps_the_morning():
    settings = replace(SETTINGS, pre_weekend_rule="afternoon")
    assert allowed_windows(FRIDAY, ivan(), settings) == [(time(9), time(11, 45))]


def test_tact4_off_keeps_the_whole_friday():
    settings = replace(SETTINGS, pre_weekend_rule="off")
    assert allowed_windows(FRIDAY, ivan(), settings) == allowed_windows(TUESDAY, ivan(), settings)


def test_tact4_day_before_a_midweek_holiday_is_skipped():
    assert allowed_windows(date(2024, 6, 11), ivan(), SETTINGS) == []  # Russia Day is Wednesday 12 June


def test_tact5_public_holiday_is_skipped_with_its_name():
    _, _, _, reasons = first_allowed_slot(local("Europe/Moscow", 2024, 3, 8), ivan(), SETTINGS)
    assert reasons[0] == Reason("TACT-5", "holiday", date(2024, 3, 8), "International Women's Day")


def test_tact5_transferred_working_saturday_counts_as_working_day():
    # Russia 2024: Saturday 28 December is a working day, so Friday 27 is no longer the last before a weekend.
    assert allowed_windows(date(2024, 12, 27), ivan(), SETTINGS)
    assert allowed_windows(date(2024, 12, 28), ivan(), replace(SETTINGS, pre_weekend_rule="off"))


def test_tact5_unknown_country_has_weekends_only():
    assert allowed_windows(date(2024, 1, 2), ivan(country=""), SETTINGS)
    assert allowed_windows(date(2024, 1, 2), ivan(), SETTINGS) == []


def test_tact7_manager_time_in_lunch_moves_after_lunch_with_reason():
    slot = adjust_requested(TUESDAY, time(13, 20), ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start, slot.client_choice) == (TUESDAY, time(14), False)
    assert slot.reasons == (Reason("TACT-2", "lunch", TUESDAY, "13:20"),)


def test_tact7_manager_time_after_the_margin_moves_to_the_next_allowed_day():
    slot = adjust_requested(date(2024, 3, 14), time(17, 50), ivan(), SETTINGS, client_asked=False)
    assert slot.day == date(2024, 3, 18)
    assert [reason.code for reason in slot.reasons] == ["end_of_day", "pre_weekend", "weekend", "weekend"]


def test_tact7_allowed_manager_time_is_kept():
    slot = adjust_requested(TUESDAY, time(10, 30), ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start, slot.window_end, slot.reasons) == (TUESDAY, time(10, 30), time(12, 45), ())


MONDAY = date(2024, 3, 18)


@pytest.mark.parametrize("picked", [FRIDAY, date(2024, 3, 16), date(2024, 3, 17)])
def test_tact7_a_pick_moved_to_another_day_keeps_its_time_of_day(picked):
    slot = adjust_requested(picked, time(11), ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start, slot.window_end) == (MONDAY, time(11), time(12, 45))
    assert slot.reasons[-1].code == "weekend"


def test_tact7_a_moved_time_the_new_day_forbids_goes_to_the_nearest_allowed_time_after_it():
    slot = adjust_requested(FRIDAY, time(13, 30), ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start) == (MONDAY, time(14))
    assert slot.reasons[0] == Reason("TACT-4", "pre_weekend", FRIDAY)
    assert slot.reasons[-1] == Reason("TACT-2", "lunch", MONDAY, "13:30")


def test_tact7_a_time_no_day_allows_moves_to_the_first_window_of_the_next_open_day():
    slot = adjust_requested(FRIDAY, time(20), ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start, slot.window_end) == (MONDAY, time(9), time(12, 45))


def test_tact7_a_picked_day_without_a_time_starts_at_the_first_window():
    slot = adjust_requested(FRIDAY, None, ivan(), SETTINGS, client_asked=False)
    assert (slot.day, slot.window_start) == (MONDAY, time(9))


def test_tact6_time_the_client_asked_for_is_kept_even_outside_hours():
    slot = adjust_requested(FRIDAY, time(19, 30), ivan(), SETTINGS, client_asked=True)
    assert (slot.day, slot.window_start, slot.client_choice) == (FRIDAY, time(19, 30), True)
    assert slot.reasons == (Reason("TACT-6", "client_choice", FRIDAY, "19:30"),)


def test_time1_spring_forward_gap_is_not_a_window():
    client = ivan(time_zone="America/New_York", country="US", work=ROUND_THE_CLOCK)
    windows = allowed_windows(date(2024, 3, 10), client, SETTINGS)  # 02:00-03:00 does not exist
    assert windows == [(time(0), time(1, 45)), (time(3), time(23, 14))]


def test_time1_midnight_spring_forward_in_chile():
    client = ivan(time_zone="America/Santiago", country="", work=ROUND_THE_CLOCK)
    assert allowed_windows(date(2024, 9, 8), client, SETTINGS)[0] == (time(1), time(23, 14))


def test_time1_client_time_in_the_gap_reads_as_the_instant_it_names():
    client = ivan(time_zone="America/New_York", country="US", work=ROUND_THE_CLOCK)
    slot = adjust_requested(date(2024, 3, 10), time(2, 30), client, SETTINGS, client_asked=True)
    assert slot.window_start == time(3, 30)
    assert Reason("TIME-1", "dst_gap", date(2024, 3, 10), "02:30") in slot.reasons


def test_time1_vladivostok_slot_from_a_moscow_instant_is_in_vladivostok_time():
    # 20:00 in Moscow is 03:00 next morning in Vladivostok.
    client = ivan(time_zone="Asia/Vladivostok")
    day, start, _, _ = first_allowed_slot(local("Europe/Moscow", 2024, 3, 11, 20), client, SETTINGS)
    assert (day, start) == (TUESDAY, time(9))


@pytest.mark.parametrize(
    ("hour", "minute", "code"),
    [(8, 59, "off_hours"), (12, 50, "lunch"), (13, 30, "lunch"), (17, 20, "end_of_day"), (18, 30, "off_hours")],
)
def test_tact_moment_status_names_the_rule(hour, minute, code):
    status = moment_status(local("Europe/Moscow", 2024, 3, 12, hour, minute), ivan(), SETTINGS)
    assert (status.ok, status.code, status.closes_at) == (False, code, None)


def test_tact_moment_status_good_moment_says_when_the_window_closes():
    status = moment_status(datetime(2024, 3, 12, 7, 0, tzinfo=UTC), ivan(), SETTINGS)  # 10:00 in Moscow
    assert (status.ok, status.code, status.closes_at, status.minutes_left) == (True, "good", time(13), 180)
    assert status.local_now.hour == 10


def test_tact_moment_status_on_days_off():
    assert moment_status(local("Europe/Moscow", 2024, 3, 16), ivan(), SETTINGS).code == "non_working_day"
    assert moment_status(local("Europe/Moscow", 2024, 3, 15), ivan(), SETTINGS).code == "pre_weekend"


def test_tact_no_working_day_at_all_is_an_error_not_a_hang():
    never = WorkPattern(workdays=frozenset())
    with pytest.raises(NoAllowedSlotError):
        first_allowed_slot(local("Europe/Moscow", 2024, 3, 12), ivan(work=never), SETTINGS)
