"""NPS / CSAT / CES summaries."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench.scores import nps_interval, summarise_scores


def test_nps_value_and_interval_bounds():
    nps, low, high = nps_interval(promoters=50, detractors=20, n=100)
    assert nps == 30
    assert low < 30 < high and -100 <= low and high <= 100
    assert high - low == pytest.approx(2 * 1.96 * 100 * ((0.5075 + 0.2112 - (0.2963) ** 2) / 103) ** 0.5, abs=1.0)


def test_nps_interval_stays_inside_range_when_everyone_promotes():
    nps, low, high = nps_interval(5, 0, 5)
    assert nps == 100 and high <= 100 and low > 0


def test_summary_rows_per_question(tiny_study):
    from workbench import load_study
    summary = summarise_scores(load_study(tiny_study).scores).set_index("column")
    assert summary.loc["Q1", "n"] == 3 and summary.loc["Q1", "value"] == pytest.approx(100 * (2 - 1) / 3)
    assert summary.loc["Q2", "about"] == "support" and summary.loc["Q2", "value"] == 50
    assert summary["small_sample"].all()


def test_summary_of_nothing_is_empty():
    empty = pd.DataFrame(columns=["survey", "column", "kind", "touchpoint", "stage", "good", "bad", "value"])
    assert summarise_scores(empty).empty


@pytest.mark.parametrize("promoters,detractors,n", [(1, 0, 1), (0, 1, 1), (2, 0, 2), (0, 0, 1), (3, 3, 6)])
def test_nps_interval_always_contains_the_estimate(promoters, detractors, n):
    nps, low, high = nps_interval(promoters, detractors, n)
    assert low <= nps <= high


def test_mean_interval_stays_on_the_answer_scale(tiny_study):
    from workbench import load_study
    summary = summarise_scores(load_study(tiny_study).scores).set_index("column")
    assert summary.loc["Q2", "mean_ci_low"] >= 1 and summary.loc["Q2", "mean_ci_high"] <= 5
