"""Open a study's events on an ibis backend, with the column roles and time zone applied.

Every analysis in this subpackage is an ibis expression over one normalised table, so the same
code runs on DuckDB (the default, reading the study's CSV/Parquet files in place) and on PySpark
or any ibis backend named in ``behaviour.backend``. The normalised ``events`` table has:

========== ================================================================================
user       the user id, as text
t          the event's instant, seconds since 1970-01-01 UTC (float). Naive timestamps are
           wall time in ``config.timezone``; values with an offset are converted.
ev         the event name as an integer code: its position in ``EventSource.event_names``,
           which are sorted, so ordering by ``ev`` is ordering by name on every engine
tp_ord     0-based position of the event's touchpoint in study.yml, or NULL (no touchpoint)
stage_ord  0-based position of that touchpoint's stage, or NULL
goal       true for the goal event
========== ================================================================================

and ``users`` has ``user, persona`` from users.csv (empty when the study has none). Rows
without a user, a time or an event are left out (``workbench validate`` reports them).

Layout: one pass over the files, no sort and no second copy. Integer-coded names make every
grouping, window and join cheaper than text would. Sorting by user and time does not pay here:
at ten million events it cost 3.1 CPU-seconds and saved about 2 in the per-user pass and the
window that read it (measured on 2 cores; benchmarks/behaviour_speed.py times the whole).
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pandas as pd

from ..config import StudyConfig
from ..exceptions import InputError, Problem
from .user_ids import pseudonymise_users
from .files import is_parquet, resolve_files, scan_sql, sql_ident, sql_string

EVENTS = "wb_events"
USERS = "wb_users"
EVENT_TYPE = "wb_event"
# Matches a trailing UTC offset (Z, +08:00, +0800, -05) on a timestamp written as text, which
# PySpark must not shift again from the study's time zone.
OFFSET_PATTERN = r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"
# Event codes fit a SMALLINT up to 32,767 distinct names (int16); more names use an INTEGER.
SMALLINT_MAX = 32_767
# Naive timestamps in a zone whose UTC offset stays the same over the data's span (most of Asia,
# UTC itself) are shifted by that one offset instead of converted row by row through ICU, which
# costs as much as the rest of the load. The offset is checked every hour of the span (zone rules
# change on the hour), for spans up to ten years; longer spans are converted row by row.
OFFSET_STEP = timedelta(hours=1)
MAX_OFFSET_SPAN = timedelta(days=3653)
NAIVE_TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITHOUT TIME ZONE")
# ibis converts results to pandas through an option pandas 3 deprecates; the warning is about
# ibis's internals, not ours, and says nothing a researcher can act on.
IBIS_PANDAS_WARNING = r"The 'future.infer_string' option is deprecated"


@dataclass
class EventSource:
    """The opened behavioural tables of one study on one ibis backend."""

    config: StudyConfig
    con: Any                      # an ibis backend
    events: ibis.Table
    users: ibis.Table
    backend: str = "duckdb"
    event_names: tuple[str, ...] = ()   # code -> event name (sorted)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def touchpoint_ids(self) -> list[str]:
        return [t.id for t in self.config.touchpoints]

    @property
    def stage_ids(self) -> list[str]:
        return self.config.stage_ids

    def event_code(self, name: str) -> int | None:
        """The integer code of event ``name``, or None when it never occurs."""
        return self._codes.get(name)

    @property
    def _codes(self) -> dict[str, int]:
        if "codes" not in self._cache:
            self._cache["codes"] = {n: i for i, n in enumerate(self.event_names)}
        return self._cache["codes"]

    def names(self, codes: pd.Series) -> pd.Series:
        """Event names for a column of codes (NA stays NA)."""
        lookup = dict(enumerate(self.event_names))
        return pd.Series([lookup.get(int(c)) if pd.notna(c) else None for c in codes], index=codes.index,
                         dtype="object")

    def fetch(self, expr: Any) -> pd.DataFrame:
        """Run ``expr`` (a table) and return a new pandas DataFrame.

        Results travel as Arrow and pyarrow makes the DataFrame, on DuckDB and PySpark alike: the
        same types on both, and none of the pandas-3 deprecations that ibis's and PySpark's own
        pandas conversions raise.
        """
        if self.backend == "duckdb":
            return expr.to_pyarrow().to_pandas()
        if self.backend == "pyspark":
            return self.con._session.sql(self.con.compile(expr)).toArrow().to_pandas()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=IBIS_PANDAS_WARNING)
            return expr.execute()

    def scalar(self, expr: Any) -> Any:
        """Run a scalar expression and return a Python value (None for NULL)."""
        value = self.fetch(expr.name("value").as_table()).iloc[0, 0]
        return None if pd.isna(value) else value.item() if hasattr(value, "item") else value

    def materialize(self, expr: ibis.Table, name: str) -> ibis.Table:
        """Compute ``expr`` once into a temporary table ``name`` (replacing it) and return that table.

        Used where later steps read an earlier result several times (per-user facts, funnel steps).
        """
        if self.backend == "duckdb":
            # raw SQL: ibis 12's create_table(overwrite=True) emits a DROP that DuckDB 2 rejects;
            # binding with the known schema spares a catalogue lookup per table.
            self.con.con.execute(f"CREATE OR REPLACE TEMP TABLE {sql_ident(name)} AS {self.con.compile(expr)}")
            return self.con.sql(f"SELECT * FROM {sql_ident(name)}", schema=expr.schema())
        if self.backend == "pyspark":
            session = self.con._session
            session.sql(self.con.compile(expr)).cache().createOrReplaceTempView(name)
            return self.con.table(name)
        return expr  # warehouses: leave it to the engine's own planner

    def close(self) -> None:
        if self.backend == "duckdb":
            self.con.disconnect()


def _mapping(config: StudyConfig) -> list[tuple[str, int, int]]:
    stages = config.stage_ids
    return [(e, i, stages.index(t.stage)) for i, t in enumerate(config.touchpoints) for e in t.events]


def _require_behaviour(config: StudyConfig) -> list[Path]:
    if config.behaviour is None:
        raise InputError(Problem("study.yml", "behaviour: missing; this study has no behavioural data"))
    files = resolve_files(Path(config.root), config.behaviour.files)
    if not files and config.behaviour.backend in ("duckdb", "pyspark"):
        raise InputError(Problem("study.yml", f"behaviour.files: '{', '.join(config.behaviour.files)}' matches "
                                 "no file in the study folder", line=config.lines.get("behaviour.files")))
    return files


def open_events(config: StudyConfig, backend: str | None = None, spark: Any = None) -> EventSource:
    """Open the study's events on ``backend`` (default: ``behaviour.backend`` in study.yml)."""
    files = _require_behaviour(config)
    backend = backend or config.behaviour.backend
    if backend == "duckdb":
        return _open_duckdb(config, files)
    if backend == "pyspark":
        return _open_pyspark(config, files, spark)
    return _open_other(config, backend)


def _code_type(names: list[str]) -> str:
    return "SMALLINT" if len(names) <= SMALLINT_MAX else "INTEGER"


def _case(column: str, pairs: list[tuple[int, int]], kind: str = "SMALLINT") -> str:
    """SQL mapping integer codes to integers (NULL for codes not listed)."""
    if not pairs:
        return f"CAST(NULL AS {kind})"
    whens = " ".join(f"WHEN {a} THEN {b}" for a, b in pairs)
    return f"CAST(CASE {column} {whens} END AS {kind})"


def _coded_mapping(config: StudyConfig, names: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int | None]:
    """(event code -> touchpoint position), (event code -> stage position), goal code."""
    codes = {n: i for i, n in enumerate(names)}
    mapping = [(codes[e], tp, st) for e, tp, st in _mapping(config) if e in codes]
    return [(c, tp) for c, tp, _ in mapping], [(c, st) for c, _, st in mapping], codes.get(config.behaviour.goal_event)


def fixed_offset(zone: str, start: datetime, end: datetime) -> int | None:
    """The UTC offset of ``zone`` in whole microseconds when it is the same for every wall time from
    ``start`` to ``end`` (naive), else None."""
    if end < start or end - start > MAX_OFFSET_SPAN:
        return None
    tz = ZoneInfo(zone)
    first = start.replace(tzinfo=tz).utcoffset()
    moment = start - OFFSET_STEP
    while moment <= end + OFFSET_STEP:
        if moment.replace(tzinfo=tz).utcoffset() != first:
            return None
        moment += OFFSET_STEP
    return int(first / timedelta(microseconds=1))


def _seconds_sql(raw: Any, scan: str, column: str, zone: str) -> str:
    """SQL for the instant of ``column`` in seconds since the epoch, as microseconds / 1e6 (the
    same double PySpark computes)."""
    kind = raw.execute(f"DESCRIBE SELECT {column} FROM {scan}").fetchall()[0][1].upper()
    if kind in NAIVE_TIMESTAMPS:
        low, high = raw.execute(f"SELECT CAST(min({column}) AS TIMESTAMP), CAST(max({column}) AS TIMESTAMP) "
                                f"FROM {scan}").fetchone()
        offset = fixed_offset(zone, low, high) if low is not None and high is not None else None
        if offset is not None:
            return f"(epoch_us(TRY_CAST({column} AS TIMESTAMP)) - {offset}) / 1e6"
    return f"epoch_us(TRY_CAST({column} AS TIMESTAMPTZ)) / 1e6"


def _open_duckdb(config: StudyConfig, files: list[Path]) -> EventSource:
    import duckdb

    b = config.behaviour
    # every core (DuckDB's default, made explicit); insertion order is never relied on, and
    # dropping it lets DuckDB load in parallel with less memory
    raw = duckdb.connect(config={"threads": os.cpu_count() or 1, "preserve_insertion_order": False})
    quiet_progress(raw)
    raw.execute(f"SET TimeZone = {sql_string(config.timezone)}")
    u, t, e = sql_ident(b.user), sql_ident(b.time), sql_ident(b.event)
    scan = scan_sql(files, [b.user, b.time, b.event])
    # A row whose time does not parse is left out (validation counted it: a warning while at most
    # loaders.timestamps.BAD_TIMESTAMP_WARNING_SHARE of the file, an error above), so the run goes on.
    # Only text columns can hold such values; a typed timestamp column skips the per-row cast.
    typed = raw.execute(f"DESCRIBE SELECT {t} FROM {scan}").fetchall()[0][1].upper().startswith(("TIMESTAMP", "DATE"))
    parsed = f"{t} IS NOT NULL" if typed else f"TRY_CAST({t} AS TIMESTAMPTZ) IS NOT NULL"
    present = f"{u} IS NOT NULL AND {parsed} AND {e} IS NOT NULL"
    names = sorted(r[0] for r in raw.execute(f"SELECT DISTINCT CAST({e} AS VARCHAR) FROM {scan} WHERE {present}").fetchall())
    kind = _code_type(names)
    tp_pairs, stage_pairs, goal = _coded_mapping(config, names)
    if names:
        raw.execute(f"CREATE TYPE {EVENT_TYPE} AS ENUM ({', '.join(sql_string(n) for n in names)})")
        code = f"CAST(enum_code(CAST(CAST({e} AS VARCHAR) AS {EVENT_TYPE})) AS {kind})"
    else:
        code = f"CAST(NULL AS {kind})"
    seconds = _seconds_sql(raw, scan, t, config.timezone)
    raw.execute(f"CREATE TEMP TABLE {EVENTS} AS SELECT user, t, ev, {_case('ev', tp_pairs)} AS tp_ord, "
                f"{_case('ev', stage_pairs)} AS stage_ord, {'ev = ' + str(goal) if goal is not None else 'false'} AS goal "
                f"FROM (SELECT CAST({u} AS VARCHAR) AS user, {seconds} AS t, {code} AS ev FROM {scan} WHERE {present})")
    _duckdb_users(raw, config)
    if not config.privacy.keep_ids:
        pseudonymise_users(raw, config.study, EVENTS, USERS)
    con = ibis.duckdb.from_connection(raw)
    schema = {"user": "string", "t": "float64", "ev": "int16" if kind == "SMALLINT" else "int32", "tp_ord": "int16",
              "stage_ord": "int16", "goal": "boolean"}
    events = con.sql(f"SELECT * FROM {EVENTS}", schema=schema)
    users = con.sql(f"SELECT * FROM {USERS}", schema={"user": "string", "persona": "string"})
    return EventSource(config, con, events, users, "duckdb", tuple(names))


def quiet_progress(con: Any) -> None:
    """Turn DuckDB's progress bar off: inside a notebook it is drawn as a JavaScript widget, which a
    report must never contain. Where ipywidgets is not installed DuckDB refuses to change the
    setting at all, but then it cannot draw the widget either, so that refusal is ignored (and the
    report exporter drops widget outputs in any case)."""
    import duckdb

    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass


def _duckdb_users(raw: Any, config: StudyConfig) -> None:
    path = Path(config.root) / config.users.file if config.users else None
    if path is None or not path.is_file():
        raw.execute(f"CREATE TEMP TABLE {USERS} (user VARCHAR, persona VARCHAR)")
        return
    u, p = config.users.user, config.users.persona
    raw.execute(f"CREATE TEMP TABLE {USERS} AS SELECT CAST({sql_ident(u)} AS VARCHAR) AS user, "
                f"any_value(CAST({sql_ident(p)} AS VARCHAR)) AS persona FROM {scan_sql([path], [u, p])} "
                f"WHERE {sql_ident(u)} IS NOT NULL GROUP BY 1")


def spark_session(timezone: str = "UTC") -> Any:
    """A local PySpark session for the workbench (2 cores, UTC session time)."""
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master("local[2]").appName("journey-workbench")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")   # small results: few partitions beat Spark's 200
            .config("spark.ui.enabled", "false")
            .getOrCreate())


def _spark_time(df: Any, column: str, timezone: str) -> Any:
    """Seconds since the epoch (UTC) from a Spark column of text or timestamps."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, TimestampNTZType

    col = F.col(column)
    kind = df.schema[column].dataType
    if isinstance(kind, StringType):
        text = F.trim(col)
        has_offset = text.rlike(OFFSET_PATTERN)
        instant = F.when(has_offset, F.to_timestamp(text)).otherwise(
            F.to_utc_timestamp(F.to_timestamp(text), timezone))
    elif isinstance(kind, TimestampNTZType):
        instant = F.to_utc_timestamp(col.cast("timestamp"), timezone)
    else:  # an instant already (TIMESTAMP / TIMESTAMP_LTZ) or a date
        instant = col.cast("timestamp")
    return F.unix_micros(instant) / F.lit(1e6)


def _spark_read(spark: Any, paths: list[Path]) -> Any:
    parquet = [str(p) for p in paths if is_parquet(p)]
    csv = [str(p) for p in paths if not is_parquet(p)]
    frames = []
    if parquet:
        frames.append(spark.read.parquet(*parquet))
    if csv:
        frames.append(spark.read.csv(csv, header=True, inferSchema=False))
    out = frames[0]
    for f in frames[1:]:
        out = out.unionByName(f, allowMissingColumns=True)
    return out


def _open_pyspark(config: StudyConfig, files: list[Path], spark: Any = None) -> EventSource:
    from pyspark.sql import functions as F

    b = config.behaviour
    spark = spark or spark_session()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    df = _spark_read(spark, files)
    df = df.select(F.col(b.user).cast("string").alias("user"), _spark_time(df, b.time, config.timezone).alias("t"),
                   F.col(b.event).cast("string").alias("event"))
    df = df.where(F.col("user").isNotNull() & F.col("t").isNotNull() & F.col("event").isNotNull())
    names = sorted(r[0] for r in df.select("event").distinct().collect())
    kind = "smallint" if len(names) <= SMALLINT_MAX else "int"
    tp_pairs, stage_pairs, goal = _coded_mapping(config, names)
    codes = spark.createDataFrame([(n, i) for i, n in enumerate(names)], f"event string, ev {kind}")
    df = df.join(F.broadcast(codes), "event").drop("event")
    tp = F.lit(None).cast("smallint")
    stage = F.lit(None).cast("smallint")
    for code, tp_ord in tp_pairs:
        tp = F.when(F.col("ev") == code, F.lit(tp_ord).cast("smallint")).otherwise(tp)
    for code, stage_ord in stage_pairs:
        stage = F.when(F.col("ev") == code, F.lit(stage_ord).cast("smallint")).otherwise(stage)
    is_goal = (F.col("ev") == F.lit(goal)) if goal is not None else F.lit(False)
    df = df.select("user", "t", "ev", tp.alias("tp_ord"), stage.alias("stage_ord"), is_goal.alias("goal"))
    df.cache().createOrReplaceTempView(EVENTS)
    path = Path(config.root) / config.users.file if config.users else None
    if path is not None and path.is_file():
        users = spark.read.csv(str(path), header=True, inferSchema=False)
        users = (users.select(F.col(config.users.user).cast("string").alias("user"),
                              F.col(config.users.persona).cast("string").alias("persona"))
                 .where(F.col("user").isNotNull()).groupBy("user").agg(F.first("persona").alias("persona")))
    else:
        users = spark.createDataFrame([], "user string, persona string")
    users.cache().createOrReplaceTempView(USERS)
    con = ibis.pyspark.connect(spark)
    return EventSource(config, con, con.table(EVENTS), con.table(USERS), "pyspark", tuple(names))


def _open_other(config: StudyConfig, backend: str) -> EventSource:
    """A warehouse: ``behaviour.connection`` holds ``url`` (an ibis connection URL) and ``table``,
    a table or view that already has the columns named in ``behaviour.columns``."""
    b = config.behaviour
    conn = dict(b.connection)
    if "url" not in conn or "table" not in conn:
        raise InputError(Problem("study.yml", f"behaviour.connection: backend '{backend}' needs 'url' (an ibis "
                                 "connection URL) and 'table'", line=config.lines.get("behaviour.connection")))
    con = ibis.connect(conn["url"])
    raw = con.table(conn["table"])
    ts = raw[b.time]
    if not ts.type().is_timestamp():
        ts = ts.cast("timestamp")
    event = raw[b.event].cast("string")
    present = raw.filter(raw[b.user].notnull() & ts.notnull() & event.notnull())
    names = sorted(str(n) for n in present.select(event=event).distinct().execute()["event"])
    kind = "int16" if len(names) <= SMALLINT_MAX else "int32"
    tp_pairs, stage_pairs, goal = _coded_mapping(config, names)
    ev = event.cases(*[(n, i) for i, n in enumerate(names)], else_=ibis.null()).cast(kind) if names else ibis.null(kind)

    def by_code(pairs: list[tuple[int, int]]) -> Any:
        return ev.cases(*pairs, else_=ibis.null()).cast("int16") if pairs else ibis.null("int16")

    events = raw.select(user=raw[b.user].cast("string"), t=ts.epoch_seconds().cast("float64"), ev=ev,
                        tp_ord=by_code(tp_pairs), stage_ord=by_code(stage_pairs),
                        goal=(ev == goal) if goal is not None else ibis.literal(False))
    events = events.filter(events.user.notnull() & events.t.notnull() & events.ev.notnull())
    if config.users and "users_table" in conn:
        ut = con.table(conn["users_table"])
        users = ut.select(user=ut[config.users.user].cast("string"), persona=ut[config.users.persona].cast("string"))
    else:
        users = ibis.memtable({"user": [], "persona": []}, schema={"user": "string", "persona": "string"})
    return EventSource(config, con, events, users, backend, tuple(names))
