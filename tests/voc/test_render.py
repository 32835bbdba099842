from pathlib import Path

import nbformat
import pytest
from IPython.display import HTML, Image

from workbench.voc import analyse_units
from workbench.report.chapters import voice as render

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_voice_of_customer.ipynb"


@pytest.fixture
def result(units, config):
    return analyse_units(units, config)


@pytest.mark.parametrize("name, kind", [
    ("intro", HTML), ("stage_table", HTML), ("emotion_curve", Image), ("touchpoint_table", HTML),
    ("touchpoint_chart", Image), ("emotion_mix", Image), ("phrase_table", HTML), ("pain_phrases", HTML),
    ("stage_phrases", HTML), ("quote_wall", HTML),
])
def test_renderers_return_display_objects(result, name, kind):
    assert isinstance(getattr(render, name)(result), kind)


def test_quote_wall_shows_provenance_and_escapes(result):
    wall = render.quote_wall(result).data
    assert "interviews/P1.txt" in wall and "turn 2" in wall and "00:01:02" in wall and "<code>P1#2</code>" in wall


def test_empty_result_renders_notes(units, config):
    empty = analyse_units(units.iloc[0:0], config)
    for name in ("emotion_curve", "touchpoint_chart", "emotion_mix", "phrase_table", "quote_wall"):
        out = getattr(render, name)(empty)
        assert isinstance(out, HTML) and "wb-note" in out.data


def test_notebook_is_thin_and_parameterised():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert params[0].source.splitlines() == ['study_path = "../corpora/demo-shop"', 'persona = "all"', 'bundle = None']
    for cell in code:
        assert not cell.get("outputs") and cell.get("execution_count") is None
        assert "def " not in cell.source and "sys.path" not in cell.source
