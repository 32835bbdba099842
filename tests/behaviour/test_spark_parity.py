"""The same analyses on PySpark (local mode) give the same tables as on DuckDB.

Two studies: the tiny fixture (every analysis, for everyone and for one persona), and the demo
study on a deterministic subset of its users: every ninth user in user-id order (about 5,000 of
44,768, in all three personas) with all of their events, written to a temporary copy of the
study. The subset keeps the run within a few minutes on a two-core machine; what makes Spark slow
here is its fixed cost per query, not the number of rows. One Spark session serves the module.
Skipped cleanly when pyspark is not installed (CI installs it) or Java cannot start. Marked
``spark``: ``pytest -m "not spark"`` leaves it out.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")

from workbench.behaviour import (dropoff_table, kpis, last_events, next_steps, ordered_funnel,  # noqa: E402
                                 stage_reach, time_to_goal, transitions)
from workbench.behaviour.source import open_events, spark_session  # noqa: E402
from workbench.config import load_study_config  # noqa: E402

# PySpark warns on import that it has not caught up with pandas 3; nothing here can act on it.
pytestmark = [pytest.mark.spark,
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")]
DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo-shop"
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-shop"
# Every ninth user in id order: 44,768 demo users -> about 5,000.
SUBSET_EVERY = 9
ANALYSES = {
    "stage_reach": lambda s, p: stage_reach(s, p),
    "funnel": lambda s, p: ordered_funnel(s, p),
    "dropoff": lambda s, p: dropoff_table(s, p),
    "transitions": lambda s, p: transitions(s, p),
    "last_events": lambda s, p: last_events(s, p),
    "next_steps": lambda s, p: next_steps(s, s.config.touchpoints[4].id, p),   # shipping; cart on the demo
    "time_to_goal": lambda s, p: time_to_goal(s, p)[0],
    "time_distribution": lambda s, p: time_to_goal(s, p)[1],
    "kpis": lambda s, p: kpis(s, p),
}


@pytest.fixture(scope="module")
def spark():
    try:
        session = spark_session()
    except Exception as exc:  # no Java, or Spark cannot start here
        pytest.skip(f"PySpark cannot start: {exc}")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _demo_subset(target: Path) -> Path:
    """A copy of the demo study whose events are those of every SUBSET_EVERY-th user."""
    if not list((DEMO / "behaviour").glob("events-*.parquet")):
        pytest.skip("demo study's events not generated")
    for name in ("study.yml", "users.csv"):
        shutil.copy(DEMO / name, target / name)
    shutil.copytree(DEMO / "operations", target / "operations")
    (target / "behaviour").mkdir()
    files = (DEMO / "behaviour" / "events-*.parquet").as_posix()
    duckdb.connect().execute(f"""COPY (SELECT * FROM read_parquet('{files}') WHERE user_id IN (
                       SELECT user_id FROM (SELECT user_id, row_number() OVER (ORDER BY user_id) AS k
                                            FROM (SELECT DISTINCT user_id FROM read_parquet('{files}')))
                       WHERE k % {SUBSET_EVERY} = 0))
                       TO '{(target / "behaviour" / "events-subset.parquet").as_posix()}' (FORMAT parquet)""")
    return target


def _compare(config, spark, scopes):
    duck = open_events(config, "duckdb")
    sparky = open_events(config, "pyspark", spark=spark)
    try:
        for name, run in ANALYSES.items():
            for who in scopes:
                left = run(duck, who).reset_index(drop=True)
                right = run(sparky, who).reset_index(drop=True)
                assert len(left) > 0, f"{name} ({who}) is empty: nothing compared"
                pd.testing.assert_frame_equal(left, right, check_dtype=False, check_exact=False, rtol=1e-9,
                                              obj=f"{name} ({who})")
    finally:
        duck.close()


def test_spark_matches_duckdb_on_the_fixture(spark):
    config = load_study_config(FIXTURE)
    _compare(config, spark, ("all", config.persona_ids[0]))


def test_spark_matches_duckdb_on_demo_users(spark, tmp_path):
    config = load_study_config(_demo_subset(tmp_path))
    users = duckdb.connect().execute(f"SELECT count(DISTINCT user_id) FROM "
                           f"read_parquet('{(tmp_path / 'behaviour' / '*.parquet').as_posix()}')").fetchone()[0]
    assert 4_000 < users < 6_000
    _compare(config, spark, ("all", "busy-parent"))
