"""Rendering: cards escape text, the quadrant is a Figure, and the chapter notebook obeys the rules."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from workbench.report.chapters import mismatches as render
from workbench.mismatch.engine import MISMATCH_COLUMNS, EXTRA_COLUMNS, MismatchResult
from workbench.mismatch.kinds import Settings

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "04_mismatches.ipynb"


def _result() -> MismatchResult:
    row = {c: None for c in MISMATCH_COLUMNS + EXTRA_COLUMNS}
    row.update(touchpoint="tp<b>", stage="s", kind="said-positive-did-drop", said=0.3, did=0.4, effect=20.0,
               ci_low=18.0, ci_high=22.0, q_value=0.001, n_said=40, n_did=900, severity=180.0,
               evidence="<script>alert(1)</script>", quote_id="P1#2", quote="I <3 it", said_measure="mean sentiment",
               did_measure="drop rate", effect_unit="pp of drop above baseline")
    sides = pd.DataFrame({"touchpoint": ["tp<b>", "quiet"], "mean_sentiment": [0.3, float("nan")],
                          "ratio_to_baseline": [3.0, 1.0], "reached": [900, 300],
                          "flagged_kinds": ["said-positive-did-drop", ""]})
    empty = pd.DataFrame(columns=["touchpoint", "stage", "kind", "reason", "status"])
    return MismatchResult(persona="all", settings=Settings(), mismatches=pd.DataFrame([row]), tests=empty,
                          insufficient=empty, people=pd.DataFrame(), sides=sides)


def test_cards_escape_everything():
    html = render.cards(_result()).data
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "tp&lt;b&gt;" in html and "I &lt;3 it" in html and "P1#2" in html


def test_quadrant_is_a_matplotlib_figure():
    assert isinstance(render.quadrant_figure(_result()), Figure)


def test_empty_tables_say_so():
    r = _result()
    assert "enough data" in render.insufficient_table(r).data
    assert "No person" in render.people_table(r).data


def test_notebook_has_one_parameters_cell_no_outputs_no_definitions():
    nb = json.loads(NOTEBOOK.read_text())
    assert nb["nbformat"] == 4
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    assert "".join(params[0]["source"]) == 'study_path = "../corpora/demo-shop"\npersona = "all"\nbundle = None'
    for cell in code:
        source = "".join(cell["source"])
        assert cell["outputs"] == [] and cell["execution_count"] is None
        assert "def " not in source and "sys.path" not in source and "pyplot" not in source


def test_one_card_renderer_for_the_chapter_and_the_map():
    """The chapter's ranked cards and the map's evidence cards are one renderer: the same row prints
    the same numbers (before issue 10 the map's copy rounded said/did to 2 decimals and dropped signs)."""
    from workbench.report.chapters import journey_map
    row = _result().mismatches.iloc[0]
    chapter = render.cards(_result()).data
    on_map = journey_map._mismatch_cards(pd.DataFrame([{**row.to_dict(), "label": "Checkout", "owner": "web team",
                                                        "anchor": "mm-1"}]))
    numbers = "gap +20.0 pp of drop above baseline (95% CI +18.0 to +22.0), q = 0.001"
    assert numbers in chapter and numbers in on_map
    assert "said: mean sentiment 0.3 (n = 40)" in chapter and "said: mean sentiment 0.3 (n = 40)" in on_map
    assert "id='mm-1'" in on_map and " id=" not in chapter   # one id per card on a page: the map's
    assert "#1" in chapter and "owner: web team" in on_map
