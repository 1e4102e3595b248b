"""The two phonenumbers checks an import makes for every phone (is it valid, how is it written at home), answered
exactly as phonenumbers answers them but with each region's patterns compiled once: phonenumbers looks every
pattern up again through its wrappers, ~30 µs for a validity check and ~50 µs for a national format, most of an
import's reading of a row. tests/imports/test_phones.py holds both to phonenumbers over every calling code."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumber
from phonenumbers.phonenumberutil import (
    COUNTRY_CODE_TO_REGION_CODE,
    country_code_for_valid_region,
    national_significant_number,
)

# The number types phonenumbers tries before fixed line and mobile (phonenumberutil._number_type_helper).
_OTHER_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail")
_FIRST_GROUP = re.compile(r"(\\\d)")  # phonenumberutil._FIRST_GROUP_PATTERN
_NON_GEO = "001"  # phonenumberutil.REGION_CODE_FOR_NON_GEO_ENTITY

Desc = tuple[frozenset[int], re.Pattern[str]] | None  # possible lengths (empty: any), the national number pattern


def _desc(desc: Any) -> Desc:
    """phonenumberutil._is_number_matching_desc's inputs, ready: None for a description that never matches."""
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


def _matches(nsn: str, desc: Desc) -> bool:
    if desc is None:
        return False
    lengths, pattern = desc
    return (not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) is not None


Types = tuple[Desc, tuple[Desc, ...], Desc, Desc, bool]
_TYPES: dict[int, tuple[PhoneMetadata, Types]] = {}  # by id: metadata are loaded once and never equal-hashed


def _types(metadata: PhoneMetadata) -> Types:
    known = _TYPES.get(id(metadata))
    if known is not None and known[0] is metadata:
        return known[1]
    types = (
        _desc(metadata.general_desc),
        tuple(_desc(getattr(metadata, name)) for name in _OTHER_TYPES),
        _desc(metadata.fixed_line),
        _desc(metadata.mobile),
        bool(metadata.same_mobile_and_fixed_line_pattern),
    )
    _TYPES[id(metadata)] = (metadata, types)
    return types


def _known_type(nsn: str, metadata: PhoneMetadata) -> bool:
    """phonenumberutil._number_type_helper(nsn, metadata) != PhoneNumberType.UNKNOWN."""
    general, others, fixed_line, mobile, same = _types(metadata)
    if not _matches(nsn, general):
        return False
    if any(_matches(nsn, desc) for desc in others) or _matches(nsn, fixed_line):
        return True
    return not same and _matches(nsn, mobile)


def is_valid(number: PhoneNumber) -> bool:
    """phonenumbers.is_valid_number."""
    region, code = phonenumbers.region_code_for_number(number), number.country_code
    if region is None or code is None:
        return False
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    if metadata is None or (region != _NON_GEO and code != country_code_for_valid_region(region)):
        return False
    return _known_type(national_significant_number(number), metadata)


@cache
def _formats(code: int) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str], str], ...] | None:
    """The calling code's national formats: (leading digits, pattern, the rule with the national prefix's)."""
    region = phonenumbers.region_code_for_country_code(code)
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    if metadata is None:
        return None
    formats = []
    for fmt in metadata.number_format:
        if fmt.pattern is None or fmt.format is None:  # not in phonenumbers' data; the library's own path then
            return None
        leading = re.compile(fmt.leading_digits_pattern[-1]) if fmt.leading_digits_pattern else None
        rule = fmt.format
        if fmt.national_prefix_formatting_rule:
            rule = _FIRST_GROUP.sub(fmt.national_prefix_formatting_rule, rule, count=1)
        formats.append((leading, re.compile(fmt.pattern), rule))
    return tuple(formats)


def national_format(number: PhoneNumber) -> str:
    """phonenumbers.format_number(NATIONAL) of the number alone: its extension, raw input and carrier codes left
    out (what contacts.number_search_digits formats)."""
    code = number.country_code
    formats = _formats(code) if code in COUNTRY_CODE_TO_REGION_CODE and number.national_number else None
    if formats is None:
        bare = PhoneNumber(
            code, number.national_number, None, number.italian_leading_zero, number.number_of_leading_zeros
        )
        return phonenumbers.format_number(bare, phonenumbers.PhoneNumberFormat.NATIONAL)
    nsn = national_significant_number(number)
    for leading, pattern, rule in formats:
        if (leading is None or leading.match(nsn)) and pattern.fullmatch(nsn):
            return pattern.sub(rule, nsn)
    return nsn
