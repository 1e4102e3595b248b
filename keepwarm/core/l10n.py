"""LANG-1: the languages KeepWarm speaks; dates and numbers in the reader's locale, worded so no sentence
has to inflect them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.conf import settings
from django.db import models
from django.utils import formats, translation


class Language(models.TextChoices):
    """LANG-1: the languages of the UI and of letters."""

    RU = "ru", "Русский"
    RO = "ro", "Română"
    EN = "en", "English"


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (it extracts by this name) at import time; Django's own reads the
    settings in 5.2, so pure modules (holiday names, the planner's reasons) use this one."""
    return message


def in_every_language(named: Callable[[], Iterable[tuple[str, Any]]]) -> Iterator[tuple[str, str]]:
    """(code, name) for each UI language in turn, the name worded in it: what KeepWarm calls things in any of its
    languages, so a file it wrote (an export) reads back in whichever language it was written."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, name in named():
                yield code, str(name)


def _locale() -> str:
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


def day_text(day: dt.date) -> str:
    """E.g. "9 октября 2020 г. (пятница)", "9 octombrie 2020 (vineri)": the weekday stands alone in brackets,
    so it reads right after any preposition ("к Вторник 5 января" did not) and keeps the language's case."""
    return _formatted(day, "weekday", _locale())


# Babel formats a date in ~0.1 ms: a year's plan shows a few dozen days, several times each.
@lru_cache(maxsize=4096)
def _formatted(day: dt.date, pattern: str, locale: str) -> str:
    if pattern == "weekday":
        return f"{format_date(day, 'long', locale=locale)} ({format_date(day, 'cccc', locale=locale)})"
    return format_date(day, pattern, locale=locale)


# Patterns for a date on its own: "long" is "9 octombrie 2020" (Django's "E" gives "9 Octombrie 2020"), "short"
# is a week day's heading ("пт 9 окт.").
_PATTERNS = {"long": "long", "short": "EEE d MMM"}


def date_text(day: dt.date, style: str = "long") -> str:
    """A date in the reader's locale; "weekday" adds the weekday as `day_text` does."""
    if style == "weekday":
        return day_text(day)
    return _formatted(day, _PATTERNS.get(style, "long"), _locale())


def number_text(value: str) -> str:
    """A number kept as text (e.g. in stored reasons) with the reader's decimal mark; "8.0" -> "8", "2.5" ->
    "2,5" in Russian. Anything that is not a number stays as it is."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError):
        return value
    if not number.is_finite():
        return value
    if number == number.to_integral_value():
        number = number.to_integral_value()
    return formats.number_format(number, use_l10n=True)


def money_text(value: Decimal | int | float) -> str:
    """An amount with the reader's marks, grouped in thousands, with its cents: "1 467 230,00" in Russian,
    "1,467,230.00" in English (Django's own number format groups nothing unless told to, everywhere)."""
    return format_decimal(value, format="#,##0.00", locale=_locale())
