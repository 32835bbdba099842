"""What one wave measured, per touchpoint and stage, in the raw form the change tests need.

Every figure comes from today's analyses (read-only): ``voc.analyse_voice`` clauses,
``behaviour.analyse_behaviour`` (drop table, stage reach, population, operations) and the study's
survey scores. Each measure is one row: keys (touchpoint, stage, measure), the test family
(``proportion`` with x / n, ``nps`` with good / bad / n, ``mean`` with per-sentence values and
people) and which side is better (``higher`` | ``lower`` | None when no side is better).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# name -> (family, better side); None = a change is reported but is neither better nor worse.
MEASURES = {
    "sentiment": ("mean", "higher"),
    "share_negative": ("mean", "lower"),
    "mention_rate": ("proportion", None),
    "drop_rate": ("proportion", "lower"),
    "reach": ("proportion", None),
    "conversion": ("proportion", "higher"),
    "nps": ("nps", "higher"),
    "csat_satisfied": ("proportion", "higher"),
    "ces_low_effort": ("proportion", "higher"),
    "share_missing_target": ("proportion", "lower"),
    # people who raised a theme / the stage's people (waves.themes); one row per theme, no better side
    "theme_share": ("proportion", None),
}
SCORE_MEASURE = {"csat": "csat_satisfied", "ces": "ces_low_effort", "nps": "nps"}


@dataclass
class Measure:
    touchpoint: str | None
    stage: str | None
    measure: str
    x: float = 0.0          # successes (proportion), promoters (nps)
    bad: float = 0.0        # detractors (nps)
    n: float = 0.0
    values: list = field(default_factory=list)   # per-sentence values (mean)
    people: list = field(default_factory=list)   # who said each sentence (mean)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.touchpoint, self.stage, self.measure)


def voice_measures(clauses: pd.DataFrame, config, rename: dict[str, str]) -> list[Measure]:
    """Sentiment, share negative (tested over people) and mention rate per touchpoint and stage."""
    out: list[Measure] = []
    speakers = clauses["participant"].astype(str).nunique()
    for kind, column, items in (("touchpoint", "touchpoints", config.touchpoints), ("stage", "stages", config.stages)):
        tagged = clauses[["participant", "compound", "label", column]].explode(column)
        for item in items:
            sub = tagged[tagged[column] == item.id]
            tp = rename.get(item.id, item.id) if kind == "touchpoint" else None
            stage = item.stage if kind == "touchpoint" else item.id
            people = sub["participant"].astype(str).tolist()
            out.append(Measure(tp, stage, "sentiment", values=sub["compound"].tolist(), people=people))
            out.append(Measure(tp, stage, "share_negative", values=(sub["label"] == "negative").astype(float).tolist(),
                               people=people))
            out.append(Measure(tp, stage, "mention_rate", x=len(set(people)), n=speakers))
    return out


def behaviour_measures(result, rename: dict[str, str]) -> list[Measure]:
    """Drop rate (with its baseline), reach per touchpoint, reach per stage, overall conversion."""
    out: list[Measure] = []
    users = float(result.population["users"])
    for r in result.touchpoints.itertuples():
        tp = rename.get(r.touchpoint, r.touchpoint)
        out.append(Measure(tp, r.stage, "drop_rate", x=r.dropped, n=r.reached,
                           context={"baseline": r.baseline, "ratio_to_baseline": r.ratio_to_baseline}))
        out.append(Measure(tp, r.stage, "reach", x=r.reached, n=users))
    for r in result.reach.itertuples():
        out.append(Measure(None, r.stage, "reach", x=r.reached, n=r.users))
    out.append(Measure(None, None, "conversion", x=result.population["converters"], n=users))
    return out


def score_measures(scores: pd.DataFrame, rename: dict[str, str]) -> list[Measure]:
    """NPS, CSAT satisfied and CES low effort per survey score column's touchpoint (or overall)."""
    out: list[Measure] = []
    if scores.empty:
        return out
    frame = scores.assign(tp=scores["touchpoint"].map(lambda t: rename.get(t, t) if isinstance(t, str) else None))
    for (kind, tp, stage), group in frame.groupby(["kind", frame["tp"].fillna(""), frame["stage"].fillna("")],
                                                  sort=False):
        measure = SCORE_MEASURE.get(kind)
        if measure is None:
            continue
        out.append(Measure(tp or None, stage or None, measure, x=int(group["good"].sum()), bad=int(group["bad"].sum()),
                           n=len(group)))
    return out


def operation_measures(operations: pd.DataFrame, rename: dict[str, str]) -> list[Measure]:
    """Share of operational records missing the touchpoint's target (support waits, delivery days...)."""
    out = []
    for r in operations.itertuples():
        out.append(Measure(rename.get(r.touchpoint, r.touchpoint), r.stage, "share_missing_target", x=r.missed, n=r.n,
                           context={"metric": f"{r.table}.{r.column}", "target": r.target}))
    return out
