"""The one set of date bounds every entry path checks: plans and agreed dates look ahead at most five years,
things that happened are from 2000 on and not in the future (beyond a small clock skew)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from keepwarm.planner.calendars import add_months

EARLIEST_EVENT = dt.date(2000, 1, 1)
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
    latest = latest_plan_day(today)
    if value > latest:
        return _("Pick a date within %(years)s years, by %(latest)s.") % {"years": FUTURE_YEARS, "latest": _day(latest)}
    return None


def event_day_error(value: dt.date, *, today: dt.date) -> str | None:
    """A day something happened (an order): from 2000 on, not after today."""
    if value < EARLIEST_EVENT:
        return _("Pick a date from %(earliest)s on.") % {"earliest": _day(EARLIEST_EVENT)}
    if value > today + DAY_SKEW:
        return _("This date is in the future; only what already happened is recorded here.")
    return None


def event_moment_error(value: dt.datetime, *, now: dt.datetime) -> str | None:
    """An instant something happened (a touch): from 2000 on, not in the future beyond a small clock skew."""
    if value < dt.datetime.combine(EARLIEST_EVENT, dt.time(), tzinfo=dt.UTC):
        return _("Pick a date from %(earliest)s on.") % {"earliest": _day(EARLIEST_EVENT)}
    if value > now + CLOCK_SKEW:
        return _("A touch that happened cannot be in the future; plan it instead.")
    return None


def check_plan_day(value: dt.date, *, field: str, today: dt.date | None = None) -> None:
    """Raise a field-keyed ValidationError for a planned date out of bounds (forms and the API show it there)."""
    error = plan_day_error(value, today=today or timezone.localdate())
    if error:
        raise ValidationError({field: [error]}, code="date_out_of_bounds")


def check_event_day(value: dt.date, *, field: str, today: dt.date | None = None) -> None:
    """An order or other past event on a day: not before 2000, not after today (a day ahead for time zones)."""
    error = event_day_error(value, today=today or timezone.localdate())
    if error:
        raise ValidationError({field: [error]}, code="date_out_of_bounds")
