"""Themes and the researcher's codes inside the analysis pass (issue 15).

The codebook (study.yml ``codes:``, parsed with the config) and the hand-coded highlights
(``coding/*.csv``) are read once per run (:func:`study_coding`); per persona group the themes are
built from that group's clauses and the codes applied to them (:func:`persona_themes`,
:func:`persona_coding`). The frequencies and co-occurrence tables are registered bundle tables
(``data/<persona>/codes.csv``, ``code_cooccurrence.csv``), as is ``themes.csv``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import InputError, Problem
from .bundle import register_table
from .results import PersonaResults


@dataclass
class StudyCoding:
    """What is read once per run: the codebook, the highlights resolved to units, the warnings."""

    codebook: list = field(default_factory=list)
    highlights: pd.DataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)


def study_coding(study) -> StudyCoding:
    """The study's codebook and ``coding/*.csv`` highlights; InputError listing every located error."""
    from ..coding import HIGHLIGHT_COLUMNS, read_highlights
    codebook = list(study.config.codes)
    highlights, problems = pd.DataFrame(columns=HIGHLIGHT_COLUMNS), []
    if (study.root / "coding").is_dir():
        highlights, problems = read_highlights(study.root, study.voice("all"), codebook)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return StudyCoding(codebook, highlights, [p for p in problems if p.severity != "error"])


def persona_themes(voice, config) -> pd.DataFrame:
    """The in-memory themes table (themes.csv's columns plus ``clause_ids``) of one group's voice."""
    from ..themes import THEME_COLUMNS, build_themes
    if not len(voice.clauses):
        return pd.DataFrame(columns=THEME_COLUMNS)
    return build_themes(voice.clauses, config)


def persona_coding(voice, shared: StudyCoding):
    """The codebook applied to one group's clauses (cue words, patterns, hand-coded highlights)."""
    from ..coding import Coding, apply_codes
    applied = apply_codes(voice.clauses, shared.codebook, shared.highlights)
    return Coding(shared.codebook, applied, list(shared.warnings))


def code_table(r: PersonaResults) -> pd.DataFrame:
    """codes.csv: per persona and stage ("" = every stage), people with each code, 95% interval.
    For a persona's report only that persona's rows; for "all" every persona's and "all"'s."""
    from ..coding import code_frequencies
    from ..coding.tables import FREQUENCY_COLUMNS
    coding = r.coding
    if coding is None or not coding.codebook:
        return pd.DataFrame(columns=FREQUENCY_COLUMNS)
    freq = code_frequencies(coding.applied, r.voice.clauses, coding.codebook)
    if r.persona != "all":
        freq = freq[freq["persona"] == r.persona]
    return freq.reset_index(drop=True)


def cooccurrence_table(r: PersonaResults) -> pd.DataFrame:
    from ..coding import code_cooccurrence
    from ..coding.tables import COOCCURRENCE_COLUMNS
    if r.coding is None or not len(r.coding.applied):
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    return code_cooccurrence(r.coding.applied)


@register_table("themes")
def _themes(r: PersonaResults) -> pd.DataFrame:
    from ..themes import THEME_COLUMNS, themes_table
    if r.themes is None:
        return pd.DataFrame(columns=[c for c in THEME_COLUMNS if c != "clause_ids"])
    return themes_table(r.themes)


register_table("codes")(code_table)
register_table("code_cooccurrence")(cooccurrence_table)


def qdpx_inputs(study, results) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """(clauses, themes, coding) of the whole population for the run's REFI-QDA project: those of
    "all" when the pass computed it, else computed here once (a run limited to some personas)."""
    from ..study import ALL
    if ALL in results.personas:
        r = results[ALL]
        return r.voice.clauses, r.themes, r.coding
    from .. import voc
    voice = voc.analyse_voice(study, ALL)
    return voice.clauses, persona_themes(voice, study.config), persona_coding(voice, study_coding(study))
