"""Public holidays, transferred working days (TACT-5) and greeting days (POST-5), cached per country, year.

The `holidays` package is the maintained calendar; we never hand-write a country's holiday list here.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from keepwarm.planner.types import ClientFacts, PlannerSettings, Reason

_DAY = timedelta(days=1)

# Which countries keep which greeting day (POST-5 greets only for holidays of the client's country).
_ORTHODOX_EASTER = frozenset({"RU", "BY", "UA", "MD", "RO", "GE", "RS", "ME", "MK", "BG", "GR", "CY"})
_JULIAN_CHRISTMAS_ONLY = frozenset({"RU", "KZ", "GE", "RS", "ME"})
_JULIAN_CHRISTMAS = _JULIAN_CHRISTMAS_ONLY | {"BY", "MD"}  # these two keep both Christmases
_WOMENS_DAY = frozenset({"RU", "BY", "UA", "MD", "RO", "KZ", "GE", "AM", "AZ", "KG", "UZ", "TJ"})
_NATIONAL_DAYS: dict[str, tuple[int, int]] = {
    "RU": (6, 12),
    "MD": (8, 27),
    "RO": (12, 1),
    "UA": (8, 24),
    "KZ": (12, 16),
    "BY": (7, 3),
    "GE": (5, 26),
    "US": (7, 4),
    "DE": (10, 3),
    "FR": (7, 14),
    "IT": (6, 2),
    "PL": (11, 11),
}


def _national_day(country: str, year: int) -> date | None:
    month_day = _NATIONAL_DAYS.get(country)
    return date(year, *month_day) if month_day else None


# POST-5: the keys a team picks from; each gives the day in (country, year), or None where it is not kept.
# Only new_year is kept everywhere, including for clients whose country is unknown.
GREETING_KEYS: dict[str, Callable[[str, int], date | None]] = {
    "new_year": lambda country, year: date(year, 1, 1),
    "christmas": lambda country, year: (
        date(year, 12, 25) if country and country not in _JULIAN_CHRISTMAS_ONLY else None
    ),
    "orthodox_christmas": lambda country, year: date(year, 1, 7) if country in _JULIAN_CHRISTMAS else None,
    "easter": lambda country, year: (
        easter(year, EASTER_WESTERN) if country and country not in _ORTHODOX_EASTER else None
    ),
    "orthodox_easter": lambda country, year: easter(year, EASTER_ORTHODOX) if country in _ORTHODOX_EASTER else None,
    "womens_day": lambda country, year: date(year, 3, 8) if country in _WOMENS_DAY else None,
    "national_day": _national_day,
}


@lru_cache(maxsize=1024)
def _country_year(country: str, year: int) -> tuple[dict[date, str], frozenset[date]]:
    """TACT-5: (holiday -> name, transferred working days) for one country and year; unknown -> none."""
    if not country:
        return {}, frozenset()
    try:
        # The next year too: a working Saturday can be declared in next year's transfer decree.
        calendar = holidays.country_holidays(country, years=(year, year + 1), language="en_US")
    except NotImplementedError:
        return {}, frozenset()
    days = {day: str(name) for day, name in calendar.items() if day.year == year}
    workdays = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return days, workdays


@lru_cache(maxsize=8)
def _countries_named_in(language: str) -> tuple[str, ...]:
    return tuple(
        sorted(
            code for code, names in holidays.list_localized_countries().items() if language in names and len(code) == 2
        )
    )


@lru_cache(maxsize=256)
def _names_in(country: str, year: int, language: str) -> dict[date, str]:
    return {day: str(name) for day, name in holidays.country_holidays(country, years=year, language=language).items()}


def holiday_name_in(day: date, name: str, language: str) -> str:
    """LANG-1: reasons keep the holiday's English name; the reader gets it in their language where a calendar
    that has this holiday on this day knows it, else in English."""
    for country in _countries_named_in(language):
        if _country_year(country, day.year)[0].get(day) == name:
            return _names_in(country, day.year, language).get(day, name)
    return name


def holiday_name(country: str, day: date) -> str | None:
    """The public holiday on this day in the country, or None."""
    return _country_year(country, day.year)[0].get(day)


def is_transferred_workday(country: str, day: date) -> bool:
    """A weekend day the country declared a working day (e.g. a Saturday in Russia)."""
    return day in _country_year(country, day.year)[1]


def is_working_day(day: date, country: str, workdays: frozenset[int]) -> bool:
    """TACT-1/5: a day of the client's week (or a transferred working day) that is not a public holiday."""
    if holiday_name(country, day) is not None:
        return False
    return day.weekday() in workdays or is_transferred_workday(country, day)


def working_days_after(day: date, count: int, country: str, workdays: frozenset[int]) -> date:
    """POST-1 "within N working days": the N-th working day after `day`."""
    while count > 0:
        day += _DAY
        if is_working_day(day, country, workdays):
            count -= 1
    return day


def yearly(origin: date, year: int) -> date:
    """The anniversary of `origin` in `year`; 29 February falls on 28 February in other years.

    28 February keeps the greeting in the person's own month and never late, which is how most people
    born on 29 February celebrate.
    """
    if origin.month == 2 and origin.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, origin.month, origin.day)  # not replace(year=...): keyword arguments are slow here


def add_months(day: date, months: int) -> date:
    """ANNOY-3/4, QUAL-4 "in N months": the same day of the month, or the last day of a shorter month."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=4096)
def greeting_days(keys: frozenset[str], country: str, year: int) -> tuple[tuple[date, str], ...]:
    """POST-5: the team-chosen holidays the client's country keeps in `year`, as (day, key), sorted."""
    found = []
    for key in sorted(keys):
        resolve = GREETING_KEYS.get(key)  # an unknown key (e.g. removed from the list) greets nobody
        day = resolve(country, year) if resolve else None
        if day is not None:
            found.append((day, key))
    return tuple(sorted(found))


# POST-5 reasons are shared, not built per client: a forecast asks for them for every client it plans.
_BIRTHDAY = Reason("POST-5", "birthday")


@lru_cache(maxsize=4096)
def _holiday_greetings(keys: frozenset[str], country: str, year: int) -> tuple[tuple[date, Reason], ...]:
    return tuple(
        (day, Reason("POST-5", "holiday_greeting", detail=key)) for day, key in greeting_days(keys, country, year)
    )


def greetings_between(
    client: ClientFacts, settings: PlannerSettings, first: date, last: date
) -> list[tuple[date, Reason]]:
    """POST-5: the client's birthdays, team-chosen holidays and (optionally) organization anniversaries."""
    found: list[tuple[date, Reason]] = []
    founded = client.organization_founded
    for year in range(first.year, last.year + 1):
        if client.birthday is not None:
            found.append((yearly(client.birthday, year), _BIRTHDAY))
        found += _holiday_greetings(settings.greeting_holidays, client.country, year)
        if settings.greet_org_anniversary and founded is not None and year > founded.year:
            years = str(year - founded.year)
            found.append((yearly(founded, year), Reason("POST-5", "org_anniversary", detail=years)))
    return [(day, reason) for day, reason in found if first <= day <= last]
