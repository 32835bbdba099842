"""Operational measures (support waits, delivery days, email opens...) against each touchpoint's target.

Operations tables are small next to event tables, so they are read with DuckDB in place whatever
the events' backend. A persona's rows are those whose user column maps to that persona in
users.csv; for "all" every row counts (tables without a user column are only shown for "all").
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ..config import StudyConfig
from ..stats import SMALL_SAMPLE
from .files import scan_sql, sql_ident
from .population import ALL, check_persona
from .rates import add_rate
from .source import quiet_progress

OPERATIONS_COLUMNS = ["touchpoint", "stage", "table", "column", "target", "better", "kind", "n", "missing_values",
                      "mean", "median", "p90", "missed", "share_missing_target", "ci_low", "ci_high",
                      "meets_target", "small_sample"]


def _config(study: Any) -> StudyConfig:
    if isinstance(study, StudyConfig):
        return study
    return study.config


# Operations tables already read, keyed by their files' paths, sizes and modification times (and
# the users file's): every persona and every metric of a table is sliced from one read, so a study
# pass reads each table twice (all rows; rows joined to users.csv) instead of once per metric and
# persona. A handful of studies at most; the oldest is dropped beyond that.
_READ: dict[tuple, tuple[pd.DataFrame, pd.DataFrame | None, set[str]]] = {}
MAX_TABLES_KEPT = 16


def _stamp(path: Path | None) -> tuple:
    if path is None or not path.is_file():
        return (str(path), None)
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _wanted(config: StudyConfig, table: str) -> set[str]:
    """The columns of ``table`` the analyses read: its touchpoint metrics and the email columns."""
    from .kpis import EMAIL_COLUMNS
    return {m.column for tp in config.touchpoints for m in tp.metrics if m.table == table} | set(EMAIL_COLUMNS)


def _read_table(config: StudyConfig, table: str, column: str) -> tuple[pd.DataFrame, pd.DataFrame | None] | None:
    """(rows of ``table`` as numbers, the same rows joined to users.csv with a ``__persona`` column, or
    None when the table has no user column or the study no users file). Only the columns the
    analyses read (and ``column``) are converted, each as TRY_CAST to DOUBLE."""
    spec = config.operations.get(table)
    if spec is None:
        return None
    path = Path(config.root) / spec.file
    if not path.is_file():
        return None
    users_path = Path(config.root) / config.users.file if config.users else None
    key = (_stamp(path), _stamp(users_path), spec.user, config.users.user if config.users else None,
           config.users.persona if config.users else None)
    cached = _READ.get(key)
    if cached is not None and (column in cached[0].columns or column in cached[2]):
        return cached[0], cached[1]
    con = duckdb.connect()
    quiet_progress(con)
    try:
        present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan_sql([path])}").fetchall()]
        asked = (_wanted(config, table) | {column} | (set(cached[0].columns) if cached else set()))
        columns = [c for c in present if c in asked]
        values = ", ".join(f"TRY_CAST(CAST(o.{sql_ident(c)} AS VARCHAR) AS DOUBLE) AS {sql_ident(c)}" for c in columns)
        every = con.execute(f"SELECT {values} FROM {scan_sql([path])} o").df() if columns else pd.DataFrame()
        joined = None
        if columns and spec.user and users_path is not None and users_path.is_file():
            u = config.users
            joined = con.execute(
                f"SELECT {values}, CAST(p.{sql_ident(u.persona)} AS VARCHAR) AS __persona FROM {scan_sql([path])} o "
                f"JOIN {scan_sql([users_path], [u.user, u.persona])} p ON CAST(o.{sql_ident(spec.user)} AS VARCHAR) "
                f"= CAST(p.{sql_ident(u.user)} AS VARCHAR)").df()
    finally:
        con.close()
    while len(_READ) >= MAX_TABLES_KEPT:
        _READ.pop(next(iter(_READ)))
    _READ[key] = (every, joined, set(asked) - set(present))   # asked for but not in the file
    return every, joined


def read_operation_values(study: Any, table: str, column: str, persona: str = ALL) -> np.ndarray | None:
    """Numeric values of ``column`` in operations table ``table`` for ``persona`` (NaN for blanks),
    or None when the table or column is not there. A persona's rows are those whose user maps to it
    in users.csv (empty when the table has no user column)."""
    config = _config(study)
    read = _read_table(config, table, column)
    if read is None:
        return None
    every, joined = read
    if column not in every.columns:
        return None
    if persona == ALL:
        values = every[column]
    elif joined is None:
        return np.array([], dtype=float)
    else:
        values = joined.loc[joined["__persona"] == persona, column]
    return values.to_numpy(dtype=float, na_value=np.nan)


def operations_table(study: Any, persona: str = ALL) -> pd.DataFrame:
    """One row per touchpoint metric: n, mean, median, p90, share of rows missing the target (95%
    Wilson interval). A 0/1 column (e.g. ``opened``) is a rate: it meets the target when the rate
    does; a measured column meets it when its median does."""
    config = _config(study)
    check_persona(config, persona)
    rows = []
    for tp in config.touchpoints:
        for m in tp.metrics:
            values = read_operation_values(config, m.table, m.column, persona)
            if values is None:
                continue
            present = values[~np.isnan(values)]
            binary = len(present) > 0 and bool(np.isin(present, (0.0, 1.0)).all())
            n = int(len(present))
            if m.better == "lower":
                missed = int((present > m.target).sum())
            else:
                missed = int((present < m.target).sum())
            mean = float(present.mean()) if n else math.nan
            median = float(np.median(present)) if n else math.nan
            headline = mean if binary else median
            meets = (headline <= m.target if m.better == "lower" else headline >= m.target) if n else None
            rows.append({"touchpoint": tp.id, "stage": tp.stage, "table": m.table, "column": m.column,
                         "target": m.target, "better": m.better, "kind": "rate" if binary else "measure", "n": n,
                         "missing_values": int(len(values) - n), "mean": mean, "median": median,
                         "p90": float(np.quantile(present, 0.9)) if n else math.nan,
                         "missed": missed, "meets_target": meets})
    frame = pd.DataFrame(rows, columns=[c for c in OPERATIONS_COLUMNS
                                        if c not in ("share_missing_target", "ci_low", "ci_high", "small_sample")])
    frame = add_rate(frame, "missed", "n", "share_missing_target")
    frame["small_sample"] = frame["n"] < SMALL_SAMPLE
    return frame[OPERATIONS_COLUMNS]
