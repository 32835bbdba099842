"""The map's pain points are themes: ``workbench.themes.pain_points`` placed in the map's cells.

A pain point is a theme raised by at least three people, most of them negative about it or asking
for something missing (see :func:`workbench.themes.pain_points`); on the map it shows the theme's
label in the customers' words, how many people raised it and the share negative with its 95%
interval over people. Opportunities at the same touchpoint (or, with none named, the same stage)
cite the pain points behind them.
"""
from __future__ import annotations

import pandas as pd

from ..formats import interval, pct, plural

TOP_PAIN_THEMES = 3      # pain-point themes per stage on the map (a cell stays readable)
CITED = 2                # pain points an opportunity cites
PAIN_COLUMNS = ["theme", "label", "kind", "stage", "touchpoints", "people", "units", "share_negative", "ci_low",
                "ci_high", "share_need", "need_ci_low", "need_ci_high", "quote_ids", "anchor"]


def pain_evidence(themes: pd.DataFrame | None, anchor) -> pd.DataFrame:
    """The pain-point themes with an HTML anchor each (``anchor(kind, key)``); empty without themes."""
    if themes is None or not len(themes):
        return pd.DataFrame(columns=PAIN_COLUMNS)
    from ..themes import pain_points
    pains = pain_points(themes)
    need = themes.set_index("theme")[["need_ci_low", "need_ci_high"]]
    pains = pains.join(need, on="theme")
    return pains.assign(anchor=[anchor("th", t) for t in pains["theme"]])[PAIN_COLUMNS]


def pain_detail(r) -> str:
    people = plural(r.people, "person", "people")
    if r.kind == "unmet need":
        return (f"unmet need: {pct(r.share_need)} of {people} asked for it (95% CI "
                f"{interval(r.need_ci_low, r.need_ci_high)}); {pct(r.share_negative)} negative (95% CI "
                f"{interval(r.ci_low, r.ci_high)})")
    return f"raised by {people}; {pct(r.share_negative)} negative (95% CI {interval(r.ci_low, r.ci_high)})"


def pain_items(stage: str, pains: pd.DataFrame, k: int = TOP_PAIN_THEMES) -> list[dict]:
    """The map's pain-lane items of ``stage``: its pain-point themes, most people first."""
    mine = pains[pains["stage"] == stage].head(k)
    return [{"text": f"“{r.label}”", "anchor": r.anchor, "tone": "bad", "detail": pain_detail(r)}
            for r in mine.itertuples()]


def cite_pains(opps: pd.DataFrame, pains: pd.DataFrame, k: int = CITED) -> pd.DataFrame:
    """A new opportunities table whose ``basis`` cites the pain-point themes at the same touchpoint
    (at the same stage when the opportunity names no touchpoint); ``themes`` lists their ids."""
    out = opps.copy()
    cited_ids, bases = [], []
    for r in out.itertuples():
        tp = str(r.touchpoint or "")
        if not len(pains):
            mine = pains
        elif tp:
            mine = pains[pains["touchpoints"].fillna("").map(lambda s: tp in str(s).split("|")).astype(bool)]
        else:
            mine = pains[pains["stage"] == r.stage]
        mine = mine.head(k)
        cited_ids.append("|".join(mine["theme"]))
        said = "; ".join(f"“{x.label}” ({plural(x.people, 'person', 'people')})" for x in mine.itertuples())
        bases.append(f"{r.basis}; customers say: {said}" if said else r.basis)
    out["basis"] = bases
    out["themes"] = cited_ids
    return out
