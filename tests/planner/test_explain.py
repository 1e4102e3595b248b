"""TACT-7: the manager reads which rule moved a contact."""

from __future__ import annotations

from datetime import date, time

from keepwarm.planner.explain import describe, reasons_from_json, reasons_json
from keepwarm.planner.tact import adjust_requested
from keepwarm.planner.types import Reason
from tests.planner.personas import SETTINGS, ivan


def test_tact7_explains_a_skipped_friday():
    """A manager picks Friday 12 March 2021 for a Moscow client. TACT-4 forbids the last working day before the
    weekend and TACT-5 the weekend itself, so the call moves to Monday 15 March; the manager reads, for each day
    skipped, a sentence naming that day and the rule that skipped it, and can tell the Friday from the weekend."""
    slot = adjust_requested(date(2021, 3, 12), time(11), ivan(), SETTINGS, client_asked=False)
    assert slot.day == date(2021, 3, 15)
    sentences = {reason.day: describe(reason) for reason in slot.reasons}
    skipped = {date(2021, 3, 12): "TACT-4", date(2021, 3, 13): "TACT-5", date(2021, 3, 14): "TACT-5"}
    assert sentences.keys() == skipped.keys()
    for day, rule in skipped.items():
        assert day.isoformat() in sentences[day]
        assert f"({rule})" in sentences[day]
        assert "_" not in sentences[day], sentences[day]  # a sentence, not a code such as pre_weekend

    def wording(day: date) -> str:
        return sentences[day].replace(day.isoformat(), "").replace(skipped[day], "")

    assert wording(date(2021, 3, 12)) != wording(date(2021, 3, 13))
    assert wording(date(2021, 3, 13)) == wording(date(2021, 3, 14))


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
