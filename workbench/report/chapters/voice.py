"""Rendering for the voice-of-customer chapter: HTML tables, quote walls and figures.

Every function takes a computed :class:`~workbench.voc.VoiceResult` and returns a display object
(``IPython.display.HTML`` or an embedded PNG); nothing here computes a statistic.
"""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML, Image
from matplotlib.figure import Figure

from ...formats import MISSING, interval, number, pct, phrase_text, rate
from ..figures import as_image
from ..table import table as _table
from ..palette import EMOTION_COLOURS
from ..quotes import quote_card, quote_id, wall_html
from ...voc import VoiceResult, distinctive_by
from ...voc.emotion import EMOTIONS, emoji_map
from ...privacy.provenance import cite

COLOURS = {"positive": "#2f7d4f", "neutral": "#7b8794", "negative": "#b23b3b", "interval": "#1f2933",
           "grid": "#d9e2ec"}


def _ci(mean, low, high) -> str:
    """Mean sentiment with its interval: ``+0.12 (-0.05 to +0.30)``."""
    if number(mean) == MISSING:
        return MISSING
    if number(low) == MISSING:
        return f"{number(mean, signed=True)} (one person: no interval)"
    return f"{number(mean, signed=True)} ({interval(low, high, percent=False, signed=True)})"


def intro(result: VoiceResult) -> HTML:
    c = result.clauses
    people = c["participant"].nunique() if len(c) else 0
    units = c["unit_id"].nunique() if len(c) else 0
    by_source = c.drop_duplicates("unit_id")["source"].value_counts() if len(c) else pd.Series(dtype=int)
    tagged = int((c["touchpoints"].map(len) > 0).sum()) if len(c) else 0
    parts = ", ".join(f"{n:,} {s} {'turns' if s == 'interview' else 'answers'}" for s, n in by_source.items())
    return HTML(f"<p>{units:,} pieces of customer voice ({parts or 'none'}) from {people:,} people, split into "
                f"{len(c):,} clauses; {tagged:,} of them name a touchpoint (by cue word or the survey question "
                f"asked). Interviewer turns are context only and never counted. Sentiment runs from −1 to +1; "
                f"intervals are 95% cluster-bootstrap intervals over people, not sentences.</p>")


def stage_table(result: VoiceResult) -> HTML:
    s = result.stages
    shown = pd.DataFrame({
        "Stage": s["label"], "Feeling": [f"{e} {d}" if d else MISSING for e, d in zip(s["emoji"], s["dominant_emotion"])],
        "Clauses": s["mentions"], "People": s["people"],
        "Mean sentiment (95% CI)": [_ci(m, lo, hi) for m, lo, hi in zip(s["mean_sentiment"], s["ci_low"], s["ci_high"])],
        "Negative (95% CI)": [rate(v, lo, hi, 0) for v, lo, hi in
                              zip(s["share_negative"], s["share_negative_ci_low"], s["share_negative_ci_high"])]})
    return _table(shown, right=("Clauses", "People"))


def emotion_curve(result: VoiceResult) -> Image | HTML:
    """Mean sentiment per stage with its interval, labelled with the stage's dominant emotion."""
    s = result.stages
    have = s[s["mentions"] > 0]
    if have.empty:
        return HTML("<p class='wb-note'>No customer voice mentions any stage for this group.</p>")
    fig = Figure(figsize=(8, 3.6))
    ax = fig.subplots()
    x = list(range(len(s)))
    y = s["mean_sentiment"].astype(float)
    ax.axhline(0, color=COLOURS["grid"], lw=1)
    ax.plot([i for i, v in zip(x, y) if not math.isnan(v)], [v for v in y if not math.isnan(v)],
            color=COLOURS["interval"], lw=1.5, zorder=2)
    for i, row in zip(x, s.itertuples()):
        if row.mentions == 0:
            continue
        colour = EMOTION_COLOURS.get(row.dominant_emotion, COLOURS["neutral"])
        if not math.isnan(row.ci_low):
            ax.vlines(i, row.ci_low, row.ci_high, color=colour, lw=3, alpha=0.5)
        ax.scatter([i], [row.mean_sentiment], s=90, color=colour, zorder=3, edgecolor="white")
        ax.annotate(f"{row.dominant_emotion}\nn={row.mentions}, {row.people} people", (i, row.mean_sentiment),
                    textcoords="offset points", xytext=(0, 12), ha="center", fontsize=8)
    ax.set_xticks(x, s["label"])
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("mean sentiment (95% CI)")
    ax.spines[["top", "right"]].set_visible(False)
    return as_image(fig)


def touchpoint_table(result: VoiceResult) -> HTML:
    t = result.touchpoints
    shown = pd.DataFrame({
        "Touchpoint": t["label"], "Stage": t["stage"],
        "Feeling": [f"{e} {d}" if d else MISSING for e, d in zip(t["emoji"], t["dominant_emotion"])],
        "Mentions": t["mentions"], "People": t["people"],
        "Mean sentiment (95% CI)": [_ci(m, lo, hi) for m, lo, hi in zip(t["mean_sentiment"], t["ci_low"], t["ci_high"])],
        "Negative (95% CI)": [rate(v, lo, hi, 0) for v, lo, hi in
                              zip(t["share_negative"], t["share_negative_ci_low"], t["share_negative_ci_high"])],
        "Their words": t["top_phrases"].replace("", MISSING)})
    return _table(shown, right=("Mentions", "People"))


def touchpoint_chart(result: VoiceResult) -> Image | HTML:
    """Mean sentiment per mentioned touchpoint with its 95% interval over people."""
    t = result.touchpoints[result.touchpoints["mentions"] > 0].iloc[::-1]
    if t.empty:
        return HTML("<p class='wb-note'>No touchpoint is mentioned by this group.</p>")
    fig = Figure(figsize=(8, 0.45 * len(t) + 1))
    ax = fig.subplots()
    y = list(range(len(t)))
    colours = [COLOURS["negative"] if m < -0.05 else COLOURS["positive"] if m > 0.05 else COLOURS["neutral"]
               for m in t["mean_sentiment"]]
    for i, row, colour in zip(y, t.itertuples(), colours):
        if not math.isnan(row.ci_low):
            ax.hlines(i, row.ci_low, row.ci_high, color=colour, lw=2.5, alpha=0.6)
    ax.scatter(t["mean_sentiment"], y, color=colours, s=40, zorder=3)
    ax.axvline(0, color=COLOURS["grid"], lw=1)
    ax.set_yticks(y, [f"{lab} (n={n}, {p} people)" for lab, n, p in zip(t["label"], t["mentions"], t["people"])])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("mean sentiment (95% CI over people)")
    ax.spines[["top", "right"]].set_visible(False)
    return as_image(fig)


def emotion_mix(result: VoiceResult) -> Image | HTML:
    """Share of each emotion per stage, as stacked bars in journey order."""
    s = result.stages[result.stages["mentions"] > 0]
    if s.empty:
        return HTML("<p class='wb-note'>No emotions to show for this group.</p>")
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    left = pd.Series(0.0, index=s.index)
    for emotion in EMOTIONS:
        share = s[f"share_{emotion}"].fillna(0)
        ax.barh(s["label"], share, left=left, color=EMOTION_COLOURS[emotion], label=emotion)
        left = left + share
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the stage's clauses")
    ax.legend(ncol=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    ax.spines[["top", "right"]].set_visible(False)
    return as_image(fig)


def emoji_key() -> HTML:
    items = " · ".join(f"{e} {html.escape(name)}" for name, e in emoji_map().items())
    return HTML(f"<p class='wb-note'>Emotion key: {items}</p>")


def phrase_table(result: VoiceResult, k: int = 20, min_words: int = 2) -> HTML:
    """The phrases most people use (``min_words`` words or more), with quotes and provenance."""
    p = result.phrases
    p = p[p["words"] >= min_words].head(k) if len(p) else p
    if p.empty:
        return HTML("<p class='wb-note'>No phrase was said by two or more people in this group.</p>")
    shown = pd.DataFrame({"Phrase": p["phrase"].map(phrase_text), "Said": p["count"], "People": p["speakers"],
                          "Mean sentiment": p["mean_sentiment"].map(lambda v: number(v, signed=True)),
                          "Negative": p["share_negative"].map(pct),
                          "Touchpoints": p["touchpoints"].fillna(MISSING), "Quotes (who, where)": p["quotes"].fillna("")})
    return _table(shown, caption="Phrases said at least twice by at least two people.", right=("Said", "People"))


def pain_phrases(result: VoiceResult, k: int = 15) -> HTML:
    """Phrases that mark negative clauses (log-odds z of negative against the rest above 1.96)."""
    p = result.phrases
    p = p[p["z_negative"] > 1.96].sort_values("z_negative", ascending=False).head(k) if len(p) else p
    if p.empty:
        return HTML("<p class='wb-note'>No phrase is distinctly negative for this group.</p>")
    shown = pd.DataFrame({"Phrase": p["phrase"].map(phrase_text), "z (negative vs rest)": p["z_negative"].map(lambda z: f"{z:.1f}"),
                          "Said": p["count"], "People": p["speakers"], "Negative": p["share_negative"].map(pct),
                          "Touchpoints": p["touchpoints"].fillna(MISSING), "Quotes (who, where)": p["quotes"].fillna("")})
    return _table(shown, caption="Said at least twice by at least two people; z from log-odds with an "
                                 "informative Dirichlet prior (Monroe et al. 2008).", right=("Said", "People"))


def stage_phrases(result: VoiceResult, k: int = 6) -> HTML:
    """Per stage, the phrases that set it apart from the rest of the journey (log-odds z > 0)."""
    d = distinctive_by(result, "stage")
    rows = []
    for stage in result.config.stages:
        mine = d[(d["group"] == stage.id) & (d["z"] > 0)].head(k) if len(d) else d
        rows.append({"Stage": stage.label,
                     "Distinctive phrases (z)": "; ".join(f"{phrase_text(p)} ({z:.1f})" for p, z in zip(mine["phrase"], mine["z"]))
                     or MISSING})
    return _table(pd.DataFrame(rows), caption="Log-odds with an informative Dirichlet prior (Monroe et al. 2008); "
                                              "z above 1.96 is unlikely to be chance.")


def quote_wall(result: VoiceResult, per_touchpoint: int = 2) -> HTML:
    """Cards of verbatim quotes per mentioned touchpoint, each with its provenance."""
    quotes = result.quotes.set_index("quote_id")
    cards = []
    for row in result.touchpoints.itertuples():
        ids = [q for q in row.quote_ids.split(";") if q][:per_touchpoint]
        for qid in ids:
            if qid not in quotes.index:
                continue
            q = quotes.loc[qid]
            sentence, emoji = _sentence_for(result, qid, row.touchpoint)
            where = cite(q["participant"], q["file"], q["source"], q["ref"], q["start"])
            cards.append(quote_card(sentence, [html.escape(row.label), html.escape(where), quote_id(qid)],
                                    lead=f"{emoji} "))
    if not cards:
        return HTML("<p class='wb-note'>No quotes for this group.</p>")
    return HTML(wall_html(cards))


def _sentence_for(result: VoiceResult, quote_id: str, touchpoint: str) -> tuple[str, str]:
    """The quoted unit's sentence about ``touchpoint`` and the emoji of that clause's emotion."""
    c = result.clauses
    mine = c[(c["unit_id"] == quote_id) & c["touchpoints"].map(lambda t: touchpoint in t)]
    if len(mine):
        return mine["sentence_text"].iloc[0], mine["emoji"].iloc[0]
    return str(result.quotes.set_index("quote_id").loc[quote_id, "text"]), ""
