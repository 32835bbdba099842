"""Ids that are themselves personal data (an e-mail or a phone number used as a respondent or user
id) replaced by a stable pseudonym, the same in every table.

``pseudonym(value, key)`` is ``"id-"`` and the first :data:`PSEUDONYM_HEX` hex digits of
SHA-256(key, U+001F, value): the same input and key give the same pseudonym in participants.csv,
users.csv, survey rows and behaviour events, so joins keep working. The key is the study's id
(``study:`` in study.yml) unless the environment variable :data:`KEY_VARIABLE` holds a secret: with
the study id alone a pseudonym can be confirmed by someone who already knows the e-mail address, with
a secret key it cannot. :func:`pseudonym_sql` is the same function for DuckDB, for event tables that
are queried on disk.

>>> pseudonym("siti.aminah@gmail.com", "demo") == pseudonym("siti.aminah@gmail.com", "demo")
True
>>> pseudonymise_value("u1042", "demo")
'u1042'
"""
from __future__ import annotations

import hashlib
import os
import re

import pandas as pd

from .check_digits import phone_ok
from .patterns import EMAIL

# Enough hex digits that 10 million distinct ids collide with probability < 1e-4 (birthday bound 2^48).
PSEUDONYM_HEX = 12
PSEUDONYM_PREFIX = "id-"
KEY_VARIABLE = "WORKBENCH_PSEUDONYM_KEY"
# The separator between key and value, so ("ab", "c") and ("a", "bc") hash differently.
SEPARATOR = "\x1f"
_EMAIL_ID = re.compile(EMAIL)
# A phone number written as an id: digits with optional "+", spaces, dashes, dots and brackets.
_PHONE_ID = re.compile(r"\+?[\d\s().\-]{7,24}")
# A date or date-time written with dashes or dots (2025-07-18, 18.07.2025) is not a phone number.
_DATE_ID = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}(?:[ T][\d:.]+)?|\d{1,2}[-.]\d{1,2}[-.]\d{4}")


def pseudonym_key(study_id: str) -> str:
    """The key pseudonyms are made with: the secret in $WORKBENCH_PSEUDONYM_KEY, else the study id."""
    return os.environ.get(KEY_VARIABLE) or str(study_id)


def is_personal_id(value: object) -> bool:
    """An id that is an e-mail address or a phone number (judged as text is, by libphonenumber)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if _EMAIL_ID.fullmatch(text):
        return True
    if _PHONE_ID.fullmatch(text) and not _DATE_ID.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        return len(digits) >= 7 and phone_ok(digits, text.startswith("+"))
    return False


def pseudonym(value: str, key: str) -> str:
    """The pseudonym of ``value`` (whitespace around it and letter case of an e-mail ignored)."""
    text = value.strip()
    if "@" in text:
        text = text.casefold()
    digest = hashlib.sha256(f"{key}{SEPARATOR}{text}".encode("utf-8")).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX]


def pseudonymise_value(value: object, key: str) -> object:
    """``value`` replaced by its pseudonym when it is a personal id; anything else unchanged."""
    return pseudonym(value, key) if is_personal_id(value) else value


def pseudonymise_columns(frame: pd.DataFrame, columns, key: str) -> pd.DataFrame:
    """A new DataFrame with personal ids in ``columns`` (those present) replaced by pseudonyms."""
    out = frame.copy()
    for column in columns:
        if column in out.columns and len(out):
            out[column] = pseudonymise_series(out[column], key)
    return out


def pseudonymise_series(values: pd.Series, key: str) -> pd.Series:
    """``values`` (object dtype) with personal ids replaced by pseudonyms; each distinct string is
    judged once and only the changed ones are written back (a 100k-row id column of codes is one
    pass over its distinct values, no Python loop over the rows)."""
    new = {v: pseudonymise_value(v, key) for v in distinct_strings(values)}
    return replace_strings(values, {v: p for v, p in new.items() if p != v})


def distinct_strings(values: pd.Series) -> list[str]:
    """The distinct string values of ``values`` (missing values and non-strings left out)."""
    return [v for v in values.dropna().unique().tolist() if isinstance(v, str)]


def replace_strings(values: pd.Series, new: dict[str, str]) -> pd.Series:
    """``values`` as object dtype, each string that is a key of ``new`` replaced by its value and
    everything else unchanged (vectorised: a lookup per row, no Python loop)."""
    out = values.astype(object)
    if not new:
        return out
    hit = out.isin(list(new))
    return out.mask(hit, out.map(new))


def pseudonym_sql(column: str, key: str) -> str:
    """A DuckDB expression giving :func:`pseudonym` of ``column`` for e-mail ids (the common case in
    event exports); phone-number ids need :func:`pseudonymise_value` in Python."""
    quoted_key = key.replace("'", "''")
    col = '"' + column.replace('"', '""') + '"'
    return (f"CASE WHEN regexp_full_match(trim({col}), '{EMAIL.replace(chr(39), chr(39) * 2)}') "
            f"THEN '{PSEUDONYM_PREFIX}' || left(sha256('{quoted_key}' || chr(31) || lower(trim({col}))), "
            f"{PSEUDONYM_HEX}) ELSE {col} END")
