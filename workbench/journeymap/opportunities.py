"""Opportunities: what to fix first, ranked by severity, each naming the department that owns it.

Sources, in the mismatch engine's unit of severity (people affected x size of the gap):

* every say-versus-do mismatch (its own severity);
* a touchpoint whose drop rate is above the journey's baseline with its whole 95% interval and no
  mismatch already names it: reached x (drop rate - baseline) = users lost beyond the baseline;
* an operational measure that misses its target with no mismatch naming it: users reaching the
  touchpoint (rows where there are no events) x share of rows missing the target.
"""
from __future__ import annotations

import math

import pandas as pd

from ..config import StudyConfig
from ..formats import metric_name

OPPORTUNITY_COLUMNS = ["rank", "stage", "touchpoint", "owner", "action", "basis", "severity", "source", "anchor"]
DROP_KINDS = ("said-positive-did-drop", "silent-friction", "loud-but-harmless")
# A drop above baseline is worth acting on from 1.25x the baseline: the mismatch engine's default
# drop_ratio (the four-fifths rule read the other way), so both sources use one materiality bar.
MATERIAL_RATIO = 1.25
ACTIONS = {
    "said-positive-did-drop": "find why users leave {label}, though they speak well of it",
    "silent-friction": "investigate {label}: users leave there and almost nobody says why",
    "score-high-story-negative": "act on the complaints behind good scores for {label}",
    "score-high-operations-miss": "bring {metric} to target for {label}",
    "loud-but-harmless": "answer the complaints about {label} (no measurable cost yet)",
}


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def opportunities(config: StudyConfig, touchpoints: pd.DataFrame, operations: pd.DataFrame,
                  mismatches: pd.DataFrame) -> pd.DataFrame:
    """Ranked opportunities (1 = most severe) across the whole journey."""
    owners = {t.id: t.owner or "owner not named" for t in config.touchpoints}
    labels = {t.id: t.label for t in config.touchpoints}
    stages = {t.id: t.stage for t in config.touchpoints}
    rows = []
    named = set()
    for r in mismatches.itertuples():
        named.add((r.touchpoint, "drop" if r.kind in DROP_KINDS else "ops" if "operations" in r.kind else r.kind))
        sev = _num(r.severity)
        metric = getattr(r, "metric", "") or ""
        metric = metric_name(metric) if isinstance(metric, str) and metric else "its operational measure"
        action = ACTIONS.get(r.kind, "look into {label}").format(label=r.label, metric=metric)
        unit = "users lost beyond the baseline" if r.kind in DROP_KINDS else "users who meet the problem"
        basis = f"≈ {sev:,.0f} {unit} ({r.kind})" if not math.isnan(sev) else f"{r.kind}; size not known"
        if r.kind == "loud-but-harmless":
            basis = f"many complain, but drop is {_num(r.effect):+.1f} pp against the baseline ({r.kind})"
        rows.append((r.stage, r.touchpoint, r.owner, action, basis, sev, "mismatch", r.anchor))
    if "above_baseline" in touchpoints.columns:
        for r in touchpoints[touchpoints["above_baseline"].fillna(False).astype(bool)
                                & (touchpoints["ratio_to_baseline"] >= MATERIAL_RATIO)].itertuples():
            if (r.touchpoint, "drop") in named:
                continue
            sev = r.reached * (r.drop_rate - r.baseline)
            rows.append((r.stage, r.touchpoint, owners[r.touchpoint], f"cut drop-off at {r.label}",
                         f"{100 * r.drop_rate:.0f}% of {int(r.reached):,} leave vs a {100 * r.baseline:.0f}% "
                         f"baseline: ≈ {sev:,.0f} users lost beyond it", sev, "drop-off", r.anchor))
    reached = touchpoints.set_index("touchpoint")["reached"] if "reached" in touchpoints.columns else pd.Series()
    for r in operations.itertuples() if len(operations) else []:
        if r.meets_target or r.meets_target is None or (r.touchpoint, "ops") in named:
            continue
        people = _num(reached.get(r.touchpoint, math.nan))
        people = people if people > 0 else r.n
        sev = people * r.share_missing_target
        rows.append((r.stage, r.touchpoint, owners.get(r.touchpoint, "owner not named"),
                     f"bring {metric_name(r.table, r.column)} to target for {labels.get(r.touchpoint, r.touchpoint)}",
                     f"{100 * r.share_missing_target:.0f}% of {int(r.n):,} rows miss the target: ≈ {sev:,.0f} "
                     f"users affected", sev, "operations", r.anchor))
    frame = pd.DataFrame(rows, columns=OPPORTUNITY_COLUMNS[1:])
    frame["stage"] = [s if s else stages.get(t, "") for s, t in zip(frame["stage"], frame["touchpoint"])]
    frame = frame.sort_values("severity", ascending=False, na_position="last").reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[OPPORTUNITY_COLUMNS]
