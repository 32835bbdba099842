import textwrap

import pandas as pd
import pytest

from workbench.coding import (apply_codes, code_cooccurrence, code_frequencies, parse_codebook,
                              read_highlights)
from workbench.yamlpath import load_yaml_with_lines

STUDY_YML = """\
study: tiny
codes:
  - id: support
    label: Support
  - id: wait
    label: Waiting
    parent: support
    cues: [queue, on hold]
  - id: minutes
    label: Minutes waited
    parent: suport
    patterns: ['\\d+\\s*min']
  - id: wait
    label: Again
  - id: broken
    label: Broken
    patterns: ['(unclosed']
"""


def codebook_from(tmp_path, text):
    (tmp_path / "study.yml").write_text(text, encoding="utf-8")
    data, lines = load_yaml_with_lines(tmp_path / "study.yml", "study.yml")
    return parse_codebook(data, lines)


def test_codebook_errors_are_located(tmp_path):
    codes, problems = codebook_from(tmp_path, STUDY_YML)
    shown = [str(p) for p in problems]
    assert "study.yml:11:codes[2].parent: 'suport' is not a code (did you mean 'support'?)" in shown
    assert any(s.startswith("study.yml:13:codes[3].id: duplicate code id 'wait'") for s in shown)
    assert any(s.startswith("study.yml:17:codes[4].patterns[0]: not a valid regular expression") for s in shown)
    assert [c.id for c in codes] == ["support", "wait", "minutes", "broken"]


def test_parent_cycle_is_an_error(tmp_path):
    _, problems = codebook_from(tmp_path, "codes:\n  - {id: a, label: A, parent: b}\n  - {id: b, label: B, parent: a}\n")
    assert any("its own ancestor" in str(p) for p in problems)


def clauses():
    rows = [("P1#2/1.1", "P1#2", "P1", "busy", ("retention",), "I waited in the queue for 40 min", "en"),
            ("P1#2/1.2", "P1#2", "P1", "busy", ("retention",), "the agent was kind", "en"),
            ("P2#4/1.1", "P2#4", "P2", "busy", ("retention",), "they put me on hold", "en"),
            ("P3#2/1.1", "P3#2", "P3", "loyal", ("purchase",), "checkout was fine", "en")]
    return pd.DataFrame(rows, columns=["clause_id", "unit_id", "participant", "persona", "stages", "text", "language"])


def units():
    return pd.DataFrame({"unit_id": ["P1#2", "P2#4", "P3#2"], "source": "interview",
                         "file": ["interviews/p1.txt", "interviews/p2.txt", "interviews/p3.txt"], "ref": [2, 4, 2],
                         "text": ["I waited in the queue for 40 min. the agent was kind", "they put me on hold",
                                  "checkout was fine"]})


def good_codebook(tmp_path):
    codes, problems = codebook_from(tmp_path, STUDY_YML.split("  - id: wait\n    label: Again")[0]
                                    .replace("parent: suport", "parent: support"))
    assert problems == []
    return codes


def test_cues_and_patterns_apply_codes(tmp_path):
    applied = apply_codes(clauses(), good_codebook(tmp_path))
    got = set(zip(applied["clause_id"], applied["code"], applied["how"]))
    assert got == {("P1#2/1.1", "wait", "cue"), ("P1#2/1.1", "minutes", "pattern"), ("P2#4/1.1", "wait", "cue")}


def test_highlights_workbench_and_dovetail_layouts(tmp_path):
    codes = good_codebook(tmp_path)
    (tmp_path / "coding").mkdir()
    (tmp_path / "coding" / "hand.csv").write_text(textwrap.dedent("""\
        unit_id,file,turn,code,memo
        P3#2,,,support,checked by hand
        ,p2.txt,4,wait,
        P9#1,,,wait,
        ,interviews/p2.txt,7,wait,
        ,nofile.txt,1,wait,
        P1#2,,,waitt,
        """), encoding="utf-8")
    (tmp_path / "coding" / "dovetail.csv").write_text(textwrap.dedent("""\
        Highlight,Tags,Note,Description
        "the agent was  KIND",Support,p1,nice
        "nowhere to be found",Support,p1,
        "they put me on hold","Waiting, sentiment: bad",p2,
        """), encoding="utf-8")
    highlights, problems = read_highlights(tmp_path, units(), codes)
    shown = [str(p) for p in problems]
    assert "coding/hand.csv:4:unit_id: unit 'P9#1' is not a customer turn or survey answer of this study" in shown
    assert "coding/hand.csv:5:turn: interviews/p2.txt has no customer turn 7" in shown
    assert any(s.startswith("coding/hand.csv:6:file: 'nofile.txt' is not an interview file") for s in shown)
    assert "coding/hand.csv:7:code: 'waitt' is not a code in study.yml codes (did you mean 'wait'?)" in shown
    assert any(s.startswith("coding/dovetail.csv:3:Highlight: the highlighted text is not in any") for s in shown)
    warn = [p for p in problems if p.severity == "warning"]
    assert len(warn) == 1 and "sentiment: bad" in str(warn[0])
    got = set(zip(highlights["unit_id"], highlights["code"]))
    assert got == {("P3#2", "support"), ("P2#4", "wait"), ("P1#2", "support")}
    applied = apply_codes(clauses(), codes, highlights)
    hand = applied[applied["how"] == "hand"]
    assert set(hand["clause_id"]) == {"P3#2/1.1", "P2#4/1.1", "P1#2/1.1", "P1#2/1.2"}


def test_dovetail_export_loads_as_is(tmp_path):
    # tests/coding/fixtures/dovetail_export.csv: the columns Dovetail's help page lists for its export
    import shutil
    from pathlib import Path
    codes = good_codebook(tmp_path)
    (tmp_path / "coding").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "dovetail_export.csv", tmp_path / "coding" / "dovetail_export.csv")
    highlights, problems = read_highlights(tmp_path, units(), codes)
    assert set(zip(highlights["unit_id"], highlights["code"])) == {("P1#2", "wait"), ("P1#2", "support")}
    assert [p.severity for p in problems] == ["warning", "warning"]
    shown = [str(p) for p in problems]
    # a tag name holding a comma stays whole; an insight's title is no code
    assert shown[0] == "coding/dovetail_export.csv:4:Title: tag 'Slow, but polite' is not a code in study.yml codes; skipped"
    assert shown[1].startswith("coding/dovetail_export.csv:5:Title: tag 'Chat queue is the pain'")


def test_frequencies_count_people_with_intervals(tmp_path):
    codes = good_codebook(tmp_path)
    applied = apply_codes(clauses(), codes)
    freq = code_frequencies(applied, clauses(), codes)
    row = freq[(freq["persona"] == "busy") & (freq["stage"] == "retention") & (freq["code"] == "wait")].iloc[0]
    assert (row["people"], row["people_total"], row["clauses"]) == (2, 2, 2)
    assert row["share"] == 1.0 and 0.3 < row["ci_low"] < 1
    whole = freq[(freq["persona"] == "all") & (freq["stage"] == "") & (freq["code"] == "minutes")].iloc[0]
    assert (whole["people"], whole["people_total"]) == (1, 3)
    assert row["ci_low"] == pytest.approx(0.3423802275066531)


def test_parents_count_the_people_of_their_children(tmp_path):
    # support has no cue of its own; its children wait (P1, P2) and minutes (P1) roll up into it
    codes = good_codebook(tmp_path)
    applied = apply_codes(clauses(), codes)
    assert "support" not in set(applied["code"])
    freq = code_frequencies(applied, clauses(), codes)
    busy = freq[(freq["persona"] == "busy") & (freq["stage"] == "retention")]
    assert list(busy[["code", "parent", "depth", "people", "clauses"]].itertuples(index=False, name=None)) == [
        ("support", "", 0, 2, 2), ("wait", "support", 1, 2, 2), ("minutes", "support", 1, 1, 1)]


def test_hierarchy_is_read_depth_first_and_survives_loops():
    from types import SimpleNamespace as C
    from workbench.coding.tables import hierarchy
    book = [C(id="b", parent="a"), C(id="a", parent=None), C(id="c", parent="b"), C(id="x", parent="y"),
            C(id="y", parent="x")]
    got = hierarchy(book)
    assert got[:3] == [("a", "", 0), ("b", "a", 1), ("c", "b", 2)]
    assert {code for code, _, _ in got} == {"a", "b", "c", "x", "y"}   # a loop loses a parent, never a code


def test_cooccurrence_by_unit(tmp_path):
    applied = apply_codes(clauses(), good_codebook(tmp_path))
    co = code_cooccurrence(applied)
    assert list(co[["code_a", "code_b", "units", "people"]].itertuples(index=False, name=None)) == [
        ("minutes", "wait", 1, 1)]
    assert co.iloc[0]["jaccard"] == pytest.approx(0.5)


def test_load_coding_raises_every_located_error(tmp_path):
    from types import SimpleNamespace

    from workbench.coding import load_coding
    from workbench.exceptions import InputError
    (tmp_path / "study.yml").write_text("study: tiny\ncodes:\n  - {id: wait, label: Waiting, cues: [queue]}\n",
                                        encoding="utf-8")
    study = SimpleNamespace(root=tmp_path, voice=lambda persona="all": units())
    coding = load_coding(study, clauses())
    assert set(coding.applied["clause_id"]) == {"P1#2/1.1"} and coding.warnings == []
    (tmp_path / "coding").mkdir()
    (tmp_path / "coding" / "x.csv").write_text("unit_id,code\nP1#2,nope\nP7#1,wait\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_coding(study, clauses())
    assert [str(p) for p in err.value.problems] == [
        "coding/x.csv:2:code: 'nope' is not a code in study.yml codes (allowed: 'wait')",
        "coding/x.csv:3:unit_id: unit 'P7#1' is not a customer turn or survey answer of this study"]


def test_a_parents_evidence_holds_its_childrens_quotes(tmp_path):
    # "support" has no cue of its own: before, its coded quotes were empty although its frequencies
    # counted the people of its children (wait, minutes)
    from workbench.coding import Coding
    codes = good_codebook(tmp_path)
    coding = Coding(codes, apply_codes(clauses(), codes))
    assert set(coding.evidence("support")["clause_id"]) == {"P1#2/1.1", "P2#4/1.1"}
    assert coding.evidence("support")["clause_id"].is_unique
    assert set(coding.evidence("minutes")["clause_id"]) == {"P1#2/1.1"}   # a leaf: its own rows only


def test_the_voice_chapter_shows_a_parents_quotes_with_the_childs_name(tmp_path):
    # the chapter's coded quotes read Coding.evidence: "Support" (no cue of its own) shows its
    # children's quotes, each named parent › child
    from types import SimpleNamespace
    from workbench.coding import Coding
    from workbench.report.chapters.codes import coded_quotes
    codes = good_codebook(tmp_path)
    coding = Coding(codes, apply_codes(clauses(), codes))
    voice = SimpleNamespace(clauses=clauses().assign(sentence_text=lambda f: f["text"]))
    page = coded_quotes(SimpleNamespace(coding=coding, voice=voice)).data
    assert "Support › Waiting" in page and "they put me on hold" in page
