"""A REFI-QDA project (``<study>.qdpx``): QDA-XML 1.0 ``project.qde`` plus ``sources/<guid>.txt``.

The format is REFI's exchange standard (https://www.qdasoftware.org, "REFI-QDA Project"), read by
NVivo, ATLAS.ti, MAXQDA and QualCoder. What goes in: one text source per interview and per
survey (see :mod:`.sources`); participants as cases with persona and language as variables;
a code tree with one branch each for stages, touchpoints, themes, sentiment and the study's own
codebook; every clause as a PlainTextSelection coded with all that applies to it. GUIDs are
UUID5 of the study and the thing named, so exporting the same study twice gives the same file.
ElementTree escapes all text and attribute values.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from .sources import SourceText, build_sources, clause_spans

NS = "urn:QDA-XML:project:1.0"
# Fixed namespace for this exporter's UUID5s (itself a uuid4 drawn once), so GUIDs are reproducible.
GUID_NAMESPACE = uuid.UUID("6f1c2a4e-3d1b-4a7e-9c55-2b8e0d7f4a10")
SENTIMENTS = ("positive", "neutral", "negative")
ORIGIN = "journey workbench"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


class _Project:
    def __init__(self, study: str):
        self.study = study
        self.root = ET.Element(_q("Project"), {"name": study, "origin": ORIGIN})
        self.user = self.guid("user", ORIGIN)

    def guid(self, *parts: object) -> str:
        return str(uuid.uuid5(GUID_NAMESPACE, "|".join([self.study, *map(str, parts)])))

    def el(self, parent: ET.Element, tag: str, **attrs) -> ET.Element:
        return ET.SubElement(parent, _q(tag), {k: str(v) for k, v in attrs.items() if v is not None})

    def text_el(self, parent: ET.Element, tag: str, text: str) -> ET.Element:
        e = self.el(parent, tag)
        e.text = text
        return e


def _code(p: _Project, parent: ET.Element, key: str, name: str, description: str = "",
          codable: bool = True) -> ET.Element:
    e = p.el(parent, "Code", guid=p.guid("code", key), name=name, isCodable="true" if codable else "false")
    if description:
        p.text_el(e, "Description", description)
    return e


def _codebook(p: _Project, config, themes: pd.DataFrame | None, codebook: Iterable) -> dict[str, str]:
    """Write the code tree; return code key -> GUID for every codable code."""
    book = p.el(p.root, "CodeBook")
    codes = p.el(book, "Codes")
    keys: dict[str, str] = {}

    def add(parent, key, name, description=""):
        _code(p, parent, key, name, description)
        keys[key] = p.guid("code", key)

    branch = _code(p, codes, "branch:stages", "Stages", "Journey stages from study.yml", codable=False)
    for s in config.stages:
        add(branch, f"stage:{s.id}", s.label, s.id)
    branch = _code(p, codes, "branch:touchpoints", "Touchpoints", "Touchpoints from study.yml", codable=False)
    for t in config.touchpoints:
        add(branch, f"touchpoint:{t.id}", t.label, f"{t.id} (stage {t.stage})")
    if themes is not None and len(themes):
        branch = _code(p, codes, "branch:themes", "Themes", "Themes found by the workbench", codable=False)
        for t in themes.itertuples(index=False):
            add(branch, f"theme:{t.theme}", f"{t.stage}: {t.label}", f"{t.theme}; top phrases: {t.top_phrases}")
    branch = _code(p, codes, "branch:sentiment", "Sentiment", "Clause sentiment (VADER compound)", codable=False)
    for s in SENTIMENTS:
        add(branch, f"sentiment:{s}", s)
    own = list(codebook)
    if own:
        branch = _code(p, codes, "branch:codes", "Study codes", "The researcher's codebook (study.yml codes:)",
                       codable=False)
        children: dict[str | None, list] = {}
        for c in own:
            children.setdefault(c.parent, []).append(c)

        def nest(parent_el, parent_id):
            for c in children.get(parent_id, []):
                e = _code(p, parent_el, f"code:{c.id}", c.label, c.description)
                keys[f"code:{c.id}"] = p.guid("code", f"code:{c.id}")
                nest(e, c.id)
        nest(branch, None)
    return keys


def build_project(study_name: str, config, units: pd.DataFrame, clauses: pd.DataFrame,
                  themes: pd.DataFrame | None = None, codebook: Iterable = (), applied: pd.DataFrame | None = None,
                  turns: pd.DataFrame | None = None) -> tuple[ET.ElementTree, dict[str, SourceText], dict[str, str]]:
    """The project XML tree, the source texts by file, and each source file's GUID."""
    ET.register_namespace("", NS)
    p = _Project(study_name)
    users = p.el(p.root, "Users")
    p.el(users, "User", guid=p.user, name=ORIGIN)
    keys = _codebook(p, config, themes, codebook)
    docs = build_sources(units, turns)
    spans = clause_spans(clauses, units, docs)
    codes_of = _codes_per_clause(clauses, themes, applied)

    variables = p.el(p.root, "Variables")
    for name in ("persona", "language"):
        v = p.el(variables, "Variable", guid=p.guid("variable", name), name=name, typeOfVariable="Text")
        p.text_el(v, "Description", f"The participant's {name}")
    people = units.drop_duplicates("participant")[["participant", "persona", "language"]]
    source_guid = {name: p.guid("source", name) for name in docs}
    selections_of: dict[str, list[str]] = {}
    sources = p.el(p.root, "Sources")
    by_file = {f: g for f, g in spans.groupby("file")}
    person_of = dict(zip(clauses["clause_id"], clauses["participant"].astype(str)))
    for name, doc in docs.items():
        s = p.el(sources, "TextSource", guid=source_guid[name], name=name,
                 plainTextPath=f"internal://{source_guid[name]}.txt", creatingUser=p.user)
        for span in by_file.get(name, pd.DataFrame(columns=spans.columns)).itertuples(index=False):
            coded = [keys[k] for k in codes_of.get(span.clause_id, ()) if k in keys]
            if not coded:
                continue
            sel_guid = p.guid("selection", span.clause_id)
            sel = p.el(s, "PlainTextSelection", guid=sel_guid, name=span.clause_id, startPosition=span.start,
                       endPosition=span.end, creatingUser=p.user)
            for code_guid in dict.fromkeys(coded):
                coding = p.el(sel, "Coding", guid=p.guid("coding", span.clause_id, code_guid), creatingUser=p.user)
                p.el(coding, "CodeRef", targetGUID=code_guid)
            if doc.kind == "survey":
                selections_of.setdefault(person_of.get(span.clause_id, ""), []).append(sel_guid)

    cases = p.el(p.root, "Cases")
    for person in people.itertuples(index=False):
        case = p.el(cases, "Case", guid=p.guid("case", person.participant), name=str(person.participant))
        for name in ("persona", "language"):
            value = p.el(case, "VariableValue")
            p.el(value, "VariableRef", targetGUID=p.guid("variable", name))
            p.text_el(value, "TextValue", str(getattr(person, name)))
        for name, doc in docs.items():
            if doc.kind == "interview" and str(person.participant) in doc.participants:
                p.el(case, "SourceRef", targetGUID=source_guid[name])
        for sel_guid in selections_of.get(str(person.participant), []):
            p.el(case, "SelectionRef", targetGUID=sel_guid)
    # QDA-XML fixes the order: Users, CodeBook, Variables, Cases, Sources.
    # A container with nothing in it is invalid QDA-XML, so empty ones are left out.
    parts = [p.root.find(_q(t)) for t in ("Users", "CodeBook", "Variables", "Cases", "Sources")]
    p.root[:] = [e for e in parts if len(e)]
    return ET.ElementTree(p.root), docs, source_guid


def _codes_per_clause(clauses: pd.DataFrame, themes: pd.DataFrame | None,
                      applied: pd.DataFrame | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in clauses.itertuples(index=False):
        out[c.clause_id] = ([f"stage:{s}" for s in c.stages] + [f"touchpoint:{t}" for t in c.touchpoints]
                            + [f"sentiment:{c.label}"])
    if themes is not None and "clause_ids" in themes.columns:
        for t in themes.itertuples(index=False):
            for cid in str(t.clause_ids).split(";"):
                if cid in out:
                    out[cid].append(f"theme:{t.theme}")
    if applied is not None and len(applied):
        for cid, code in zip(applied["clause_id"], applied["code"]):
            if cid in out:
                out[cid].append(f"code:{code}")
    return out


def write_project(path: str | Path, tree: ET.ElementTree, docs: dict[str, SourceText],
                  source_guid: dict[str, str]) -> Path:
    """Zip ``project.qde`` and ``sources/<guid>.txt`` to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.indent(tree, space=" ")
    xml = ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("project.qde", date_time=(2026, 1, 1, 0, 0, 0)), xml,
                   compress_type=zipfile.ZIP_DEFLATED)
        for name, doc in docs.items():
            z.writestr(zipfile.ZipInfo(f"sources/{source_guid[name]}.txt", date_time=(2026, 1, 1, 0, 0, 0)),
                       doc.text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return path
