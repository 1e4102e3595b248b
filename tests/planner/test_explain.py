"""TACT-7: the manager reads which rule moved a contact."""

from __future__ import annotations

from datetime import date

from keepwarm.planner.explain import describe, reasons_from_json, reasons_json
from keepwarm.planner.types import Reason


def test_tact7_explains_a_skipped_friday():
    reason = Reason("TACT-4", "pre_weekend", date(2021, 3, 12))
    assert describe(reason) == "2021-03-12 skipped: last working day before the weekend (TACT-4)"


def test_tact7_explains_a_holiday_by_name():
    reason = Reason("TACT-5", "holiday", date(2024, 3, 8), "International Women's Day")
    assert describe(reason) == "2024-03-08 skipped: public holiday International Women's Day (TACT-5)"


def test_explanations_go_through_the_given_gettext():
    romanian = {"%(day)s %(detail)s is the client's lunch (%(rule)s)": "%(day)s %(detail)s: pauza de masă (%(rule)s)"}
    lunch = Reason("TACT-2", "lunch", date(2024, 3, 12), "13:20")
    assert describe(lunch, gettext=lambda message: romanian.get(message, message)) == (
        "2024-03-12 13:20: pauza de masă (TACT-2)"
    )


def test_unknown_code_still_reads_as_a_sentence():
    assert describe(Reason("POST-9", "something_new", detail="printers")) == "something_new printers (POST-9)"


def test_tact7_a_stored_reason_reads_back_as_it_was_planned():
    reasons = (
        Reason("TACT-5", "holiday", date(2024, 3, 8), "International Women's Day"),
        Reason("CAT-5", "first_contact"),
    )
    stored = reasons_json(reasons)
    assert stored[1] == {"rule": "CAT-5", "code": "first_contact"}  # an empty day or detail is not stored
    assert reasons_from_json(stored) == list(reasons)
