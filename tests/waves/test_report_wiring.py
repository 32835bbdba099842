"""Waves and drivers wired into the analysis pass, the bundle, the chapter, the map, the index and the CLI.

Two generated waves of the drivers' synthetic study (workbench.drivers.synthetic): the later wave's
users convert much less often (intercept +1.5 on the log odds of not ordering), so its conversion and
drop rates must come out worse; the later wave also defines churn, so both outcomes are modelled.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from workbench.analysis import analyse_study
from workbench.analysis import StudyResults
from workbench.analysis.bundle import read_table, write_bundle, write_csvs
from workbench.cli import main
from workbench.drivers.synthetic import CONVERSION_TRUTH, make_study
from workbench.report.chapters.journey_map import map_html
from workbench.report.chapters import drivers as drivers_chapter
from workbench.report.chapters import waves as waves_chapter
from workbench.study import load_study

CHANGES_CONTRACT = ["touchpoint", "stage", "measure", "before", "after", "change", "ci_low", "ci_high", "p_value",
                    "q_value", "direction", "n_before", "n_after"]
DRIVERS_CONTRACT = ["feature", "odds_ratio", "ci_low", "ci_high", "p_value", "q_value", "n"]
WORSE = {**CONVERSION_TRUTH, "intercept": CONVERSION_TRUTH["intercept"] + 1.5}


@pytest.fixture(scope="module")
def waves(tmp_path_factory):
    root = tmp_path_factory.mktemp("waves")
    make_study(root / "q2", n_users=1500, seed=5)
    make_study(root / "q3", n_users=1500, seed=6, conversion=WORSE)
    yml = root / "q3" / "study.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "previous: ../q2\nchurn: {after: order_placed, inactive_days: 30}\n",
                   encoding="utf-8")
    study = load_study(root / "q3")
    return root, study, analyse_study(study, ["all"], comparison=False)["all"]


def test_bundle_has_changes_drivers_and_risk_with_the_contract_columns(waves, tmp_path):
    root, study, result = waves
    bundle = write_bundle(StudyResults(study=study.config.study, config=study.config, personas={"all": result},
                                       comparison=None), tmp_path / "bundle")
    written = {p.stem for p in write_csvs(bundle, "all", tmp_path / "data")}
    assert {"changes", "drivers", "risk"} <= written
    changes = pd.read_csv(tmp_path / "data" / "changes.csv")
    assert set(CHANGES_CONTRACT) <= set(changes.columns) and len(changes)
    assert set(changes["direction"]) <= {"better", "worse", "none"}
    drivers = read_table(bundle, "all", "drivers")
    assert set(DRIVERS_CONTRACT) <= set(drivers.columns)
    assert set(drivers["outcome"]) == {"conversion", "churn"}


def test_the_planted_drop_in_conversion_is_worse_and_nothing_is_better(waves):
    changes = waves[2].tables["changes"]
    conversion = changes[(changes["measure"] == "conversion") & changes["touchpoint"].isna() & changes["stage"].isna()]
    assert conversion["direction"].tolist() == ["worse"]
    assert (conversion["ci_high"] < 0).all()
    assert "better" not in set(changes["direction"])


def test_risk_ids_are_pseudonymised_unless_kept(waves):
    risk = waves[2].tables["risk"]
    users = set(waves[1].users["user"].astype(str))
    assert len(risk) and not set(risk["user"].astype(str)) & users
    assert (risk["user"].str.fullmatch(r"[0-9a-f]{16}")).all()


def test_map_marks_every_better_or_worse_change_and_links_to_its_row(waves):
    result = waves[2]
    shown = result.tables["changes"]
    marked = shown[shown["direction"].isin(["better", "worse"]) & shown["stage"].notna()]
    assert len(marked)
    page = map_html(result.journey_map)
    assert page.count("wb-change ") == len(marked)
    assert "▼" in page or "▲" in page
    chapter = waves_chapter.detected(result.waves, result.config).data
    for anchor in re.findall(r"wb-change wb-tone-\w+' href='#([^']+)'", page):
        assert f"id='{anchor}'" in chapter


def test_chapter_renders_changes_mismatches_and_drivers(waves):
    result = waves[2]
    intro = waves_chapter.intro(result.waves).data
    assert "worse" in intro and "Benjamini-Hochberg" in intro
    every = waves_chapter.every_change(result.waves, result.config).data
    assert "95% interval" in every and "q" in every
    ranked = drivers_chapter.drivers(result.drivers, "conversion").data
    assert "Odds ratio" in ranked and "reached" in ranked
    assert "not causes" in drivers_chapter.intro(result.drivers, "conversion").data
    perf = drivers_chapter.performance(result.drivers, "conversion").data
    assert "persona only (baseline)" in perf
    churn = drivers_chapter.section(result.drivers, "churn").data
    assert "Segments most at risk" in churn and "no activity within 30 days" in churn


def test_a_study_without_a_previous_wave_says_so_in_one_line(tiny_reports):
    _, out, _ = tiny_reports
    page = (out / "tiny-study" / "all.html").read_text(encoding="utf-8")
    assert "This study names no previous wave" in page
    assert "Drivers of conversion" in page


def test_a_missing_previous_wave_is_a_note_not_a_failure(tiny_copy):
    yml = tiny_copy / "study.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "previous: ../nowhere\n", encoding="utf-8")
    result = analyse_study(load_study(tiny_copy), ["all"], comparison=False)["all"]
    assert "not a study folder" in result.waves.note
    assert result.tables["changes"].empty and set(CHANGES_CONTRACT) <= set(result.tables["changes"].columns)


def test_bad_previous_value_is_one_located_line(tiny_copy, capsys):
    yml = tiny_copy / "study.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "previous: [a, b]\n", encoding="utf-8")
    assert main(["validate", str(tiny_copy)]) == 2
    assert "study.yml: previous: must be a folder path" in capsys.readouterr().out


def test_cli_compare_and_drivers(waves, tmp_path, capsys):
    root = waves[0]
    assert main(["compare", str(root / "q2"), str(root / "q3"), "--out", str(tmp_path / "cmp"), "--no-mismatches"]) == 0
    assert set(CHANGES_CONTRACT) <= set(pd.read_csv(tmp_path / "cmp" / "data" / "all" / "changes.csv").columns)
    assert main(["drivers", str(root / "q3"), "--out", str(tmp_path / "drv")]) == 0
    assert set(DRIVERS_CONTRACT) <= set(pd.read_csv(tmp_path / "drv" / "data" / "all" / "drivers.csv").columns)
    assert main(["compare", str(root / "nowhere"), str(root / "q3"), "--out", str(tmp_path / "x")]) == 2
    assert "nowhere" in capsys.readouterr().err
