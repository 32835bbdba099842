"""Personas side by side: the words that set each apart, sentiment per stage, and the funnel per persona
with the steps where a persona differs significantly from everyone else marked.

:func:`compare_personas` computes (a :class:`Comparison` of DataFrames); the page is rendered by
:mod:`workbench.report.chapters.comparison`. Funnel differences: each persona's step conversion
against the rest of the users (all minus the persona), two-proportion test
(``workbench.stats``), Benjamini-Hochberg over every step and persona at once. Every persona's
funnel places the goal where the whole population's funnel does, so the steps line up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..stats import ALPHA, benjamini_hochberg, two_proportion_test

TOP_PHRASES = 8   # distinctive phrases shown per persona
FUNNEL_COLUMNS = ["persona", "step", "stage", "label", "users", "n_previous", "share_of_previous", "previous_ci_low",
                  "previous_ci_high", "rest_rate", "difference", "p_value", "q_value", "significant"]


@dataclass
class Comparison:
    personas: list[tuple[str, str]]                 # (id, label)
    phrases: pd.DataFrame = field(default_factory=pd.DataFrame)    # persona, phrase, z, count, speakers
    sentiment: pd.DataFrame = field(default_factory=pd.DataFrame)  # persona x stage summaries
    funnel: pd.DataFrame = field(default_factory=pd.DataFrame)     # FUNNEL_COLUMNS
    conversion: pd.DataFrame = field(default_factory=pd.DataFrame)  # behaviour.persona_comparisons rows


def compare_personas(study, voice=None, behaviours: dict | None = None) -> Comparison:
    """Every cross-persona table for a loaded Study (voice of everyone once; funnels per persona).
    ``voice`` is an already computed voice analysis of "all" and ``behaviours`` the behaviour results
    per persona group (the analysis pass passes its own): their funnels and persona comparisons are
    used, never queried again; a funnel is asked only for a persona whose own step order differs from
    everyone's."""
    from .. import voc
    from ..voc.summary import stage_summary
    cfg = study.config
    personas = [(p.id, p.label) for p in cfg.personas]
    voice = voice if voice is not None else voc.analyse_voice(study, "all")
    d = voc.distinctive_by(voice, "persona")
    phrases = pd.DataFrame(columns=["persona", "phrase", "z", "count", "speakers"])
    if len(d):
        d = d[(d["z"] > 0) & (d["speakers"] >= 2)].sort_values("z", ascending=False)
        phrases = d.groupby("group").head(TOP_PHRASES).rename(columns={"group": "persona"})[phrases.columns]
    rows = []
    for pid, _ in personas:
        mine = voice.clauses[voice.clauses["persona"] == pid]
        rows.append(stage_summary(mine, cfg).assign(persona=pid))
    sentiment = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    funnel = conversion = pd.DataFrame()
    if cfg.behaviour is not None:
        from ..behaviour import ordered_funnel, persona_comparisons
        from ..behaviour.stage_order import stage_order
        computed = behaviours or {}
        every = computed.get("all")
        if every is not None and every.order is not None:
            steps, everyone, comp = every.order.steps, every.funnel, every.comparisons
        else:
            # every persona on the steps of "all" (the data's order, issue 12), so step k is the same step
            steps = stage_order(study, "all", goal_after=cfg.behaviour.goal_after).steps
            everyone = ordered_funnel(study, "all", steps=steps)
            comp = persona_comparisons(study)
        funnel = funnel_differences(everyone, {pid: _funnel_on(study, computed.get(pid), pid, steps)
                                               for pid, _ in personas})
        conversion = comp[comp["measure"] == "conversion"].reset_index(drop=True)
    return Comparison(personas=personas, phrases=phrases.reset_index(drop=True), sentiment=sentiment, funnel=funnel,
                      conversion=conversion)


def _funnel_on(study, result, persona: str, steps) -> pd.DataFrame:
    """The persona's funnel on everyone's ``steps``: the pass's own when its order is the same."""
    if result is not None and result.order is not None and list(result.order.steps) == list(steps):
        return result.funnel
    from ..behaviour import ordered_funnel
    return ordered_funnel(study, persona, steps=steps)


def funnel_differences(everyone: pd.DataFrame, per_persona: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each persona's step conversion against the rest (everyone minus the persona), BH-corrected."""
    rows = []
    for pid, f in per_persona.items():
        for (_, r), (_, a) in zip(f.iterrows(), everyone.iterrows()):
            if r["step"] == 1:
                continue
            x, n = int(r["users"]), int(r["n_previous"])
            rx, rn = int(a["users"]) - x, int(a["n_previous"]) - n
            p = two_proportion_test(x, n, rx, rn)
            rest = rx / rn if rn > 0 else math.nan
            rows.append({"persona": pid, "step": int(r["step"]), "stage": r["stage"], "label": r["label"], "users": x,
                         "n_previous": n, "share_of_previous": r["share_of_previous"],
                         "previous_ci_low": r["previous_ci_low"], "previous_ci_high": r["previous_ci_high"],
                         "rest_rate": rest, "difference": r["share_of_previous"] - rest, "p_value": p})
    frame = pd.DataFrame(rows, columns=FUNNEL_COLUMNS[:-2])
    frame["q_value"] = benjamini_hochberg(frame["p_value"]) if len(frame) else []
    frame["significant"] = frame["q_value"] < ALPHA
    return frame[FUNNEL_COLUMNS]
