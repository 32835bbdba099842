"""Themes that appeared or faded between waves (workbench.waves.themes): the matching rule, the rows of
changes.csv (appeared / faded untested, matched tested, too few people flagged), the say family's
correction and the change page's list. Small fixtures written out in full."""
from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from workbench.report.chapters import waves as chapter
from workbench.waves.compare import CHANGES_COLUMNS, WaveComparison, with_rows
from workbench.waves.inference import TOO_FEW_PEOPLE
from workbench.waves.themes import (APPEARED, FADED, MATCHED, THEME_MEASURE, match_themes, stage_people,
                                    theme_change_rows, wave_themes)

COLS = ["theme", "label", "stage", "people", "top_phrases", "language"]


def themes(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLS)


BEFORE = themes(
    ("th-a", "checkout was quick", "purchase", 21, "simple; lumi", "en"),
    ("th-b", "bubble wrap", "retention", 38, "kids; popping", "en"),
    ("th-c", "box 3x bigger than the item", "retention", 11, "air pillows", "en"),
    ("th-d", "payday sale", "advocacy", 8, "vouchers", "en"),
    ("th-e", "wait in the queue", "purchase", 4, "", "en"),
)
AFTER = themes(
    ("th-x", "checkout works", "purchase", 38, "quick; simple", "en"),     # shares checkout, simple
    ("th-b", "bubble wrap", "retention", 29, "kids; popping", "en"),      # same id
    ("th-y", "size guide is wrong", "purchase", 30, "size; chart", "en"),  # new
    ("th-z", "payday sale", "retention", 7, "vouchers", "en"),            # same words, other stage
    ("th-w", "long queue wait", "purchase", 3, "", "en"),                 # shares queue, wait with th-e
)
STAGES_BEFORE = {"purchase": 100, "retention": 80, "advocacy": 40}
STAGES_AFTER = {"purchase": 120, "retention": 90, "advocacy": 50}


def test_match_rule_same_id_or_shared_term_within_the_stage_only():
    pairs = {(BEFORE.loc[i, "theme"] if i is not None else None, AFTER.loc[j, "theme"] if j is not None else None)
             for i, j, _ in match_themes(BEFORE, AFTER)}
    assert pairs == {("th-a", "th-x"), ("th-b", "th-b"), ("th-e", "th-w"), ("th-c", None), ("th-d", None),
                     (None, "th-y"), (None, "th-z")}


def test_stopwords_alone_do_not_match():
    before = themes(("th-1", "the box in the hall", "retention", 10, "", "en"))
    after = themes(("th-2", "in the end", "retention", 10, "", "en"))
    assert [(i, j) for i, j, _ in match_themes(before, after)] == [(0, None), (None, 0)]


def test_one_generic_shared_word_is_not_a_match():
    before = themes(("th-1", "otp from the bank took long to arrive", "retention", 19, "hour; queue", "en"))
    after = themes(("th-2", "parcel took a week to reach kuching", "retention", 20, "box; ages", "en"))
    assert [(i, j) for i, j, _ in match_themes(before, after)] == [(0, None), (None, 0)]


def test_one_to_one_the_stronger_pair_wins():
    before = themes(("th-1", "checkout address form", "purchase", 10, "", "en"))
    after = themes(("th-2", "checkout form", "purchase", 40, "", "en"),
                   ("th-3", "address form broke at checkout", "purchase", 5, "", "en"))
    pairs = [(i, j) for i, j, _ in match_themes(before, after)]
    assert (0, 1) in pairs and (None, 0) in pairs


def test_rows_appeared_and_faded_untested_matched_tested_small_flagged():
    found = wave_themes(BEFORE, AFTER, STAGES_BEFORE, STAGES_AFTER)
    assert sorted(found["status"]) == sorted([MATCHED] * 3 + [FADED] * 2 + [APPEARED] * 2)
    rows = theme_change_rows(found).set_index("theme")
    size = rows.loc["size guide is wrong"]
    assert size["note"].startswith("appeared") and math.isnan(size["before"]) and math.isnan(size["p_value"])
    assert size["after"] == pytest.approx(30 / 120) and size["n_after"] == 120
    faded = rows.loc["box 3x bigger than the item"]
    assert faded["note"].startswith("faded") and faded["before"] == pytest.approx(11 / 80) and math.isnan(faded["after"])
    quick = rows.loc["checkout works (before: checkout was quick)"]
    assert quick["note"] == "" and quick["change"] == pytest.approx(38 / 120 - 21 / 100)
    assert quick["ci_low"] < quick["change"] < quick["ci_high"] and 0 < quick["p_value"] < 1
    queue = rows.loc["long queue wait (before: wait in the queue)"]
    assert queue["note"] == TOO_FEW_PEOPLE and math.isnan(queue["p_value"])
    assert queue["change"] == pytest.approx(3 / 120 - 4 / 100)


def test_theme_tests_are_their_own_family_and_leave_say_and_do_alone():
    say = pd.DataFrame([{"touchpoint": "checkout", "stage": "purchase", "measure": "sentiment", "before": 0.1,
                         "after": 0.3, "change": 0.2, "ci_low": 0.1, "ci_high": 0.3, "p_value": 0.01, "n_before": 40,
                         "n_after": 40, "better": "higher", "baseline_before": math.nan, "baseline_after": math.nan,
                         "note": ""},
                        {"touchpoint": "checkout", "stage": "purchase", "measure": "drop_rate", "before": 0.3,
                         "after": 0.2, "change": -0.1, "ci_low": -0.2, "ci_high": -0.05, "p_value": 0.001,
                         "n_before": 900, "n_after": 900, "better": "lower", "baseline_before": 0.1,
                         "baseline_after": 0.1, "note": ""}])
    from workbench.waves.compare import corrected
    alone = corrected(say)
    extra = theme_change_rows(wave_themes(BEFORE, AFTER, STAGES_BEFORE, STAGES_AFTER))
    both = with_rows(alone, extra)
    assert list(both.columns) == CHANGES_COLUMNS
    assert set(both.loc[both["measure"] == THEME_MEASURE, "family"]) == {"themes"}
    sentiment = both[both["measure"] == "sentiment"].iloc[0]
    assert sentiment["q_value"] == alone.loc[0, "q_value"]         # themes are a family of their own
    assert both[both["measure"] == "drop_rate"]["q_value"].iloc[0] == alone.loc[1, "q_value"]   # do untouched
    assert set(both.loc[both["measure"] == THEME_MEASURE, "direction"]) == {"none"}   # no better side


def test_stage_people_counts_distinct_participants_per_stage():
    clauses = pd.DataFrame({"participant": ["P1", "P1", "P2", "R9"],
                            "stages": [["purchase"], ["purchase", "retention"], ["retention"], []]})
    assert stage_people(clauses) == {"purchase": 1, "retention": 2}


def test_change_page_lists_appeared_and_faded_with_people_counts():
    found = wave_themes(BEFORE, AFTER, STAGES_BEFORE, STAGES_AFTER)
    changes = with_rows(pd.DataFrame(columns=CHANGES_COLUMNS), theme_change_rows(found))
    waves = SimpleNamespace(comparison=WaveComparison("all", changes, pd.DataFrame(), pd.DataFrame(), themes=found),
                            previous="q2", previous_title="Q2", note="")
    config = SimpleNamespace(touchpoints=[], stages=[SimpleNamespace(id=s, label=s.title())
                                                      for s in ("purchase", "retention", "advocacy")])
    html = chapter.themes(waves, config).data
    assert "2 themes appeared and 2 faded" in html
    assert "size guide is wrong" in html and "30 of 120" in html and "– of 100" in html
    assert "box 3x bigger than the item" in html and "11 of 80" in html
    assert html.index("size guide is wrong") < html.index("box 3x bigger") < html.index("checkout works")
    assert "+10.7" in html or "10.7" in html   # checkout works: 38/120 - 21/100 = +10.7 points
    every = chapter.every_change(waves, config).data
    assert "size guide is wrong" not in every
