"""Human sentences for the planner's reasons (TACT-7: the manager sees which rule moved a contact).

Messages are marked with gettext_noop so makemessages finds them; the caller passes Django's gettext, which
keeps this module importable (and testable) without settings. Dates stay ISO; the caller localises them.
"""

from __future__ import annotations

from collections.abc import Callable

from keepwarm.planner.types import Reason


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (it extracts by this name); Django's own needs settings in 5.2."""
    return message


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
