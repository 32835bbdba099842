"""Check digits and structure of numbers that identify a person: cards, national ids, phones.

Each check takes the digits only (separators removed). :func:`classify_digits` decides what a run of
digits written in text is: ``"card"``, ``"id"``, ``"phone"`` or None (an order number, a price, a
date...). Sources for the rules are given next to each constant.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

CARD = "card"
ID = "id"
PHONE = "phone"

# ISO/IEC 7812 primary account numbers are 13 to 19 digits long.
CARD_LENGTHS = range(13, 20)
# Card networks' first digits (Visa 4, Mastercard 2/5, Amex/Diners/JCB 3, Discover/UnionPay 6).
CARD_FIRST_DIGITS = "23456"
# MyKad (Malaysian identity card) place-of-birth codes in use: 01-16 states (old registration 21-59),
# 60-68 and 71-72, 74-79, 82-93, 98-99 abroad/unknown (JPN, "Kod Negeri" table). The others are unused.
MYKAD_UNUSED_PLACE_CODES = {0, *range(17, 21), 69, 70, 73, 80, 81, *range(94, 98)}
# Indonesian NIK: province codes 11-97 (Kemendagri); women's day of birth is written plus 40.
NIK_PROVINCES = range(11, 98)
NIK_FEMALE_DAY_OFFSET = 40
# Singapore NRIC/FIN check letters (ICA's published weights 2,7,6,5,4,3,2; offset 4 for T and G).
NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK"}
NRIC_OFFSET = {"S": 0, "T": 4, "F": 0, "G": 4}
# China resident identity number, GB 11643-1999: weights and check characters.
CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CN_CHECK = "10X98765432"

# Phone numbers are judged by Google's libphonenumber metadata (the `phonenumbers` package), for the
# regions of the study seeds: Malaysia, Indonesia, Thailand, Singapore, mainland China. A number with
# "+" may be of any country. Numbers written with a seed region's country code but no "+"
# (60 12-345 6789) are read as international too.
PHONE_REGIONS = ("MY", "ID", "TH", "SG", "CN")
COUNTRY_CODES = {str(phonenumbers.country_code_for_region(r)): r for r in PHONE_REGIONS}
# Line types nobody is reached at personally: 1-300/1-800 service lines, premium and shared-cost
# numbers, universal access numbers (the evaluation set's rule: service numbers are not personal).
NOT_PERSONAL_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST,
                                PhoneNumberType.PREMIUM_RATE, PhoneNumberType.UAN})
MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# libphonenumber's parser accepts at most 17 digits (E.164 allows 15 with the country code).
MAX_PHONE_DIGITS = 17


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _date_ok(yy: int, mm: int, dd: int) -> bool:
    """A day that exists in 19yy or 20yy (29 February needs a leap year in one of them)."""
    for century in (1900, 2000):
        try:
            dt.date(century + yy, mm, dd)
            return True
        except ValueError:
            continue
    return False


def mykad_ok(digits: str) -> bool:
    """YYMMDD-PB-###G: a real date of birth and a place-of-birth code in use."""
    if len(digits) != 12:
        return False
    yy, mm, dd, pb = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:8])
    return _date_ok(yy, mm, dd) and pb not in MYKAD_UNUSED_PLACE_CODES


def nik_ok(digits: str) -> bool:
    """Indonesian NIK: PP KK CC DDMMYY SSSS with a province code, a date (women: day + 40)."""
    if len(digits) != 16:
        return False
    province, dd, mm, yy = int(digits[0:2]), int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if dd > NIK_FEMALE_DAY_OFFSET:
        dd -= NIK_FEMALE_DAY_OFFSET
    return province in NIK_PROVINCES and _date_ok(yy, mm, dd) and digits[12:] != "0000"


def thai_id_ok(digits: str) -> bool:
    """Thai national id: 13 digits, the last a mod-11 check digit."""
    if len(digits) != 13 or digits[0] == "0":
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def nric_ok(code: str) -> bool:
    """Singapore NRIC/FIN like S1234567D (M-series FINs have no published check; accepted by form)."""
    code = code.upper()
    if len(code) != 9 or code[0] not in "STFGM" or not code[1:8].isdigit() or not code[8].isalpha():
        return False
    if code[0] == "M":
        return True
    total = sum(int(d) * w for d, w in zip(code[1:8], NRIC_WEIGHTS)) + NRIC_OFFSET[code[0]]
    return NRIC_LETTERS[code[0]][total % 11] == code[8]


def cn_id_ok(code: str) -> bool:
    """China resident id: 17 digits (6 area, 8 birth date YYYYMMDD, 3 sequence) and a check character."""
    code = code.upper()
    if len(code) != 18 or not code[:17].isdigit():
        return False
    try:
        dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return CN_CHECK[sum(int(d) * w for d, w in zip(code[:17], CN_WEIGHTS)) % 11] == code[17]


def _personal(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) not in NOT_PERSONAL_TYPES


def _national_ok(digits: str, region: str) -> bool:
    """A number as written at home in ``region``.

    Where the region dials a trunk prefix (0 in MY, ID, TH, CN), a number written without it counts
    only when it is a mobile number (Chinese mobiles are written 138...; a bare 8-digit number in
    Thailand is more often a date such as 20260708 than a Bangkok line). A number written with the
    trunk prefix whose length fits the region's plan counts even when libphonenumber does not know
    its block (new mobile ranges such as 012-2233 4455 reach the metadata late).
    """
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    trunk = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    if trunk and not digits.startswith(trunk):
        return _personal(number) and phonenumbers.number_type(number) in MOBILE_TYPES
    if _personal(number):
        return True
    return bool(trunk) and digits[len(trunk)] != "0" and phonenumbers.is_possible_number(number) \
        and phonenumbers.number_type(number) not in NOT_PERSONAL_TYPES


@lru_cache(maxsize=4096)
def phone_ok(digits: str, plus: bool) -> bool:
    """A phone number a person could be called on: international (``plus``, any country), or national
    in one of :data:`PHONE_REGIONS`, or a seed region's country code written without "+"."""
    if not digits or len(digits) > MAX_PHONE_DIGITS:
        return False
    if not plus and any(_national_ok(digits, region) for region in PHONE_REGIONS):
        return True
    if plus or digits[:2] in COUNTRY_CODES:
        try:
            return _personal(phonenumbers.parse("+" + digits, None))
        except phonenumbers.NumberParseException:
            return False
    return False


def classify_digits(digits: str, plus: bool = False, reference: bool = False) -> str | None:
    """What a run of digits is: card, id, phone, or None.

    ``plus``: written with a leading "+"; ``reference``: the words just before it name an order,
    tracking or product number, which rules out a phone (a card or an id is still one).
    """
    n = len(digits)
    if plus:
        return PHONE if phone_ok(digits, True) else None
    if n == 12 and mykad_ok(digits):
        return ID
    if n == 16 and digits[0] in CARD_FIRST_DIGITS and luhn_ok(digits):
        return CARD
    if n == 16 and nik_ok(digits):
        return ID
    if n == 13 and thai_id_ok(digits):
        return ID
    if n in CARD_LENGTHS and luhn_ok(digits) and digits[0] in CARD_FIRST_DIGITS:
        return CARD
    if not reference and phone_ok(digits, False):
        return PHONE
    return None
