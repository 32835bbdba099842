"""Figures and display tables for the behaviour chapter. Each function takes computed results and
returns an embedded PNG (``workbench.report.figures.as_image``: shown exactly once, in any
notebook or report) or a DataFrame; nothing is computed from events here, and no pyplot state is
touched."""
from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Image
from matplotlib.figure import Figure

from ...formats import interval
from ..figures import as_image
from ...behaviour.analysis import BehaviourResult
from ...behaviour.dropoff import MIN_RATIO_TO_BASELINE

# Transitions drawn in the path table around a step: the ten largest keep it readable.
TOP_TRANSITIONS = 10
COLORS = {"bar": "#4f81bd", "flag": "#c0504d", "small": "#bbbbbb", "line": "#1f2933"}


def _errors(frame: pd.DataFrame, value: str, low: str, high: str) -> np.ndarray:
    v = frame[value].to_numpy(dtype=float)
    return np.vstack([np.nan_to_num(v - frame[low].to_numpy(dtype=float)),
                      np.nan_to_num(frame[high].to_numpy(dtype=float) - v)])


def funnel_figure(result: BehaviourResult) -> Image:
    """Share of the funnel's start reaching each step, with 95% Wilson intervals."""
    f = result.funnel
    fig = Figure(figsize=(8, 0.9 + 0.45 * len(f)))
    ax = fig.add_subplot()
    y = np.arange(len(f))[::-1]
    ax.barh(y, f["share_of_start"].fillna(0), xerr=_errors(f, "share_of_start", "ci_low", "ci_high"),
            color=[COLORS["flag"] if s == "goal" else COLORS["bar"] for s in f["stage"]], capsize=3)
    ax.set_yticks(y, [f"{lab} (n={n:,})" for lab, n in zip(f["label"], f["users"])])
    for yy, share in zip(y, f["share_of_start"].fillna(0)):
        inside = share > 0.85   # no room right of a long bar: write inside it
        ax.text(share - 0.02 if inside else share + 0.02, yy, f"{share:.0%}", va="center", fontsize=8,
                ha="right" if inside else "left", color="white" if inside else "black")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of users who started the funnel (95% interval)")
    ax.set_title(f"Ordered funnel, persona: {result.persona}")
    fig.tight_layout()
    return as_image(fig)


def dropoff_figure(result: BehaviourResult) -> Image:
    """Drop rate per touchpoint with 95% intervals against the journey's baseline."""
    t = result.touchpoints[result.touchpoints["reached"] > 0]
    fig = Figure(figsize=(8, 1.0 + 0.38 * max(len(t), 1)))
    ax = fig.add_subplot()
    y = np.arange(len(t))[::-1]
    colors = [COLORS["flag"] if a else (COLORS["small"] if s else COLORS["bar"])
              for a, s in zip(t["above_baseline"], t["small_sample"])]
    ax.barh(y, t["drop_rate"], xerr=_errors(t, "drop_rate", "ci_low", "ci_high"), color=colors, capsize=3)
    ax.set_yticks(y, [f"{lab} (n={n:,})" for lab, n in zip(t["label"], t["reached"])])
    baseline = t["baseline"].iloc[0] if len(t) else np.nan
    if baseline == baseline:
        ax.axvline(baseline, color=COLORS["line"], linestyle="--", label=f"baseline (median) {baseline:.0%}")
        ax.axvline(baseline * MIN_RATIO_TO_BASELINE, color=COLORS["line"], linestyle=":",
                   label=f"{MIN_RATIO_TO_BASELINE:g}x baseline")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_xlabel("drop rate: left the journey after it without reaching the goal (95% interval)")
    ax.set_title(f"Drop-off by touchpoint, persona: {result.persona}\n"
                 f"red: above baseline and at least {MIN_RATIO_TO_BASELINE:g}x it; grey: small sample", fontsize=10)
    fig.tight_layout()
    return as_image(fig)


def time_to_goal_figure(result: BehaviourResult) -> Image:
    """Distribution of time from first event to goal."""
    d = result.time_distribution
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    ax.bar(d["bin"], d["share"].fillna(0), yerr=_errors(d, "share", "ci_low", "ci_high"), color=COLORS["bar"],
           capsize=3)
    ax.set_ylabel("share of converters")
    n = int(d["n"].iloc[0]) if len(d) else 0
    ax.set_title(f"Time from first event to goal (n={n:,}; 95% intervals)")
    fig.tight_layout()
    return as_image(fig)


def operations_figure(result: BehaviourResult) -> Image | None:
    """Share of rows missing each operational target, with intervals; None when there are none."""
    o = result.operations
    if o.empty:
        return None
    fig = Figure(figsize=(8, 1.0 + 0.5 * len(o)))
    ax = fig.add_subplot()
    y = np.arange(len(o))[::-1]
    ax.barh(y, o["share_missing_target"].fillna(0), xerr=_errors(o, "share_missing_target", "ci_low", "ci_high"),
            color=[COLORS["bar"] if m else COLORS["flag"] for m in o["meets_target"]], capsize=3)
    ax.set_yticks(y, [f"{tp}: {c} ({'<=' if b == 'lower' else '>='} {t:g}, n={n:,})" for tp, c, b, t, n in
                      zip(o["touchpoint"], o["column"], o["better"], o["target"], o["n"])])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of rows missing the target (95% interval); red: headline misses target")
    fig.tight_layout()
    return as_image(fig)


def paths_table(result: BehaviourResult, top: int = TOP_TRANSITIONS) -> pd.DataFrame:
    """Transitions into and out of the worst drop-off touchpoint's events, largest first."""
    if result.worst_touchpoint is None:
        return pd.DataFrame(columns=["source", "target", "transitions", "share_of_source"])
    events = {e for e, tp in result.event_touchpoints.items() if tp == result.worst_touchpoint}
    t = result.transitions
    around = t[t["source"].isin(events) | t["target"].isin(events)] if events else t
    return around.head(top).reset_index(drop=True)


def headline_table(result: BehaviourResult) -> pd.DataFrame:
    """Touchpoints above baseline, worst first, in words a researcher reads."""
    t = result.touchpoints
    t = t[t["above_baseline"]].sort_values("drop_rate", ascending=False)
    return pd.DataFrame({"touchpoint": t["label"], "reached": t["reached"], "dropped": t["dropped"],
                         "drop rate": t["drop_rate"].map("{:.1%}".format),
                         "95% interval": [interval(a, b, 1) for a, b in zip(t["ci_low"], t["ci_high"])],
                         "x baseline": t["ratio_to_baseline"].round(2)}).reset_index(drop=True)
