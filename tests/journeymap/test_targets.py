"""Future-state targets: met or missed only when the whole interval is on one side."""
from __future__ import annotations

import copy
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbench.config import parse_study_config
from workbench.journeymap.targets import status_of, target_gaps

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-study" / "study.yml"


@pytest.mark.parametrize("target,low,high,better,expected", [
    (0.5, 0.6, 0.7, "higher", "met"),
    (0.5, 0.3, 0.4, "higher", "missed"),
    (0.5, 0.45, 0.55, "higher", "within interval"),
    (0.1, 0.02, 0.08, "lower", "met"),
    (0.1, 0.12, 0.2, "lower", "missed"),
    (0.1, 0.05, 0.15, "lower", "within interval"),
    (0.5, math.nan, math.nan, "higher", "no data"),
])
def test_status(target, low, high, better, expected):
    assert status_of(target, low, high, better) == expected


def test_gaps_use_the_stage_rows_and_their_intervals():
    data = yaml.safe_load(TINY.read_text())
    data["targets"] = {"buy": {"reach": 0.9, "sentiment": 0.1}, "after": {"negative": 0.2}}
    config = parse_study_config(copy.deepcopy(data), TINY.parent)
    reach = pd.DataFrame({"stage": ["discover", "buy", "after"], "share": [1.0, 0.5, 0.2],
                          "ci_low": [0.8, 0.3, 0.1], "ci_high": [1.0, 0.7, 0.3], "users": [10, 10, 10]})
    feel = pd.DataFrame({"stage": ["discover", "buy", "after"], "mean_sentiment": [0.2, 0.15, -0.3],
                         "ci_low": [0.1, 0.05, -0.5], "ci_high": [0.3, 0.25, -0.1], "share_negative": [0, 0.1, 0.6],
                         "share_negative_ci_low": [0, 0.0, 0.4], "share_negative_ci_high": [0.1, 0.2, 0.8],
                         "mentions": [5, 6, 7], "anchor": ["f1", "f2", "f3"]})
    gaps = target_gaps(config, reach, pd.DataFrame(), feel).set_index(["stage", "kpi"])
    assert gaps.loc[("buy", "reach"), "status"] == "missed"
    assert gaps.loc[("buy", "reach"), "gap"] == pytest.approx(-0.4)
    assert "gap -40.0 pp" in gaps.loc[("buy", "reach"), "gap_text"]
    assert gaps.loc[("buy", "sentiment"), "status"] == "within interval"
    assert gaps.loc[("after", "negative"), "status"] == "missed"
    assert gaps.loc[("after", "negative"), "anchor"] == "f3"
