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


def read_operation_values(study: Any, table: str, column: str, persona: str = ALL) -> np.ndarray | None:
    """Numeric values of ``column`` in operations table ``table`` for ``persona`` (NaN for blanks),
    or None when the table or column is not there."""
    config = _config(study)
    spec = config.operations.get(table)
    if spec is None:
        return None
    path = Path(config.root) / spec.file
    if not path.is_file():
        return None
    con = duckdb.connect()
    quiet_progress(con)
    try:
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan_sql([path])}").fetchall()]
        if column not in columns:
            return None
        value = f"TRY_CAST(CAST(o.{sql_ident(column)} AS VARCHAR) AS DOUBLE)"
        if persona == ALL:
            query = f"SELECT {value} AS v FROM {scan_sql([path])} o"
        else:
            users_path = Path(config.root) / config.users.file if config.users else None
            if not spec.user or users_path is None or not users_path.is_file():
                return np.array([], dtype=float)
            u = config.users
            query = (f"SELECT {value} AS v FROM {scan_sql([path], [spec.user])} o JOIN "
                     f"{scan_sql([users_path], [u.user, u.persona])} p ON CAST(o.{sql_ident(spec.user)} AS VARCHAR) "
                     f"= CAST(p.{sql_ident(u.user)} AS VARCHAR) WHERE CAST(p.{sql_ident(u.persona)} AS VARCHAR) = ?")
            return con.execute(query, [persona]).df()["v"].to_numpy(dtype=float, na_value=np.nan)
        return con.execute(query).df()["v"].to_numpy(dtype=float, na_value=np.nan)
    finally:
        con.close()


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
