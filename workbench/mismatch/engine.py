"""Run the say-versus-do engine for one persona (or "all") and rank what it finds.

Steps: measure both sides per touchpoint (:mod:`.measures`), resample people once for every
statistic (:mod:`.inference`), test each kind's components (:mod:`.kinds`), correct every p-value
of the run together with Benjamini-Hochberg, flag rows with q below the FDR level (every component
is a minimum-effect test, so a flag is always beyond its practical margin), apply the
"harmless means no cost anywhere" rule, write the evidence and rank by severity
(:mod:`.evidence`). People-level contradictions come from :mod:`.people`.

Detectable effect: :data:`DETECTABLE` states, per kind, the effect and sample size at and above
which the engine promises recall >= 0.9 with the default settings (checked by
``benchmarks/mismatch_eval.py`` on generated studies; :func:`workbench.mismatch.synthetic.detectable`
applies it to their truth). Smaller gaps or samples may still be flagged, but are not promised.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import StudyConfig
from . import inference as inf
from .evidence import evidence_sentence, pick_quote, severity
from .kinds import Evidence, Settings, test_kinds
from .measures import Journeys, did_side, mentions_of, operation_rows, said_side, score_side, user_journeys
from .people import PEOPLE_COLUMNS, people_contradictions, person_users

__all__ = ["MismatchResult", "find_mismatches", "analyse_mismatches", "MISMATCH_COLUMNS", "EXTRA_COLUMNS",
           "DETECTABLE"]

# The contract's columns (STUDY_FORMAT.md, "Reports"), then the engine's own.
MISMATCH_COLUMNS = ["touchpoint", "stage", "kind", "said", "did", "effect", "ci_low", "ci_high", "q_value",
                    "n_said", "n_did", "evidence"]
EXTRA_COLUMNS = ["persona", "severity", "people_affected", "effect_unit", "said_measure", "said_ci_low",
                 "said_ci_high", "did_measure", "did_ci_low", "did_ci_high", "baseline", "p_value", "p_components",
                 "quote_id", "quote"]
INSUFFICIENT_COLUMNS = ["touchpoint", "stage", "kind", "reason", "said", "n_said", "did", "n_did"]


DETECTABLE = {
    "said-positive-did-drop": "drop >= 2x a baseline near 8%, >= 1,000 users reaching it, >= 150 people "
                              "speaking (about 30 mention it, mean sentiment near +0.4)",
    "silent-friction": "drop >= 2x a baseline near 8%, >= 1,000 users reaching it, >= 150 people speaking, none "
                       "mentioning it",
    "score-high-story-negative": ">= 75% of sentences about it negative (about 85% of them complain) beside "
                                 ">= 85% good scores, >= 150 respondents (about 40 mention it)",
    "score-high-operations-miss": ">= 75% of >= 200 users' operational rows missing target beside >= 85% good "
                                  "scores from >= 60 respondents",
    "loud-but-harmless": ">= 50% of sentences about it negative, >= 35% of >= 300 people mentioning it, drop "
                         "within 10% of a baseline near 8% with >= 2,000 users reaching it (showing no cost "
                         "needs many users: the 1.25x margin is only 2 points of drop)",
}
@dataclass
class MismatchResult:
    """Everything the chapter and mismatches.csv need for one persona."""

    persona: str
    settings: Settings
    mismatches: pd.DataFrame     # flagged, ranked by severity: MISMATCH_COLUMNS + EXTRA_COLUMNS
    tests: pd.DataFrame          # every (touchpoint, kind) considered, with status, p and q
    insufficient: pd.DataFrame   # "not enough evidence": INSUFFICIENT_COLUMNS
    people: pd.DataFrame         # people-level contradictions: PEOPLE_COLUMNS
    sides: pd.DataFrame          # per touchpoint: said and did measures (the quadrant chart)
    quotes: pd.DataFrame = field(repr=False, default=None)   # quote_id -> verbatim text


def find_mismatches(study, persona: str = "all", settings: Settings | None = None, voice=None,
                    operations: dict[str, pd.DataFrame] | None = None) -> MismatchResult:
    """The engine on a loaded Study. ``voice`` may be a precomputed ``voc.analyse_voice`` result and
    ``operations`` the study's operations tables already read, by key (:func:`workbench.overview.read_operations`).
    The journeys are sliced from the behaviour module's per-user facts, which are read once per study."""
    from .. import voc
    study.personas_in_scope(persona)   # InputError naming the allowed personas
    voice = voice if voice is not None else voc.analyse_voice(study, persona)
    settings = settings or Settings()
    scores = study.scores_for(persona)
    answers = study.answers if persona == "all" else study.answers[study.answers["persona"] == persona]
    links = person_users(study.participants, scores, answers)
    return analyse_mismatches(study.config, persona, voice.clauses, scores, user_journeys(study, persona),
                              operation_rows(study, study.config, persona, operations), voice.quotes, links, settings)


def analyse_mismatches(config: StudyConfig, persona: str, clauses: pd.DataFrame, scores: pd.DataFrame,
                       journeys: Journeys | None, operations: dict, quotes: pd.DataFrame | None = None,
                       links: dict[str, str] | None = None, settings: Settings | None = None) -> MismatchResult:
    """The engine on in-memory inputs (clauses from voc, scores, journeys, operational rows)."""
    s = settings or Settings()
    said = said_side(clauses, config).merge(score_side(scores, config), on="touchpoint").set_index("touchpoint")
    did, baseline = did_side(journeys, config, s.min_users)
    did = did.set_index("touchpoint")
    rate_draws, baseline_draws = _drop_draws(journeys, s)
    evidence = Evidence(
        said=said, did=did, baseline=baseline,
        sentiment_draws={tp.id: _sentiment_draws(clauses, tp.id, s) for tp in config.touchpoints},
        rate_draws=rate_draws, baseline_draws=baseline_draws, operations=operations,
        metrics={(tp.id, m.table, m.column): m for tp in config.touchpoints for m in tp.metrics},
        has_events={tp.id: journeys is not None and bool(tp.events) for tp in config.touchpoints})
    tests = test_kinds(evidence, [(t.id, t.stage) for t in config.touchpoints], s)
    tests = _correct(tests, s)
    flagged = _flag(tests, s)
    mismatches = _evidence(flagged, config, clauses, quotes, persona, s)
    sides = said.join(did.drop(columns=["stage"], errors="ignore")).reset_index()
    sides.insert(0, "persona", persona)
    sides["flagged_kinds"] = sides["touchpoint"].map(
        mismatches.groupby("touchpoint")["kind"].agg(lambda k: ";".join(k)) if len(mismatches) else {}).astype(object).fillna("")
    insufficient = tests[tests["status"] == "not enough evidence"].reindex(columns=INSUFFICIENT_COLUMNS)
    people = people_contradictions(config, clauses, scores, journeys.users if journeys else None, links or {})
    return MismatchResult(persona=persona, settings=s, mismatches=mismatches, tests=tests,
                          insufficient=insufficient.reset_index(drop=True), people=people, sides=sides,
                          quotes=quotes)


def _sentiment_draws(clauses: pd.DataFrame, tp: str, s: Settings) -> np.ndarray:
    sub = mentions_of(clauses, tp)
    if sub.empty:
        return np.array([])
    return inf.mean_draws(sub["compound"].to_numpy(float), sub["participant"].astype(str).to_numpy(),
                          s.resamples, s.seed)


def _drop_draws(journeys: Journeys | None, s: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Resampled drop rates (resamples x touchpoints) and baselines, users resampled as a whole."""
    if journeys is None or journeys.total == 0:
        return np.zeros((s.resamples, 0)), np.full(s.resamples, math.nan)
    weights = inf.pattern_draws(journeys.counts, s.resamples, s.seed)
    reached = weights @ journeys.reached
    dropped = weights @ journeys.dropped
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(reached > 0, dropped / np.maximum(reached, 1), np.nan)
    # the touchpoints in the baseline are those with enough users in the data, in every resample
    enough = (journeys.counts @ journeys.reached) >= s.min_users
    baselines = (np.nanmedian(rates[:, enough], axis=1) if enough.any() else np.full(s.resamples, math.nan))
    return rates, baselines


def _correct(tests: pd.DataFrame, s: Settings) -> pd.DataFrame:
    """q-values: Benjamini-Hochberg over every tested row of the run."""
    out = tests.copy()
    if out.empty:
        return out.assign(q_value=pd.Series(dtype=float), flagged=pd.Series(dtype=bool))
    tested = out["status"] == "tested"
    out["q_value"] = np.nan
    out.loc[tested, "q_value"] = inf.benjamini_hochberg(out.loc[tested, "p_value"].to_numpy(float))
    out["flagged"] = tested & (out["q_value"] < s.fdr)
    return out


def _flag(tests: pd.DataFrame, s: Settings) -> pd.DataFrame:
    """Flagged rows; loud-but-harmless gives way to any other kind flagged for the same touchpoint."""
    if tests.empty:
        return tests
    flagged = tests[tests["flagged"]]
    harmful = set(flagged.loc[flagged["kind"] != "loud-but-harmless", "touchpoint"])
    keep = (flagged["kind"] != "loud-but-harmless") | ~flagged["touchpoint"].isin(harmful)
    return flagged[keep].copy()


def _evidence(flagged: pd.DataFrame, config: StudyConfig, clauses: pd.DataFrame, quotes: pd.DataFrame | None,
              persona: str, s: Settings) -> pd.DataFrame:
    columns = MISMATCH_COLUMNS + EXTRA_COLUMNS
    if flagged.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    out = flagged.copy()
    text = dict(zip(quotes["quote_id"].astype(str), quotes["text"])) if quotes is not None and len(quotes) else {}
    labels = {t.id: t.label for t in config.touchpoints}
    out["persona"] = persona
    out["harmless_ratio"] = s.harmless_ratio
    out["quote_id"] = [pick_quote(clauses, tp, kind) for tp, kind in zip(out["touchpoint"], out["kind"])]
    out["quote"] = out["quote_id"].map(lambda q: text.get(q, "")).fillna("")
    out["evidence"] = [evidence_sentence(row, labels.get(row["touchpoint"], row["touchpoint"]), row["quote_id"])
                       for _, row in out.iterrows()]
    out["severity"] = out.apply(severity, axis=1)
    out = out.sort_values(["severity", "q_value"], ascending=[False, True], na_position="last")
    extra = [c for c in out.columns if c not in columns and c not in ("status", "reason", "flagged", "harmless_ratio")]
    return out.reindex(columns=columns + extra).reset_index(drop=True)
