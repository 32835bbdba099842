"""Read a tabular file (CSV, CSV.gz, Parquet, XLSX) into a DataFrame of strings, with located errors.

Values are kept as text (``dtype=str``) so that each loader decides how to parse its own columns
and can name the line of a bad value. Lines in messages are 1-based lines of the file, counting
the header as line 1.
"""
from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..exceptions import InputError, Problem, did_you_mean

TABLE_SUFFIXES = (".csv", ".csv.gz", ".parquet", ".xlsx")
_PANDAS_LINE = re.compile(r"line (\d+)")
_EXPECTED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def table_suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in TABLE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_table(path: Path, shown_as: str, header_rows: int = 1, sheet: str | None = None) -> pd.DataFrame:
    """Read ``path`` as strings; the first of ``header_rows`` rows names the columns, the rest are skipped.

    Raises InputError naming ``shown_as`` (and the line) for a missing, unreadable, mis-encoded or
    ragged file.
    """
    suffix = table_suffix(path)
    if not path.exists():
        raise InputError(Problem(shown_as, "file not found"))
    if suffix in (".csv", ".csv.gz"):
        frame = _read_csv(path, shown_as, suffix, header_rows)
    elif suffix == ".parquet":
        frame = _read_parquet(path, shown_as)
    elif suffix == ".xlsx":
        frame = _read_xlsx(path, shown_as, header_rows, sheet)
    else:
        raise InputError(Problem(shown_as, f"unsupported file type '{suffix or path.name}'; expected one of "
                                           + ", ".join(TABLE_SUFFIXES)))
    frame.columns = [str(c).strip() for c in frame.columns]
    dupes = frame.columns[frame.columns.duplicated()].tolist()
    if dupes:
        raise InputError(Problem(shown_as, f"column '{dupes[0]}' appears twice in the header", line=1))
    return frame


def _decode(path: Path, shown_as: str, suffix: str) -> str:
    try:
        raw = gzip.decompress(path.read_bytes()) if suffix == ".csv.gz" else path.read_bytes()
    except (OSError, EOFError) as exc:
        raise InputError(Problem(shown_as, f"cannot read the file ({exc})")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(shown_as, f"not UTF-8 text (byte {exc.start}); re-save the file as UTF-8",
                                 line=line)) from None


def _read_csv(path: Path, shown_as: str, suffix: str, header_rows: int) -> pd.DataFrame:
    text = _decode(path, shown_as, suffix)
    if not text.strip():
        raise InputError(Problem(shown_as, "the file is empty; expected a header row"))
    _check_ragged(text, shown_as)
    skip = list(range(1, header_rows))
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                            skiprows=skip, skip_blank_lines=True)
    except pd.errors.ParserError as exc:
        found = _PANDAS_LINE.search(str(exc))
        raise InputError(Problem(shown_as, f"cannot parse CSV: {exc}",
                                 line=int(found.group(1)) if found else None)) from None
    except (ValueError, csv.Error) as exc:
        raise InputError(Problem(shown_as, f"cannot parse CSV: {exc}")) from None
    return frame


def _check_ragged(text: str, shown_as: str) -> None:
    """Name the first row whose field count differs from the header's (pandas would pad or fail)."""
    if not any(c in text for c in '"\r\0'):
        # no quotes, carriage returns or NULs: the csv module's rows are the lines split at commas,
        # so equal comma counts on every non-empty line mean no ragged row
        lines = [line for line in text.split("\n") if line]
        if len({line.count(",") for line in lines}) <= 1:
            header = next((line.split(",") for line in lines if not _blank(line.split(","))), None)
            if header is not None:
                _check_header(header, shown_as)
            return
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        rows = None   # the row-by-row pass below names the line
    if rows is not None and len(set(map(len, rows))) <= 1:
        # every row as wide as every other (the common case, checked without a Python loop per row):
        # only the header's names remain to check
        header = next((row for row in rows if not _blank(row)), None)
        if header is not None:
            _check_header(header, shown_as)
        return
    reader = csv.reader(io.StringIO(text))   # row by row, to name the first ragged row's line
    width = None
    try:
        for row in reader:
            if _blank(row):
                continue
            if width is None:
                width = len(row)
                _check_header(row, shown_as)
            elif len(row) != width:
                raise InputError(Problem(shown_as, f"row has {len(row)} fields, the header has {width}",
                                         line=reader.line_num))
    except csv.Error as exc:
        raise InputError(Problem(shown_as, f"cannot parse CSV: {exc}", line=reader.line_num)) from None


def _blank(row: list[str]) -> bool:
    return not row or all(not cell.strip() for cell in row)


def _check_header(row: list[str], shown_as: str) -> None:
    names = [cell.strip() for cell in row]
    dupes = [n for i, n in enumerate(names) if n and n in names[:i]]
    if dupes:
        raise InputError(Problem(shown_as, f"column '{dupes[0]}' appears twice in the header", line=1))


def _read_parquet(path: Path, shown_as: str) -> pd.DataFrame:
    try:
        # Nullable dtypes keep integer ids with gaps as "1234567" (numpy would make them 1234567.0).
        frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise InputError(Problem(shown_as, f"not a readable Parquet file ({type(exc).__name__})")) from None
    columns = []
    for i, name in enumerate(frame.columns):
        values = frame.iloc[:, i]
        try:
            columns.append(values.astype("string").astype(object).where(values.notna(), None))
        except (UnicodeDecodeError, TypeError, ValueError) as exc:  # e.g. binary bytes that are not text
            raise InputError(Problem(shown_as, f"column '{name}' cannot be read as text ({type(exc).__name__}); "
                                               "expected text, numbers or timestamps", column=str(name))) from None
    return pd.DataFrame(dict(zip(frame.columns, columns)), index=frame.index, columns=frame.columns)


def _read_xlsx(path: Path, shown_as: str, header_rows: int, sheet: str | None) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:
        raise InputError(Problem(shown_as, f"not a readable .xlsx file ({type(exc).__name__})")) from None
    if sheet is not None and sheet not in book.sheet_names:
        raise InputError(Problem(shown_as, f"no sheet named '{sheet}'" + did_you_mean(sheet, book.sheet_names)))
    try:
        frame = pd.read_excel(book, sheet_name=sheet if sheet is not None else 0, dtype=str,
                              skiprows=list(range(1, header_rows)))
    except Exception as exc:  # a damaged sheet inside a valid zip: XML ParseError, KeyError, ValueError...
        raise InputError(Problem(shown_as, f"not a readable .xlsx file ({type(exc).__name__} in the sheet); "
                                           "re-save it from the spreadsheet program")) from None
    return frame


def require_columns(frame: pd.DataFrame, columns: Iterable[tuple[str, str]], shown_as: str) -> list[Problem]:
    """Check each ``(column, key_path)`` is in ``frame``; return a problem per missing one."""
    problems = []
    for column, where in columns:
        if column and column not in frame.columns:
            problems.append(Problem(shown_as, f"column '{column}' (from study.yml {where}) not found"
                                    + did_you_mean(column, frame.columns), line=1))
    return problems


def data_line(index: int, header_rows: int = 1) -> int:
    """1-based file line of the row at positional ``index`` (assumes no blank lines in between)."""
    return index + header_rows + 1
