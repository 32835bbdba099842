"""Which columns of a table hold free text, and redacting those like open survey answers.

The rule, decided by content (docs/study-format.md, "Privacy"): a column is a **code column** when
every non-empty value is one token (no whitespace inside), or when every value reads as a number or
a date/time: segment names, country codes, ids, amounts, timestamps. Codes are not redacted as text
(a code is never a sentence; running the name and address rules on them only breaks joins); those
that are themselves e-mail addresses or phone numbers are pseudonymised like ids
(:mod:`workbench.privacy.pseudonyms`). Every other column is **free text** (ticket notes,
complaint descriptions, agent comments) and goes through the same :class:`Redactor` as open answers.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import pandas as pd

from .pseudonyms import distinct_strings, pseudonymise_series, replace_strings
from .redactor import Redactor

# A value longer than this is text even when it has no space in it (Chinese and Thai are written
# without spaces between words; 20 characters is well above any code such as "MY-KUL-01").
CODE_MAX_CHARS = 20


def is_code_column(values: pd.Series) -> bool:
    """True when the column holds only codes, numbers or dates (see the module docstring)."""
    text = values.dropna().astype(str).str.strip()
    text = pd.Series(text[text != ""].unique(), dtype=object)  # each distinct value once
    if not len(text):
        return True
    if not (text.str.contains(r"\s", regex=True) | (text.str.len() > CODE_MAX_CHARS)).any():
        return True
    if pd.to_numeric(text, errors="coerce").notna().all():
        return True
    dates = pd.to_datetime(text, errors="coerce", format="mixed")
    return bool(dates.notna().all())


def free_text_columns(frame: pd.DataFrame, skip: Iterable[str] = ()) -> list[str]:
    """The columns of ``frame`` that hold free text, ``skip`` (known code or time columns) left out."""
    skip = set(skip)
    return [c for c in frame.columns if c not in skip and is_text(frame[c]) and not is_code_column(frame[c])]


def is_text(values: pd.Series) -> bool:
    """An object or string column (pandas 3 reads text as the ``str`` dtype)."""
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def redact_table(frame: pd.DataFrame, redactor: Redactor, shown_as: str, id_key: str | None,
                 skip: Iterable[str] = (), counts: Counter | None = None) -> pd.DataFrame:
    """A new DataFrame: free-text columns redacted, personal ids in code columns pseudonymised
    (``id_key`` None keeps ids). ``counts`` (file, column, type) -> n is added to when given."""
    out = frame.copy()
    text_columns = free_text_columns(out, skip)
    for column in out.columns:
        if not is_text(out[column]):
            continue
        if column in text_columns:
            # each distinct value once (a city or status column repeats a few values many times)
            done = {v: redactor.redact(v) for v in distinct_strings(out[column])}
            if counts is not None and any(found for _, found in done.values()):
                occurrences = out[column].value_counts()
                for value, (_, found) in done.items():
                    for kind, n in (found or {}).items():
                        counts[(shown_as, str(column), kind)] += n * int(occurrences[value])
            out[column] = replace_strings(out[column], {v: new for v, (new, _) in done.items() if new != v})
        elif id_key is not None:
            out[column] = pseudonymise_series(out[column], id_key)
    return out
