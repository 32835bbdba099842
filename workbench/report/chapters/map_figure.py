"""The journey map as a slide: a matplotlib Figure (16:9), saved as PNG or SVG with text kept as text.

Same content as the HTML grid (:mod:`.render`), laid out in inches: a title band, chevron stage
headers, one band per lane, the emotion curve with its interval band, and the line of visibility
above the backstage lane. When the study has a previous wave, a "Since the last wave" band (above
the KPIs, as in the HTML) carries the ▲/▼ change markers, green better and red worse, with a legend
line under the title; the other lanes shrink to make room. Cells that overflow are cut with an ellipsis; the HTML report holds the
full text and the links to evidence.
"""
from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from ...language.fonts import register_fonts
from ...journeymap.map_model import BACKSTAGE, LANES, JourneyMap, curve_scale
from ..palette import EMOTION_COLOURS, INK, LANE_COLOURS, LINE, MUTED, SOFT, TONE_COLOURS

WIDTH, HEIGHT = 16.0, 9.0           # inches: a 16:9 slide
LABEL_W = 1.55                      # lane title column
TOP = 0.9                          # title band
HEADER_H = 0.5                      # stage chevrons
# Lane heights in inches; "feel" holds the curve strip plus its numbers.
LANE_H = {"do": 1.15, "say": 0.9, "feel": 1.2, "pain": 1.0, "opportunity": 1.05, "kpi": 0.85, "backstage": 1.0}
TEXT_PT, DETAIL_PT = 7.6, 6.4        # font sizes: readable on a projected slide at 16 in wide
LINE_GAP = 1.32                      # line height as a multiple of the font size
CHAR_W = 0.6                         # average bold glyph width as a share of the font size (DejaVu Sans)
PNG_DPI = 150                        # 2400 x 1350 px: sharp on a 1080p slide, ~0.5 MB
CHANGES_H = 0.8                      # the "Since the last wave" band: two markers a stage at TEXT_PT
CHANGES_TITLE = "Since the last wave"
CHANGES_BEFORE = "kpi"               # the band goes above this lane, as in the HTML map
CHANGES_LEGEND = ("▲ up  ▼ down since the previous wave, q < 0.05 after Benjamini-Hochberg: "
                  "green = better, red = worse")
NO_CHANGE = "no detectable change"
FOOTER = 0.3                         # room left under the lanes for the footer line


def _plain(text: str) -> str:
    """Text on one line, without emoji presentation selectors (the fallback fonts draw the emoji
    themselves, in outline: :mod:`workbench.language.fonts`)."""
    return " ".join(text.replace("\ufe0f", "").split())


# A Han character or a full-width form is about one em wide, against CHAR_W for a Latin letter.
WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def _lines(text: str, width_in: float, size: float) -> list[str]:
    chars = max(8, int(width_in * 72 / (size * CHAR_W)))
    wide = len(WIDE.findall(text))
    if wide:  # Chinese: fewer characters per line, in proportion to the wide ones' share
        chars = max(4, int(chars * len(text) / (len(text) + wide * (1 / CHAR_W - 1))))
    return textwrap.wrap(text, chars) or [""]


def _cell(ax, x: float, y: float, w: float, h: float, items) -> None:
    """Items top-down inside the cell box; what does not fit is cut with an ellipsis."""
    cursor = y + 0.07
    bottom = y + h - 0.04
    for r in items:
        blocks = [(r.text, TEXT_PT, "bold" if r.tone not in ("quote", "empty") else "normal")]
        if r.detail:
            blocks.append((r.detail, DETAIL_PT, "normal"))
        for text, size, weight in blocks:
            step = size * LINE_GAP / 72
            lines = _lines(_plain(text), w - 0.14, size)
            colour = TONE_COLOURS.get(r.tone, INK) if size == TEXT_PT else MUTED
            style = "italic" if r.tone in ("quote", "empty") else "normal"
            for k, line in enumerate(lines):
                if cursor + step > bottom:
                    ax.text(x + w - 0.1, bottom, "…", fontsize=TEXT_PT, color=MUTED, va="bottom", ha="right")
                    return
                ax.text(x + 0.07, cursor, line, fontsize=size, color=colour, fontweight=weight, fontstyle=style,
                        va="top", ha="left")
                cursor += step
        cursor += 0.05


def _curve(ax, jmap: JourneyMap, x0: float, col_w: float, top: float, height: float) -> None:
    c = jmap.curve.reset_index(drop=True)
    bounds = [abs(v) for v in list(c["ci_low"]) + list(c["ci_high"]) + list(c["mean_sentiment"]) if not math.isnan(v)]
    scale = curve_scale(jmap.curve)
    mid = top + height / 2

    def y(v: float) -> float:
        return mid - (height / 2 - 0.06) * v / scale

    ax.plot([x0, x0 + col_w * len(c)], [mid, mid], color=LINE, lw=0.8, ls=(0, (3, 3)))
    ax.text(x0 - 0.06, y(scale), f"+{scale:g}", fontsize=DETAIL_PT, color=MUTED, ha="right", va="center")
    ax.text(x0 - 0.06, mid, "0", fontsize=DETAIL_PT, color=MUTED, ha="right", va="center")
    ax.text(x0 - 0.06, y(-scale), f"−{scale:g}", fontsize=DETAIL_PT, color=MUTED, ha="right", va="center")
    run: list[int] = []
    for i in [*range(len(c)), None]:
        ok = i is not None and c.loc[i, "mentions"] and not math.isnan(c.loc[i, "mean_sentiment"])
        if ok:
            run.append(i)
            continue
        if run:
            xs = [x0 + col_w * (k + 0.5) for k in run]
            lo = [c.loc[k, "ci_low"] if not math.isnan(c.loc[k, "ci_low"]) else c.loc[k, "mean_sentiment"] for k in run]
            hi = [c.loc[k, "ci_high"] if not math.isnan(c.loc[k, "ci_high"]) else c.loc[k, "mean_sentiment"] for k in run]
            if len(run) == 1:
                xs_band = [xs[0] - 0.08, xs[0] + 0.08]
                lo, hi = lo * 2, hi * 2
            else:
                xs_band = xs
            ax.fill_between(xs_band, [y(v) for v in lo], [y(v) for v in hi], color=LANE_COLOURS["feel"], alpha=0.22,
                            lw=0)
            ax.plot(xs, [y(c.loc[k, "mean_sentiment"]) for k in run], color=INK, lw=1.4)
            for x, k in zip(xs, run):
                colour = EMOTION_COLOURS.get(c.loc[k, "dominant_emotion"], EMOTION_COLOURS["neutral"])
                ax.scatter([x], [y(c.loc[k, "mean_sentiment"])], s=46, color=colour, edgecolor="white", lw=1, zorder=4)
            run = []


def map_figure(jmap: JourneyMap) -> Figure:
    """The map on one 16:9 figure (no pyplot state). Text falls back, glyph by glyph, to the Thai,
    Chinese and emoji faces of :func:`workbench.language.fonts.register_fonts`, so quotes in those
    scripts are drawn, not boxes."""
    with matplotlib.rc_context({"font.family": list(register_fonts())}):
        return _draw(jmap)


def _draw(jmap: JourneyMap) -> Figure:
    fig = Figure(figsize=(WIDTH, HEIGHT))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)
    ax.axis("off")
    n = len(jmap.stages)
    margin = 0.3
    x0 = margin + LABEL_W
    col_w = (WIDTH - x0 - margin) / max(n, 1)
    ax.text(margin, 0.42, f"Journey map · {jmap.label}", fontsize=17, fontweight="bold", color=INK, va="center")
    s = jmap.sizes
    ax.text(margin, 0.74, f"{s.get('people', 0):,} people ({s.get('clauses', 0):,} clauses) · {s.get('users', 0):,} "
            f"users · {s.get('mismatches', 0):,} say-versus-do mismatches · rates with 95% intervals",
            fontsize=9, color=MUTED, va="center")
    for i, (_, label) in enumerate(jmap.stages):
        left, right = x0 + i * col_w + 0.03, x0 + (i + 1) * col_w - 0.03
        tip = 0.16
        pts = [(left, TOP), (right - tip, TOP), (right, TOP + HEADER_H / 2), (right - tip, TOP + HEADER_H),
               (left, TOP + HEADER_H)] + ([(left + tip, TOP + HEADER_H / 2)] if i else [])
        ax.add_patch(Polygon(pts, closed=True, color=LANE_COLOURS["do"] if i % 2 == 0 else "#3d6f9e", lw=0))
        ax.text((left + right) / 2, TOP + HEADER_H / 2, f"{i + 1}  {label}", color="white", fontsize=10.5,
                fontweight="bold", ha="center", va="center")
    changes = getattr(jmap, "changes", None)
    marked = changes is not None and not changes.empty
    if marked:
        ax.text(WIDTH - margin, 0.74, CHANGES_LEGEND, fontsize=8, color=MUTED, va="center", ha="right")
    y = TOP + HEADER_H + 0.08
    scale = _lane_scale(y, marked)
    for lane, title in LANES:
        if marked and lane == CHANGES_BEFORE:
            _changes_band(ax, jmap, margin, x0, col_w, y, CHANGES_H * scale)
            y += CHANGES_H * scale
        h = LANE_H[lane] * scale
        if lane in BACKSTAGE:
            ax.plot([margin, WIDTH - margin], [y + 0.02, y + 0.02], color=MUTED, lw=0.9, ls=(0, (6, 3)))
            ax.text(WIDTH - margin, y - 0.03, "line of visibility", fontsize=DETAIL_PT, color=MUTED, ha="right",
                    va="bottom", fontstyle="italic")
            y += 0.06
        ax.add_patch(Rectangle((margin, y), LABEL_W - 0.06, h - 0.05, color=SOFT, lw=0))
        ax.add_patch(Rectangle((margin, y), 0.06, h - 0.05, color=LANE_COLOURS[lane], lw=0))
        ax.text(margin + 0.14, y + 0.1, "\n".join(textwrap.wrap(title, 14)), fontsize=9.5, fontweight="bold",
                color=INK, va="top")
        body_y, body_h = y, h - 0.05
        if lane == "feel":
            strip = 0.55
            _curve(ax, jmap, x0, col_w, y, strip)
            body_y, body_h = y + strip, h - 0.05 - strip
        for i, (sid, _) in enumerate(jmap.stages):
            cx = x0 + i * col_w
            ax.add_patch(Rectangle((cx + 0.03, y), col_w - 0.06, h - 0.05, facecolor="none", edgecolor=LINE, lw=0.8))
            _cell(ax, cx + 0.03, body_y, col_w - 0.06, body_h, list(jmap.cell(sid, lane).itertuples()))
        y += h
    ax.text(WIDTH - margin, HEIGHT - 0.12, "journey workbench · every entry is computed from the study's data; the "
            "HTML report links each one to its evidence", fontsize=6.5, color=MUTED, ha="right", va="bottom")
    return fig


def _lane_scale(top: float, marked: bool) -> float:
    """1, or the factor every lane shrinks by so that the change band fits on the slide."""
    if not marked:
        return 1.0
    room = HEIGHT - top - FOOTER - 0.06 * len(BACKSTAGE)
    return min(1.0, room / (sum(LANE_H.values()) + CHANGES_H))


def _changes_band(ax, jmap: JourneyMap, margin: float, x0: float, col_w: float, y: float, h: float) -> None:
    """The ▲/▼ markers of each stage (the map's ``changes`` rows: text and tone good | bad)."""
    ax.add_patch(Rectangle((margin, y), LABEL_W - 0.06, h - 0.05, color=SOFT, lw=0))
    ax.add_patch(Rectangle((margin, y), 0.06, h - 0.05, color=MUTED, lw=0))
    ax.text(margin + 0.14, y + 0.1, "\n".join(textwrap.wrap(CHANGES_TITLE, 14)), fontsize=9.5, fontweight="bold",
            color=INK, va="top")
    for i, (sid, _) in enumerate(jmap.stages):
        cx = x0 + i * col_w
        ax.add_patch(Rectangle((cx + 0.03, y), col_w - 0.06, h - 0.05, facecolor="none", edgecolor=LINE, lw=0.8))
        mine = jmap.changes[jmap.changes["stage"] == sid]
        items = [_Marker(r.text, "", r.tone) for r in mine.itertuples()] or [_Marker(NO_CHANGE, "", "empty")]
        _cell(ax, cx + 0.03, y, col_w - 0.06, h - 0.05, items)


@dataclass
class _Marker:
    """One item of the change band, drawn by :func:`_cell` like a map cell item."""

    text: str
    detail: str
    tone: str


def map_png(jmap: JourneyMap) -> bytes:
    return _png(map_figure(jmap))


def map_svg(jmap: JourneyMap) -> str:
    """SVG with text kept as text (editable in slide tools) rather than outlined paths."""
    return _svg(map_figure(jmap))


def map_files(jmap: JourneyMap) -> tuple[bytes, str]:
    """The PNG and the SVG of one drawing of the map (laying it out is a third of drawing it)."""
    fig = map_figure(jmap)
    return _png(fig), _svg(fig)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PNG_DPI, facecolor="white")
    return buffer.getvalue()


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "journey-map"}):
        fig.savefig(buffer, format="svg", facecolor="white")
    return buffer.getvalue()
