"""CSV cells a spreadsheet would run as a formula, neutralised before the file is written.

OWASP "CSV Injection" guidance (owasp.org/www-community/attacks/CSV_Injection): a cell that begins
with ``=``, ``+``, ``-``, ``@``, a tab (0x09) or a carriage return (0x0D) is read by Excel, LibreOffice
and Google Sheets as a formula (DDE payloads such as ``=cmd|' /C calc'!A0`` or ``=HYPERLINK(...)``).
The guidance is to prefix such a cell with a single quote, which spreadsheets show as text. A cell
that is a real number (``-3``, ``+6.5``, ``-1e-3``) is left alone, so signed numbers stay numbers.

>>> neutralise_cell("=1+1"), neutralise_cell("-3.5"), neutralise_cell("-3 then =1")
("'=1+1", '-3.5', "'-3 then =1")
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

# OWASP CSV Injection: the characters that start a formula in a spreadsheet cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What spreadsheets and the guidance prefix a dangerous cell with: shown as text, never evaluated.
SAFE_PREFIX = "'"
# A plain decimal number, optionally signed, with an optional exponent: left as it is.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: object) -> object:
    """``value`` with a leading quote when a spreadsheet would run it as a formula; else unchanged."""
    if not isinstance(value, str) or not value or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return SAFE_PREFIX + value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A new DataFrame in which every text cell (and column name) is safe to open in a spreadsheet.

    Only object and string columns are looked at; numeric columns cannot hold a formula.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(c) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(neutralise_cell)
    return out


def write_safe_csv(frame: pd.DataFrame, path: str | Path, **to_csv) -> Path:
    """Write ``frame`` as CSV with every formula-like cell neutralised; return the path.

    Keyword arguments go to :meth:`pandas.DataFrame.to_csv` (``index=False`` unless given).
    """
    path = Path(path)
    to_csv.setdefault("index", False)
    neutralise_frame(frame).to_csv(path, **to_csv)
    return path
