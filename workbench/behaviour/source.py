"""Open a study's events on an ibis backend, with the column roles and time zone applied.

Every analysis in this subpackage is an ibis expression over one normalised table, so the same
code runs on DuckDB (the default, reading the study's CSV/Parquet files in place) and on PySpark
or any ibis backend named in ``behaviour.backend``. The normalised ``events`` table has:

========== ================================================================================
user       the user id, as text
t          the event's instant, seconds since 1970-01-01 UTC (float). Naive timestamps are
           wall time in ``config.timezone``; values with an offset are converted.
event      the event name
tp_ord     0-based position of the event's touchpoint in study.yml, or NULL (no touchpoint)
stage_ord  0-based position of that touchpoint's stage, or NULL
goal       true for the goal event
========== ================================================================================

and ``users`` has ``user, persona`` from users.csv (empty when the study has none). Rows
without a user, a time or an event are left out (``workbench validate`` reports them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis

from ..config import StudyConfig
from ..exceptions import InputError, Problem
from .files import is_parquet, resolve_files, scan_sql, sql_ident, sql_string

EVENTS = "wb_events"
USERS = "wb_users"
# Matches a trailing UTC offset (Z, +08:00, +0800, -05) on a timestamp written as text, which
# PySpark must not shift again from the study's time zone.
OFFSET_PATTERN = r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"


@dataclass
class EventSource:
    """The opened behavioural tables of one study on one ibis backend."""

    config: StudyConfig
    con: Any                      # an ibis backend
    events: ibis.Table
    users: ibis.Table
    backend: str = "duckdb"
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def touchpoint_ids(self) -> list[str]:
        return [t.id for t in self.config.touchpoints]

    @property
    def stage_ids(self) -> list[str]:
        return self.config.stage_ids

    def materialize(self, expr: ibis.Table, name: str) -> ibis.Table:
        """Compute ``expr`` once into a temporary table ``name`` (replacing it) and return that table.

        Used where a later step reads an earlier one several times (the ordered funnel).
        """
        if self.backend == "duckdb":
            # raw SQL: ibis 12's create_table(overwrite=True) emits a DROP that DuckDB 2 rejects
            self.con.con.execute(f"CREATE OR REPLACE TEMP TABLE {sql_ident(name)} AS {self.con.compile(expr)}")
            return self.con.table(name)
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


def _case(column: str, pairs: list[tuple[str, int]]) -> str:
    if not pairs:
        return "CAST(NULL AS SMALLINT)"
    whens = " ".join(f"WHEN {sql_string(e)} THEN {v}" for e, v in pairs)
    return f"CAST(CASE {column} {whens} END AS SMALLINT)"


def _open_duckdb(config: StudyConfig, files: list[Path]) -> EventSource:
    import duckdb

    b = config.behaviour
    raw = duckdb.connect()
    raw.execute(f"SET TimeZone = {sql_string(config.timezone)}")
    u, t, e = sql_ident(b.user), sql_ident(b.time), sql_ident(b.event)
    scan = scan_sql(files, [b.user, b.time, b.event])
    mapping = _mapping(config)
    # Events are kept sorted by user and time with names dictionary-encoded (an ENUM): the
    # layout the issue measured as fastest, and it makes every later scan cheaper.
    raw.execute(f"CREATE TEMP TABLE wb_raw AS SELECT CAST({u} AS VARCHAR) AS user, "
                f"epoch(CAST({t} AS TIMESTAMPTZ)) AS t, CAST({e} AS VARCHAR) AS event FROM {scan} "
                f"WHERE {u} IS NOT NULL AND {t} IS NOT NULL AND {e} IS NOT NULL")
    raw.execute("CREATE TYPE wb_event AS ENUM (SELECT DISTINCT event FROM wb_raw WHERE event IS NOT NULL)")
    raw.execute(f"CREATE TEMP TABLE {EVENTS} AS SELECT user, t, CAST(event AS wb_event) AS event, "
                f"{_case('event', [(m[0], m[1]) for m in mapping])} AS tp_ord, "
                f"{_case('event', [(m[0], m[2]) for m in mapping])} AS stage_ord, "
                f"event = {sql_string(b.goal_event)} AS goal FROM wb_raw ORDER BY user, t")
    raw.execute("DROP TABLE wb_raw")
    _duckdb_users(raw, config)
    con = ibis.duckdb.from_connection(raw)
    return EventSource(config, con, con.table(EVENTS), con.table(USERS), "duckdb")


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
    mapping = _mapping(config)
    tp = F.lit(None).cast("smallint")
    stage = F.lit(None).cast("smallint")
    for name, tp_ord, stage_ord in mapping:
        tp = F.when(F.col("event") == name, F.lit(tp_ord).cast("smallint")).otherwise(tp)
        stage = F.when(F.col("event") == name, F.lit(stage_ord).cast("smallint")).otherwise(stage)
    df = df.select("user", "t", "event", tp.alias("tp_ord"), stage.alias("stage_ord"),
                   (F.col("event") == F.lit(b.goal_event)).alias("goal"))
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
    return EventSource(config, con, con.table(EVENTS), con.table(USERS), "pyspark")


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
    t = ts.epoch_seconds().cast("float64")
    mapping = _mapping(config)
    event = raw[b.event].cast("string")
    tp_ord = event.cases(*[(m[0], m[1]) for m in mapping], else_=ibis.null()).cast("int16") if mapping else ibis.null("int16")
    stage_ord = event.cases(*[(m[0], m[2]) for m in mapping], else_=ibis.null()).cast("int16") if mapping else ibis.null("int16")
    events = raw.select(user=raw[b.user].cast("string"), t=t, event=event, tp_ord=tp_ord, stage_ord=stage_ord,
                        goal=event == b.goal_event).filter(lambda x: x.user.notnull() & x.t.notnull() & x.event.notnull())
    if config.users and "users_table" in conn:
        ut = con.table(conn["users_table"])
        users = ut.select(user=ut[config.users.user].cast("string"), persona=ut[config.users.persona].cast("string"))
    else:
        users = ibis.memtable({"user": [], "persona": []}, schema={"user": "string", "persona": "string"})
    return EventSource(config, con, events, users, backend)
