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
        "mismatches": mismatches_table(study, persona),
        "phrases": voc.phrases_table(voice),
        "touchpoints": touchpoints,
        "funnel": funnel,
    }


def mismatches_table(study: Study, persona: str = ALL) -> pd.DataFrame:
    """Say-versus-do mismatches. The engine is not built yet (issue 5): the table has the contract's
    columns and no rows, and the report says so; it never shows invented findings."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in MISMATCH_COLUMNS})
