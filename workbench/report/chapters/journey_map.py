"""The journey map and its findings as HTML: the grid, the emotion curve, the evidence it links to.

Every function takes computed data (a :class:`~workbench.journeymap.map_model.JourneyMap` or the
findings table) and returns a display object; nothing here computes a statistic. Each map cell
links to ``#anchor`` ids that :func:`evidence_html` puts on the quote, phrase row, funnel step,
touchpoint row, operational measure and mismatch card further down the report.
"""
from __future__ import annotations

import base64
import html
import math

import pandas as pd
from IPython.display import HTML

from ...formats import MISSING, count, number, phrase_text, q_text
from ..quotes import quote_card, quote_id, wall_html
from ..table import html_table
from .map_figure import map_files
from .mismatches import card_list, mismatch_card
from ...journeymap.map_model import (BACKSTAGE, LANES, SAID_CLASS, JourneyMap, curve_scale, interval, pct, said_words,
                                     shorten, target_anchor)
from ..palette import EMOTION_COLOURS, LANE_COLOURS
from ...journeymap.summary import MIN_FINDINGS

CURVE_HEIGHT = 84        # px of the emotion-curve strip in the grid
e = html.escape


def _item(row) -> str:
    if row.tone == "empty":
        return f"<span class='wb-item wb-empty'>{e(row.text)}</span>"
    detail = f"<span class='wb-item-detail'>{e(row.detail)}</span>" if row.detail else ""
    body = f"<span class='wb-item-text'>{e(row.text)}</span>{detail}"
    tone = f" wb-tone-{row.tone}" if row.tone else ""
    if row.anchor:
        return f"<a class='wb-item{tone}' href='#{e(row.anchor)}'>{body}</a>"
    return f"<span class='wb-item{tone}'>{body}</span>"


NO_CHANGE = "<span class='wb-item wb-empty'>no detectable change</span>"


def _changes_row(jmap: JourneyMap) -> str:
    """▲/▼ markers for the changes since the previous wave labelled better or worse (none: no row)."""
    changes = getattr(jmap, "changes", None)
    if changes is None or changes.empty:
        return ""
    cells = []
    for sid, _ in jmap.stages:
        mine = changes[changes["stage"] == sid]
        items = "".join(f"<a class='wb-item wb-change wb-tone-{e(r.tone)}' href='#{e(r.anchor)}'>"
                        f"<span class='wb-item-text'>{e(r.text)}</span><span class='wb-item-detail'>{e(r.detail)}"
                        "</span></a>" for r in mine.itertuples())
        cells.append(f"<td>{items or NO_CHANGE}</td>")
    th = "<th scope='row' class='wb-lane-title' style='--lane:#6b7280'>Since the last wave</th>"
    return f"<tr class='wb-lane wb-lane-changes'>{th}{''.join(cells)}</tr>"


def curve_svg(jmap: JourneyMap) -> str:
    """The emotion curve as inline SVG stretched across the stage columns (x = column centres)."""
    c = jmap.curve.reset_index(drop=True)
    n, scale = len(c), curve_scale(jmap.curve)
    w, h = 100 * n, 100

    def y(v: float) -> float:
        return round(50 - 42 * v / scale, 2)

    parts = [f"<line x1='0' y1='50' x2='{w}' y2='50' class='wb-curve-zero'/>"]
    runs, run = [], []
    for i, r in c.iterrows():
        if r["mentions"] and not math.isnan(r["mean_sentiment"]):
            run.append(i)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    for run in runs:
        xs = [100 * i + 50 for i in run]
        lows = [c.loc[i, "ci_low"] if not math.isnan(c.loc[i, "ci_low"]) else c.loc[i, "mean_sentiment"] for i in run]
        highs = [c.loc[i, "ci_high"] if not math.isnan(c.loc[i, "ci_high"]) else c.loc[i, "mean_sentiment"]
                 for i in run]
        band = [f"{x},{y(v)}" for x, v in zip(xs, highs)] + [f"{x},{y(v)}" for x, v in zip(xs[::-1], lows[::-1])]
        if len(run) == 1:
            band = [f"{xs[0] - 6},{y(highs[0])}", f"{xs[0] + 6},{y(highs[0])}", f"{xs[0] + 6},{y(lows[0])}",
                    f"{xs[0] - 6},{y(lows[0])}"]
        parts.append(f"<polygon points='{' '.join(band)}' class='wb-curve-band'/>")
        line = " ".join(f"{x},{y(c.loc[i, 'mean_sentiment'])}" for x, i in zip(xs, run))
        parts.append(f"<polyline points='{line}' class='wb-curve-line'/>")
        for x, i in zip(xs, run):
            colour = EMOTION_COLOURS.get(c.loc[i, "dominant_emotion"], EMOTION_COLOURS["neutral"])
            yy = y(c.loc[i, "mean_sentiment"])
            parts.append(f"<line x1='{x}' y1='{yy}' x2='{x}' y2='{yy}' class='wb-curve-dot' stroke='{colour}'/>")
    label = (f"Emotion curve: mean sentiment per stage with its 95% interval band, scale ±{scale:g}")
    return (f"<svg class='wb-curve' viewBox='0 0 {w} {h}' preserveAspectRatio='none' role='img' "
            f"aria-label='{e(label)}' height='{CURVE_HEIGHT}'>{''.join(parts)}</svg>")


def map_html(jmap: JourneyMap, files: str | None = None) -> str:
    """The map as an HTML grid: stages as chevron columns, one row per lane, the line of visibility."""
    n = len(jmap.stages)
    counts = jmap.cells.groupby("stage").size()
    head = "".join(f"<th scope='col' class='wb-stage'><span class='wb-stage-no'>{i}</span>"
                   f"<span class='wb-stage-label'>{e(label)}</span></th>"
                   for i, (sid, label) in enumerate(jmap.stages, start=1) if counts.get(sid, 0) >= 0)
    rows = []
    for lane, title in LANES:
        colour = LANE_COLOURS[lane]
        if lane in BACKSTAGE:
            rows.append(f"<tr class='wb-visibility'><td colspan='{n + 1}'><span>line of visibility · "
                        "backstage: who owns each step, and how operations measure up</span></td></tr>")
        cells = "".join("<td>" + "".join(_item(r) for r in jmap.cell(sid, lane).itertuples()) + "</td>"
                        for sid, _ in jmap.stages)
        th = f"<th scope='row' class='wb-lane-title' style='--lane:{colour}'>{e(title)}</th>"
        if lane == "feel":
            scale = curve_scale(jmap.curve)
            th = (f"<th scope='row' rowspan='2' class='wb-lane-title' style='--lane:{colour}'>{e(title)}"
                  f"<span class='wb-lane-note'>mean sentiment, 95% band; scale ±{scale:g}</span></th>")
            rows.append(f"<tr class='wb-lane wb-lane-{lane} wb-curve-row'>{th}<td colspan='{n}' class='wb-curve-cell'>"
                        f"{curve_svg(jmap)}</td></tr><tr class='wb-lane wb-lane-{lane}'>{cells}</tr>")
            continue
        rows.append(f"<tr class='wb-lane wb-lane-{lane}'>{th}{cells}</tr>")
    rows.insert(len(rows) - 2, _changes_row(jmap))
    sizes = jmap.sizes
    meta = (f"{sizes.get('people', 0):,} people ({sizes.get('clauses', 0):,} clauses of customer voice) · "
            f"{sizes.get('users', 0):,} users in the behavioural data · {sizes.get('mismatches', 0):,} say-versus-do "
            f"mismatches")
    links = ""
    if files:
        links = (f"<span class='wb-map-files'>For slides: <a href='{e(files)}.png'>PNG</a> · "
                 f"<a href='{e(files)}.svg'>SVG</a></span>")
    return (f"<section class='wb-map-wrap' id='wb-journey-map'><div class='wb-map-head'>"
            f"<span class='wb-map-title'>Journey map · {e(jmap.label)}</span><span class='wb-map-meta'>{e(meta)}"
            f"</span>{links}</div><div class='wb-map-scroll'><table class='wb-map'><colgroup>"
            f"<col class='wb-map-lanecol'>{''.join('<col>' for _ in jmap.stages)}</colgroup>"
            f"<thead><tr><th class='wb-map-corner'>Stage</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table></div><p class='wb-note'>Every entry links to its evidence below. Red marks a problem "
            f"(above the journey's drop-off baseline, a mismatch, a missed target), green a strength or an "
            f"action; opportunities are numbered by severity across the whole journey (people affected × "
            f"size of the gap). Rates show their 95% interval.</p></section>")


class MapDisplay:
    """The map for a notebook: HTML in the report, plus PNG and SVG in the output for the runner to save."""

    def __init__(self, jmap: JourneyMap, files: str | None = None):
        self.jmap = jmap
        self.files = files if files is not None else f"{jmap.persona}-map"

    def _repr_mimebundle_(self, include=None, exclude=None):
        png, svg = map_files(self.jmap)
        data = {"text/html": map_html(self.jmap, self.files),
                "image/png": base64.b64encode(png).decode("ascii"),
                "image/svg+xml": svg,
                "text/plain": f"Journey map: {self.jmap.label}"}
        return data, {"workbench": {"journey_map": self.jmap.persona}}


def map_display(jmap: JourneyMap, files: str | None = None) -> MapDisplay:
    return MapDisplay(jmap, files)


def intro(jmap: JourneyMap, description: str = "") -> HTML:
    s = jmap.sizes
    return HTML(f"<p class='wb-lede'><strong>{e(jmap.label)}</strong>{': ' + e(description) if description else ''}"
                f"</p><p class='wb-note'>This report rests on {s.get('people', 0):,} people's words "
                f"({s.get('clauses', 0):,} clauses) and {s.get('users', 0):,} users' behaviour. The findings come "
                f"first, then the journey map; every number links to its evidence.</p>{design_notes_html(jmap)}")


def findings_html(frame: pd.DataFrame) -> HTML:
    """The findings as a numbered list, each with a link to its evidence."""
    if frame.empty:
        return HTML("<p class='wb-note'>No finding: this group has too little evidence for one.</p>")
    items = "".join(f"<li><span>{e(r.finding)}</span>{_said(getattr(r, 'quote', ''))}"
                    + (f" <a class='wb-evidence-link' href='#{e(r.anchor)}'>evidence →</a>" if r.anchor else "")
                    + "</li>" for r in frame.itertuples())
    note = ("" if len(frame) >= MIN_FINDINGS else
            "<p class='wb-note'>Fewer than three findings: the data for this group hold no more.</p>")
    return HTML(f"<ol class='wb-findings'>{items}</ol>{note}")


def _said(words) -> str:
    """A headline's quote words (already in quotation marks), marked as verbatim text."""
    return f" <span class='{SAID_CLASS}'>{e(words)}</span>" if isinstance(words, str) and words else ""


def design_notes_html(jmap: JourneyMap) -> str:
    """The study-design notes on the declared stage order (issue 12), with their numbers; "" for none."""
    notes = jmap.design_notes
    if not notes:
        return ""
    items = "".join(f"<li>{e(n)}</li>" for n in notes)
    return (f"<div class='wb-design-notes'><p class='wb-note'><strong>Study-design notes</strong> (the order of "
            f"the stages in study.yml against what customers did):</p><ul>{items}</ul></div>")


def _rows(frame: pd.DataFrame, columns: dict[str, str], right: tuple[str, ...] = ()) -> str:
    shown = frame[list(columns)].rename(columns=columns)
    return html_table(shown, right=tuple(columns[c] for c in right), row_ids=list(frame["anchor"]),
                      css_class="wb-table wb-evidence-table")


def _mismatch_cards(mm: pd.DataFrame) -> str:
    if mm.empty:
        return "<p class='wb-note'>No say-versus-do mismatch is flagged for this group.</p>"
    return card_list([mismatch_card(r, anchor=r["anchor"]) for _, r in mm.iterrows()])


def _num(v, digits: int = 2) -> str:
    return number(v, digits)


def _int(v) -> str:
    return count(v)


def evidence_html(jmap: JourneyMap) -> HTML:
    """Everything the map links to, each piece with its anchor id: cards, quotes and table rows."""
    ev = jmap.evidence
    parts = ["<section class='wb-evidence'>"]
    parts.append("<h3>Say-versus-do mismatches</h3>" + _mismatch_cards(ev["mismatches"]))
    opp = ev["opportunities"]
    if len(opp):
        parts.append("<h3>Opportunities, most severe first</h3>" + _rows(
            opp.assign(severity=opp["severity"].map(lambda v: f"{v:,.0f}")),
            {"rank": "#", "stage": "Stage", "owner": "Owner", "action": "What to do", "basis": "Why (computed)",
             "severity": "Severity"}, right=("rank", "severity")).replace("<tr id=", "<tr data-ref="))
    quotes = ev["quotes"]
    if len(quotes):
        cards = [quote_card(r.sentence, [e(r.where), quote_id(r.quote_id), e(r.emotion)], anchor=r.anchor)
                 for r in quotes.drop_duplicates("anchor").itertuples()]
        parts.append(f"<h3>Quotes on the map</h3>{wall_html(cards)}")
    feel = ev["feel"]
    parts.append("<h3>How people feel, stage by stage</h3>" + _rows(feel.assign(
        feeling=[f"{m} {d}" if d else "no mentions" for m, d in zip(feel["emoji"], feel["dominant_emotion"])],
        mean=[f"{v:+.2f} ({interval(lo, hi, percent=False, signed=True)})" if not math.isnan(v) else MISSING
              for v, lo, hi in zip(feel["mean_sentiment"], feel["ci_low"], feel["ci_high"])],
        negative=[f"{pct(v)} ({interval(lo, hi)})" for v, lo, hi in
                  zip(feel["share_negative"], feel["share_negative_ci_low"], feel["share_negative_ci_high"])]),
        {"label": "Stage", "feeling": "Feeling", "mentions": "Clauses", "people": "People",
         "mean": "Mean sentiment (95% CI)", "negative": "Negative (95% CI)"}, right=("mentions", "people")))
    ph = ev["phrases"]
    if len(ph):
        parts.append("<h3>Negative phrases</h3><p class='wb-note'>Phrases that mark negative clauses (log-odds z "
                     "above 1.96) and are used negatively in at least two of three uses.</p>" + _rows(ph.assign(
                         phrase=ph["phrase"].map(phrase_text), z=ph["z_negative"].map(lambda z: f"{z:.1f}"), neg=ph["share_negative"].map(pct),
                         quotes=ph["quotes"].fillna("").map(lambda q: shorten(q, 160))),
                         {"phrase": "Phrase", "count": "Said", "speakers": "People", "neg": "Negative",
                          "z": "z", "stages": "Stages", "quotes": "Quotes"}, right=("count", "speakers", "z")))
    pains = ev.get("pains")
    if pains is not None and len(pains):
        parts.append("<h3>Pain points</h3><p class='wb-note'>Themes (what happened, in the customers' words) "
                     "raised by three or more people, most of them negative or asking for something missing; "
                     "negative share with a 95% interval over people.</p>" + _rows(pains.assign(
                         neg=[f"{pct(v)} ({interval(lo, hi)})" for v, lo, hi in
                              zip(pains["share_negative"], pains["ci_low"], pains["ci_high"])],
                         quotes=pains["quote_ids"].fillna("").str.replace(";", ", ")),
                         {"label": "Theme", "kind": "Kind", "stage": "Stage", "people": "People",
                          "neg": "Negative (95% CI)", "quotes": "Quotes"}, right=("people",)))
    funnel = ev["funnel"]
    if len(funnel):
        parts.append("<h3>Funnel steps</h3>" + _rows(funnel.assign(
            users_t=funnel["users"].map(lambda v: f"{int(v):,}"),
            prev=[f"{pct(v, 1)} ({interval(lo, hi, 1)})" for v, lo, hi in
                  zip(funnel["share_of_previous"], funnel["previous_ci_low"], funnel["previous_ci_high"])],
            start=[f"{pct(v, 1)} ({interval(lo, hi, 1)})" for v, lo, hi in
                   zip(funnel["share_of_start"], funnel["ci_low"], funnel["ci_high"])]),
            {"step": "Step", "label": "Stage", "users_t": "Users", "prev": "Of previous step (95% CI)",
             "start": "Of start (95% CI)"}, right=("step", "users_t")))
    tp = ev["touchpoints"]
    parts.append("<h3>Touchpoints</h3>" + _rows(tp.assign(
        reached_t=tp["reached"].map(_int) if "reached" in tp else MISSING,
        drop=[f"{pct(v)} ({interval(lo, hi)})" for v, lo, hi in
              zip(tp["drop_rate"], tp["drop_ci_low"], tp["drop_ci_high"])] if "drop_rate" in tp else MISSING,
        ratio=tp["ratio_to_baseline"].map(lambda v: _num(v, 1) + "×") if "ratio_to_baseline" in tp else MISSING,
        said=[f"{v:+.2f} ({interval(lo, hi, percent=False, signed=True)})" if not math.isnan(v) else "no mentions"
              for v, lo, hi in zip(tp["mean_sentiment"], tp["ci_low"], tp["ci_high"])]),
        {"label": "Touchpoint", "stage": "Stage", "channel": "Channel", "owner": "Owner", "reached_t": "Users",
         "drop": "Leave here (95% CI)", "ratio": "vs baseline", "mentions": "Mentions", "said": "Sentiment (95% CI)"},
        right=("reached_t", "mentions")))
    ops = ev["operations"]
    if len(ops):
        parts.append("<h3>Operations against targets</h3>" + _rows(ops.assign(
            measure=ops["table"] + "." + ops["column"],
            goal=[("≤ " if b == "lower" else "≥ ") + f"{t:g}" for b, t in zip(ops["better"], ops["target"])],
            typical=[f"mean {m:.3g}" if k == "rate" else f"median {md:g}, p90 {p:g}"
                     for k, m, md, p in zip(ops["kind"], ops["mean"], ops["median"], ops["p90"])],
            miss=[f"{pct(v)} ({interval(lo, hi)})" for v, lo, hi in
                  zip(ops["share_missing_target"], ops["ci_low"], ops["ci_high"])],
            status=ops["meets_target"].map({True: "on target", False: "misses target"}).fillna("no data")),
            {"touchpoint": "Touchpoint", "measure": "Measure", "goal": "Target", "n": "n", "typical": "Now",
             "miss": "Rows missing target (95% CI)", "status": "Status"}, right=("n",)))
    targets = ev["targets"]
    if len(targets):
        parts.append("<h3>Future state: targets and gaps</h3>" + _rows(
            targets.assign(anchor=[target_anchor(s, k) for s, k in zip(targets["stage"], targets["kpi"])]),
            {"stage": "Stage", "kpi": "KPI", "target_text": "Target", "gap_text": "Now and gap", "status": "Status"}))
    parts.append("</section>")
    return HTML("".join(parts))
