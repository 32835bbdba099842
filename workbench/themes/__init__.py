"""Themes: what happened to customers, per stage and touchpoint, in their own words.

    >>> from workbench import load_study
    >>> from workbench.voc import analyse_voice
    >>> from workbench.themes import build_themes, pain_points
    >>> study = load_study("corpora/demo-shop")
    >>> themes = build_themes(analyse_voice(study, "busy-parent").clauses, study.config)

``build_themes`` is DataFrame in (the voice pipeline's clauses), DataFrame out (``themes.csv``);
:data:`METHOD` is the one-paragraph account of the method for the report.
"""
from .cluster import METHOD as _FINDING, find_themes
from .keyphrases import Vocabulary, evaluative_words, vocabulary_for
from .merge import MERGE_METHOD
from .table import THEME_COLUMNS, build_themes, pain_points, theme_id

METHOD = f"{_FINDING} {MERGE_METHOD}"

__all__ = ["METHOD", "THEME_COLUMNS", "Vocabulary", "build_themes", "evaluative_words", "find_themes",
           "pain_points", "theme_id", "vocabulary_for", "themes_table"]


def themes_table(themes):
    """themes.csv: the contract's columns in order (clause_ids stays in the in-memory table only)."""
    return themes[[c for c in THEME_COLUMNS if c != "clause_ids"]].copy()
