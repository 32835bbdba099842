"""``comparison.html``: the personas side by side, rendered from a computed
:class:`workbench.journeymap.comparison.Comparison` (nothing here computes a statistic)."""
from __future__ import annotations

import base64
import html
import io

import pandas as pd
from matplotlib.figure import Figure

from ...formats import MISSING, count, interval, number, pct, phrase_text, q_text
from ...journeymap.comparison import Comparison
from ...stats import ALPHA
from ..html import page
from ..table import html_table
from ..palette import LINE, MUTED, PERSONA_COLOURS

e = html.escape


def sentiment_figure(comp: Comparison) -> Figure:
    """Mean sentiment per stage per persona, side by side, with 95% intervals."""
    s = comp.sentiment
    stages = list(dict.fromkeys(s["label"]))
    fig = Figure(figsize=(9, 3.6))
    ax = fig.subplots()
    k = len(comp.personas)
    width = 0.8 / max(k, 1)
    for j, (pid, label) in enumerate(comp.personas):
        mine = s[s["persona"] == pid].reset_index(drop=True)
        xs = [i - 0.4 + width * (j + 0.5) for i in range(len(mine))]
        ok = mine["mentions"] > 0
        colour = PERSONA_COLOURS[j % len(PERSONA_COLOURS)]
        lo = (mine["mean_sentiment"] - mine["ci_low"]).clip(lower=0).fillna(0)
        hi = (mine["ci_high"] - mine["mean_sentiment"]).clip(lower=0).fillna(0)
        ax.errorbar([x for x, o in zip(xs, ok) if o], mine.loc[ok, "mean_sentiment"], yerr=[lo[ok], hi[ok]], fmt="o",
                    color=colour, ecolor=colour, capsize=3, label=label, ms=6)
    ax.axhline(0, color=LINE, lw=1)
    ax.set_xticks(range(len(stages)), stages)
    ax.set_ylabel("mean sentiment (95% CI)")
    ax.legend(frameon=False, fontsize=8, ncol=min(k, 4), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=MUTED)
    fig.tight_layout()
    return fig


def _img(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=144, bbox_inches="tight", facecolor="white")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='Sentiment per stage per persona' src='data:image/png;base64,{data}' style='max-width:100%'>"


def _sentiment_table(comp: Comparison) -> str:
    s = comp.sentiment
    stages = list(dict.fromkeys(s["stage"]))
    labels = dict(zip(s["stage"], s["label"]))
    rows = []
    for pid, label in comp.personas:
        mine = s[s["persona"] == pid].set_index("stage")
        row = {"Persona": label}
        for st in stages:
            r = mine.loc[st]
            row[labels[st]] = ("no mentions" if not r["mentions"] else
                               f"{r['emoji']} {number(r['mean_sentiment'], signed=True)}<br><span class='wb-note'>"
                               f"{interval(r['ci_low'], r['ci_high'], percent=False, signed=True)}; "
                               f"n = {count(r['mentions'])}, {count(r['people'])} people</span>")
        rows.append(row)
    columns = ["Persona"] + [labels[st] for st in stages]
    return html_table(pd.DataFrame(rows, columns=columns), html_columns=tuple(columns[1:]), row_header=True)


def _funnel_table(comp: Comparison) -> str:
    f = comp.funnel
    if f.empty:
        return "<p class='wb-note'>No behavioural data in this study.</p>"
    steps = f.drop_duplicates("step")[["step", "label"]]
    columns = ["Persona"] + [str(lbl) for lbl in steps["label"]]
    rows = []
    for pid, label in comp.personas:
        mine = f[f["persona"] == pid].set_index("step")
        cells = [label]
        for step in steps["step"]:
            if step not in mine.index:
                cells.append(MISSING)
                continue
            r = mine.loc[step]
            mark = ""
            if r["significant"]:
                up = r["difference"] > 0
                mark = (f" <span class='{'wb-sig-up' if up else 'wb-sig'}'>{'▲' if up else '▼'} "
                        f"{100 * r['difference']:+.1f} pp</span>")
            cells.append(f"{pct(r['share_of_previous'], 1)}{mark}<br><span class='wb-note'>"
                         f"{interval(r['previous_ci_low'], r['previous_ci_high'], 1)}; {count(r['users'])} of "
                         f"{count(r['n_previous'])}; {q_text(r['q_value'])}</span>")
        rows.append(cells)
    note = (f"Share of the previous step that reached each step (95% Wilson interval). "
            f"▲/▼: differs from all other users with q &lt; {ALPHA:g} (two-proportion test, Benjamini-Hochberg over "
            f"{len(f)} comparisons).")
    return html_table(pd.DataFrame(rows, columns=columns), html_columns=tuple(columns[1:]), row_header=True,
                      note=note)




def _phrases(comp: Comparison) -> str:
    cols = []
    for pid, label in comp.personas:
        mine = comp.phrases[comp.phrases["persona"] == pid]
        items = "".join(f"<li><strong>{e(phrase_text(r.phrase))}</strong> <span class='wb-note'>z = {r.z:.1f}, said "
                        f"{int(r.count)}× by {int(r.speakers)} people</span></li>" for r in mine.itertuples())
        cols.append(f"<div class='wb-compare-col'><h3>{e(label)}</h3><ol>{items or '<li>no distinctive phrase</li>'}"
                    f"</ol></div>")
    return ("<div class='wb-cards'>" + "".join(cols) + "</div><p class='wb-note'>Phrases said more by this persona "
            "than by the others (log-odds with an informative Dirichlet prior, Monroe et al. 2008), by two or more "
            "people.</p>")


def _conversion(comp: Comparison) -> str:
    c = comp.conversion
    if c.empty:
        return ""
    labels = dict(comp.personas)
    frame = pd.DataFrame({
        "Persona": [labels.get(p, p) for p in c["persona"]],
        "Users": c["n"].map(count),
        "Conversion (95% CI)": [f"{pct(v, 1)} ({interval(lo, hi, 1)})" for v, lo, hi in zip(c["rate"], c["ci_low"],
                                                                                           c["ci_high"])],
        "Everyone else": c["rest_rate"].map(lambda v: pct(v, 1)),
        "Difference": [f"{number(100 * d, 1, signed=True)} pp; {html.escape(q_text(q))}"
                       f"{' <span class=wb-sig>significant</span>' if s else ''}"
                       for d, q, s in zip(c["difference"], c["q_value"], c["significant"])]})
    return html_table(frame, right=("Users", "Conversion (95% CI)", "Everyone else", "Difference"),
                      html_columns=("Difference",))


def comparison_page(study, comp: Comparison) -> str:
    """``comparison.html`` as one self-contained page."""
    body = (f"<p class='wb-lede'>{len(comp.personas)} personas side by side: what sets their words apart, how "
            "they feel at each stage, and how far they get.</p>"
            f"<h2 id='wb-compare-phrases'>Distinctive phrases per persona</h2>{_phrases(comp)}"
            f"<h2 id='wb-compare-sentiment'>Sentiment per stage</h2>{_img(sentiment_figure(comp))}"
            f"{_sentiment_table(comp)}"
            f"<h2 id='wb-compare-funnel'>Funnel per persona</h2>{_conversion(comp)}{_funnel_table(comp)}")
    nav = '<nav class="wb-nav"><a href="index.html">&larr; All reports</a></nav>'
    return page(f"{study.config.title}: personas compared", body,
                subtitle=f"Cross-persona comparison · study '{study.config.study}'", nav=nav)
