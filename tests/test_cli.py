"""The command line: exit codes and one clear line per problem."""
from __future__ import annotations

import pytest

from workbench.cli import main


def test_validate_ok(tiny_study, capsys):
    assert main(["validate", str(tiny_study)]) == 0
    assert "is a valid study" in capsys.readouterr().err


def test_validate_lists_every_problem_with_its_place(tiny_copy, capsys):
    text = (tiny_copy / "study.yml").read_text().replace("stage: buy\n    owner: Finance", "stage: bye\n    owner: Finance")
    (tiny_copy / "study.yml").write_text(text)
    assert main(["validate", str(tiny_copy)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("study.yml: touchpoints[3].stage: 'bye' is not a stage (did you mean 'buy'?)")
               for line in out)


def test_validate_data_problems_all_at_once(tiny_copy, capsys):
    (tiny_copy / "users.csv").write_text((tiny_copy / "users.csv").read_text().replace("u6,rusher", "u6,rushr"))
    post = tiny_copy / "surveys/post.csv"
    post.write_text(post.read_text().replace("R_2,u5,3,2", "R_2,u5,13,2"))
    assert main(["validate", str(tiny_copy)]) == 2
    out = capsys.readouterr().out
    assert "users.csv:segment: 'rushr' is not a persona" in out
    assert "surveys/post.csv:5:Q1: nps score is not a number from 0 to 10" in out
    assert "Traceback" not in out


def test_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "not a study folder" in capsys.readouterr().out


def test_run_on_invalid_study_exits_2(tiny_copy, tmp_path, capsys):
    (tiny_copy / "study.yml").write_text("study: [unclosed\n")
    assert main(["run", str(tiny_copy), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("study.yml:") and "invalid YAML" in err
    assert not (tmp_path / "out").exists()


def test_run_unknown_persona_exits_2(tiny_study, tmp_path, capsys):
    assert main(["run", str(tiny_study), "--persona", "savr", "--out", str(tmp_path), "--quiet"]) == 2
    assert "--persona: 'savr' is not a persona of this study (did you mean 'saver'?)" in capsys.readouterr().err


def test_yaml_and_data_problems_in_one_pass(tiny_copy, capsys):
    text = (tiny_copy / "study.yml").read_text().replace("stage: buy\n    owner: Finance", "stage: bye\n    owner: Finance")
    (tiny_copy / "study.yml").write_text(text)
    (tiny_copy / "users.csv").write_text((tiny_copy / "users.csv").read_text().replace("u6,rusher", "u6,rushr"))
    assert main(["validate", str(tiny_copy)]) == 2
    out = capsys.readouterr().out
    assert "touchpoints[3].stage: 'bye' is not a stage" in out and "users.csv:segment: 'rushr'" in out
