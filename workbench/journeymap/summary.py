"""Three to five findings per report, each one sentence with its numbers, n and 95% interval.

Candidates come from the map's evidence in a fixed order of importance: the most severe
say-versus-do mismatches, the steepest funnel step, the worst-felt stage, the touchpoint losing
most users beyond the baseline, an operational measure missing its target, a missed target, and
the overall conversion. The first :data:`MAX_FINDINGS` distinct ones are kept; fewer than
:data:`MIN_FINDINGS` only when the data hold fewer (the report then says so).
"""
from __future__ import annotations

import pandas as pd

from ..behaviour.steepest_step import steepest_step
from .map_model import JourneyMap, interval, pct, plural, said_words, target_anchor

MIN_FINDINGS = 3
MAX_FINDINGS = 5
TOP_MISMATCHES = 2       # at most two of the five findings are mismatches, so other evidence shows too
# ``quote``: the words of the quote a finding cites, in quotation marks and shortened ("" for none);
# the report shows them beside the sentence, so no headline rests on a bare quote id (issue 12)
FINDING_COLUMNS = ["finding", "source", "touchpoint", "stage", "anchor", "quote"]


def findings(jmap: JourneyMap, k: int = MAX_FINDINGS) -> pd.DataFrame:
    """Up to ``k`` one-sentence findings (FINDING_COLUMNS), most important first."""
    ev = jmap.evidence
    rows: list[dict] = []
    rows += _mismatch_findings(ev["mismatches"])
    rows += _funnel_finding(ev["funnel"], jmap.order)
    rows += _feeling_finding(ev["feel"], ev.get("quotes"))
    rows += _drop_finding(ev["touchpoints"], {r["touchpoint"] for r in rows})
    rows += _operations_finding(ev["operations"], {r["touchpoint"] for r in rows if r["source"] == "mismatch"})
    rows += _target_finding(ev["targets"])
    rows += _conversion_finding(ev["funnel"])
    rows = [{"quote": "", **r} for r in rows]      # findings without a quote show none
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS).drop_duplicates("finding")
    return frame.head(k).reset_index(drop=True)


def _mismatch_findings(mm: pd.DataFrame) -> list[dict]:
    out = []
    for r in mm.head(TOP_MISMATCHES).itertuples():
        sentence = str(getattr(r, "evidence", "") or "").strip()
        if not sentence:
            continue
        out.append({"finding": sentence, "source": "mismatch", "touchpoint": r.touchpoint, "stage": r.stage,
                    "anchor": r.anchor, "quote": said_words(getattr(r, "quote", ""))})
    return out


def _funnel_finding(funnel: pd.DataFrame, order=None) -> list[dict]:
    """The steepest step, chosen only among steps with users on both sides and neither side a stage
    without events or one the order leaves unreachable (``order``: a stage_order.OrderDecision)."""
    if funnel.empty:
        return []
    r = steepest_step(funnel, getattr(order, "no_events", ()), getattr(order, "unreachable", ()))
    if r is None:
        return []
    before = _step_name(r["previous_label"])
    lost = int(r["n_previous"] - r["users"])
    return [{"finding": f"The steepest step of the journey is {before} → {_step_name(r['label'])}: only "
                        f"{pct(r['share_of_previous'], 1)} of the {int(r['n_previous']):,} users who got to {before} "
                        f"went on (95% CI {interval(r['previous_ci_low'], r['previous_ci_high'], 1)}), "
                        f"{lost:,} users left the ordered funnel there.",
             "source": "funnel", "touchpoint": "", "stage": r["stage"], "anchor": r["anchor"]}]


def _step_name(label: str) -> str:
    """Funnel step labels as prose: ``Goal: order_placed`` reads "the goal (order_placed)"."""
    return f"the goal ({label.removeprefix('Goal: ')})" if label.startswith("Goal: ") else label


def _feeling_finding(feel: pd.DataFrame, quotes: pd.DataFrame | None = None) -> list[dict]:
    said = feel[feel["mentions"] > 0]
    if len(said) < 2:
        return []
    r = said.loc[said["mean_sentiment"].idxmin()]
    best = said.loc[said["mean_sentiment"].idxmax()]
    return [{"finding": f"People feel worst about {r['label']}: mean sentiment {r['mean_sentiment']:+.2f} "
                        f"(95% CI {interval(r['ci_low'], r['ci_high'], percent=False, signed=True)}; "
                        f"{plural(r['mentions'], 'clause')} from {plural(r['people'], 'person', 'people')}), "
                        f"{pct(r['share_negative'])} of it negative and mostly {r['dominant_emotion']}, against "
                        f"{best['mean_sentiment']:+.2f} at {best['label']}.",
             "source": "feeling", "touchpoint": "", "stage": r["stage"], "anchor": r["anchor"],
             "quote": _stage_quote(quotes, r["stage"])}]


def _stage_quote(quotes: pd.DataFrame | None, stage: str) -> str:
    """The words of the stage's representative quote (the map's "say" lane), for the feeling finding."""
    if quotes is None or quotes.empty:
        return ""
    mine = quotes[quotes["stage"] == stage]
    return said_words(mine["sentence"].iloc[0]) if len(mine) else ""


def _drop_finding(tp: pd.DataFrame, covered: set) -> list[dict]:
    if "above_baseline" not in tp.columns:
        return []
    bad = tp[tp["above_baseline"].fillna(False).astype(bool) & ~tp["touchpoint"].isin(covered)]
    if bad.empty:
        return []
    bad = bad.assign(lost=bad["reached"] * (bad["drop_rate"] - bad["baseline"]))
    r = bad.loc[bad["lost"].idxmax()]
    return [{"finding": f"{pct(r['drop_rate'])} of the {int(r['reached']):,} users who reach {r['label']} leave the "
                        f"journey there (95% CI {interval(r['drop_ci_low'], r['drop_ci_high'])}), "
                        f"{r['ratio_to_baseline']:.1f}× the journey's baseline of {pct(r['baseline'])}.",
             "source": "drop-off", "touchpoint": r["touchpoint"], "stage": r["stage"], "anchor": r["anchor"]}]


def _operations_finding(ops: pd.DataFrame, covered: set) -> list[dict]:
    if ops.empty:
        return []
    miss = ops[(ops["meets_target"] == False) & ~ops["touchpoint"].isin(covered)]  # noqa: E712 (None = no data)
    if miss.empty:
        return []
    r = miss.loc[miss["share_missing_target"].idxmax()]
    what = "rate" if r["kind"] == "rate" else "median"
    head = r["mean"] if r["kind"] == "rate" else r["median"]
    sign = "at most" if r["better"] == "lower" else "at least"
    return [{"finding": f"{r['table']}.{r['column']} misses its target of {sign} {r['target']:g}: the {what} is "
                        f"{head:g}, and {pct(r['share_missing_target'])} of {int(r['n']):,} rows miss it "
                        f"(95% CI {interval(r['ci_low'], r['ci_high'])}).",
             "source": "operations", "touchpoint": r["touchpoint"], "stage": r["stage"], "anchor": r["anchor"]}]


def _target_finding(targets: pd.DataFrame) -> list[dict]:
    missed = targets[targets["status"] == "missed"]
    if missed.empty:
        return []
    missed = missed.assign(size=(missed["gap"].abs()))
    r = missed.loc[missed["size"].idxmax()]
    return [{"finding": f"The {r['kpi']} target for {r['stage']} ({r['target_text']}) is missed: {r['gap_text']}.",
             "source": "target", "touchpoint": "", "stage": r["stage"], "anchor": target_anchor(r["stage"], r["kpi"])}]


def _conversion_finding(funnel: pd.DataFrame) -> list[dict]:
    goal = funnel[funnel["stage"] == "goal"] if len(funnel) else funnel
    if goal.empty or not goal["n_start"].iloc[0]:
        return []
    r = goal.iloc[0]
    return [{"finding": f"{pct(r['share_of_start'], 1)} of the {int(r['n_start']):,} users who entered the journey "
                        f"went through every step of the funnel to the goal, {r['label'].removeprefix('Goal: ')} "
                        f"(95% CI {interval(r['ci_low'], r['ci_high'], 1)}).",
             "source": "conversion", "touchpoint": "", "stage": "goal", "anchor": r["anchor"]}]

