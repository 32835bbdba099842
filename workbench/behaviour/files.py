"""Where a study's behavioural and operational tables are, and how DuckDB reads them in place.

Both the validation checks and the DuckDB source use these helpers, so a file that validates is
read the same way by the analyses. Nothing here loads a table into pandas.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

# File kinds the contract allows for event tables (STUDY_FORMAT.md, "A study folder").
PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")


def resolve_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """Every file matching any glob in ``patterns`` (relative to ``root``), sorted, without repeats."""
    seen: dict[Path, None] = {}
    for pattern in patterns:
        for path in sorted(Path(root).glob(pattern)):
            if path.is_file():
                seen.setdefault(path, None)
    return list(seen)


def relative(path: Path, root: Path) -> str:
    """``path`` as shown in messages: relative to the study folder when it lies inside it."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(PARQUET_SUFFIXES)


def sql_string(value: str) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """A quoted SQL identifier (column names in studies may hold spaces or capitals)."""
    return '"' + str(name).replace('"', '""') + '"'


def scan_sql(paths: list[Path], varchar: Iterable[str] = ()) -> str:
    """A DuckDB table expression reading ``paths`` in place (Parquet and CSV may be mixed).

    ``varchar`` names CSV columns read as text (so the time column is parsed by us, in the
    study's time zone, rather than guessed by the sniffer).
    """
    parquet = [p for p in paths if is_parquet(p)]
    csv = [p for p in paths if not is_parquet(p)]
    parts = []
    if parquet:
        files = ", ".join(sql_string(p.as_posix()) for p in parquet)
        parts.append(f"SELECT * FROM read_parquet([{files}], union_by_name = true)")
    if csv:
        files = ", ".join(sql_string(p.as_posix()) for p in csv)
        types = ", ".join(f"{sql_string(c)}: 'VARCHAR'" for c in dict.fromkeys(varchar))
        options = f", types = {{{types}}}" if types else ""
        parts.append(f"SELECT * FROM read_csv([{files}], header = true, union_by_name = true{options})")
    if not parts:
        raise ValueError("no files to scan")
    return "(" + " UNION ALL BY NAME ".join(parts) + ")"


def single_scan_sql(path: Path, varchar: Iterable[str] = ()) -> str:
    """Table expression for one file."""
    return scan_sql([Path(path)], varchar)
