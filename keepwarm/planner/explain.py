"""The planner's reasons (TACT-7: the manager sees which rule moved a contact): stored as JSON and worded.

A Reason is stored as a StoredReason in PlannedTouch.explanation (and ProductMatch.wait_reasons); only this module
reads or writes that JSON. Messages are marked with gettext_noop so makemessages finds them; `describe` takes the
gettext to use, so the sentences are tested without a locale, and `reason_text` words them for the viewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NotRequired, TypedDict

from django.db.models import Q
from django.utils.translation import get_language, gettext

from keepwarm.core.l10n import day_text, gettext_noop
from keepwarm.planner.calendars import holiday_name_in
from keepwarm.planner.forms import GREETING_LABELS
from keepwarm.planner.holiday_names import holiday_name_worded
from keepwarm.planner.types import PlannedContact, Reason

if TYPE_CHECKING:
    from keepwarm.touches.models import PlannedTouch


class StoredReason(TypedDict):
    """A Reason as JSON; an empty day or detail is left out."""

    rule: str
    code: str
    day: NotRequired[str]  # ISO date
    detail: NotRequired[str]


def reasons_json(reasons: Iterable[Reason]) -> list[StoredReason]:
    stored: list[StoredReason] = []
    for reason in reasons:
        row = StoredReason(rule=reason.rule, code=reason.code)
        if reason.day:
            row["day"] = reason.day.isoformat()
        if reason.detail:
            row["detail"] = reason.detail
        stored.append(row)
    return stored


def reasons_from_json(rows: Sequence[StoredReason]) -> list[Reason]:
    return [
        Reason(
            rule=row.get("rule", ""),
            code=row.get("code", ""),
            day=dt.date.fromisoformat(row["day"]) if row.get("day") else None,
            detail=row.get("detail", ""),
        )
        for row in rows
    ]


def names_rule(rows: Sequence[StoredReason], rule: str) -> bool:
    return any(row.get("rule") == rule for row in rows)


def has_code(rows: Sequence[StoredReason], code: str) -> bool:
    return any(row.get("code") == code for row in rows)


def first_reason_is(rule: str, code: str) -> Q:
    """Planned touches whose first stored reason is this one (what planned them), as a filter on the column."""
    return Q(explanation__0__rule=rule, explanation__0__code=code)


_MESSAGES = {
    "weekend": gettext_noop("%(day)s skipped: weekend (%(rule)s)"),
    "holiday": gettext_noop("%(day)s skipped: public holiday %(detail)s (%(rule)s)"),
    "pre_weekend": gettext_noop("%(day)s skipped: last working day before the weekend (%(rule)s)"),
    "off_hours": gettext_noop("%(day)s %(detail)s is outside the client's working hours (%(rule)s)"),
    "lunch": gettext_noop("%(day)s %(detail)s is the client's lunch (%(rule)s)"),
    "end_of_day": gettext_noop("%(day)s %(detail)s is the end of the client's working day (%(rule)s)"),
    "dst_gap": gettext_noop("%(day)s %(detail)s does not exist: the clocks go forward (%(rule)s)"),
    "client_choice": gettext_noop("The client asked for this time %(detail)s (%(rule)s)"),
    "manager_choice": gettext_noop("Picked by the manager for %(day)s (%(rule)s)"),
    "bad_moment": gettext_noop("The moment was bad on %(day)s; called again as the client asked (%(rule)s)"),
    "first_contact": gettext_noop("First contact with a new client (%(rule)s)"),
    "rule_of_six": gettext_noop(
        "%(detail)s contacts in the last 365 days, the latest on %(day)s: the next keeps six a year (%(rule)s)"
    ),
    "deadline": gettext_noop("Brought forward to keep the promise due by %(day)s (%(rule)s)"),
    "before_agreed_date": gettext_noop("Keeping in touch before the agreed date %(day)s (%(rule)s)"),
    "offer": gettext_noop("An offer every one to two months after the latest contact on %(day)s (%(rule)s)"),
    "interest_match": gettext_noop("New in the catalog for the client's interests: %(detail)s (%(rule)s)"),
    "do_not_contact": gettext_noop("The client asked not to be contacted: look again later (%(rule)s)"),
    "passive": gettext_noop("Passive since %(day)s: reactivation (%(rule)s)"),
    "post_sale_check": gettext_noop("Is the client using the purchase of %(day)s? (%(rule)s)"),
    "post_sale_follow_up": gettext_noop("Follow-up call after the purchase of %(day)s (%(rule)s)"),
    "unsuitable_meeting": gettext_noop("The purchase of %(day)s did not suit: meet as soon as possible (%(rule)s)"),
    "urgent": gettext_noop("Urgent: by %(day)s (%(rule)s)"),
    "agreed_meeting": gettext_noop("The meeting the client agreed to on %(day)s (%(rule)s)"),
    "meeting_follow_up": gettext_noop("The meeting agreed for %(day)s has passed: follow it up (%(rule)s)"),
    "refusal_date": gettext_noop("The client refused; continue on the agreed date %(day)s (%(rule)s)"),
    "refusal_pause": gettext_noop("Refused several times in a row: greetings only until %(day)s (%(rule)s)"),
    "competitor": gettext_noop("Bought from a competitor: next contact at the re-purchase date %(day)s (%(rule)s)"),
    "greetings_only": gettext_noop("Disqualified: greetings only until the re-evaluation on %(day)s (%(rule)s)"),
    "sales_paused": gettext_noop("Sales contacts paused until %(day)s (%(rule)s)"),
    "ready_to_buy": gettext_noop("Ready to buy since %(day)s: call to close (%(rule)s)"),
    "no_answer_retry": gettext_noop("No answer on %(day)s: call again (%(rule)s)"),
    "too_soon": gettext_noop("Not too often: the earliest next contact is %(day)s (%(rule)s)"),
    "hangups": gettext_noop("Hung up twice, latest on %(day)s: a letter, later than usual (%(rule)s)"),
    "birthday": gettext_noop("Birthday greeting (%(rule)s)"),
    "holiday_greeting": gettext_noop("Holiday greeting: %(detail)s (%(rule)s)"),
    "org_anniversary": gettext_noop("The organization's anniversary: %(detail)s years (%(rule)s)"),
    "thank_you": gettext_noop("Thank-you letter for the purchase of %(day)s (%(rule)s)"),
    "capacity": gettext_noop("%(day)s was full: moved to the next day with room (%(rule)s)"),
    "backlog": gettext_noop("Overdue since %(day)s: moved on to a day with room (%(rule)s)"),
}
_FALLBACK = gettext_noop("%(code)s %(day)s %(detail)s (%(rule)s)")


def describe(reason: Reason, gettext: Callable[[str], str] = gettext_noop) -> str:
    """One sentence for a reason, e.g. "2021-03-12 skipped: last working day before the weekend (TACT-4)"."""
    message = gettext(_MESSAGES.get(reason.code, _FALLBACK))
    values = {
        "rule": reason.rule,
        "code": reason.code,
        "day": reason.day.isoformat() if reason.day else "",
        "detail": reason.detail,
    }
    return " ".join((message % values).split())  # no double spaces where a part is empty


def reason_text(reason: Reason) -> str:
    """The reason in the viewer's language, with its date and holiday name in the viewer's words (LANG-1)."""
    if reason.code == "holiday_greeting" and reason.detail in GREETING_LABELS:
        reason = replace(reason, detail=str(GREETING_LABELS[reason.detail]))
    elif reason.code == "holiday" and reason.day is not None:
        name = holiday_name_in(reason.day, reason.detail, get_language() or "en")
        if name == reason.detail:  # the package has no words for it in this language: our catalogs do
            name = holiday_name_worded(name, gettext, day_text)
        reason = replace(reason, detail=name)
    text = describe(reason, gettext)
    if reason.day is not None:
        text = text.replace(reason.day.isoformat(), day_text(reason.day))
    return text


def explanation(planned: PlannedTouch | PlannedContact) -> list[str]:
    """A planned touch's (or a forecast contact's) reasons, one sentence each in the viewer's language."""
    reasons = planned.reasons if isinstance(planned, PlannedContact) else reasons_from_json(planned.explanation)
    return [reason_text(reason) for reason in reasons]
