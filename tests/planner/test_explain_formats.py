"""LANG-1: dates, holiday names and numbers in the planner's and the scorecard's sentences follow the reader's
locale, in a form that needs no grammatical case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from keepwarm.planner.explain import reason_text
from keepwarm.planner.types import Reason
from keepwarm.qualification import selectors as qualification


def _in(language: str, reason: Reason) -> str:
    with translation.override(language):
        return reason_text(reason)


def test_lang1_reason_date_in_russian_reads_after_a_preposition():
    text = _in("ru", Reason("CAT-3", "deadline", dt.date(2021, 1, 5)))
    assert "5 января 2021\u202fг. (вторник)" in text
    assert "Вторник" not in text  # no capitalised weekday in the accusative's place ("к Вторник 5 января")


def test_lang1_reason_date_in_romanian_has_lowercase_month_and_weekday():
    text = _in("ro", Reason("TACT-7", "manager_choice", dt.date(2020, 10, 9)))
    assert "9 octombrie 2020 (vineri)" in text
    assert "Octombrie" not in text
    assert "Vineri" not in text


def test_lang1_reason_date_in_english():
    assert "October 9, 2020 (Friday)" in _in("en", Reason("TACT-7", "manager_choice", dt.date(2020, 10, 9)))


def test_lang1_holiday_name_in_the_readers_language():
    reason = Reason("TACT-5", "holiday", dt.date(2021, 1, 1), "New Year's Day")  # stored as the planner wrote it
    assert "Anul Nou" in _in("ro", reason)
    assert "New Year's Day" in _in("en", reason)


@pytest.mark.parametrize(
    ("language", "day", "stored"),
    [
        ("ru", dt.date(2026, 8, 31), "National Language Day"),  # Moldova: the package has no Russian names
        ("ru", dt.date(2026, 12, 1), "National Day"),  # Romania
        ("ro", dt.date(2026, 6, 12), "Russia Day"),  # Russia: no Romanian names
        ("ro", dt.date(2026, 1, 9), "Day off (substituted from 01/03/2026)"),
        ("ro", dt.date(2026, 5, 11), "Victory Day (observed)"),
    ],
)
def test_lang1_holiday_names_the_package_lacks_are_worded_by_our_catalogs(language, day, stored):
    text = _in(language, Reason("TACT-5", "holiday", day, stored))
    assert stored not in text
    assert "substituted" not in text
    assert "observed" not in text


@pytest.mark.parametrize(("stored", "shown"), [("8.0", "8 ч."), ("-2.5", "-2,5 ч."), ("1.25", "1,25 ч.")])
def test_lang1_numbers_in_russian_use_the_decimal_comma(stored, shown):
    with translation.override("ru"):
        text = qualification.describe(6, {"6": {"value": "RU", "hours": stored}})
    assert shown in text


def test_lang1_numbers_in_english_use_the_decimal_point():
    with translation.override("en"):
        assert "-2.5 h" in qualification.describe(6, {"6": {"value": "RU", "hours": "-2.5"}})
