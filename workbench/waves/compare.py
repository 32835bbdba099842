"""Compare two waves of a study: changes.csv, touchpoints added / removed / renamed, say-versus-do.

:func:`compare_studies` runs today's analyses on each wave (voice, behaviour, scores, operations,
mismatches; read-only), lines the measures up by (touchpoint, stage, measure), tests every change
(:mod:`workbench.waves.inference`), corrects all of them together with Benjamini-Hochberg and
labels each better, worse or none. Nothing here draws or renders.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..stats import ALPHA, SMALL_SAMPLE, benjamini_hochberg
from .alignment import align_touchpoints, renames
from .inference import TOO_FEW_PEOPLE, bootstrap_mean_change, nps_change, proportion_change
from .measures import MEASURES, Measure, behaviour_measures, operation_measures, score_measures, voice_measures

CHANGES_COLUMNS = ["touchpoint", "stage", "measure", "before", "after", "change", "ci_low", "ci_high", "p_value",
                   "q_value", "direction", "detected", "n_before", "n_after", "small_sample", "better",
                   "baseline_before", "baseline_after", "family", "note", "theme"]
# Benjamini-Hochberg runs separately for what people say (voice: a few dozen people a touchpoint)
# and what they do and score (events, surveys, operations records: hundreds to thousands), two
# classes of different source and power (Efron 2008, "Simultaneous inference: when should
# hypothesis testing problems be combined?", Ann. Appl. Stat. 2:197-223). Pooled, the many large,
# correlated funnel changes (one planted drop moves the reach of every later step) raised BH's
# threshold for the voice rows too: a chance sentiment difference between two waves' survey answers,
# drawn from the same templates, was labelled "worse" (busy-parent shipping-cost, 27 vs 26 people,
# permutation p = 0.004, pooled rank 12 of 87: q = 0.03; among the 45 voice rows: q = 0.19).
SAY_MEASURES = ("sentiment", "share_negative", "mention_rate")
# Theme shares are corrected as a family of their own: each wave's themes are built separately, so
# a matched pair's share also moves with how the builder grouped phrases that wave (clustering
# drift); letting those p-values into the say family would lower the bar for the sentiment rows.
CORRECTION_FAMILY = {**{m: "say" for m in SAY_MEASURES}, "theme_share": "themes",
                     **{m: "do" for m in ("drop_rate", "reach", "conversion", "nps", "csat_satisfied",
                                          "ces_low_effort", "share_missing_target")}}
# ``note`` says why a change has no test: "too few people to test" (sentiment, share negative) or:
NO_DATA = "no data in one wave"
NOTES = (TOO_FEW_PEOPLE, NO_DATA)
MISMATCH_CHANGE_COLUMNS = ["touchpoint", "stage", "kind", "status", "effect_before", "effect_after",
                           "q_value_before", "q_value_after"]


@dataclass
class WaveComparison:
    """Everything the comparison page needs for one persona."""

    persona: str
    changes: pd.DataFrame      # changes.csv
    touchpoints: pd.DataFrame  # alignment: same | renamed | added | removed
    mismatches: pd.DataFrame   # say-versus-do findings: gone | new | still
    themes: pd.DataFrame | None = None   # waves.themes.wave_themes: matched | appeared | faded


def wave_measures(study, persona: str, rename: dict[str, str], voice=None, behaviour=None) -> list[Measure]:
    """Every measure of one wave (the analyses may be passed in when already run)."""
    from .. import voc
    from ..behaviour import analyse_behaviour
    voice = voice if voice is not None else voc.analyse_voice(study, persona)
    out = voice_measures(voice.clauses, study.config, rename)
    out += score_measures(study.scores_for(persona), rename)
    if study.config.behaviour is not None:
        behaviour = behaviour if behaviour is not None else analyse_behaviour(study, persona)
        out += behaviour_measures(behaviour, rename) + operation_measures(behaviour.operations, rename)
    return out


def _test(family: str, b: Measure, a: Measure) -> dict:
    if family == "mean":
        return bootstrap_mean_change(b.values, b.people, a.values, a.people)
    if family == "nps":
        res = nps_change(int(b.x), int(b.bad), int(b.n), int(a.x), int(a.bad), int(a.n))
    else:
        res = proportion_change(int(b.x), int(b.n), int(a.x), int(a.n))
    return {**res, "n_before": int(b.n), "n_after": int(a.n),
            "note": NO_DATA if min(int(b.n), int(a.n)) <= 0 else ""}


def direction(change: float, q: float, better: str | None) -> str:
    """better | worse when the change survives the correction and the measure has a better side."""
    if not isinstance(better, str) or not (q < ALPHA) or math.isnan(change) or change == 0:
        return "none"
    up = change > 0
    return "better" if up == (better == "higher") else "worse"


UNCORRECTED_COLUMNS = [c for c in CHANGES_COLUMNS if c not in ("q_value", "direction", "detected", "small_sample",
                                                               "family")]


def changes_table(before: list[Measure], after: list[Measure]) -> pd.DataFrame:
    """Pair measures by key, test each change, BH-correct within each family of measures
    (:data:`CORRECTION_FAMILY`), label the direction."""
    old = {m.key: m for m in before}
    rows = []
    for a in after:
        b = old.get(a.key)
        if b is None:
            continue
        family, better = MEASURES[a.measure]
        res = _test(family, b, a)
        rows.append({"touchpoint": a.touchpoint, "stage": a.stage, "measure": a.measure, **res, "better": better,
                     "baseline_before": b.context.get("baseline", math.nan),
                     "baseline_after": a.context.get("baseline", math.nan)})
    return corrected(pd.DataFrame(rows, columns=UNCORRECTED_COLUMNS))


def with_rows(changes: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with more (uncorrected) rows, such as the themes' (:mod:`.themes`), every family's
    correction run again over the whole file."""
    if extra is None or extra.empty:
        return changes
    return corrected(pd.concat([changes[UNCORRECTED_COLUMNS], extra.reindex(columns=UNCORRECTED_COLUMNS)],
                               ignore_index=True))


def corrected(frame: pd.DataFrame) -> pd.DataFrame:
    """BH within each family (:data:`CORRECTION_FAMILY`), detected, direction and small sample."""
    frame = frame.reindex(columns=UNCORRECTED_COLUMNS)
    frame["family"] = [CORRECTION_FAMILY.get(m, m) for m in frame["measure"]]
    frame["q_value"] = math.nan
    for _, members in frame.groupby("family", sort=False):
        frame.loc[members.index, "q_value"] = benjamini_hochberg(members["p_value"])
    frame["detected"] = frame["q_value"] < ALPHA
    frame["direction"] = [direction(c, q, bt) for c, q, bt in zip(frame["change"], frame["q_value"], frame["better"])]
    # an untested change ("too few people to test") is small by definition, whatever SMALL_SAMPLE says
    frame["small_sample"] = (frame[["n_before", "n_after"]].min(axis=1) < SMALL_SAMPLE) | (frame["note"] != "")
    return frame[CHANGES_COLUMNS]


def mismatch_changes(before: pd.DataFrame, after: pd.DataFrame, rename: dict[str, str]) -> pd.DataFrame:
    """Say-versus-do findings flagged in the earlier wave and gone now, new ones, and those still there."""
    old = before.assign(touchpoint=before["touchpoint"].map(lambda t: rename.get(t, t)))
    keys = ["touchpoint", "kind"]
    merged = old[keys + ["stage", "effect", "q_value"]].merge(
        after[keys + ["stage", "effect", "q_value"]], on=keys, how="outer", suffixes=("_before", "_after"),
        indicator=True)
    status = merged["_merge"].map({"left_only": "gone", "right_only": "new", "both": "still"})
    return pd.DataFrame({"touchpoint": merged["touchpoint"], "stage": merged["stage_after"].fillna(merged["stage_before"]),
                         "kind": merged["kind"], "status": status.astype(str),
                         "effect_before": merged["effect_before"], "effect_after": merged["effect_after"],
                         "q_value_before": merged["q_value_before"], "q_value_after": merged["q_value_after"]}
                        )[MISMATCH_CHANGE_COLUMNS].sort_values(["status", "touchpoint"]).reset_index(drop=True)


def compare_studies(old, new, persona: str = "all", mismatches: bool = True) -> WaveComparison:
    """Compare the earlier wave ``old`` with the later wave ``new`` (both loaded Studies) for ``persona``."""
    from .. import voc
    from ..mismatch import find_mismatches
    new.personas_in_scope(persona)
    old.personas_in_scope(persona)
    alignment = align_touchpoints(old.config, new.config)
    rename = renames(alignment)
    voice_old, voice_new = voc.analyse_voice(old, persona), voc.analyse_voice(new, persona)
    changes = changes_table(wave_measures(old, persona, rename, voice=voice_old),
                            wave_measures(new, persona, {}, voice=voice_new))
    found = pd.DataFrame(columns=MISMATCH_CHANGE_COLUMNS)
    if mismatches:
        found = mismatch_changes(find_mismatches(old, persona, voice=voice_old).mismatches,
                                 find_mismatches(new, persona, voice=voice_new).mismatches, rename)
    from .themes import compare_themes, theme_change_rows
    themes = compare_themes(voice_old, voice_new, old.config, new.config)
    return WaveComparison(persona=persona, changes=with_rows(changes, theme_change_rows(themes)),
                          touchpoints=alignment, mismatches=found, themes=themes)
