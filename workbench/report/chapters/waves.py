"""The change-over-time chapter: what changed since the previous wave, touchpoint by touchpoint.

Every function takes a persona's ``PersonaResults.waves`` (:class:`~workbench.analysis.waves_drivers.WavesResult`)
and returns a display object; nothing here computes a statistic. Each change row carries the id the
journey map's ▲/▼ markers link to.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from ...formats import MISSING, q_text
from ...journeymap.map_model import change_anchor
from ...waves.inference import MIN_PEOPLE_TO_TEST, TOO_FEW_PEOPLE
from ...waves.themes import APPEARED, FADED, MATCHED, THEME_MEASURE
from ...waves.wording import DIRECTION_TEXT, arrow, change_text, count_text, interval_text, measure_label, value_text
from .tables import cell, note, table

__all__ = ["intro", "detected", "every_change", "touchpoints", "mismatches", "themes"]

THEME_STATUS_TEXT = {APPEARED: "appeared (only in this wave)", FADED: "faded (only in the previous wave)",
                     MATCHED: "in both waves"}
STATUS_TEXT = {"gone": "flagged before, gone now", "new": "new in this wave", "still": "flagged in both waves"}
_NOTHING = "No previous wave to compare with."
SECTION_ID = "wb-wave-comparison"       # the index links here


def _changes(waves) -> pd.DataFrame | None:
    return None if waves is None or waves.comparison is None else waves.comparison.changes


def intro(waves) -> HTML:
    """One paragraph: which waves, how many changes were tested and how many are better or worse.
    With no previous wave: one line saying so (and why)."""
    changes = _changes(waves)
    if changes is None:
        return HTML(f"<p class='wb-note' id='{SECTION_ID}'>"
                    f"{cell(waves.note if waves is not None and waves.note else _NOTHING)}</p>")
    tested = int(changes["p_value"].notna().sum())
    counts = changes["direction"].value_counts()
    small = int(changes["small_sample"].sum())
    few = int((changes["note"] == TOO_FEW_PEOPLE).sum()) if "note" in changes else 0
    untested = (f", of which {few:,} have too few people (under {MIN_PEOPLE_TO_TEST} in a wave) to test at all"
                if few else "")
    return HTML(
        f"<p id='{SECTION_ID}'>Compared with the previous wave <strong>{cell(waves.previous_title)}</strong> "
        f"(study '{cell(waves.previous)}'): {tested:,} changes tested, "
        f"<strong>{int(counts.get('better', 0)):,} better</strong>, <strong>{int(counts.get('worse', 0)):,} worse</strong>, "
        f"the rest no detectable change. Each change has its 95% interval (two-proportion tests for rates, NPS from "
        f"the multinomial variance; for sentiment a bootstrap over people for the interval and a permutation test "
        f"over people for p). The p-values are corrected with Benjamini-Hochberg within what people say (voice) "
        f"and within what they do and score (events, surveys, operations), and only q &lt; 0.05 counts. "
        f"{small:,} changes rest on a small sample on one side (flagged <em>small sample</em>){untested}.</p>")


def _frame(changes: pd.DataFrame, labels: dict[str, str], stages: dict[str, str]) -> pd.DataFrame:
    out = pd.DataFrame({
        "Touchpoint": [labels.get(t, t) if isinstance(t, str) else "(whole stage)" for t in changes["touchpoint"]],
        "Stage": [stages.get(s, s) if isinstance(s, str) else "(whole journey)" for s in changes["stage"]],
        "Measure": [measure_label(m) for m in changes["measure"]],
        "Before": [value_text(m, v) for m, v in zip(changes["measure"], changes["before"])],
        "After": [value_text(m, v) for m, v in zip(changes["measure"], changes["after"])],
        "Change": [f"{arrow(c)} {change_text(m, c)}".strip() for m, c in zip(changes["measure"], changes["change"])],
        "95% interval": [interval_text(m, lo, hi) for m, lo, hi in zip(changes["measure"], changes["ci_low"],
                                                                        changes["ci_high"])],
        "q": [q_text(q) for q in changes["q_value"]],
        "Verdict": [DIRECTION_TEXT.get(d, d) for d in changes["direction"]],
        "n before → after": [f"{count_text(a)} → {count_text(b)}" for a, b in zip(changes["n_before"], changes["n_after"])],
        "Sample": [note if isinstance(note, str) and note else "small sample" if s else ""
                   for s, note in zip(changes["small_sample"], changes.get("note", [""] * len(changes)))],
    })
    return out


def _names(config) -> tuple[dict[str, str], dict[str, str]]:
    return {t.id: t.label for t in config.touchpoints}, {s.id: s.label for s in config.stages}


def _rows(changes: pd.DataFrame, config, caption: str, anchors: bool) -> HTML:
    order = {s.id: i for i, s in enumerate(config.stages)}
    changes = changes.assign(_o=changes["stage"].map(order).fillna(len(order))).sort_values(
        ["_o", "touchpoint", "measure"], na_position="first", kind="stable")
    ids = [change_anchor(t if isinstance(t, str) else None, s if isinstance(s, str) else None, m)
           for t, s, m in zip(changes["touchpoint"], changes["stage"], changes["measure"])] if anchors else None
    return table(_frame(changes, *_names(config)), caption, ids=ids,
                 right=("Before", "After", "Change", "n before → after"))


def detected(waves, config) -> HTML:
    """The changes labelled better or worse (the ones the journey map marks), in journey order."""
    changes = _changes(waves)
    if changes is None:
        return note(_NOTHING)
    shown = changes[changes["direction"].isin(["better", "worse"])]
    if shown.empty:
        return note("No change between the waves survives the correction: nothing is better or worse.")
    return _rows(shown, config, "Better or worse since the previous wave (q < 0.05 after Benjamini-Hochberg).", True)


def every_change(waves, config) -> HTML:
    """Every change tested, better, worse or not detectable: the audit trail of the comparison."""
    changes = _changes(waves)
    if changes is None:
        return note(_NOTHING)
    # the themes' rows have their own list (:func:`themes`), with their labels
    rest = changes[~changes["direction"].isin(["better", "worse"]) & (changes["measure"] != THEME_MEASURE)]
    return _rows(rest, config, "Every other change tested: no detectable change (or no side is better, such as "
                               "mention rate and reach).", False)


def touchpoints(waves, config) -> HTML:
    """Touchpoints added, removed or renamed between the waves (never an error)."""
    if _changes(waves) is None:
        return note(_NOTHING)
    moved = waves.comparison.touchpoints
    moved = moved[moved["status"] != "same"]
    if moved.empty:
        return note("Both waves have the same touchpoints.")
    return table(pd.DataFrame({"Status": moved["status"], "Touchpoint": moved["label"],
                               "Id before": moved["before_id"].fillna(MISSING), "Id now": moved["after_id"].fillna(MISSING),
                               "Matched by": moved["matched_by"].fillna(MISSING)}))


def mismatches(waves, config) -> HTML:
    """Say-versus-do findings flagged before and gone now, new ones, and those flagged in both waves."""
    if _changes(waves) is None:
        return note(_NOTHING)
    found = waves.comparison.mismatches
    if found.empty:
        return note("No say-versus-do finding in either wave.")
    labels, stages = _names(config)
    order = {"gone": 0, "new": 1, "still": 2}
    found = found.assign(_o=found["status"].map(order)).sort_values(["_o", "touchpoint"], kind="stable")
    effect = lambda v: MISSING if pd.isna(v) else f"{float(v):+.2f}"   # noqa: E731
    return table(pd.DataFrame({
        "Finding": [STATUS_TEXT.get(s, s) for s in found["status"]],
        "Touchpoint": [labels.get(t, t) for t in found["touchpoint"]],
        "Stage": [stages.get(s, s) for s in found["stage"]], "Kind": found["kind"],
        "Gap before": [effect(v) for v in found["effect_before"]],
        "Gap now": [effect(v) for v in found["effect_after"]],
        "q before": [q_text(q) if pd.notna(q) else MISSING for q in found["q_value_before"]],
        "q now": [q_text(q) if pd.notna(q) else MISSING for q in found["q_value_after"]]}),
        right=("Gap before", "Gap now"))


def _people(x, n) -> str:
    return f"{int(x):,} of {int(n):,}" if int(x) else f"– of {int(n):,}"


def themes(waves, config) -> HTML:
    """Themes that appeared or faded since the previous wave, per stage, with people before and after;
    then the themes found in both waves with the change in the share of the stage's people raising them."""
    if _changes(waves) is None:
        return note(_NOTHING)
    found = getattr(waves.comparison, "themes", None)
    if found is None or found.empty:
        return note("Neither wave has a theme to compare.")
    changes = waves.comparison.changes
    tests = changes[changes["measure"] == THEME_MEASURE].reset_index(drop=True)
    _, stages = _names(config)
    order = {s.id: i for i, s in enumerate(config.stages)}
    status_order = {APPEARED: 0, FADED: 1, MATCHED: 2}
    # wave_themes and the theme_share rows of changes.csv are built in the same order, one row per theme
    rows = found.reset_index(drop=True).assign(
        _s=lambda f: f["stage"].map(order).fillna(len(order)), _o=lambda f: f["status"].map(status_order),
        q=tests["q_value"] if len(tests) == len(found) else float("nan"),
        change=tests["change"] if len(tests) == len(found) else float("nan"),
        low=tests["ci_low"] if len(tests) == len(found) else float("nan"),
        high=tests["ci_high"] if len(tests) == len(found) else float("nan"),
        sample=tests["note"] if len(tests) == len(found) else "")
    rows = rows.sort_values(["_o", "_s", "people_after", "people_before"], ascending=[True, True, False, False],
                            kind="stable")
    label = lambda r: r["label_after"] if isinstance(r["label_after"], str) else r["label_before"]   # noqa: E731
    frame = pd.DataFrame({
        "Theme": [THEME_STATUS_TEXT.get(s, s) for s in rows["status"]],
        "Stage": [stages.get(s, s) for s in rows["stage"]],
        "Label now": [label(r) for _, r in rows.iterrows()],
        "Label before": [b if isinstance(b, str) and b != label(r) else "" for b, (_, r) in
                         zip(rows["label_before"], rows.iterrows())],
        "People before": [_people(x, n) for x, n in zip(rows["people_before"], rows["stage_people_before"])],
        "People now": [_people(x, n) for x, n in zip(rows["people_after"], rows["stage_people_after"])],
        "Change": [f"{arrow(c)} {change_text(THEME_MEASURE, c)}".strip() if pd.notna(c) else MISSING for c in rows["change"]],
        "95% interval": [interval_text(THEME_MEASURE, lo, hi) for lo, hi in zip(rows["low"], rows["high"])],
        "q": [q_text(q) if pd.notna(q) else MISSING for q in rows["q"]],
        "Sample": [s if isinstance(s, str) and st == MATCHED else "" for s, st in zip(rows["sample"], rows["status"])],
    })
    counts = rows["status"].value_counts()
    return table(frame, f"{int(counts.get(APPEARED, 0)):,} themes appeared and {int(counts.get(FADED, 0)):,} faded; "
                        f"{int(counts.get(MATCHED, 0)):,} are found in both waves. People: who raised the theme, "
                        "of the stage's people with anything to say. A theme absent from a wave was not found "
                        "there by the theme builder, which is not the same as nobody mentioning it: appeared and "
                        "faded themes are not tested.", right=("People before", "People now", "Change"))
