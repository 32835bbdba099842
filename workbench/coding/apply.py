"""Apply the codebook to the voice pipeline's clauses: cue words, patterns and hand-coded highlights.

A code's cue words match whole words after stemming, as touchpoint cues do
(``workbench.voc.tagging.CueMatcher``); its patterns are searched in the clause text. A hand-coded
highlight codes every clause of its unit. One row per (clause, code, how); the same clause may
carry a code both automatically and by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import InputError, Problem
from ..voc.tagging import CueMatcher
from ..voc.text import language_for
from .codebook import Code, parse_codebook
from .highlights import HIGHLIGHT_COLUMNS, read_highlights

APPLIED_COLUMNS = ["clause_id", "unit_id", "participant", "persona", "stages", "code", "how", "memo"]


@dataclass
class Coding:
    """The codebook, the codes applied to clauses, and any warnings found while reading them."""

    codebook: list[Code]
    applied: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)

    def evidence(self, code_id: str) -> pd.DataFrame:
        """The applied rows of a code and of all its descendants, each clause once: a parent's quotes
        include its children's, as its frequencies do (:func:`.tables.rolled_up`). Rows of the code
        itself come first, then its descendants' in codebook order."""
        from .tables import hierarchy
        levels = hierarchy(self.codebook)
        below, at = [code_id], None
        for code, _, depth in levels:
            if code == code_id:
                at = depth
            elif at is not None and depth > at:
                below.append(code)
            elif at is not None:
                break
        rows = self.applied[self.applied["code"].isin(below)]
        order = {c: i for i, c in enumerate(below)}
        return rows.iloc[rows["code"].map(order).argsort(kind="stable")].drop_duplicates("clause_id")


def apply_codes(clauses: pd.DataFrame, codebook: list[Code], highlights: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per code applied to a clause (columns APPLIED_COLUMNS)."""
    rows: list[tuple] = []
    cued = {c.id: c.cues for c in codebook if c.cues}
    patterned = [c for c in codebook if c.patterns]
    matchers: dict[str, CueMatcher] = {}
    for c in clauses.itertuples(index=False):
        base = (c.clause_id, c.unit_id, c.participant, c.persona, c.stages)
        text = str(c.text)
        if cued:
            lang = str(c.language) if isinstance(c.language, str) and c.language else "en"
            if lang not in matchers:
                matchers[lang] = CueMatcher(cued, language_for(lang))
            for code in matchers[lang].labels(matchers[lang].stems(text)):
                rows.append((*base, code, "cue", ""))
        for code in patterned:
            if any(p.search(text) for p in code.patterns):
                rows.append((*base, code.id, "pattern", ""))
    if highlights is not None and len(highlights):
        by_unit = clauses.groupby("unit_id")
        for h in highlights.itertuples(index=False):
            if h.unit_id in by_unit.groups:
                for c in by_unit.get_group(h.unit_id).itertuples(index=False):
                    rows.append((c.clause_id, c.unit_id, c.participant, c.persona, c.stages, h.code, "hand", h.memo))
    return pd.DataFrame(rows, columns=APPLIED_COLUMNS).drop_duplicates(["clause_id", "code", "how"]).reset_index(
        drop=True)


def load_coding(study, clauses: pd.DataFrame) -> Coding:
    """The study's codebook (study.yml ``codes:``) and highlights (``coding/*.csv``) applied to ``clauses``.

    Raises InputError with every located error; warnings (unknown Dovetail tags) are kept on the result."""
    from ..yamlpath import load_yaml_with_lines
    data, lines = load_yaml_with_lines(study.root / "study.yml", "study.yml")
    codebook, problems = parse_codebook(data, lines)
    highlights = pd.DataFrame(columns=HIGHLIGHT_COLUMNS)
    if (study.root / "coding").is_dir():
        highlights, found = read_highlights(study.root, study.voice("all"), codebook)
        problems += found
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return Coding(codebook, apply_codes(clauses, codebook, highlights), [p for p in problems if p not in errors])
