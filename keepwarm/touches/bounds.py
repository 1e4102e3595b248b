"""The one set of date bounds every service checks for a date a person enters: plans and agreed dates look ahead at
most five years, things that happened are not in the future (beyond a small clock skew) nor implausibly old."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from keepwarm.planner.calendars import add_months

EARLIEST_EVENT = dt.date(2000, 1, 1)  # contacts, orders, deals: nothing a CRM of today recorded is older
EARLIEST_BIRTHDAY = dt.date(1900, 1, 1)
EARLIEST_FOUNDING = dt.date(1600, 1, 1)  # old banks and breweries are clients too
FUTURE_YEARS = 5
CLOCK_SKEW = dt.timedelta(minutes=5)
# A date-only event (an order) may carry the user's local date, up to a day ahead of the server's.
DAY_SKEW = dt.timedelta(days=1)


def latest_plan_day(today: dt.date) -> dt.date:
    return add_months(today, 12 * FUTURE_YEARS)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def plan_day_error(value: dt.date, *, today: dt.date, after_today: bool = False) -> str | None:
    """A planned or agreed date: today (or tomorrow, `after_today`) up to five years ahead."""
    if after_today and value <= today:
        return _("The date to continue must be in the future.")
    if value < today:
        return _("Pick today or a later date.")
    return _too_far_error(value, today=today)


def _too_far_error(value: dt.date, *, today: dt.date) -> str | None:
    latest = latest_plan_day(today)
    if value > latest:
        return _("Pick a date within %(years)s years, by %(latest)s.") % {"years": FUTURE_YEARS, "latest": _day(latest)}
    return None


def past_day_error(value: dt.date, *, today: dt.date, earliest: dt.date = EARLIEST_EVENT) -> str | None:
    """A day something happened (an order, a birth, a founding): from `earliest` on, not after today."""
    if value < earliest:
        return _("Pick a date from %(earliest)s on.") % {"earliest": _day(earliest)}
    if value > today + DAY_SKEW:
        return _("This date is in the future; only what already happened is recorded here.")
    return None


def calendar_day_error(value: dt.date, *, today: dt.date) -> str | None:
    """A day that may be past or coming (an event the team runs): from 2000 up to five years ahead."""
    if value < EARLIEST_EVENT:
        return _("Pick a date from %(earliest)s on.") % {"earliest": _day(EARLIEST_EVENT)}
    return _too_far_error(value, today=today)


def event_moment_error(value: dt.datetime, *, now: dt.datetime) -> str | None:
    """An instant something happened (a touch): from 2000 on, not in the future beyond a small clock skew."""
    if value < dt.datetime.combine(EARLIEST_EVENT, dt.time(), tzinfo=dt.UTC):
        return _("Pick a date from %(earliest)s on.") % {"earliest": _day(EARLIEST_EVENT)}
    if value > now + CLOCK_SKEW:
        return _("A touch that happened cannot be in the future; plan it instead.")
    return None


def check_plan_days(*, today: dt.date | None = None, **days: dt.date | None) -> None:
    """Planned or agreed days, by field name (None: not given): today up to five years ahead."""
    today = today or timezone.localdate()
    _raise({field: plan_day_error(day, today=today) for field, day in days.items() if day is not None})


def check_past_days(
    *, earliest: dt.date = EARLIEST_EVENT, today: dt.date | None = None, **days: dt.date | None
) -> None:
    """Days something happened, by field name: from `earliest` on, not after today (a day ahead for time zones)."""
    today = today or timezone.localdate()
    given = {field: day for field, day in days.items() if day is not None}
    _raise({field: past_day_error(day, today=today, earliest=earliest) for field, day in given.items()})


def check_calendar_days(*, today: dt.date | None = None, **days: dt.date | None) -> None:
    """Days that may be past or coming, by field name: from 2000 up to five years ahead."""
    today = today or timezone.localdate()
    _raise({field: calendar_day_error(day, today=today) for field, day in days.items() if day is not None})


def _raise(errors: dict[str, str | None]) -> None:
    """Field-keyed, so forms show each error beside its field and the API answers 400 naming it."""
    found = {field: [error] for field, error in errors.items() if error}
    if found:
        raise ValidationError(found, code="date_out_of_bounds")
