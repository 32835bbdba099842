"""Where a quote comes from, said without the personal data researchers put in file names.

Recordings are named after people (``Interview - Siti - 2026-03-02.docx``, ``Budi 2026-03-05.srt``).
Tables, quotes, warnings and the manifest therefore never carry the raw path of an input:

- an interview is shown by its neutral source label, the participant id and the word "interview"
  (``P07 interview``; ``P07 interview 2`` for a second file of the same person), so a quote reads
  ``P07 interview, turn 24, 00:02:00``;
- with ``privacy: {keep_names: true}`` the file name is shown, but only after redaction has run on it
  (names become participant ids or ``[NAME]``, phone numbers ``[PHONE]`` ...);
- any other input path (a survey, an events file) is shown redacted the same way.

:class:`Provenance` maps an input path (relative to the study folder) to that shown form;
``provenance.shown(path)`` is what the manifest keys its file hashes by.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Iterable, Mapping

import pandas as pd

from ..exceptions import Problem
from .redactor import Redactor

INTERVIEW_WORD = "interview"


def interview_labels(file_participants: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{path: "P07 interview"}`` for (path, participant id) pairs; a person's second and later
    files (in path order) get ``" 2"``, ``" 3"`` ... so every label names one file."""
    by_person: dict[str, list[str]] = {}
    for path, participant in sorted(set(file_participants)):
        by_person.setdefault(str(participant), []).append(path)
    labels = {}
    for participant, paths in by_person.items():
        for i, path in enumerate(paths):
            labels[path] = f"{participant} {INTERVIEW_WORD}" + (f" {i + 1}" if i else "")
    return labels


def redact_path(path: str, redactor: Redactor) -> str:
    """``path`` with personal data in each folder and file name replaced (suffix kept).

    Separators people put in file names (``-``, ``_``) are read as spaces so that
    ``Siti_2026-03-02`` is seen as a name and a date; the shown name keeps the replaced words only.
    """
    parts = PurePosixPath(path).parts
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        stem, suffix = (part, "")
        if last and "." in part.lstrip("."):
            stem, suffix = part[: part.rindex(".")], part[part.rindex("."):]
        readable = stem.replace("_", " ")
        redacted, found = redactor.redact(readable)
        out.append((redacted if found else stem) + suffix)
    return "/".join(out)


@dataclass
class Provenance:
    """How the input files of one study are shown in tables, quotes, warnings and the manifest."""

    redactor: Redactor                       # removes names whatever keep_names says
    keep_names: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)   # interview path -> neutral label

    def shown(self, path: str) -> str:
        """The form of ``path`` that may appear in any output."""
        path = str(path)
        if path in self.labels and not self.keep_names:
            return self.labels[path]
        return redact_path(path, self.redactor)

    def column(self, frame: pd.DataFrame, column: str = "file") -> pd.DataFrame:
        """A new DataFrame with ``column`` holding shown forms instead of input paths."""
        out = frame.copy()
        if column in out.columns and len(out):
            cache: dict[str, str] = {}
            out[column] = [cache.setdefault(v, self.shown(v)) if isinstance(v, str) else v for v in out[column]]
        return out

    def problem(self, problem: Problem) -> Problem:
        """The same problem, located by the shown form of its path (for reports, not the terminal)."""
        return replace(problem, path=self.shown(problem.path))


def cite(participant: object, file: object, source: object = "interview", ref: object = None,
         start: object = None) -> str:
    """Where a quote comes from, for a footer: ``T1 interview, turn 24, 00:02:00`` for an interview
    turn (the neutral label already names the participant, so it is not repeated) or
    ``R_1, surveys/post.csv, line 4`` for a survey answer. ``file`` is the shown form of the path."""
    who, where = str(participant), str(file)
    parts = [where] if where == who or where.startswith(f"{who} ") else [who, where]
    if ref is not None and not pd.isna(ref):
        ref = int(ref) if isinstance(ref, float) and float(ref).is_integer() else ref
        parts.append(("turn " if source == "interview" else "line ") + str(ref))
    if start is not None and not pd.isna(start):
        s = int(start)
        parts.append(f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}")
    return ", ".join(parts)
