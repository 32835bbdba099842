"""The same analyses on PySpark (local mode) give the same tables as on DuckDB.

Runs on the tiny fixture and, when it has been generated, on the demo study. Skipped cleanly when
pyspark is not installed (CI installs it). Marked ``spark``: ``pytest -m "not spark"`` leaves it out.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")

from workbench.behaviour import (dropoff_table, kpis, last_events, ordered_funnel, stage_reach,  # noqa: E402
                                 time_to_goal, transitions)
from workbench.behaviour.source import open_events, spark_session  # noqa: E402
from workbench.config import load_study_config  # noqa: E402

pytestmark = pytest.mark.spark
DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo-shop"
FIXTURE = Path(__file__).parent / "fixtures" / "tiny-shop"
STUDIES = [pytest.param(FIXTURE, id="tiny-shop"),
           pytest.param(DEMO, id="demo-shop", marks=pytest.mark.skipif(
               not list((DEMO / "behaviour").glob("*.parquet")) if (DEMO / "behaviour").is_dir() else True,
               reason="demo study's events not generated"))]
ANALYSES = {
    "stage_reach": lambda s, p: stage_reach(s, p),
    "funnel": lambda s, p: ordered_funnel(s, p),
    "dropoff": lambda s, p: dropoff_table(s, p),
    "transitions": lambda s, p: transitions(s, p),
    "last_events": lambda s, p: last_events(s, p),
    "time_to_goal": lambda s, p: time_to_goal(s, p)[0],
    "kpis": lambda s, p: kpis(s, p),
}


@pytest.fixture(scope="module")
def spark():
    try:
        session = spark_session()
    except Exception as exc:  # no Java, or Spark cannot start here
        pytest.skip(f"PySpark cannot start: {exc}")
    yield session
    session.stop()


@pytest.mark.parametrize("folder", STUDIES)
def test_spark_matches_duckdb(spark, folder):
    config = load_study_config(folder)
    duck = open_events(config, "duckdb")
    sparky = open_events(config, "pyspark", spark=spark)
    # one persona on the fixture (persona filtering), the whole population on the demo (volume)
    scopes = ("all",) if folder == DEMO else ("all", config.persona_ids[0])
    for name, run in ANALYSES.items():
        for who in scopes:
            left = run(duck, who).reset_index(drop=True)
            right = run(sparky, who).reset_index(drop=True)
            pd.testing.assert_frame_equal(left, right, check_dtype=False, check_exact=False, rtol=1e-9,
                                          obj=f"{name} ({who})")
    duck.close()
