"""Surveys: plain, Qualtrics (3 header rows) and XLSX exports into scores and open answers."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

from workbench import load_study
from workbench.exceptions import StudyInvalid
from workbench.validate import validate_study


def test_qualtrics_rows_keep_their_file_lines(tiny_study):
    scores = load_study(tiny_study).scores
    nps = scores[(scores["survey"] == "post") & (scores["column"] == "Q1")]
    # three header rows, so the first respondent is on line 4
    assert nps["line"].tolist() == [4, 5, 6]
    assert nps["value"].tolist() == [9, 3, 10]


@pytest.mark.parametrize("kind,values,good,bad", [
    ("nps", [10, 9, 8, 7, 6, 0], [True, True, False, False, False, False], [False, False, False, False, True, True]),
    ("csat", [5, 4, 3, 2, 1], [True, True, False, False, False], [False, False, False, True, True]),
    ("ces", [7, 5, 4, 3, 1], [True, True, False, False, False], [False, False, False, True, True]),
])
def test_good_and_bad_follow_the_contract(tiny_copy, kind, values, good, bad):
    (tiny_copy / "surveys/exit.csv").write_text("id,effort,ease10,why\n" + "".join(
        f"E{i},{v},5,\n" for i, v in enumerate(values)))
    data = yaml.safe_load((tiny_copy / "study.yml").read_text())
    data["surveys"][1]["scores"][0] = {"column": "effort", "kind": kind}
    (tiny_copy / "study.yml").write_text(yaml.safe_dump(data))
    scores = load_study(tiny_copy).scores
    got = scores[(scores["survey"] == "exit") & (scores["column"] == "effort")]
    assert got["good"].tolist() == good and got["bad"].tolist() == bad


def test_custom_scale_and_direction(tiny_copy):
    data = yaml.safe_load((tiny_copy / "study.yml").read_text())
    data["surveys"][1]["scores"][1] = {"column": "ease10", "kind": "csat", "scale": [0, 10], "better": "lower"}
    (tiny_copy / "study.yml").write_text(yaml.safe_dump(data))
    scores = load_study(tiny_copy).scores
    got = scores[scores["column"] == "ease10"].set_index("respondent")
    # better: lower on 0-10: 3 is good-ish (position 0.7 -> standard 3.8), 10 is the worst (standard 1)
    assert got.loc["E3", "standard"] == pytest.approx(1.0)
    assert bool(got.loc["E3", "bad"]) and not bool(got.loc["E2", "bad"])


@pytest.mark.parametrize("value, shown", [
    ("11", ": value 11: is NPS exported on a 1-11 scale?"),
    ("-1", ": value -1: negative codes such as -1 or -99 usually mean 'no answer'"),
    ("nine", ": 1 text value(s): exported as choice text?"),
])
def test_out_of_range_score_names_line_column_value_and_cause(tiny_copy, value, shown):
    path = tiny_copy / "surveys/post.csv"
    path.write_text(path.read_text().replace("R_2,u5,3,2", f"R_2,u5,{value},2"))
    found = [str(p) for p in validate_study(tiny_copy)]
    assert any(f.startswith("surveys/post.csv:5:Q1: nps score is not a number from 0 to 10" + shown) for f in found), found
    assert not any("nine" in f for f in found)  # text cells are counted, never echoed


def test_several_bad_scores_list_values_and_lines(tiny_copy):
    path = tiny_copy / "surveys/post.csv"
    text = path.read_text().replace("R_2,u5,3,2", "R_2,u5,11,2").replace("R_1,u1,9,5", "R_1,u1,-1,5")
    path.write_text(text)
    found = [str(p) for p in validate_study(tiny_copy)]
    assert any(f.startswith("surveys/post.csv:Q1: nps score is not a number from 0 to 10: values 11 and -1 "
                            "(lines 4, 5): is NPS exported on a 1-11 scale?") for f in found), found


def test_a_response_row_with_no_answers_is_a_warning_and_left_out(tiny_copy):
    path = tiny_copy / "surveys/exit.csv"
    lines = path.read_text().splitlines()
    lines.append("E9,,,")
    path.write_text("\n".join(lines) + "\n")
    problems = validate_study(tiny_copy)
    blank = [p for p in problems if "no answers" in p.message]
    assert [(p.severity, p.left_out, p.line) for p in blank] == [("warning", 1, len(lines))]
    assert not [p for p in problems if p.severity == "error"]


def test_missing_column_names_the_key(tiny_copy):
    path = tiny_copy / "surveys/exit.csv"
    path.write_text(path.read_text().replace("effort", "efort"))
    found = [str(p) for p in validate_study(tiny_copy)]
    assert any(p.startswith("surveys/exit.csv:1: column 'effort' (from study.yml surveys[1].scores[0].column) not found "
                            "(did you mean 'efort'?)") for p in found), found


def test_ragged_qualtrics_row(tiny_copy):
    path = tiny_copy / "surveys/post.csv"
    path.write_text(path.read_text().rstrip("\n") + "\n2026-07-05,2026-07-05,R_9,u2,7\n")
    found = [str(p) for p in validate_study(tiny_copy)]
    assert "surveys/post.csv:7: row has 5 fields, the header has 7" in found


def test_xlsx_survey(tiny_copy):
    frame = pd.read_csv(tiny_copy / "surveys/exit.csv", dtype=str)
    frame.to_excel(tiny_copy / "surveys/exit.xlsx", index=False)
    data = yaml.safe_load((tiny_copy / "study.yml").read_text())
    data["surveys"][1]["file"] = "surveys/exit.xlsx"
    (tiny_copy / "study.yml").write_text(yaml.safe_dump(data))
    study = load_study(tiny_copy)
    assert sorted(study.answers.loc[study.answers["survey"] == "exit", "text"]) == ["No e-wallet so I left.", "Paying was quick."]


def test_persona_comes_from_participants_then_users(tiny_study):
    scores = load_study(tiny_study).scores.drop_duplicates("respondent").set_index("respondent")
    assert scores.loc["R_1", "persona"] == "saver"     # participants.csv respondent_id
    assert scores.loc["R_2", "persona"] == "saver"     # users.csv through the survey's user column
    assert pd.isna(scores.loc["E1", "persona"])        # no link: whole population only
