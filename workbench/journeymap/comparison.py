"""Personas side by side: the words that set each apart, sentiment per stage, and the funnel per persona
with the steps where a persona differs significantly from everyone else marked.

:func:`compare_personas` computes (a :class:`Comparison` of DataFrames); :func:`comparison_page`
renders the self-contained ``comparison.html``. Funnel differences: each persona's step
conversion against the rest of the users (all minus the persona), two-proportion test
(``workbench.stats``), Benjamini-Hochberg over every step and persona at once. Every persona's
funnel places the goal where the whole population's funnel does, so the steps line up.
"""
from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from ..formats import q_text
from ..report.html import page
from ..stats import ALPHA, benjamini_hochberg, two_proportion_test
from .model import interval, pct
from .palette import LINE, MUTED, PERSONA_COLOURS

TOP_PHRASES = 8   # distinctive phrases shown per persona
FUNNEL_COLUMNS = ["persona", "step", "stage", "label", "users", "n_previous", "share_of_previous", "previous_ci_low",
                  "previous_ci_high", "rest_rate", "difference", "p_value", "q_value", "significant"]
e = html.escape


@dataclass
class Comparison:
    personas: list[tuple[str, str]]                 # (id, label)
    phrases: pd.DataFrame = field(default_factory=pd.DataFrame)    # persona, phrase, z, count, speakers
    sentiment: pd.DataFrame = field(default_factory=pd.DataFrame)  # persona x stage summaries
    funnel: pd.DataFrame = field(default_factory=pd.DataFrame)     # FUNNEL_COLUMNS
    conversion: pd.DataFrame = field(default_factory=pd.DataFrame)  # behaviour.persona_comparisons rows


def compare_personas(study, voice=None) -> Comparison:
    """Every cross-persona table for a loaded Study (voice of everyone once; funnels per persona).
    ``voice`` is an already computed voice analysis of "all" (the analysis pass passes its own)."""
    from .. import voc
    from ..voc.summary import stage_summary
    cfg = study.config
    personas = [(p.id, p.label) for p in cfg.personas]
    voice = voice if voice is not None else voc.analyse_voice(study, "all")
    d = voc.distinctive_by(voice, "persona")
    phrases = pd.DataFrame(columns=["persona", "phrase", "z", "count", "speakers"])
    if len(d):
        d = d[(d["z"] > 0) & (d["speakers"] >= 2)].sort_values("z", ascending=False)
        phrases = d.groupby("group").head(TOP_PHRASES).rename(columns={"group": "persona"})[phrases.columns]
    rows = []
    for pid, _ in personas:
        mine = voice.clauses[voice.clauses["persona"] == pid]
        rows.append(stage_summary(mine, cfg).assign(persona=pid))
    sentiment = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    funnel = conversion = pd.DataFrame()
    if cfg.behaviour is not None:
        from ..behaviour import ordered_funnel, persona_comparisons
        from ..behaviour.stage_order import stage_order
        # every persona on the steps of "all" (the data's order, issue 12), so step k is the same step
        steps = stage_order(study, "all", goal_after=cfg.behaviour.goal_after).steps
        everyone = ordered_funnel(study, "all", steps=steps)
        funnel = funnel_differences(everyone, {pid: ordered_funnel(study, pid, steps=steps) for pid, _ in personas})
        comp = persona_comparisons(study)
        conversion = comp[comp["measure"] == "conversion"].reset_index(drop=True)
    return Comparison(personas=personas, phrases=phrases.reset_index(drop=True), sentiment=sentiment, funnel=funnel,
                      conversion=conversion)


def funnel_differences(everyone: pd.DataFrame, per_persona: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each persona's step conversion against the rest (everyone minus the persona), BH-corrected."""
    rows = []
    for pid, f in per_persona.items():
        for (_, r), (_, a) in zip(f.iterrows(), everyone.iterrows()):
            if r["step"] == 1:
                continue
            x, n = int(r["users"]), int(r["n_previous"])
            rx, rn = int(a["users"]) - x, int(a["n_previous"]) - n
            p = two_proportion_test(x, n, rx, rn)
            rest = rx / rn if rn > 0 else math.nan
            rows.append({"persona": pid, "step": int(r["step"]), "stage": r["stage"], "label": r["label"], "users": x,
                         "n_previous": n, "share_of_previous": r["share_of_previous"],
                         "previous_ci_low": r["previous_ci_low"], "previous_ci_high": r["previous_ci_high"],
                         "rest_rate": rest, "difference": r["share_of_previous"] - rest, "p_value": p})
    frame = pd.DataFrame(rows, columns=FUNNEL_COLUMNS[:-2])
    frame["q_value"] = benjamini_hochberg(frame["p_value"]) if len(frame) else []
    frame["significant"] = frame["q_value"] < ALPHA
    return frame[FUNNEL_COLUMNS]


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
    head = "".join(f"<th>{e(labels[st])}</th>" for st in stages)
    body = []
    for pid, label in comp.personas:
        mine = s[s["persona"] == pid].set_index("stage")
        cells = []
        for st in stages:
            r = mine.loc[st]
            if not r["mentions"]:
                cells.append("<td class='wb-empty'>no mentions</td>")
                continue
            cells.append(f"<td>{r['emoji']} {r['mean_sentiment']:+.2f}<br><span class='wb-note'>"
                         f"{interval(r['ci_low'], r['ci_high'], percent=False, signed=True)}; "
                         f"n = {int(r['mentions'])}, {int(r['people'])} people</span></td>")
        body.append(f"<tr><th>{e(label)}</th>{''.join(cells)}</tr>")
    return f"<table class='wb-table'><thead><tr><th>Persona</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _funnel_table(comp: Comparison) -> str:
    f = comp.funnel
    if f.empty:
        return "<p class='wb-note'>No behavioural data in this study.</p>"
    steps = f.drop_duplicates("step")[["step", "label"]]
    head = "".join(f"<th>{e(str(lbl))}</th>" for lbl in steps["label"])
    body = []
    for pid, label in comp.personas:
        mine = f[f["persona"] == pid].set_index("step")
        cells = []
        for step in steps["step"]:
            if step not in mine.index:
                cells.append("<td>–</td>")
                continue
            r = mine.loc[step]
            mark = ""
            if r["significant"]:
                up = r["difference"] > 0
                mark = (f" <span class='{'wb-sig-up' if up else 'wb-sig'}'>{'▲' if up else '▼'} "
                        f"{100 * r['difference']:+.1f} pp</span>")
            cells.append(f"<td>{pct(r['share_of_previous'], 1)}{mark}<br><span class='wb-note'>"
                         f"{interval(r['previous_ci_low'], r['previous_ci_high'], 1)}; {int(r['users']):,} of "
                         f"{int(r['n_previous']):,}; {q_text(r['q_value'])}</span></td>")
        body.append(f"<tr><th>{e(label)}</th>{''.join(cells)}</tr>")
    return (f"<table class='wb-table'><thead><tr><th>Persona</th>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table><p class='wb-note'>Share of the previous step that reached each step (95% Wilson interval). "
            f"▲/▼: differs from all other users with q &lt; {ALPHA:g} (two-proportion test, Benjamini-Hochberg over "
            f"{len(f)} comparisons).</p>")




def _phrases(comp: Comparison) -> str:
    cols = []
    for pid, label in comp.personas:
        mine = comp.phrases[comp.phrases["persona"] == pid]
        items = "".join(f"<li><strong>{e(str(r.phrase))}</strong> <span class='wb-note'>z = {r.z:.1f}, said "
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
    rows = "".join(f"<tr><td>{e(labels.get(r.persona, r.persona))}</td><td class='wb-num'>{int(r.n):,}</td>"
                   f"<td class='wb-num'>{pct(r.rate, 1)} ({interval(r.ci_low, r.ci_high, 1)})</td>"
                   f"<td class='wb-num'>{pct(r.rest_rate, 1)}</td><td class='wb-num'>{100 * r.difference:+.1f} pp; "
                   f"{q_text(r.q_value)}{' <span class=wb-sig>significant</span>' if r.significant else ''}</td></tr>"
                   for r in c.itertuples())
    return ("<table class='wb-table'><thead><tr><th>Persona</th><th>Users</th><th>Conversion (95% CI)</th>"
            f"<th>Everyone else</th><th>Difference</th></tr></thead><tbody>{rows}</tbody></table>")


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
