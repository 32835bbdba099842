"""Readable tables for the behaviour chapter: rates as percentages with their 95% interval and n,
one HTML table each (the report's shared ``wb-table`` style). Nothing is computed from events
here; the raw numbers stay in the BehaviourResult and in the report's data/*.csv files."""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML

from ...formats import MISSING, number, pct, rate
from ..table import table
from ...behaviour.analysis import BehaviourResult
from ...behaviour.dropoff import MIN_RATIO_TO_BASELINE

# Rows of the "what non-converters did last" table: the ten commonest last events.
TOP_LAST_EVENTS = 10


def _hours(value: float) -> str:
    if value is None or math.isnan(value):
        return MISSING
    if value < 1:
        return f"{value * 60:.0f} min"
    if value < 48:
        return f"{value:.1f} h"
    return f"{value / 24:.1f} days"


def population_table(result: BehaviourResult) -> HTML:
    """Users in scope and conversion with its interval."""
    p = result.population
    frame = pd.DataFrame({"users": [f"{int(p['users']):,}"], "converters": [f"{int(p['converters']):,}"],
                          "conversion (95% CI)": [rate(p["conversion"], p["ci_low"], p["ci_high"], 1)]})
    return table(frame, f"Persona: {result.persona}; the goal is the study's goal event.",
                 right=("users", "converters"))


def funnel_table(result: BehaviourResult) -> HTML:
    f = result.funnel
    frame = pd.DataFrame({
        "step": f["label"], "users": f["users"].map("{:,}".format),
        "of previous step (95% CI)": [rate(*v, 1) for v in zip(f["share_of_previous"], f["previous_ci_low"],
                                                             f["previous_ci_high"])],
        "of funnel start (95% CI)": [rate(*v, 1) for v in zip(f["share_of_start"], f["ci_low"], f["ci_high"])],
        "small sample": f["small_sample"].map({True: "yes", False: ""})})
    return table(frame, right=("users",))


def touchpoints_table(result: BehaviourResult) -> HTML:
    t = result.touchpoints
    baseline = t["baseline"].iloc[0] if len(t) else math.nan
    frame = pd.DataFrame({
        "touchpoint": t["label"], "stage": t["stage"], "reached": t["reached"].map("{:,}".format),
        "dropped": t["dropped"].map("{:,}".format),
        "drop rate (95% CI)": [rate(*v, 1) for v in zip(t["drop_rate"], t["ci_low"], t["ci_high"])],
        "x baseline": t["ratio_to_baseline"].map(number),
        "flagged": t["above_baseline"].map({True: "above baseline", False: ""}),
        "conversion if exposed": [rate(*v, 1) for v in zip(t["exposed_conversion"], t["exposed_ci_low"],
                                                         t["exposed_ci_high"])],
        "if not exposed": [rate(*v, 1) for v in zip(t["unexposed_conversion"], t["unexposed_ci_low"],
                                                  t["unexposed_ci_high"])]})
    caption = (f"Baseline (median drop rate over touchpoints with enough users): {pct(baseline, 1)}. Flagged: the "
               f"interval lies above the baseline and the rate is at least {MIN_RATIO_TO_BASELINE:g}x it.")
    return table(frame, caption, right=("reached", "dropped", "x baseline"))


def worst_note(result: BehaviourResult) -> HTML:
    if result.worst_touchpoint is None:
        return HTML("<p class='wb-note'>No touchpoint has enough users to compare drop rates.</p>")
    row = result.touchpoints.set_index("touchpoint").loc[result.worst_touchpoint]
    return HTML(f"<p>Highest drop rate: <b>{html.escape(str(row['label']))}</b> ({pct(row['drop_rate'], 1)} of "
                f"{int(row['reached']):,} users, {row['ratio_to_baseline']:.2f}x the baseline). Where the "
                "non-converters who reached it went next, then the transitions into and out of it:</p>")


def shares_table(frame: pd.DataFrame, count: str = "users", top: int | None = None) -> HTML:
    """An event / touchpoint / count / share table (next steps, last events)."""
    if frame.empty:
        return HTML("<p class='wb-note'>No users here.</p>")
    f = frame.head(top) if top else frame
    out = pd.DataFrame({"event": f["event"], "touchpoint": f["touchpoint"].fillna(MISSING),
                        count: f[count].map("{:,}".format),
                        "share (95% CI)": [rate(*v, 1) for v in zip(f["share"], f["ci_low"], f["ci_high"])]})
    n = int(frame["n"].iloc[0]) if len(frame) else 0
    return table(out, f"n = {n:,} users", right=(count,))


def last_events_table(result: BehaviourResult) -> HTML:
    return shares_table(result.last_events, top=TOP_LAST_EVENTS)


def transitions_table(frame: pd.DataFrame) -> HTML:
    if frame.empty:
        return HTML("<p class='wb-note'>No transitions here.</p>")
    out = pd.DataFrame({"from": frame["source"], "to": frame["target"],
                        "transitions": frame["transitions"].map("{:,}".format),
                        "share of 'from'": frame["share_of_source"].map(lambda v: pct(v, 1))})
    return table(out, right=("transitions", "share of 'from'"))


def time_to_goal_table(result: BehaviourResult) -> HTML:
    s = result.time_to_goal
    out = pd.DataFrame({"statistic": s["statistic"].map({"median": "median", "p90": "90th percentile"}),
                        "time to goal": s["hours"].map(_hours),
                        "95% CI": [f"{_hours(a)}–{_hours(b)}" for a, b in zip(s["ci_low"], s["ci_high"])],
                        "converters": s["n"].map("{:,}".format)})
    return table(out, right=("converters",))


def kpis_table(result: BehaviourResult) -> HTML:
    k = result.kpis
    out = pd.DataFrame({"KPI": k["kpi"], "rate (95% CI)": [rate(*v, 1) for v in zip(k["rate"], k["ci_low"], k["ci_high"])],
                        "count / n": [f"{c:,} / {n:,}" for c, n in zip(k["count"], k["n"])],
                        "definition": k["definition"]})
    return table(out, right=("count / n",))


def retention_table(result: BehaviourResult) -> HTML:
    """Cohort weeks down, weeks later across: the share retained (cohort size in the first column)."""
    r = result.retention
    if r.empty:
        return HTML("<p class='wb-note'>No converters, so no retention cohorts.</p>")
    cells = r.assign(cell=[f"{s:.1%}" + ("*" if small else "") for s, small in zip(r["share"], r["small_sample"])])
    wide = cells.pivot(index=["cohort_week", "cohort_users"], columns="weeks_later", values="cell")
    wide.columns = [f"week +{c}" for c in wide.columns]
    wide = wide.reset_index().rename(columns={"cohort_week": "cohort (first goal, week of)", "cohort_users": "users"})
    return table(wide.astype(str), "Share of each cohort with another goal event k weeks later; * small sample.",
                 right=tuple(wide.columns[1:]))


def operations_table(result: BehaviourResult) -> HTML:
    o = result.operations
    if o.empty:
        return HTML("<p class='wb-note'>No operational measures with targets in study.yml.</p>")
    out = pd.DataFrame({
        "touchpoint": o["touchpoint"], "measure": o["table"] + "." + o["column"],
        "target": [f"{'<=' if b == 'lower' else '>='} {t:g}" for b, t in zip(o["better"], o["target"])],
        "n": o["n"].map("{:,}".format),
        "median / rate": [f"{m:.1%}" if k == "rate" else f"{d:g}" for k, m, d in zip(o["kind"], o["mean"], o["median"])],
        "p90": [(MISSING if k == "rate" else f"{p:g}") for k, p in zip(o["kind"], o["p90"])],
        "missing target (95% CI)": [rate(*v, 1) for v in zip(o["share_missing_target"], o["ci_low"], o["ci_high"])],
        "meets target": o["meets_target"].map({True: "yes", False: "no", None: MISSING})})
    return table(out, right=("n", "median / rate", "p90"))


def comparisons_table(result: BehaviourResult) -> HTML:
    c = result.comparisons
    c = c[c["significant"] & (c["persona"] == result.persona)] if result.persona != "all" else c[c["significant"]]
    if c.empty:
        return HTML("<p class='wb-note'>No difference between this persona and the rest survives the "
                    "Benjamini-Hochberg correction.</p>")
    out = pd.DataFrame({"persona": c["persona"], "measure": c["measure"], "touchpoint": c["touchpoint"],
                        "persona rate (95% CI)": [rate(*v, 1) for v in zip(c["rate"], c["ci_low"], c["ci_high"])],
                        "n": c["n"].map("{:,}".format), "rest": c["rest_rate"].map(lambda v: pct(v, 1)),
                        "q (BH)": c["q_value"].map(lambda q: f"{q:.2g}")})
    return table(out, "Each persona against everyone else; only differences with q < 0.05 are shown.",
                 right=("n", "rest", "q (BH)"))
