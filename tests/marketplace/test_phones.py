"""Vietnamese phone numbers in one readable form (marketplace/phones.py)."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from marketplace.phones import PhoneError, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912 345 678"),
        ("+84 912 345 678", "0912 345 678"),
        ("+84 (0) 912 345 678", "0912 345 678"),
        ("84912345678", "0912 345 678"),
        ("912345678", "0912 345 678"),  # a spreadsheet dropped the 0
        ("0204.3882.123", "0204 3882 123"),
        ("02043882123", "0204 3882 123"),
        ("024 3825 1234", "024 3825 1234"),
        ("(028) 38 29 12 34", "028 3829 1234"),
        ("1800 599 920", "1800 599 920"),
        ("19001234", "1900 1234"),
        ("0204 3882 123 / 0912 345 678", "0204 3882 123, 0912 345 678"),
        ("  ", ""),
    ],
)
def test_common_spellings(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "+1 212 555 0100", "0204 3xxx xxx", "0123 456 789 012", "0912 345 678, 0912 345 679, 0204 3882 123"],
)
def test_anything_else_is_refused_saying_why(typed):
    with translation.override("en"), pytest.raises(PhoneError) as refused:
        normalise_phone(typed)
    assert "phone number" in str(refused.value)


@given(
    st.one_of(
        st.from_regex(r"0[35789][0-9]{8}", fullmatch=True),
        st.from_regex(r"02[0-9]{9}", fullmatch=True),
    ),
    st.sampled_from(["{}", "+84 {}", "84-{}"]),
    st.sampled_from([" ", ".", "-", ""]),
)
def test_any_vietnamese_number_written_any_way_is_stored_once_the_same(digits, prefix, separator):
    spaced = separator.join([digits[:4], digits[4:7], digits[7:]])
    typed = prefix.format(spaced[1:]) if prefix != "{}" else spaced
    stored = normalise_phone(typed)
    assert stored.replace(" ", "") == digits
    assert normalise_phone(stored) == stored
