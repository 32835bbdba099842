"""The machine-readable tables behind each report (``data/<persona>/*.csv`` in the contract).

The runner calls :func:`compute_tables`; the chapters call the same analysis functions, so the
CSV files and the report always agree.
"""
from __future__ import annotations

import pandas as pd

from .study import ALL, Study

TABLE_NAMES = ("mismatches", "phrases", "touchpoints", "funnel")
# The contract's columns for mismatches.csv (STUDY_FORMAT.md, "Reports").
MISMATCH_COLUMNS = ["touchpoint", "stage", "kind", "said", "did", "effect", "ci_low", "ci_high", "q_value",
                    "n_said", "n_did", "evidence"]


def compute_tables(study: Study, persona: str = ALL) -> dict[str, pd.DataFrame]:
    """Every contract table for ``persona`` as new DataFrames, keyed by file stem."""
    from . import voc
    voice = voc.analyse_voice(study, persona)
    touchpoints = voc.touchpoints_table(voice)
    funnel = pd.DataFrame()
    if study.config.behaviour is not None:
        from . import behaviour
        result = behaviour.analyse_behaviour(study, persona)
        funnel = behaviour.funnel_table(result)
        did = behaviour.touchpoints_table(result).drop(columns=["stage"], errors="ignore")
        touchpoints = touchpoints.merge(did, on="touchpoint", how="left", suffixes=("", "_did"))
    return {
        "mismatches": mismatches_table(study, persona, voice=voice),
        "phrases": voc.phrases_table(voice),
        "touchpoints": touchpoints,
        "funnel": funnel,
    }


def mismatches_table(study: Study, persona: str = ALL, voice=None) -> pd.DataFrame:
    """Say-versus-do mismatches flagged by :mod:`workbench.mismatch`, ranked by severity: the
    contract's columns first, then the engine's own (persona, severity, intervals, quote...).
    ``voice`` is an already computed VoiceResult for ``persona`` (saves computing it twice)."""
    from .mismatch import find_mismatches
    found = find_mismatches(study, persona, voice=voice).mismatches
    extra = [c for c in found.columns if c not in MISMATCH_COLUMNS]
    return found.reindex(columns=MISMATCH_COLUMNS + extra)
