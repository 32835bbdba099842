"""A study in which every text field holds hostile content: formulas, script tags, right-to-left marks,
NUL bytes. Loading and validating never crash and never echo it; rendered HTML escapes it; CSV
exports through workbench.safe_export carry no formula."""
from __future__ import annotations

import csv
import re

import pytest

from workbench import load_study
from workbench.cli import main
from workbench.safe_export import write_safe_csv

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")"
DDE = "+cmd|' /C calc'!A0"
RTL = "\u202egnp.exe"
NUL = "a\x00b"
HOSTILE = [SCRIPT, IMG, FORMULA, DDE, "@SUM(1+1)", "-2+3", RTL]
# What must never appear unescaped in HTML.
LIVE_HTML = re.compile(r"<script>alert|<img src=x onerror", re.I)


def _hostile_text(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)] + " the delivery fee " + HOSTILE[(i + 3) % len(HOSTILE)]


def make_hostile(study):
    """Every free-text field of the tiny study replaced by hostile content (structure kept)."""
    t1 = study / "interviews" / "t1.txt"
    t1.write_text("Moderator: " + SCRIPT + "\n" + "".join(f"Alice: {_hostile_text(i)}\n" for i in range(8))
                  + f"Alice: {NUL} {RTL}\n", encoding="utf-8")
    vtt = (study / "interviews" / "T2.vtt").read_text(encoding="utf-8")
    (study / "interviews" / "T2.vtt").write_text(vtt.replace("I wanted an e-wallet, there was only card.", IMG + " " + FORMULA),
                                                 encoding="utf-8")
    post = study / "surveys" / "post.csv"
    lines = post.read_text(encoding="utf-8").splitlines()
    for i in range(3, len(lines)):
        cells = lines[i].split(",")
        cells[-1] = '"' + _hostile_text(i).replace('"', '""') + '"'
        lines[i] = ",".join(cells)
    post.write_text("\n".join(lines) + "\n", encoding="utf-8")
    users = study / "users.csv"
    rows = users.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",note"] + [r + ',"' + _hostile_text(i).replace('"', '""') + '"' for i, r in enumerate(rows[1:])]
    users.write_text("\n".join(rows) + "\n", encoding="utf-8")
    yml = study / "study.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("description: Watches every ringgit.",
                                                           "description: '" + SCRIPT + " " + IMG + "'"),
                   encoding="utf-8")


@pytest.fixture
def hostile(tiny_copy):
    make_hostile(tiny_copy)
    return tiny_copy


def test_validate_neither_crashes_nor_echoes_hostile_text(hostile, capsys):
    code = main(["validate", str(hostile)])
    out, err = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in out + err and "internal error" not in out + err
    for payload in (SCRIPT, IMG, "HYPERLINK", "calc", "\u202e", "\x00"):
        assert payload not in out + err


def test_hostile_study_loads_and_its_text_is_kept_as_text(hostile):
    study = load_study(hostile)
    texts = " ".join(study.voice()["text"])
    assert SCRIPT in texts and FORMULA in texts  # kept verbatim: escaping happens where it is shown
    assert "note" in study.users.columns


def test_every_csv_export_of_hostile_text_is_formula_free(hostile, tmp_path):
    study = load_study(hostile)
    for name, frame in {"voice": study.voice(), "answers": study.answers, "users": study.users}.items():
        path = write_safe_csv(frame, tmp_path / f"{name}.csv")
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                    if cell.startswith("-"):
                        float(cell)  # only real negative numbers may start with "-"


def test_voice_report_fragments_escape_customer_text(hostile):
    from workbench.report.chapters import voice as render
    from workbench.voc import analyse_voice
    result = analyse_voice(load_study(hostile))
    html_out = []
    for name in ("intro", "stage_table", "touchpoint_table", "phrase_table", "pain_phrases", "stage_phrases",
                 "quote_wall"):
        shown = getattr(render, name)(result)
        html_out.append(getattr(shown, "data", "") or "")
    page = "\n".join(html_out)
    assert "&lt;script&gt;" in page or "&lt;img" in page  # the payload is shown, as text
    assert not LIVE_HTML.search(page)


def test_journey_map_and_mismatch_fragments_escape_customer_text(hostile):
    from workbench.journeymap import journey_map
    from workbench.report.chapters import journey_map as jrender
    study = load_study(hostile)
    jmap = journey_map(study, "saver")
    page = jrender.map_html(jmap) + jrender.evidence_html(jmap).data + jrender.intro(
        jmap, study.config.personas[0].description or "").data
    assert not LIVE_HTML.search(page)


def test_mismatch_fragments_escape_customer_text(hostile):
    from workbench.mismatch import find_mismatches
    from workbench.report.chapters import mismatches as mrender
    study = load_study(hostile)
    result = find_mismatches(study, "all")
    page = "".join(getattr(mrender, name)(result).data for name in
                   ("intro", "cards", "insufficient_table", "people_table", "tests_table"))
    assert not LIVE_HTML.search(page)
    assert "<script" not in page.lower()


def test_the_qda_export_keeps_hostile_text_as_text(hostile, tmp_path):
    """The .qdpx project: well-formed XML whatever the customers wrote (control characters too),
    payloads kept verbatim as text (escaped in XML), source files named by GUID only."""
    import zipfile
    import xml.etree.ElementTree as ET

    from workbench.qdpx import write_qdpx
    from workbench.voc import analyse_voice
    study = load_study(hostile)
    path = write_qdpx(study, analyse_voice(study).clauses, path=tmp_path / "hostile.qdpx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        xml = z.read("project.qde")
        project = ET.fromstring(xml)   # raises on a control character or an unescaped tag
        sources = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("sources/"))
    assert all(re.fullmatch(r"project\.qde|sources/[0-9a-f-]{36}\.txt", n) for n in names), names
    assert b"<script" not in xml and b"<img" not in xml
    assert SCRIPT in sources and FORMULA in sources   # the customers' words, kept as text
    assert project.tag.endswith("Project")
