"""TACT-5 holiday calendars and POST-5 greeting days."""

from __future__ import annotations

from datetime import date

from keepwarm.planner.calendars import add_months, greeting_days, holiday_name, is_working_day, yearly

WEEK = frozenset({0, 1, 2, 3, 4})


def test_tact5_moving_orthodox_easter_in_moldova():
    assert holiday_name("MD", date(2024, 5, 5)) is not None
    assert not is_working_day(date(2024, 5, 6), "MD", WEEK)  # Easter Monday


def test_tact5_transferred_working_saturday_in_russia():
    assert is_working_day(date(2024, 12, 28), "RU", WEEK)
    assert not is_working_day(date(2024, 12, 30), "RU", WEEK)  # its day off, moved to Monday


def test_tact5_unknown_country_means_weekends_only():
    for country in ("", "XX"):
        assert holiday_name(country, date(2024, 1, 1)) is None
        assert is_working_day(date(2024, 1, 1), country, WEEK)


def test_post5_greeting_keys_follow_the_clients_country():
    keys = frozenset({"new_year", "christmas", "orthodox_christmas", "orthodox_easter", "easter", "national_day"})
    assert greeting_days(keys, "RU", 2024) == (
        (date(2024, 1, 1), "new_year"),
        (date(2024, 1, 7), "orthodox_christmas"),
        (date(2024, 5, 5), "orthodox_easter"),
        (date(2024, 6, 12), "national_day"),
    )
    assert greeting_days(keys, "DE", 2024) == (
        (date(2024, 1, 1), "new_year"),
        (date(2024, 3, 31), "easter"),
        (date(2024, 10, 3), "national_day"),
        (date(2024, 12, 25), "christmas"),
    )
    assert greeting_days(keys, "", 2024) == ((date(2024, 1, 1), "new_year"),)


def test_post5_a_removed_greeting_key_greets_nobody():
    assert greeting_days(frozenset({"no_such_day"}), "RU", 2024) == ()


def test_post5_29_february_falls_on_28_february_in_other_years():
    assert yearly(date(1996, 2, 29), 2025) == date(2025, 2, 28)
    assert yearly(date(1996, 2, 29), 2028) == date(2028, 2, 29)
    assert yearly(date(1990, 7, 14), 2025) == date(2025, 7, 14)


def test_annoy4_months_ahead_keep_the_day_or_the_end_of_a_shorter_month():
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 3, 5), 6) == date(2024, 9, 5)
