"""Checks of the behavioural and operational tables, for ``workbench validate``.

:func:`check_behaviour` returns every problem at once (it never raises for bad input). All scans
run in DuckDB over the files in place, so checking ten million events takes seconds and no
table is loaded into pandas. Paths in problems are relative to the study folder.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from ..config import StudyConfig
from ..exceptions import Problem, did_you_mean
from ..loaders.timestamps import bad_timestamps_problem
from .files import is_parquet, relative, resolve_files, scan_sql, single_scan_sql, sql_ident, sql_string

STUDY_FILE = "study.yml"
# How many of the most frequent event names a "did you mean" over events considers: enough for
# every event of a real study, few enough to keep the message one readable line.
EVENT_SUGGESTIONS = 200
# Parquet column types that already are instants or wall times (TIMESTAMP covers TIMESTAMP WITH
# TIME ZONE and the _S/_MS/_NS units); anything else must be text that parses. CSV columns are
# always read as text and parsed, so a bad value deep in a file is found, not guessed around.
TIMESTAMP_TYPES = ("TIMESTAMP", "DATE")


def check_behaviour(config: StudyConfig) -> list[Problem]:
    """Problems with the behaviour files, users.csv and the operations tables named in study.yml."""
    root = Path(config.root)
    con = duckdb.connect()
    con.execute(f"SET TimeZone = {sql_string(config.timezone)}")
    problems: list[Problem] = []
    if config.behaviour is not None:
        problems += _check_events(con, config, root)
    if config.users is not None:
        problems += _check_users(con, config, root)
    problems += _check_operations(con, config, root)
    con.close()
    return problems


def _line(config: StudyConfig, key: str) -> int | None:
    return config.lines.get(key)


def _columns(con: duckdb.DuckDBPyConnection, path: Path, root: Path) -> tuple[dict[str, str] | None, Problem | None]:
    """Column name -> DuckDB type of one file, or the problem that stops it being read."""
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {single_scan_sql(path)}").fetchall()
    except duckdb.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, Problem(relative(path, root), f"cannot be read as a table: {reason}")
    return {r[0]: r[1] for r in rows}, None


def _missing_columns(path: Path, root: Path, columns: dict[str, str], wanted: dict[str, str]) -> list[Problem]:
    """One problem per mapped column (key -> column name) that the file does not have."""
    out = []
    for key, col in wanted.items():
        if col not in columns:
            out.append(Problem(relative(path, root),
                               f"column '{col}' (study.yml {key}) not found; the file has columns "
                               + ", ".join(f"'{c}'" for c in columns) + did_you_mean(col, columns),
                               column=col))
    return out


def _bad_times(con: duckdb.DuckDBPyConnection, path: Path, root: Path, column: str, kind: str) -> list[Problem]:
    """A problem when some values of a time column do not parse as timestamps."""
    col = sql_ident(column)
    if is_parquet(path) and kind.upper().startswith(TIMESTAMP_TYPES):
        return []
    if is_parquet(path) and kind.upper() not in ("VARCHAR", "TEXT", "STRING"):
        return [Problem(relative(path, root), f"column '{column}' holds {kind} values, not timestamps "
                        "(expected text such as 2026-07-01 10:15:00 or 2026-07-01T10:15:00+08:00)", column=column)]
    # graded here, by the share of the file (a warning for a few, an error above the threshold)
    unparsed = f"TRY_CAST({col} AS TIMESTAMPTZ) IS NULL"
    bad, total, example = con.execute(
        f"SELECT count(*) FILTER (WHERE {unparsed}), count(*), any_value({col}) FILTER (WHERE {unparsed}) "
        f"FROM {single_scan_sql(path, [column])} WHERE {col} IS NOT NULL AND trim({col}) <> ''").fetchone()
    problem = bad_timestamps_problem(relative(path, root), column, int(bad or 0), int(total or 0), example=example)
    return [problem] if problem is not None else []


def _check_events(con: duckdb.DuckDBPyConnection, config: StudyConfig, root: Path) -> list[Problem]:
    b = config.behaviour
    files = resolve_files(root, b.files)
    if not files:
        shown = ", ".join(f"'{f}'" for f in b.files)
        return [Problem(STUDY_FILE, f"behaviour.files: {shown} matches no file in the study folder",
                        line=_line(config, "behaviour.files"))]
    wanted = {"behaviour.columns.user": b.user, "behaviour.columns.time": b.time,
              "behaviour.columns.event": b.event}
    problems: list[Problem] = []
    readable = []
    for path in files:
        columns, problem = _columns(con, path, root)
        if problem is not None:
            problems.append(problem)
            continue
        missing = _missing_columns(path, root, columns, wanted)
        problems += missing
        if missing:
            continue
        problems += _bad_times(con, path, root, b.time, columns[b.time])
        readable.append(path)
    if not readable:
        return problems
    problems += _check_event_names(con, config, root, readable)
    return problems


def _check_event_names(con: duckdb.DuckDBPyConnection, config: StudyConfig, root: Path,
                       files: list[Path]) -> list[Problem]:
    """The goal event must occur; each touchpoint event should (a warning when it does not)."""
    b = config.behaviour
    event = sql_ident(b.event)
    counts = dict(con.execute(
        f"SELECT CAST({event} AS VARCHAR), count(*) FROM {scan_sql(files, [b.user, b.time, b.event])} "
        f"GROUP BY 1 ORDER BY 2 DESC").fetchall())
    empty = counts.pop(None, 0)
    names = [n for n in counts][:EVENT_SUGGESTIONS]
    shown = ", ".join(relative(f, root) for f in files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    problems = []
    if empty:
        problems.append(Problem(STUDY_FILE, f"behaviour.columns.event: {empty} event(s) in {shown} have no event "
                                "name and are ignored", line=_line(config, "behaviour.columns.event"),
                                severity="warning"))
    if b.goal_event not in counts:
        problems.append(Problem(STUDY_FILE, f"behaviour.goal_event: '{b.goal_event}' never occurs in {shown}"
                                + did_you_mean(b.goal_event, names), line=_line(config, "behaviour.goal_event")))
    for i, tp in enumerate(config.touchpoints):
        for j, name in enumerate(tp.events):
            if name not in counts:
                problems.append(Problem(
                    STUDY_FILE, f"touchpoints[{i}].events[{j}]: event '{name}' of touchpoint '{tp.id}' never "
                    f"occurs in {shown}" + did_you_mean(name, names),
                    line=_line(config, f"touchpoints[{i}].events[{j}]"), severity="warning"))
    return problems


def _check_users(con: duckdb.DuckDBPyConnection, config: StudyConfig, root: Path) -> list[Problem]:
    u = config.users
    path = root / u.file
    if not path.is_file():
        return [Problem(STUDY_FILE, f"users.file: '{u.file}' not found in the study folder",
                        line=_line(config, "users.file"))]
    columns, problem = _columns(con, path, root)
    if problem is not None:
        return [problem]
    missing = _missing_columns(path, root, columns, {"users.columns.user": u.user, "users.columns.persona": u.persona})
    if missing:
        return missing
    persona = sql_ident(u.persona)
    rows = con.execute(f"SELECT CAST({persona} AS VARCHAR) AS p, count(*) FROM {single_scan_sql(path, [u.user, u.persona])} "
                       f"WHERE {persona} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC").fetchall()
    allowed = config.persona_ids
    problems = []
    for value, n in rows:
        if value not in allowed:
            problems.append(Problem(relative(path, root), f"column '{u.persona}': '{value}' ({n} user(s)) is not a "
                                    "persona in study.yml" + did_you_mean(value, allowed), column=u.persona))
    user = sql_ident(u.user)
    dupes = con.execute(f"SELECT count(*) FROM (SELECT {user} FROM {single_scan_sql(path, [u.user, u.persona])} "
                        f"GROUP BY 1 HAVING count(*) > 1)").fetchone()[0]
    if dupes:
        problems.append(Problem(relative(path, root), f"column '{u.user}': {dupes} user(s) appear on more than one "
                                "row; each user needs exactly one persona", column=u.user))
    return problems


def _check_operations(con: duckdb.DuckDBPyConnection, config: StudyConfig, root: Path) -> list[Problem]:
    measured: dict[str, list[tuple[str, str]]] = {}
    for i, tp in enumerate(config.touchpoints):
        for j, m in enumerate(tp.metrics):
            measured.setdefault(m.table, []).append((f"touchpoints[{i}].metrics[{j}].column", m.column))
    problems = []
    for name, table in config.operations.items():
        path = root / table.file
        if not path.is_file():
            problems.append(Problem(STUDY_FILE, f"operations.{name}.file: '{table.file}' not found in the study folder",
                                    line=_line(config, f"operations.{name}.file")))
            continue
        columns, problem = _columns(con, path, root)
        if problem is not None:
            problems.append(problem)
            continue
        wanted = {}
        if table.user:
            wanted[f"operations.{name}.columns.user"] = table.user
        if table.time:
            wanted[f"operations.{name}.columns.time"] = table.time
        for key, col in measured.get(name, []):
            wanted[key] = col
        problems += _missing_columns(path, root, columns, wanted)
        if table.time and table.time in columns:
            problems += _bad_times(con, path, root, table.time, columns[table.time])
    return problems
