"""The machine-readable tables behind each report (``data/<persona>/*.csv`` in the contract).

The analysis pass (:mod:`workbench.analysis`) builds them from its results with the ``*_frame``
functions below, through the bundle's table registry; :func:`compute_tables` is the same for one
persona of a loaded study, outside a run.
"""
from __future__ import annotations

import pandas as pd

from .study import ALL, Study

TABLE_NAMES = ("mismatches", "phrases", "touchpoints", "funnel")
# The contract's columns for mismatches.csv (STUDY_FORMAT.md, "Reports").
MISMATCH_COLUMNS = ["touchpoint", "stage", "kind", "said", "did", "effect", "ci_low", "ci_high", "q_value",
                    "n_said", "n_did", "evidence"]


def compute_tables(study: Study, persona: str = ALL) -> dict[str, pd.DataFrame]:
    """Every contract table for ``persona`` as new DataFrames, keyed by file stem (one persona's pass)."""
    from .analysis import analyse_study
    return dict(analyse_study(study, [persona], comparison=False)[persona].tables)


def touchpoints_frame(voice, behaviour=None) -> pd.DataFrame:
    """touchpoints.csv: the voice columns, then the behavioural ones when there is behaviour."""
    from . import voc
    touchpoints = voc.touchpoints_table(voice)
    if behaviour is not None:
        from .behaviour import touchpoints_table
        did = touchpoints_table(behaviour).drop(columns=["stage"], errors="ignore")
        touchpoints = touchpoints.merge(did, on="touchpoint", how="left", suffixes=("", "_did"))
    return touchpoints


def mismatches_frame(result) -> pd.DataFrame:
    """mismatches.csv from a MismatchResult: the contract's columns first, then the engine's own."""
    found = result.mismatches
    extra = [c for c in found.columns if c not in MISMATCH_COLUMNS]
    return found.reindex(columns=MISMATCH_COLUMNS + extra)


def mismatches_table(study: Study, persona: str = ALL, voice=None) -> pd.DataFrame:
    """Say-versus-do mismatches flagged by :mod:`workbench.mismatch`, ranked by severity.
    ``voice`` is an already computed VoiceResult for ``persona`` (saves computing it twice)."""
    from .mismatch import find_mismatches
    return mismatches_frame(find_mismatches(study, persona, voice=voice))
