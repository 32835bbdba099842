"""What the analysis pass returns: every result a report needs, per persona and for "all"."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..config import StudyConfig


@dataclass
class PersonaResults:
    """The computed results of one persona ("all" = everyone); chapters only render these."""

    persona: str
    config: StudyConfig
    voice: Any                        # voc.VoiceResult
    behaviour: Any | None             # behaviour.BehaviourResult, None without behavioural data
    mismatches: Any                   # mismatch.MismatchResult
    journey_map: Any                  # journeymap.JourneyMap
    scores: pd.DataFrame              # overview.score_summary
    reach: pd.DataFrame               # behaviour.stage_reach (empty without behavioural data)
    samples: pd.DataFrame             # overview.evidence_table: sample sizes, then the warnings
    themes: pd.DataFrame | None = None  # themes.build_themes (with clause_ids); None: not computed
    coding: Any | None = None         # coding.Coding: the codebook applied to this group's clauses
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)   # bundle tables, see bundle.TABLES
    waves: Any | None = None          # waves_drivers.WavesResult: the previous wave's comparison, or why none
    drivers: Any | None = None        # waves_drivers.DriversSection: drivers of conversion (and churn)


@dataclass
class StudyResults:
    """Every persona's results plus the cross-persona comparison, from one pass over a study."""

    study: str
    config: StudyConfig
    personas: dict[str, PersonaResults]
    comparison: Any | None            # journeymap.comparison.Comparison (None when not asked for)
    seconds: dict[str, float] = field(default_factory=dict)   # analysis -> wall time of the pass

    def __getitem__(self, persona: str) -> PersonaResults:
        return self.personas[persona]
