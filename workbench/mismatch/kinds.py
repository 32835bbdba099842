"""The five kinds of say-versus-do mismatch as conjunctions of tested components.

Each component is a one-sided minimum-effect test (:mod:`workbench.mismatch.inference`); a kind's
p-value is the largest of its components' (intersection-union). Margins and minimum sample sizes
are fields of :class:`Settings`; every default says where it comes from.

==========================  =====================================================================
kind                        components (all must hold)
==========================  =====================================================================
said-positive-did-drop      mean sentiment of its clauses > ``said_positive`` (over people) AND
                            drop_rate > ``drop_ratio`` x baseline (over users)
silent-friction             drop_rate > ``drop_ratio`` x baseline AND the share of voice people
                            who mention it < ``silent_share`` (exact binomial)
score-high-story-negative   share of good scores > ``score_good`` AND the share of people who talk
                            about it and complain > ``story_negative`` (both exact binomial)
score-high-operations-miss  share of good scores > ``score_good`` AND its operational metric
                            misses target: share of rows beyond target > ``operations_miss``
                            (resampled by user), or for a 0/1 metric the rate is beyond target
loud-but-harmless           share of all voice people who complain about it > ``loud_share`` AND
                            no cost: drop_rate < ``harmless_ratio`` x baseline (equivalence-style,
                            the upper side is tested, not "not significant"); never reported where
                            the touchpoint's operational metric misses target or another kind is
                            flagged for it (harmless means no measured cost anywhere)
==========================  =====================================================================

Effects are in percentage points: drop above baseline (the three behavioural kinds), complaints
beyond what the scores allow (story), and share of operational rows missing target (operations).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..stats import ALPHA, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, SMALL_SAMPLE
from . import inference as inf

KINDS = ("said-positive-did-drop", "score-high-story-negative", "score-high-operations-miss", "silent-friction",
         "loud-but-harmless")


TEST_COLUMNS = ["touchpoint", "stage", "kind", "status", "reason", "p_value", "p_components", "effect", "ci_low",
                "ci_high", "effect_unit", "said", "n_said", "said_measure", "said_ci_low", "said_ci_high", "did", "n_did",
                "did_measure", "did_ci_low", "did_ci_high", "people_affected"]
TEXT_COLUMNS = ("touchpoint", "stage", "kind", "status", "reason", "p_components", "effect_unit", "said_measure",
                "did_measure")


def _zero_mention_minimum(share: float, alpha: float = ALPHA) -> int:
    """Smallest n at which 0 of n people mentioning something shows its share is below ``share``."""
    return int(math.ceil(math.log(alpha) / math.log(1 - share)))


# "Almost nobody mentions it": fewer than one voice person in twenty (the 5% convention also used
# for the FDR), tested against that share.
SILENT_SHARE = 0.05


@dataclass(frozen=True)
class Settings:
    """Margins (practical minimum effects) and minimum sample sizes of the engine."""

    # 1.25x the baseline: the four-fifths rule's ratio read the other way (a step that loses a
    # quarter more users than a typical step), the usual "material" threshold in funnel audits.
    drop_ratio: float = 1.25
    # The same ratio bounds "no cost" from above: harmless means the drop is shown below it.
    harmless_ratio: float = 1.25
    # VADER's own positive label threshold (compound > 0.05): the average clause reads as positive.
    said_positive: float = 0.05
    # "Scores are good": a majority of respondents give a good score (promoter/satisfied/low effort).
    score_good: float = 0.5
    # "The story is negative": a majority of the people who talk about it complain about it.
    story_negative: float = 0.5
    # "Loud": more than one voice person in twenty complains about it (as SILENT_SHARE).
    loud_share: float = 0.05
    silent_share: float = SILENT_SHARE
    # "Misses target": most rows miss it, i.e. the median is beyond target (a sign test).
    operations_miss: float = 0.5
    # Minimum sample sizes: below them a row goes to "not enough evidence", never a flag.
    min_mentioners: int = 10           # people behind a sentiment mean or complaint share
    min_respondents: int = SMALL_SAMPLE  # score rows behind a share of good scores (30)
    min_users: int = SMALL_SAMPLE      # users who reached a touchpoint (30, as behaviour.dropoff)
    min_operations: int = SMALL_SAMPLE  # operational rows behind a metric (30)
    min_voice_people: int = _zero_mention_minimum(SILENT_SHARE)  # 59: zero mentions can show silence
    fdr: float = ALPHA                 # Benjamini-Hochberg level: 5%
    resamples: int = BOOTSTRAP_RESAMPLES
    seed: int = BOOTSTRAP_SEED


@dataclass
class Evidence:
    """What :func:`test_kinds` needs per touchpoint: the sides and their resampled draws."""

    said: pd.DataFrame        # measures.said_side + measures.score_side, indexed by touchpoint
    did: pd.DataFrame         # measures.did_side, indexed by touchpoint
    baseline: float
    sentiment_draws: dict     # touchpoint -> bootstrap draws of the mean sentiment
    rate_draws: np.ndarray    # resamples x touchpoints: drop rates
    baseline_draws: np.ndarray  # resamples: baseline
    operations: dict          # (touchpoint, table, column) -> rows [user, value]
    metrics: dict             # (touchpoint, table, column) -> Metric
    has_events: dict          # touchpoint -> True when it has events and the study has behaviour
    cache: dict = field(default_factory=dict)  # (touchpoint, table, column) -> operations result


def test_kinds(ev: Evidence, touchpoints: list[tuple[str, str]], s: Settings) -> pd.DataFrame:
    """One row per (touchpoint, kind) that applies: tested (p_value) or not enough evidence (reason)."""
    rows: list[dict] = []
    order = list(ev.did.index)
    for tp, stage in touchpoints:
        said, did = ev.said.loc[tp], ev.did.loc[tp]
        col = order.index(tp)
        drop = _drop_component(ev, did, col, s) if ev.has_events[tp] else None
        base = {"touchpoint": tp, "stage": stage}
        if drop is not None:
            rows.append({**base, **_said_positive(ev, tp, said, drop, s)})
            rows.append({**base, **_silent(said, drop, s)})
            rows.append({**base, **_loud(ev, tp, said, drop, s)})
        if said["score_n"] > 0:
            rows.append({**base, **_story(said, drop, s)})
            for key, rows_ in ev.operations.items():
                if key[0] == tp:
                    rows.append({**base, **_operations(said, drop, ev.metrics[key], key, rows_, s, ev.cache)})
    frame = pd.DataFrame(rows)
    for column in TEST_COLUMNS:      # every column exists even when nothing could be tested
        if column not in frame.columns:
            frame[column] = "" if column in TEXT_COLUMNS else math.nan
    return frame


def _drop_component(ev: Evidence, did, col: int, s: Settings) -> dict:
    """Drop above baseline: effect (pp) with interval, and p for ratio > drop_ratio / < harmless_ratio."""
    rate, baseline, reached = float(did["drop_rate"]), ev.baseline, int(did["reached"])
    out = {"reached": reached, "dropped": int(did["dropped"]), "rate": rate, "baseline": baseline,
           "ratio": float(did["ratio_to_baseline"]), "enough": reached >= s.min_users and not math.isnan(baseline)}
    if not out["enough"]:
        return out
    draws = ev.rate_draws[:, col]
    out["effect"] = 100 * (rate - baseline)
    out["ci"] = tuple(100 * x for x in inf.percentile_interval(draws - ev.baseline_draws))
    out["p_friction"] = inf.greater_than(rate - s.drop_ratio * baseline, draws - s.drop_ratio * ev.baseline_draws, 0.0)
    out["p_harmless"] = inf.less_than(rate - s.harmless_ratio * baseline,
                                      draws - s.harmless_ratio * ev.baseline_draws, 0.0)
    return out


def _insufficient(kind: str, reasons: list[str], **numbers) -> dict:
    return {"kind": kind, "status": "not enough evidence", "reason": "; ".join(reasons), "p_value": math.nan,
            **numbers}


def _drop_fields(drop: dict) -> dict:
    return {"did": drop["rate"], "n_did": drop["reached"], "did_measure": "drop rate", "baseline": drop["baseline"],
            "ratio": drop["ratio"], "dropped": drop["dropped"], "people_affected": drop["reached"]}


def _said_positive(ev: Evidence, tp: str, said, drop: dict, s: Settings) -> dict:
    kind = "said-positive-did-drop"
    numbers = {"said": said["mean_sentiment"], "n_said": int(said["mentioners"]), "said_measure": "mean sentiment",
               **_drop_fields(drop)}
    reasons = _short(said["mentioners"], s.min_mentioners, "people mention it") + _short_drop(drop, s)
    if reasons:
        return _insufficient(kind, reasons, **numbers)
    draws = ev.sentiment_draws.get(tp, np.array([]))
    p_said = inf.greater_than(float(said["mean_sentiment"]), draws, s.said_positive)
    said_ci = inf.percentile_interval(draws)
    return _tested(kind, [p_said, drop["p_friction"]], drop["effect"], drop["ci"], "pp of drop above baseline",
                   said_ci=said_ci, **numbers)


def _silent(said, drop: dict, s: Settings) -> dict:
    kind = "silent-friction"
    numbers = {"said": said["mention_share"], "n_said": int(said["voice_people"]),
               "said_measure": "share of voice people who mention it", "mentioners": int(said["mentioners"]),
               **_drop_fields(drop)}
    reasons = _short(said["voice_people"], s.min_voice_people, "people spoke at all") + _short_drop(drop, s)
    if reasons:
        return _insufficient(kind, reasons, **numbers)
    p_silent = inf.binomial_less(int(said["mentioners"]), int(said["voice_people"]), s.silent_share)
    said_ci = inf.wilson(int(said["mentioners"]), int(said["voice_people"]))
    return _tested(kind, [p_silent, drop["p_friction"]], drop["effect"], drop["ci"], "pp of drop above baseline",
                   said_ci=said_ci, **numbers)


def _loud(ev: Evidence, tp: str, said, drop: dict, s: Settings) -> dict:
    kind = "loud-but-harmless"
    numbers = {"said": said["loud_share"], "n_said": int(said["voice_people"]),
               "said_measure": "share of voice people who complain about it", "complainers": int(said["complainers"]),
               **_drop_fields(drop)}
    reasons = _short(said["voice_people"], s.min_voice_people, "people spoke at all") + _short_drop(drop, s)
    if reasons:
        return _insufficient(kind, reasons, **numbers)
    for key, rows in ev.operations.items():
        if key[0] == tp and len(rows) >= s.min_operations:
            miss = _operations_miss(ev.metrics[key], rows, s, ev.cache)
            if miss["p"] < s.fdr:
                return {"kind": kind, "status": "excluded", "p_value": math.nan, **numbers,
                        "reason": f"not harmless: {key[2]} in {key[1]} misses its target"}
    p_loud = inf.binomial_greater(int(said["complainers"]), int(said["voice_people"]), s.loud_share)
    said_ci = inf.wilson(int(said["complainers"]), int(said["voice_people"]))
    return _tested(kind, [p_loud, drop["p_harmless"]], drop["effect"], drop["ci"], "pp of drop above baseline",
                   said_ci=said_ci, **numbers)


def _story(said, drop: dict | None, s: Settings) -> dict:
    kind = "score-high-story-negative"
    good, n = int(said["score_good"]), int(said["score_n"])
    complainers, mentioners = int(said["complainers"]), int(said["mentioners"])
    numbers = {"said": said["score_good_share"], "n_said": n, "said_measure": f"share of good {said['score_kinds']} scores",
               "did": said["complain_share"], "n_did": mentioners,
               "did_measure": "share of people talking about it who complain", "complainers": complainers,
               "people_affected": drop["reached"] if drop and drop["reached"] else n}
    reasons = _short(n, s.min_respondents, "score rows") + _short(mentioners, s.min_mentioners, "people mention it")
    if reasons:
        return _insufficient(kind, reasons, **numbers)
    p_score = inf.binomial_greater(good, n, s.score_good)
    p_story = inf.binomial_greater(complainers, mentioners, s.story_negative)
    draws = (inf.share_draws(complainers, mentioners, s.resamples, s.seed)
             - (1 - inf.share_draws(good, n, s.resamples, s.seed + 1)))
    effect = 100 * (complainers / mentioners - (1 - good / n))
    ci = tuple(100 * x for x in inf.percentile_interval(draws))
    return _tested(kind, [p_score, p_story], effect, ci, "pp more complaints than poor or middling scores",
                   said_ci=inf.wilson(good, n), did_ci=inf.wilson(complainers, mentioners), **numbers)


def _operations_miss(metric, rows: pd.DataFrame, s: Settings, cache: dict | None = None) -> dict:
    """Does the metric miss its target? share of rows beyond target (or a 0/1 rate against it)."""
    key = (id(rows), metric)
    if cache is not None and key in cache:
        return cache[key]
    result = _operations_result(metric, rows, s)
    if cache is not None:
        cache[key] = result
    return result


def _operations_result(metric, rows: pd.DataFrame, s: Settings) -> dict:
    values = rows["value"].to_numpy(dtype=float)
    users = rows["user"].to_numpy()
    binary = len(values) > 0 and bool(np.isin(values, (0.0, 1.0)).all())
    sign = 1.0 if metric.better == "lower" else -1.0
    if binary:
        rate = float(values.mean())
        draws = inf.cluster_share_draws(values, users, s.resamples, s.seed + 2)
        shortfall = sign * (rate - metric.target)
        return {"binary": True, "value": rate, "effect": 100 * shortfall,
                "ci": tuple(100 * x for x in inf.percentile_interval(sign * (draws - metric.target))),
                "p": inf.greater_than(shortfall, sign * (draws - metric.target), 0.0), "missed": None}
    missed = (values > metric.target) if metric.better == "lower" else (values < metric.target)
    share = float(missed.mean()) if len(values) else math.nan
    draws = inf.cluster_share_draws(missed, users, s.resamples, s.seed + 2)
    return {"binary": False, "value": share, "effect": 100 * share,
            "ci": tuple(100 * x for x in inf.percentile_interval(draws)),
            "p": inf.greater_than(share, draws, s.operations_miss), "missed": int(missed.sum()),
            "median": float(np.median(values)) if len(values) else math.nan}


def _operations(said, drop: dict | None, metric, key, rows: pd.DataFrame, s: Settings, cache: dict) -> dict:
    kind = "score-high-operations-miss"
    good, n = int(said["score_good"]), int(said["score_n"])
    numbers = {"said": said["score_good_share"], "n_said": n, "said_measure": f"share of good {said['score_kinds']} scores",
               "n_did": int(len(rows)), "metric": f"{key[1]}.{key[2]}", "target": metric.target,
               "better": metric.better, "people_affected": drop["reached"] if drop and drop["reached"] else n}
    reasons = _short(n, s.min_respondents, "score rows") + _short(len(rows), s.min_operations, "operational rows")
    if reasons:
        return _insufficient(kind, reasons, **numbers, did=math.nan, did_measure="")
    miss = _operations_miss(metric, rows, s, cache)
    numbers["did"] = miss["value"]
    numbers["did_measure"] = (f"rate of {key[2]}" if miss["binary"]
                              else f"share of {key[1]} rows missing the {key[2]} target")
    numbers["missed"] = miss["missed"]
    numbers["median"] = miss.get("median", math.nan)
    unit = "pp short of target" if miss["binary"] else "% of rows missing target"
    return _tested(kind, [inf.binomial_greater(good, n, s.score_good), miss["p"]], miss["effect"], miss["ci"], unit,
                   said_ci=inf.wilson(good, n), **numbers)


def _tested(kind: str, p_components: list[float], effect: float, ci, unit: str, said_ci=(math.nan, math.nan),
            did_ci=(math.nan, math.nan), **numbers) -> dict:
    return {"kind": kind, "status": "tested", "reason": "", "p_value": inf.intersection_union(p_components),
            "p_components": ";".join(f"{p:.3g}" for p in p_components), "effect": effect,
            "ci_low": ci[0], "ci_high": ci[1], "effect_unit": unit, "said_ci_low": said_ci[0],
            "said_ci_high": said_ci[1], "did_ci_low": did_ci[0], "did_ci_high": did_ci[1], **numbers}


def _short(n, minimum: int, what: str) -> list[str]:
    n = 0 if n is None or (isinstance(n, float) and math.isnan(n)) else int(n)
    return [f"{n} {what} (minimum {minimum})"] if n < minimum else []


def _short_drop(drop: dict, s: Settings) -> list[str]:
    if drop["enough"]:
        return []
    if math.isnan(drop["baseline"]):
        return [f"no journey baseline (no touchpoint reached by {s.min_users} users)"]
    return [f"{drop['reached']} users reached it (minimum {s.min_users})"]
