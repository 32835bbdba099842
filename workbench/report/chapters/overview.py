"""Rendering for the study overview chapter: HTML tables and interval charts (no computing here)."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from ...overview import persona_description, persona_label
from ...formats import count, interval, number, rate
from ..figures import as_image
from ..table import table
from ...study import Study

PALETTE = {"bar": "#2f5d8a", "interval": "#1f2933", "flag": "#b26a00", "grid": "#d9e2ec"}




def intro(study: Study, persona: str) -> HTML:
    cfg = study.config
    stages = " → ".join(s.label for s in cfg.stages)
    return HTML(f"<p><strong>{html.escape(persona_label(study, persona))}</strong>: "
                f"{html.escape(persona_description(study, persona))}</p>"
                f"<p class='wb-note'>Journey: {html.escape(stages)}; {len(cfg.touchpoints)} touchpoints. "
                f"Every rate below carries its n and a 95% interval; samples under 30 are flagged ⚑.</p>")


def sample_table(sizes: pd.DataFrame) -> HTML:
    """The evidence table: sample sizes, then any warning with the rows or files it left out."""
    shown = sizes.assign(n=sizes["n"].map(count)).rename(
        columns={"source": "Source", "what": "What", "n": "n"})
    return table(shown, right=("n",))


def scores_table(scores: pd.DataFrame) -> HTML:
    if scores.empty:
        return HTML("<p class='wb-note'>No survey scores for this group.</p>")
    shown = pd.DataFrame({
        "Survey": scores["survey"], "Question": scores["column"], "Kind": scores["kind"].str.upper(),
        "About": scores["about"], "n": scores["n"],
        "Measure": scores["measure"],
        "Value (95% CI)": [f"{number(v, 1)} ({interval(lo, hi, percent=False, decimals=1)})" for v, lo, hi in
                           zip(scores["value"], scores["ci_low"], scores["ci_high"])],
        "Mean (95% CI)": [f"{number(m, 2)} ({interval(lo, hi, percent=False)})" for m, lo, hi in
                          zip(scores["mean"], scores["mean_ci_low"], scores["mean_ci_high"])],
        "": ["⚑ small sample" if s else "" for s in scores["small_sample"]],
    })
    return table(shown, right=("n",))


def scores_chart(scores: pd.DataFrame):
    """Each score's headline measure with its 95% interval, one row per survey question."""
    if scores.empty:
        return HTML("")
    fig = Figure(figsize=(8, 0.55 * len(scores) + 1.2), dpi=110)
    ax = fig.subplots()
    labels = [f"{k.upper()} · {a} ({s}:{c})" for k, a, s, c in
              zip(scores["kind"], scores["about"], scores["survey"], scores["column"])]
    y = range(len(scores))
    below = (scores["value"] - scores["ci_low"]).clip(lower=0).fillna(0)
    above = (scores["ci_high"] - scores["value"]).clip(lower=0).fillna(0)
    ax.errorbar(scores["value"], y, xerr=[below, above],
                fmt="o", color=PALETTE["bar"], ecolor=PALETTE["interval"], capsize=4)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.axvline(0, color=PALETTE["grid"], lw=1)
    ax.set_xlim(min(-5, float(scores["ci_low"].min()) - 5), 100)
    ax.set_xlabel("NPS points, or % satisfied / low effort (95% interval)")
    ax.grid(axis="x", color=PALETTE["grid"])
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return as_image(fig)


def reach_table(reach: pd.DataFrame) -> HTML:
    if reach.empty:
        return HTML("<p class='wb-note'>No behavioural data for this group.</p>")
    shown = pd.DataFrame({
        "Stage": reach["label"], "Users": reach["users"].map(lambda v: f"{int(v):,}"),
        "Reached": reach["reached"].map(lambda v: f"{int(v):,}"),
        "Share (95% CI)": [rate(s, lo, hi, 1) for s, lo, hi in
                           zip(reach["share"], reach["ci_low"], reach["ci_high"])],
        "": ["⚑ small sample" if s else "" for s in reach["small_sample"]],
    })
    return table(shown, right=("Users", "Reached"))


def reach_chart(reach: pd.DataFrame):
    """Share of users reaching each stage, with 95% Wilson intervals."""
    if reach.empty:
        return HTML("")
    fig = Figure(figsize=(8, 3.2), dpi=110)
    ax = fig.subplots()
    x = range(len(reach))
    share = 100 * reach["share"]
    ax.bar(list(x), share, color=PALETTE["bar"], alpha=0.85)
    ax.errorbar(list(x), share, yerr=[(share - 100 * reach["ci_low"]).clip(lower=0).fillna(0),
                                      (100 * reach["ci_high"] - share).clip(lower=0).fillna(0)],
                fmt="none", ecolor=PALETTE["interval"], capsize=5)
    for i, value in zip(x, share):
        ax.text(i, value + 2, f"{value:.1f}%", ha="center", fontsize=9)
    ax.set_xticks(list(x), reach["label"])
    ax.set_ylim(0, 110)
    ax.set_ylabel("% of users reaching the stage")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return as_image(fig)


def facts(lines: list[str]) -> HTML:
    return HTML("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>")
