"""The plain texts a REFI-QDA project holds, and where every clause lies in them.

One text per interview file: every turn (the interviewer's too, for context) written
``Speaker: text`` and separated by a blank line, as loaded (so already redacted). One text per
survey file: each non-empty open answer written ``respondent [column]: answer``. Each voice unit
remembers the character offset of its text in its source, so a clause (a substring of its unit's
text, found in order) gets exact ``startPosition``/``endPosition`` values: Python string indices,
that is Unicode code points, as the QDA-XML standard counts characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SEPARATOR = "\n\n"


@dataclass
class SourceText:
    """One source document: its name in the project, its text, and where each unit's text begins."""

    name: str
    kind: str                      # "interview" | "survey"
    text: str = ""
    offsets: dict[str, int] = field(default_factory=dict)
    participants: set[str] = field(default_factory=set)


def _append(doc: SourceText, prefix: str, body: str, unit_id: str | None) -> None:
    if doc.text:
        doc.text += SEPARATOR
    doc.text += prefix
    if unit_id is not None:
        doc.offsets[unit_id] = len(doc.text)
    doc.text += body


def build_sources(units: pd.DataFrame, turns: pd.DataFrame | None = None) -> dict[str, SourceText]:
    """Source texts keyed by study file (``units`` is ``study.voice()``; ``turns`` adds interviewer turns)."""
    docs: dict[str, SourceText] = {}
    interview_units = units[units["source"] == "interview"]
    by_turn = {(str(u.file), int(u.ref)): u for u in interview_units.itertuples(index=False)}
    if turns is not None and len(turns):
        for t in turns.sort_values(["file", "turn"], kind="stable").itertuples(index=False):
            doc = docs.setdefault(str(t.file), SourceText(name=str(t.file), kind="interview"))
            unit = by_turn.get((str(t.file), int(t.turn)))
            body = unit.text if unit is not None else t.text
            _append(doc, f"{t.speaker}: ", str(body) if isinstance(body, str) else "",
                    unit.unit_id if unit is not None else None)
            if unit is not None:
                doc.participants.add(str(unit.participant))
    else:
        for u in interview_units.sort_values(["file", "ref"], kind="stable").itertuples(index=False):
            doc = docs.setdefault(str(u.file), SourceText(name=str(u.file), kind="interview"))
            _append(doc, f"{u.participant}: ", str(u.text), u.unit_id)
            doc.participants.add(str(u.participant))
    survey = units[(units["source"] == "survey") & units["text"].map(lambda t: isinstance(t, str) and t.strip() != "")]
    for u in survey.itertuples(index=False):
        doc = docs.setdefault(str(u.file), SourceText(name=str(u.file), kind="survey"))
        column = str(u.unit_id).rsplit(":", 1)[-1]
        _append(doc, f"{u.participant} [{column}]: ", u.text, u.unit_id)
        doc.participants.add(str(u.participant))
    return docs


def clause_spans(clauses: pd.DataFrame, units: pd.DataFrame, docs: dict[str, SourceText]) -> pd.DataFrame:
    """clause_id -> file, start, end in that file's source text (clauses not found are left out)."""
    text_of = dict(zip(units["unit_id"].astype(str), units["text"]))
    rows = []
    cursor: dict[str, int] = {}
    ordered = clauses.sort_values(["unit_id", "sentence", "clause"], kind="stable")
    for c in ordered.itertuples(index=False):
        unit = str(c.unit_id)
        doc = docs.get(str(c.file))
        body = text_of.get(unit)
        if doc is None or unit not in doc.offsets or not isinstance(body, str):
            continue
        at = body.find(c.text, cursor.get(unit, 0))
        if at < 0:
            at = body.find(c.text)
        if at < 0:
            continue
        cursor[unit] = at + len(c.text)
        start = doc.offsets[unit] + at
        rows.append((c.clause_id, str(c.file), start, start + len(c.text)))
    return pd.DataFrame(rows, columns=["clause_id", "file", "start", "end"])
