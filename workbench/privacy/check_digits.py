"""Check digits and structure of numbers that identify a person: cards, national ids, phones.

Each check takes the digits only (separators removed). :func:`classify_digits` decides what a run of
digits written in text is: ``"card"``, ``"id"``, ``"phone"`` or None (an order number, a price, a
date...). Sources for the rules are given next to each constant.
"""
from __future__ import annotations

import datetime as dt

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

# Phone numbering plans (ITU-T E.164: at most 15 digits with the country code).
E164_MAX_DIGITS = 15
E164_MIN_DIGITS = 8
# National numbers with a trunk 0: Malaysia 9-11 digits (03-xxxx xxxx, 01x-xxx xxxx), Indonesia up
# to 13 (08xx-xxxx-xxxx), Thailand 9-10 (0x-xxx-xxxx). Numbering plans of MCMC, Kominfo and NBTC.
TRUNK_ZERO_LENGTHS = range(9, 14)
# Numbers written without "+" but with the country code: Malaysia 60 + 8-10, Indonesia 62 + 8-12,
# Singapore 65 + 8, Thailand 66 + 8-9 digits.
COUNTRY_CODE_LENGTHS = {"60": range(10, 13), "62": range(10, 15), "65": range(10, 11), "66": range(10, 12)}
# Singapore numbers are 8 digits starting 6 (fixed), 8 or 9 (mobile) (IMDA National Numbering Plan).
SINGAPORE_FIRST = "689"
SINGAPORE_LENGTH = 8
# Mainland China mobile numbers: 11 digits starting 13-19 (MIIT numbering plan).
CHINA_MOBILE_LENGTH = 11


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


def phone_ok(digits: str, plus: bool) -> bool:
    """A phone number in international (``plus``) or a regional national form."""
    n = len(digits)
    if plus:
        return E164_MIN_DIGITS <= n <= E164_MAX_DIGITS
    if digits[0] == "0":
        return n in TRUNK_ZERO_LENGTHS and digits[1] != "0"
    lengths = COUNTRY_CODE_LENGTHS.get(digits[:2])
    if lengths is not None and n in lengths and digits[2] != "0":
        return True
    if n == SINGAPORE_LENGTH and digits[0] in SINGAPORE_FIRST:
        return True
    return n == CHINA_MOBILE_LENGTH and digits[0] == "1" and digits[1] in "3456789"


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
