"""The voice chapter's researcher codes: frequencies with intervals, co-occurrence, coded quotes.

Renders ``PersonaResults.coding`` and the bundle tables ``codes`` and ``code_cooccurrence``
(computed in the analysis pass, ``workbench.analysis.themes_pass``); computes nothing.
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from ...formats import interval, pct
from ..quotes import quote_card, quote_id, wall_html
from .themes import shorten, table

QUOTES_PER_CODE = 3      # coded quotes shown per code, one per person
INDENT = "\u2003"         # an em space per level: a child code is shown under its parent
NO_CODES = ("<p class='wb-note'>This study has no codebook: add <code>codes:</code> to study.yml (and hand-coded "
            "highlights under <code>coding/</code>) to see the researcher's codes here.</p>")


def _labels(result) -> dict[str, str]:
    return {c.id: c.label for c in result.coding.codebook}


def _has_codes(result) -> bool:
    return getattr(result, "coding", None) is not None and bool(result.coding.codebook)


def frequencies(result) -> HTML:
    """People with each code over the people who said anything there, per persona and stage
    (every stage first), with 95% Wilson intervals over people; stages where nobody has the code are left out."""
    if not _has_codes(result):
        return HTML(NO_CODES)
    freq = result.tables["codes"]
    labels = _labels(result)
    depth = dict(zip(freq["code"], freq["depth"])) if "depth" in freq.columns else {}
    stages = {s.id: s.label for s in result.config.stages}
    order = {s: i for i, s in enumerate(["", *stages])}
    shown = freq[(freq["stage"] == "") | (freq["people"] > 0)].copy()
    codes = {c: i for i, c in enumerate(dict.fromkeys(freq["code"]))}
    shown = shown.assign(_c=shown["code"].map(lambda c: codes.get(c, len(codes))), _p=shown["persona"] != "all",
                         _o=shown["stage"].map(lambda s: order.get(s, len(order))))
    shown = shown.sort_values(["_c", "_p", "persona", "_o"])
    rows = [{"Code": INDENT * int(depth.get(r.code, 0)) + labels.get(r.code, r.code), "Persona": r.persona,
             "Stage": stages.get(r.stage, r.stage) if r.stage else "every stage",
             "People": f"{int(r.people):,} of {int(r.people_total):,}",
             "Share (95% CI)": f"{pct(r.share)} ({interval(r.ci_low, r.ci_high)})", "Clauses": f"{int(r.clauses):,}"}
            for r in shown.itertuples()]
    if not rows:
        return HTML("<p class='wb-note'>No code was applied to this group's voice.</p>")
    return HTML(table(pd.DataFrame(rows), caption="People with the code among the people who said anything at that "
                      "stage; 95% Wilson intervals over people. A parent code counts the people of its children (the "
                      "children are indented under it). Cue words, patterns and hand-coded highlights count alike.", right=("People", "Clauses")))


def cooccurrence(result) -> HTML:
    """Pairs of codes given to the same turn or answer: units, people, Jaccard index of their units."""
    if not _has_codes(result):
        return HTML(NO_CODES)
    pairs = result.tables["code_cooccurrence"]
    if not len(pairs):
        return HTML("<p class='wb-note'>No two codes were given to the same turn or answer in this group.</p>")
    labels = _labels(result)
    rows = [{"Code": labels.get(r.code_a, r.code_a), "With": labels.get(r.code_b, r.code_b),
             "Turns or answers": f"{int(r.units):,}", "People": f"{int(r.people):,}", "Jaccard": f"{r.jaccard:.2f}"}
            for r in pairs.itertuples()]
    return HTML(table(pd.DataFrame(rows), caption="Jaccard index: shared units over the units of either code.",
                      right=("Turns or answers", "People", "Jaccard")))


def coded_quotes(result, k: int = QUOTES_PER_CODE) -> HTML:
    """Per code, quotes from different people whose clause carries it: the evidence behind each code."""
    if not _has_codes(result):
        return HTML(NO_CODES)
    clauses = result.voice.clauses.set_index("clause_id")
    cards = []
    labels = {c.id: c.label for c in result.coding.codebook}
    for code in result.coding.codebook:
        # a parent's quotes include its children's, as its frequencies do (Coding.evidence)
        mine = result.coding.evidence(code.id).drop_duplicates("participant").head(k)
        for r in mine.itertuples():
            if r.clause_id not in clauses.index:
                continue
            sentence = clauses.loc[r.clause_id, "sentence_text"]
            sentence = sentence.iloc[0] if isinstance(sentence, pd.Series) else sentence
            how = {"hand": "coded by hand", "cue": "cue word", "pattern": "pattern"}.get(r.how, r.how)
            memo = f" · {html.escape(str(r.memo))}" if isinstance(r.memo, str) and r.memo else ""
            name = code.label if r.code == code.id else f"{code.label} › {labels.get(r.code, r.code)}"
            cards.append(quote_card(shorten(sentence), [f"{html.escape(name)} ({how}){memo}", quote_id(r.unit_id)]))
    if not cards:
        return HTML("<p class='wb-note'>No code was applied to this group's voice.</p>")
    return HTML(wall_html(cards))
