"""Check digits and number classification: cards, national ids, phone numbers, and what is none of them."""
from __future__ import annotations

import pytest

from workbench.privacy import checks


@pytest.mark.parametrize("digits,ok", [
    ("4012888888881881", True), ("4539148803436467", True), ("5425233430109903", True),
    ("378282246310005", True), ("4012888888881882", False), ("1234567812345678", False),
])
def test_luhn(digits, ok):
    assert checks.luhn_ok(digits) is ok


@pytest.mark.parametrize("digits,ok", [
    ("880514145523", True),    # 14 May 1988, Kuala Lumpur
    ("790105086613", True),
    ("000229101234", True),    # 29 Feb 2000 exists
    ("010229101234", False),   # 29 Feb 1901 / 2001 do not
    ("881314145523", False),   # month 13
    ("880514005523", False),   # place code 00 is unused
    ("880514185523", False),   # place code 18 is unused
    ("88051414552", False),    # 11 digits
])
def test_mykad(digits, ok):
    assert checks.mykad_ok(digits) is ok


@pytest.mark.parametrize("digits,ok", [
    ("3507090209880576", True), ("3618294703860125", True),   # a woman's day of birth is written + 40
    ("0107090209880576", False),                                # province 01 does not exist
    ("3507093209880576", False),                                # day 32
    ("3507090209880000", False),                                # serial 0000
])
def test_nik(digits, ok):
    assert checks.nik_ok(digits) is ok


@pytest.mark.parametrize("code,ok", [("S6372651F", True), ("G7612220U", True), ("T9729975C", True),
                                     ("S6372651A", False), ("X6372651F", False), ("S637265F", False)])
def test_nric(code, ok):
    assert checks.nric_ok(code) is ok


@pytest.mark.parametrize("code,ok", [("33010619760705549X", True), ("110101199804032701", True),
                                     ("110101199804032702", False), ("110101199813032701", False)])
def test_china_id(code, ok):
    assert checks.cn_id_ok(code) is ok


@pytest.mark.parametrize("digits,plus,reference,expected", [
    ("0127184432", False, False, "phone"),        # 012-718 4432
    ("01123456781", False, False, "phone"),       # 011-2345 6781 (11 digits)
    ("0378652291", False, False, "phone"),        # 03-7865 2291
    ("60124187730", True, False, "phone"),        # +60 12-418 7730
    ("6591234567", True, False, "phone"),         # +65 9123 4567
    ("6281234567890", True, False, "phone"),      # +62 812-3456-7890
    ("66812345678", True, False, "phone"),        # +66 81 234 5678
    ("8613812345678", True, False, "phone"),      # +86 138 1234 5678
    ("60123456789", False, False, "phone"),       # the country code without "+"
    ("91234567", False, False, "phone"),          # Singapore mobile
    ("13812345678", False, False, "phone"),       # China mobile
    ("91234567", False, True, None),              # "order no. 91234567"
    ("4012888888881881", False, False, "card"),
    ("4012888888881881", False, True, "card"),    # a card stays a card after "order"
    ("880514145523", False, False, "id"),
    ("3507090209880576", False, False, "id"),
    ("100234567", False, False, None),            # an order number
    ("20260708", False, False, None),             # a date
    ("1300885566", False, False, None),           # a 1-300 service number
    ("1234567", True, False, None),               # too short for any phone number
])
def test_classify_digits(digits, plus, reference, expected):
    assert checks.classify_digits(digits, plus, reference) == expected


@pytest.mark.parametrize("digits, plus, expected", [
    ("442079460958", True, "phone"),      # +44 20 7946 0958: any country once written with "+"
    ("20260615", False, None),            # a date; valid as a Bangkok line only without its trunk 0
    ("0226123456", False, "phone"),       # 02-612 3456, Bangkok fixed line with its trunk 0
    ("1800889999", False, None),          # a 1-800 toll-free line (not a person)
    ("02112345678", False, "phone"),      # 021-1234-5678, Jakarta fixed line
    ("62123", True, None),                # far too short
])
def test_phone_numbers_follow_libphonenumber(digits, plus, expected):
    assert checks.classify_digits(digits, plus) == expected
