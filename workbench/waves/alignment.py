"""Which touchpoints of the earlier wave are which in the later one.

Same id: the same touchpoint. A touchpoint whose id is new in the later wave but whose label or
behavioural events match exactly one touchpoint that is gone is a *rename* (compared under its new
id). Everything else is *added* or *removed*. None of this is an error: a journey model grows.
"""
from __future__ import annotations

import pandas as pd

from ..config import StudyConfig

ALIGNMENT_COLUMNS = ["status", "before_id", "after_id", "label", "stage_before", "stage_after", "matched_by"]


def _match(gone, new_tp) -> tuple[str, str] | None:
    by_label = [t for t in gone if t.label.strip().lower() == new_tp.label.strip().lower()]
    if len(by_label) == 1:
        return by_label[0].id, "label"
    if new_tp.events:
        by_events = [t for t in gone if t.events and set(t.events) == set(new_tp.events)]
        if len(by_events) == 1:
            return by_events[0].id, "events"
    return None


def align_touchpoints(before: StudyConfig, after: StudyConfig) -> pd.DataFrame:
    """One row per touchpoint of either wave: status same | renamed | added | removed."""
    old = {t.id: t for t in before.touchpoints}
    new = {t.id: t for t in after.touchpoints}
    rows, used = [], set()
    for tid, tp in new.items():
        if tid in old:
            rows.append(("same", tid, tid, tp.label, old[tid].stage, tp.stage, "id"))
            used.add(tid)
    gone = [t for i, t in old.items() if i not in new]
    for tid, tp in new.items():
        if tid in old:
            continue
        found = _match([t for t in gone if t.id not in used], tp)
        if found:
            used.add(found[0])
            rows.append(("renamed", found[0], tid, tp.label, old[found[0]].stage, tp.stage, found[1]))
        else:
            rows.append(("added", None, tid, tp.label, None, tp.stage, None))
    for tid, tp in old.items():
        if tid not in used:
            rows.append(("removed", tid, None, tp.label, tp.stage, None, None))
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)


def renames(alignment: pd.DataFrame) -> dict[str, str]:
    """Earlier-wave id -> later-wave id for every touchpoint present in both waves."""
    both = alignment[alignment["status"].isin(["same", "renamed"])]
    return dict(zip(both["before_id"], both["after_id"]))
