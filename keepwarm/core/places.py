"""LANG-1 and TIME-1: countries and time zones named in the reader's language, for pick lists and pages.

What is stored stays a code (ISO 3166, IANA zone id); the names come from CLDR (babel) when shown, so a Russian
manager picks "Молдова" and reads "Россия — Новосибирск" where the code is Europe/Chisinau or Asia/Novosibirsk.
The zones offered are tzdata's own table of canonical zones and their countries (no legacy aliases), plus UTC.
"""

from __future__ import annotations

import importlib.resources
from collections import defaultdict
from difflib import SequenceMatcher
from functools import cache

import icu
import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.utils import translation

# A zone with no country of its own, kept in the list for teams that plan in it.
UNIVERSAL = "UTC"


@cache
def zone_countries() -> dict[str, str]:
    """Canonical zone id -> its country's ISO code, from tzdata's zone.tab (the same data zoneinfo reads)."""
    table = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    countries = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            countries[zone] = country
    return countries


def _locale() -> str:
    return translation.to_locale(translation.get_language() or "en")


@cache
def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def _sort_key(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale)).getSortKey


def _country_name(code: str, locale: str) -> str:
    return str(_babel_locale(locale).territories.get(code, code))


@cache
def _zone_names(locale: str) -> dict[str, str]:
    """Zone id -> "Country" (the country's only zone) or "Country — City" (one of several)."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for zone, country in zone_countries().items():
        by_country[country].append(zone)
    babel_locale = _babel_locale(locale)
    names = {UNIVERSAL: UNIVERSAL}
    for country, zones in by_country.items():
        country_name = _country_name(country, locale)
        for zone in zones:
            if len(zones) == 1:
                names[zone] = country_name
            else:
                names[zone] = f"{country_name} — {_city(zone, babel_locale)}"
    return names


def _city(zone: str, locale: Locale) -> str:
    """A zone's city in the locale. CLDR keys some by their old ids (Europe/Kiev for Europe/Kyiv, Asia/Calcutta for
    Asia/Kolkata), which babel's own lookup misses; of several old ids, the one most like the new comes first (Kiev
    for Kyiv, not Zaporozhye, which tzdata merged into it). A city CLDR does not name is the id's last part."""
    old = [alias for alias, target in get_global("zone_aliases").items() if target == zone]
    old.sort(key=lambda alias: -SequenceMatcher(None, alias, zone).ratio())
    for known in (zone, *old):
        city = (locale.time_zones.get(known) or {}).get("city")
        if city:
            return str(city)
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_name(zone: object) -> str:
    """A zone (an id or a tzinfo) as the reader calls it; an id KeepWarm has no name for stays as it is."""
    zone_id = str(zone)
    return _zone_names(_locale()).get(zone_id, zone_id)


def country_name(code: str) -> str:
    """An ISO code as the reader calls the country; "" stays "", an unknown code stays as it is."""
    return _country_name(code, _locale()) if code else ""


@cache
def _zone_choices(locale: str) -> tuple[tuple[str, str], ...]:
    key = _sort_key(locale)
    return tuple(sorted(_zone_names(locale).items(), key=lambda item: key(item[1])))


@cache
def _country_choices(locale: str) -> tuple[tuple[str, str], ...]:
    key = _sort_key(locale)
    named = ((code, _country_name(code, locale)) for code in phonenumbers.SUPPORTED_REGIONS)
    return tuple(sorted(named, key=lambda item: key(item[1])))


def zone_choices() -> tuple[tuple[str, str], ...]:
    """(zone id, name) of every zone, in the reader's alphabetical order of the names."""
    return _zone_choices(_locale())


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country with telephones (what clients.validate_country accepts), in the reader's
    alphabetical order."""
    return _country_choices(_locale())
