"""Phone, e-mail, time-zone and search-text normalisation for clients."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import phonenumbers
from babel.core import get_global
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

FALLBACK_TIME_ZONE = "UTC"
# CLDR lists a multi-zone country's zones alphabetically; the capital's zone is the better default.
CAPITAL_TIME_ZONES = {
    "RU": "Europe/Moscow",
    "KZ": "Asia/Almaty",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "ID": "Asia/Jakarta",
    "AR": "America/Argentina/Buenos_Aires",
    "MN": "Asia/Ulaanbaatar",
    "UZ": "Asia/Tashkent",
}


def normalize_phones(raw_phones: Iterable[str], *, region: str) -> list[str]:
    """E.164 for every phone; a local number is read in the client's country (e.g. 022 123 456 in MD)."""
    normalized: list[str] = []
    errors: list[str] = []
    for raw in raw_phones:
        text = str(raw).strip()
        if not text:
            continue
        try:
            number = phonenumbers.parse(text, region or None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            errors.append(_("“%(phone)s” is not a phone number we can dial.") % {"phone": text})
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in normalized:
            normalized.append(e164)
    if errors:
        raise ValidationError({"phones": errors})
    return normalized


def normalize_emails(raw_emails: Iterable[str]) -> list[str]:
    emails: list[str] = []
    errors: list[str] = []
    for raw in raw_emails:
        text = str(raw).strip().lower()
        if not text:
            continue
        try:
            validate_email(text)
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid e-mail address.") % {"email": text})
            continue
        if text not in emails:
            emails.append(text)
    if errors:
        raise ValidationError({"emails": errors})
    return emails


def country_time_zone(country: str) -> str:
    """The main time zone of a country (e.g. RU -> Europe/Moscow); UTC when unknown."""
    code = country.upper()
    if code in CAPITAL_TIME_ZONES:
        return CAPITAL_TIME_ZONES[code]
    zones = get_global("territory_zones").get(code, ()) if code else ()
    return zones[0] if zones else FALLBACK_TIME_ZONE


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form used for search (ș = s, Ё = е, İ = i)."""
    if text.isascii():  # nothing to decompose: a fifth of the time, on an import's hundreds of thousands of names
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phone_search_digits(phone: str) -> list[str]:
    """An E.164 phone's digits, and also as dialled inside its country when that is not a part of them: with the
    trunk prefix of phonenumbers' data (RU 8 985 341-77-91, MD 069 123 456), so either finds the client."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return [phone.lstrip("+")]
    return number_search_digits(phone, number)


def number_search_digits(phone: str, number: phonenumbers.PhoneNumber) -> list[str]:
    """phone_search_digits of an E.164 phone already parsed (an import reads a hundred thousand): the number as the
    E.164 form holds it (an extension, a raw input given to the parser play no part)."""
    digits = phone.lstrip("+")
    bare = phonenumbers.PhoneNumber(
        country_code=number.country_code,
        national_number=number.national_number,
        italian_leading_zero=number.italian_leading_zero,
        number_of_leading_zeros=number.number_of_leading_zeros,
    )
    written = phonenumbers.format_number(bare, phonenumbers.PhoneNumberFormat.NATIONAL)
    national = "".join(ch for ch in written if ch.isdigit())
    return [digits] if national in digits else [digits, national]


def search_text(
    *,
    names: Iterable[str],
    phones: Iterable[str],
    emails: Iterable[str],
    organization: str,
    phone_digits: Iterable[str] | None = None,
) -> str:
    """One folded line per client so search works the same on SQLite and PostgreSQL; `phone_digits`: the phones'
    phone_search_digits when the caller has them already."""
    digits = [form for phone in phones for form in phone_search_digits(phone)] if phone_digits is None else phone_digits
    return " ".join(fold(part) for part in (*names, organization, *emails, *digits) if part)
