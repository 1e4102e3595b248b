"""imports.phones answers as phonenumbers does (it only compiles each region's patterns once): validity and the
national format, over every calling code and numbers of every length."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumber
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from keepwarm.clients.contacts import number_search_digits
from keepwarm.imports import phones, places

CODES = sorted(COUNTRY_CODE_TO_REGION_CODE)


@st.composite
def numbers(draw: st.DrawFn) -> PhoneNumber:
    code = draw(st.sampled_from([*CODES, 999]))  # 999: no such calling code
    digits = draw(st.integers(1, 14))
    national = draw(st.integers(10 ** (digits - 1), 10**digits - 1))
    zero = draw(st.booleans()) and code == 39
    extension = draw(st.none() | st.just("12"))
    return PhoneNumber(country_code=code, national_number=national, italian_leading_zero=zero or None,
                       extension=extension)  # fmt: skip


def real_numbers() -> list[PhoneNumber]:
    """Each region's example numbers of every type: the valid ones random digits rarely hit."""
    found = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
                     phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.VOIP):  # fmt: skip
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                found.append(example)
    return found


def test_valid_and_national_format_of_every_regions_examples_as_phonenumbers():
    examples = real_numbers()
    assert len(examples) > 500
    for number in examples:
        assert phones.is_valid(number) == phonenumbers.is_valid_number(number), number
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert phones.national_format(number) == expected, number
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        assert places.search_digits(e164, number) == number_search_digits(e164, number)


@settings(max_examples=3000, deadline=None)
@given(numbers())
def test_valid_and_national_format_of_any_number_as_phonenumbers(number):
    assert phones.is_valid(number) == phonenumbers.is_valid_number(number)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert places.search_digits(e164, number) == number_search_digits(e164, number)
    number.extension = None
    assert phones.national_format(number) == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
