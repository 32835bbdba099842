"""Hand-coded highlights from the study's ``coding/`` folder (CSV), resolved to voice units.

Two layouts load as they are:

- the workbench's own: ``code`` and either ``unit_id`` (as in phrases/quotes tables: ``P01#12``
  or ``survey:respondent:column``) or ``file`` + ``turn`` (a transcript under interviews/ and
  the turn number the workbench counts), plus an optional ``memo``;
- a Dovetail highlights export: the highlighted text (``Highlight``, ``Text`` or ``Content``),
  its tags (``Tags``, comma-separated, matched to code ids or labels) and, where present, the
  note it came from (``Note``, ``Note title``, ``Document`` or ``Source``: matched to a file stem)
  and a ``Description``/``Comment`` kept as the memo. The highlight is placed in the unit whose
  text contains it. Tags that are not in the codebook are reported as warnings and skipped: a
  Dovetail project usually has more tags than a study's codebook.
- Dovetail's project "Export to CSV" as its help page lists the columns (:data:`DOVETAIL_EXPORT`:
  Created, Title, Color, Group, Type, Note group, Note, Text, URL): one row per highlight and tag,
  the tag's name whole in ``Title`` (a tag name may hold a comma), ``Type`` "Tag" or "Insight"
  (an insight's title is no code: skipped with a warning like any other unknown tag).

Every problem is located ``coding/<file>.csv:<line>:<column>`` and never quotes personal text.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from ..exceptions import Problem, did_you_mean

HIGHLIGHT_COLUMNS = ["unit_id", "code", "memo", "origin"]
DOVETAIL_TEXT = ("highlight", "text", "content", "highlight text")
DOVETAIL_TAGS = ("tags", "tag")
DOVETAIL_NOTE = ("note", "note title", "document", "source")
DOVETAIL_MEMO = ("description", "comment", "memo")
# Dovetail's highlights export as its help page "Download a spreadsheet of annotations" lists the
# columns (dovetailapp.com/help/export); the tag is the row's Title. Matched case-insensitively; a
# file with Title, Type and Text (and no Tags column) is read in this layout, extra columns ignored.
DOVETAIL_EXPORT = ("created", "title", "color", "group", "type", "note group", "note", "text", "url")


def _pick(header: dict[str, str], names) -> str | None:
    return next((header[n] for n in names if n in header), None)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def read_highlights(root: Path, units: pd.DataFrame, codebook) -> tuple[pd.DataFrame, list[Problem]]:
    """All highlights under ``root/coding/*.csv`` as (unit_id, code, memo, origin) and the problems."""
    folder = Path(root) / "coding"
    rows: list[tuple] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return pd.DataFrame(columns=HIGHLIGHT_COLUMNS), problems
    ids = [c.id for c in codebook]
    by_label = {c.label.casefold(): c.id for c in codebook} | {c.id: c.id for c in codebook}
    unit_ids = set(units["unit_id"].astype(str))
    interview = units[units["source"] == "interview"]
    turn_unit = {(str(f), int(t)): u for f, t, u in zip(interview["file"], interview["ref"], interview["unit_id"])}
    files = set(units["file"].astype(str))
    texts = [(str(u), str(f), _squash(t)) for u, f, t in zip(units["unit_id"], units["file"], units["text"])
             if isinstance(t, str)]
    for path in sorted(folder.glob("*.csv")):
        shown = f"coding/{path.name}"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = {h.strip().lower(): h for h in reader.fieldnames or []}
            whole_title = _pick(header, DOVETAIL_TAGS) is None and {"title", "type", "text"} <= set(header)
            dovetail = "code" not in header and (_pick(header, DOVETAIL_TAGS) or whole_title) and _pick(header, DOVETAIL_TEXT)
            if "code" not in header and not dovetail:
                problems.append(Problem(shown, "expected a 'code' column with 'unit_id' or 'file' and 'turn', or a "
                                               "Dovetail highlights export (Highlight/Text and Tags, or Title, "
                                               "Type and Text)", 1))
                continue
            for record in reader:
                line = reader.line_num
                if dovetail:
                    rows += _dovetail(record, header, shown, line, by_label, texts, problems)
                    continue
                code = (record.get(header["code"]) or "").strip()
                if code not in ids:
                    problems.append(Problem(shown, f"'{code}' is not a code in study.yml codes"
                                            + did_you_mean(code, ids), line, "code"))
                    continue
                unit = _unit(record, header, shown, line, unit_ids, files, turn_unit, problems)
                if unit is not None:
                    memo = (record.get(header["memo"]) or "").strip() if "memo" in header else ""
                    rows.append((unit, code, memo, f"{shown}:{line}"))
    return pd.DataFrame(rows, columns=HIGHLIGHT_COLUMNS), problems


def _unit(record, header, shown, line, unit_ids, files, turn_unit, problems) -> str | None:
    if "unit_id" in header and (record.get(header["unit_id"]) or "").strip():
        unit = record[header["unit_id"]].strip()
        if unit not in unit_ids:
            problems.append(Problem(shown, f"unit '{unit}' is not a customer turn or survey answer of this study",
                                    line, "unit_id"))
            return None
        return unit
    if "file" not in header or "turn" not in header:
        problems.append(Problem(shown, "needs unit_id, or file and turn", line))
        return None
    file = (record.get(header["file"]) or "").strip()
    if file not in files and f"interviews/{file}" in files:
        file = f"interviews/{file}"
    if file not in files:
        problems.append(Problem(shown, f"'{file}' is not an interview file of this study"
                                + did_you_mean(file, sorted(files)), line, "file"))
        return None
    try:
        turn = int(str(record.get(header["turn"])).strip())
    except ValueError:
        problems.append(Problem(shown, "turn must be a whole number", line, "turn"))
        return None
    unit = turn_unit.get((file, turn))
    if unit is None:
        problems.append(Problem(shown, f"{file} has no customer turn {turn}", line, "turn"))
    return unit


def _dovetail(record, header, shown, line, by_label, texts, problems) -> list[tuple]:
    text = _squash(record.get(_pick(header, DOVETAIL_TEXT)) or "")
    tag_column = _pick(header, DOVETAIL_TAGS)
    if tag_column is None:   # the documented export: one tag a row, its name whole in Title
        tag_column = header["title"]
        tags = [t for t in [(record.get(tag_column) or "").strip()] if t]
    else:
        tags = [t.strip() for t in (record.get(tag_column) or "").split(",") if t.strip()]
    note_column = _pick(header, DOVETAIL_NOTE)
    note = _squash(record.get(note_column) or "") if note_column else ""
    memo_column = _pick(header, DOVETAIL_MEMO)
    memo = (record.get(memo_column) or "").strip() if memo_column else ""
    if not text:
        problems.append(Problem(shown, "empty highlight", line, _pick(header, DOVETAIL_TEXT)))
        return []
    candidates = [(u, f) for u, f, t in texts if text in t]
    if note:
        near = [(u, f) for u, f in candidates if Path(f).stem.casefold() in note or note in f.casefold()]
        candidates = near or candidates
    if not candidates:
        problems.append(Problem(shown, "the highlighted text is not in any customer turn or survey answer",
                                line, _pick(header, DOVETAIL_TEXT)))
        return []
    out = []
    for tag in tags:
        code = by_label.get(tag.casefold())
        if code is None:
            problems.append(Problem(shown, f"tag '{tag}' is not a code in study.yml codes; skipped", line,
                                    tag_column, severity="warning"))
            continue
        out.append((candidates[0][0], code, memo, f"{shown}:{line}"))
    return out
