"""Rendering for the say-versus-do chapter: finding cards, tables and the quadrant chart.

Every function takes a :class:`~workbench.mismatch.engine.MismatchResult` and returns a display
object (``IPython.display.HTML`` with escaped text, or a matplotlib ``Figure`` for
``workbench.report.figures.as_image``); nothing here computes a statistic.
"""
from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from ...formats import interval, measure, q_text
from ...journeymap.map_model import SAID_CLASS, said_words
from ..table import table as _table
from ...mismatch.engine import MismatchResult

__all__ = ["intro", "cards", "insufficient_table", "people_table", "tests_table", "quadrant_figure"]

KIND_COLOURS = {"said-positive-did-drop": "#c0392b", "silent-friction": "#8e44ad",
                "score-high-story-negative": "#d35400", "score-high-operations-miss": "#b7950b",
                "loud-but-harmless": "#27ae60"}
_CARD = "border:1px solid #ddd;border-left:6px solid {c};border-radius:4px;padding:0.6em 0.9em;margin:0.8em 0"


def _e(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))




def intro(result: MismatchResult) -> HTML:
    """One paragraph: how much was tested, flagged, and left as not enough evidence."""
    t = result.tests
    tested = int((t["status"] == "tested").sum()) if len(t) else 0
    s = result.settings
    return HTML(f"<p>{tested} say-versus-do checks were tested for <b>{_e(result.persona)}</b>; "
                f"{len(result.mismatches)} are flagged at a false-discovery rate of {s.fdr:.0%} and beyond the "
                f"practical margins (drop above {s.drop_ratio:g}x the baseline, mean sentiment above "
                f"{s.said_positive:+.2f}, most people complaining, most operational rows missing target); "
                f"{len(result.insufficient)} could not be judged for lack of data.</p>")


def cards(result: MismatchResult) -> HTML:
    """Ranked findings as cards: kind, said versus did, the effect and its interval, the quote in full."""
    m = result.mismatches
    if m.empty:
        return HTML("<p class='wb-note'>No say-versus-do mismatch passes the tests for this group.</p>")
    out = []
    for rank, row in enumerate(m.itertuples(index=False), start=1):
        colour = KIND_COLOURS.get(row.kind, "#555")
        quote = ""
        if row.quote_id:
            quote = (f"<blockquote style='margin:0.5em 0 0 0;font-style:italic'>“{_e(row.quote)}”"
                     f"<footer style='font-style:normal'><code>{_e(row.quote_id)}</code></footer></blockquote>")
        out.append(
            f"<div style='{_CARD.format(c=colour)}'>"
            f"<div><b>#{rank} {_e(row.touchpoint)}</b> ({_e(row.stage)}) · "
            f"<span style='color:{colour};font-weight:bold'>{_e(row.kind)}</span> · severity {row.severity:,.0f}</div>"
            f"<table style='margin:0.4em 0'><tr><td><b>Said</b></td><td>{_e(row.said_measure)}: {measure(row.said)} "
            f"(n = {int(row.n_said):,})</td></tr><tr><td><b>Did</b></td><td>{_e(row.did_measure)}: {measure(row.did)} "
            f"(n = {int(row.n_did):,})</td></tr><tr><td><b>Gap</b></td><td>{row.effect:+.1f} {_e(row.effect_unit)} "
            f"(95% CI {interval(row.ci_low, row.ci_high, percent=False, signed=True, decimals=1)}), {q_text(row.q_value)}</td></tr></table>"
            f"<div>{_e(row.evidence)}{_said(row.quote if row.quote_id else '')}</div>{quote}</div>")
    return HTML("".join(out))


def _said(quote) -> str:
    """The quote's words beside the evidence sentence (shortened), so the sentence never cites a bare id."""
    words = said_words(quote)
    return f" <span class='{SAID_CLASS}'>{_e(words)}</span>" if words else ""




def insufficient_table(result: MismatchResult) -> HTML:
    """Checks that could not be judged, with the sample size that fell short."""
    t = result.insufficient
    if t.empty:
        return HTML("<p class='wb-note'>Every check had enough data.</p>")
    frame = t[["touchpoint", "stage", "kind", "reason"]].rename(columns=str.capitalize)
    return _table(frame, caption="Not enough evidence: never a flag, reported so nothing is silently dropped.")


def people_table(result: MismatchResult) -> HTML:
    """People-level contradictions with counts out of the linked people, intervals and ids."""
    p = result.people
    if p.empty:
        return HTML("<p class='wb-note'>No person linked across sources contradicts themselves here "
                    "(or nobody is linked: participants.csv user_id / respondent_id, or a survey user column).</p>")
    frame = pd.DataFrame({
        "Contradiction": p["contradiction"], "Touchpoint": p["touchpoint"].fillna("").replace("", "(none)"),
        "People": [f"{a:,} of {b:,} linked ({100 * s:.1f}%, 95% CI {100 * lo:.1f}-{100 * hi:.1f}%)"
                   for a, b, s, lo, hi in zip(p["people"], p["linked"], p["share"], p["ci_low"], p["ci_high"])],
        "Ids": p["ids"].map(lambda ids: ids if len(ids) < 160 else ids[:157] + "..."),
        "Quotes": p["quote_ids"]})
    return _table(frame, caption="Each person counted once per row; ids are participant or respondent ids.")


def tests_table(result: MismatchResult) -> HTML:
    """Every tested check with its component p-values and q-value (the audit trail)."""
    t = result.tests
    if t.empty:
        return HTML("<p class='wb-note'>Nothing could be tested.</p>")
    t = t[t["status"] == "tested"].sort_values("q_value")
    frame = pd.DataFrame({"Touchpoint": t["touchpoint"], "Kind": t["kind"],
                          "Effect": [f"{e:+.1f}" for e in t["effect"]], "p (components)": t["p_components"],
                          "q": [f"{q:.3g}" for q in t["q_value"]], "Flagged": t["flagged"].map({True: "yes", False: ""})})
    return _table(frame, caption="p of a kind = the largest component p (intersection-union); q = Benjamini-Hochberg "
                                 "over every check of this run.")


def quadrant_figure(result: MismatchResult) -> Figure:
    """Said (mean sentiment) against did (drop rate / baseline) for every touchpoint; flags in colour."""
    sides = result.sides
    fig = Figure(figsize=(8, 5.5))
    ax = fig.add_subplot()
    x = sides["mean_sentiment"].astype(float)
    y = sides["ratio_to_baseline"].astype(float)
    if x.notna().sum() == 0 and y.notna().sum() == 0:
        ax.text(0.5, 0.5, "Neither side is measured for any touchpoint", ha="center", transform=ax.transAxes)
        return fig
    xs = x.fillna(0.0)       # touchpoints nobody mentions sit on the neutral line, drawn hollow
    ys = y.fillna(1.0)
    size = 30 + 270 * np.sqrt(sides["reached"].fillna(0) / max(sides["reached"].max(), 1))
    for i, row in sides.iterrows():
        kinds = [k for k in str(row["flagged_kinds"]).split(";") if k]
        colour = KIND_COLOURS.get(kinds[0], "#555") if kinds else "#9aa0a6"
        hollow = pd.isna(x[i]) or pd.isna(y[i])
        ax.scatter(xs[i], ys[i], s=size[i], facecolors="none" if hollow else colour, edgecolors=colour,
                   alpha=0.85, linewidths=1.5)
        ax.annotate(row["touchpoint"] + (f"\n{', '.join(kinds)}" if kinds else ""), (xs[i], ys[i]),
                    textcoords="offset points", xytext=(6, 4), fontsize=7, color=colour if kinds else "#333")
    ax.axvline(0, color="#bbb", lw=1)
    ax.axhline(1, color="#bbb", lw=1)
    ax.axhline(result.settings.drop_ratio, color="#e6b0aa", lw=1, ls="--")
    ax.set_xlabel("Said: mean sentiment of what people say about it (-1 to +1)")
    ax.set_ylabel("Did: drop rate / journey baseline")
    ax.set_title(f"Said versus did, {result.persona} (dashed: {result.settings.drop_ratio:g}x baseline; "
                 "hollow: one side not measured)", fontsize=9)
    lo, hi = min(-0.1, float(xs.min()) - 0.1), max(0.5, float(xs.max()) + 0.15)
    ax.set_xlim(lo, hi)
    ax.text(hi, ax.get_ylim()[1], "said well, did badly ", ha="right", va="top", fontsize=8, color="#c0392b")
    ax.text(lo, ax.get_ylim()[0], " said badly, did fine", ha="left", va="bottom", fontsize=8, color="#27ae60")
    fig.tight_layout()
    return fig
