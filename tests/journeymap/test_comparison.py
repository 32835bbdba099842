"""Personas side by side: funnel differences against the rest, corrected, and a self-contained page."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench.journeymap.comparison import compare_personas, funnel_differences
from workbench.report.chapters.comparison import comparison_page
from workbench.report.html import external_references


def _funnel(users: list[int]) -> pd.DataFrame:
    prev = [users[0], *users[:-1]]
    share = [u / p if p else float("nan") for u, p in zip(users, prev)]
    return pd.DataFrame({"step": range(1, len(users) + 1), "stage": ["a", "b", "goal"][:len(users)],
                         "label": ["A", "B", "Goal: x"][:len(users)], "users": users, "n_previous": prev,
                         "share_of_previous": share, "previous_ci_low": share, "previous_ci_high": share})


def test_rest_is_everyone_minus_the_persona_and_big_gaps_are_marked():
    everyone = _funnel([1000, 600, 300])
    # persona p: 500 -> 450 -> 250; the rest: 500 -> 150 -> 50
    diffs = funnel_differences(everyone, {"p": _funnel([500, 450, 250])}).set_index("step")
    assert diffs.loc[2, "rest_rate"] == pytest.approx(150 / 500)
    assert diffs.loc[2, "difference"] == pytest.approx(0.9 - 0.3)
    assert diffs.loc[3, "rest_rate"] == pytest.approx(50 / 150)
    assert diffs["significant"].all()


def test_equal_funnels_are_not_marked():
    everyone = _funnel([1000, 600, 300])
    diffs = funnel_differences(everyone, {"p": _funnel([500, 300, 150])})
    assert not diffs["significant"].any()
    assert (diffs["difference"].abs() < 1e-12).all()


def test_page_on_the_tiny_study(tiny_loaded):
    comp = compare_personas(tiny_loaded)
    assert {p for p, _ in comp.personas} == {"saver", "rusher"}
    assert set(comp.sentiment["persona"]) == {"saver", "rusher"}
    assert set(comp.funnel["persona"]) == {"saver", "rusher"}
    text = comparison_page(tiny_loaded, comp)
    assert external_references(text) == []
    for anchor in ("wb-compare-phrases", "wb-compare-sentiment", "wb-compare-funnel"):
        assert f"id='{anchor}'" in text
