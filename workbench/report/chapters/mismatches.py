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

from ...formats import count, interval, measure, number, pct, q_text
from ...journeymap.map_model import SAID_CLASS, said_words
from ..table import table as _table
from ...mismatch.engine import MismatchResult

__all__ = ["intro", "cards", "insufficient_table", "people_table", "tests_table", "quadrant_figure"]

KIND_COLOURS = {"said-positive-did-drop": "#c0392b", "silent-friction": "#8e44ad",
                "score-high-story-negative": "#d35400", "score-high-operations-miss": "#b7950b",
                "loud-but-harmless": "#27ae60"}


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
    return HTML(card_list([mismatch_card(row, rank) for rank, (_, row) in enumerate(m.iterrows(), start=1)]))


def card_list(cards: list[str]) -> str:
    return "<div class='wb-cards'>" + "".join(cards) + "</div>"


def mismatch_card(row: pd.Series, rank: int | None = None, anchor: str | None = None) -> str:
    """The one mismatch card (this chapter's ranked cards and the journey map's evidence): what it is
    about, its kind, said against did on their own scales with their n, the gap with its 95% interval
    and q, the evidence sentence and the quote in full. ``row``: a mismatches row (the map's evidence
    adds ``label`` and ``owner``); ``anchor``: the card's id, for the map's links."""
    kind = _e(row.get("kind"))
    label = row.get("label")
    about = (f"{_e(label)}" if isinstance(label, str) and label else
             f"{_e(row.get('touchpoint'))} ({_e(row.get('stage'))})")
    owner = row.get("owner")
    notes = ([f"owner: {_e(owner)}"] if isinstance(owner, str) and owner else []) + (
        [f"severity {number(row.get('severity'), 0, thousands=True)}"] if not _missing(row.get("severity")) else [])
    quote, qid = row.get("quote"), row.get("quote_id")
    has_quote = isinstance(qid, str) and bool(qid) and isinstance(quote, str) and bool(quote)
    block = f"<blockquote>“{_e(quote)}” <code>{_e(qid)}</code></blockquote>" if has_quote else ""
    ident = f" id='{_e(anchor)}'" if anchor else ""
    return (f"<article class='wb-card wb-card-{kind}'{ident}><header>{f'<strong>#{rank}</strong> ' if rank else ''}"
            f"<span class='wb-kind'>{kind}</span><strong>{about}</strong>"
            f"{' <span class=' + chr(39) + 'wb-note' + chr(39) + '>' + ' · '.join(notes) + '</span>' if notes else ''}"
            f"</header><p>{_e(row.get('evidence'))}{_said(quote if has_quote else '')}</p>"
            f"<p class='wb-card-numbers'>said: {_e(row.get('said_measure'))} {measure(row.get('said'))} "
            f"(n = {count(row.get('n_said'))}) · did: {_e(row.get('did_measure'))} {measure(row.get('did'))} "
            f"(n = {count(row.get('n_did'))}) · gap {number(row.get('effect'), 1, signed=True)} "
            f"{_e(row.get('effect_unit'))} (95% CI "
            f"{interval(row.get('ci_low'), row.get('ci_high'), percent=False, signed=True, decimals=1)}), "
            f"{q_text(row.get('q_value'))}</p>{block}</article>")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


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
        "People": [f"{a:,} of {b:,} linked ({pct(s, 1)}, 95% CI {interval(lo, hi, 1)})"
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
