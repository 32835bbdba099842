"""The voice chapter's themes: per stage, what happened to customers, in their words (issue 15).

Renders the analysis pass's themes table (``PersonaResults.themes``, from
``workbench.themes.build_themes``) and its pain points; computes nothing but lookups and formatting.
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from ...formats import interval, pct, plural
from ..table import html_table

QUOTE_CHARS = 160        # a quote longer than this is cut at a word boundary with an ellipsis
QUOTES_PER_THEME = 3     # representative quotes, one per person (the themes table keeps up to three)
THEMES_PER_STAGE = 8     # rows per stage table; the rest are in data/<persona>/themes.csv


def table(frame: pd.DataFrame, caption: str = "", right: tuple[str, ...] = (), raw: tuple[str, ...] = ()) -> str:
    """The report's one table builder; columns in ``raw`` hold HTML built (and escaped) by the caller."""
    return html_table(frame, caption, right, html_columns=raw)


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


def method() -> HTML:
    """The one-paragraph account of how themes are found (``workbench.themes.METHOD``)."""
    from ...themes import METHOD
    return HTML(f"<p class='wb-note'>{html.escape(METHOD)}</p>")


def theme_quotes(result, theme: pd.Series, k: int = QUOTES_PER_THEME) -> list[tuple[str, str]]:
    """(quote id, sentence) for the theme's representative quotes, one per person: the sentence of
    the theme's own clause in that turn or answer (cleaned text, so no stage note opens it)."""
    clauses = result.voice.clauses
    mine = set(str(theme.get("clause_ids", "")).split(";"))
    out = []
    for qid in [q for q in str(theme["quote_ids"]).split(";") if q][:k]:
        rows = clauses[(clauses["unit_id"] == qid) & clauses["clause_id"].astype(str).isin(mine)]
        if len(rows):
            out.append((qid, shorten(rows["sentence_text"].iloc[0])))
    return out


def _quotes_html(pairs: list[tuple[str, str]]) -> str:
    return "<br>".join(f"“{html.escape(s)}” <code>{html.escape(q)}</code>" for q, s in pairs)


def _codes_of(result, theme: pd.Series) -> str:
    """The researcher's codes given to the theme's clauses (labels, most clauses first)."""
    coding = getattr(result, "coding", None)
    if coding is None or not len(coding.applied):
        return ""
    mine = set(str(theme.get("clause_ids", "")).split(";"))
    hit = coding.applied[coding.applied["clause_id"].astype(str).isin(mine)]
    labels = {c.id: c.label for c in coding.codebook}
    counts = hit.drop_duplicates(["clause_id", "code"])["code"].value_counts()
    return ", ".join(labels.get(c, c) for c in counts.index)


def stage_themes(result, k: int = THEMES_PER_STAGE) -> HTML:
    """Per stage, in journey order: each theme's label, people, share negative (95% CI over people),
    representative quotes from different people, top phrases, language (and codes, with a codebook)."""
    themes = result.themes
    if themes is None or not len(themes):
        return HTML("<p class='wb-note'>No theme was raised by two or more people in this group.</p>")
    coded = getattr(result, "coding", None) is not None and bool(result.coding.codebook)
    parts = []
    for stage in result.config.stages:
        mine = themes[themes["stage"] == stage.id].sort_values(["people", "theme"], ascending=[False, True])
        if not len(mine):
            continue
        rows = []
        for _, t in mine.head(k).iterrows():
            row = {"Theme": t["label"], "People": f"{int(t['people']):,}",
                   "Negative (95% CI)": f"{pct(t['share_negative'])} ({interval(t['ci_low'], t['ci_high'])})",
                   "Quotes (one per person)": _quotes_html(theme_quotes(result, t)),
                   "Other phrases": t["top_phrases"], "Language": t["language"]}
            if coded:
                row["Codes"] = _codes_of(result, t)
            rows.append(row)
        more = len(mine) - k
        note = f" {plural(more, 'more theme')} in themes.csv." if more > 0 else ""
        parts.append(f"<h4>{html.escape(stage.label)}</h4>" + table(
            pd.DataFrame(rows), caption=f"{plural(len(mine), 'theme')} raised by two or more people.{note}",
            right=("People",), raw=("Quotes (one per person)",)))
    return HTML("".join(parts))


def pain_table(result) -> HTML:
    """Where it hurts: the pain-point themes (``workbench.themes.pain_points``), most people first."""
    from ...themes import pain_points
    themes = result.themes
    pains = pain_points(themes) if themes is not None and len(themes) else pd.DataFrame()
    if not len(pains):
        return HTML("<p class='wb-note'>No theme raised by three or more people was mostly negative or an "
                    "unmet need for this group.</p>")
    stages = {s.id: s.label for s in result.config.stages}
    by_id = themes.set_index("theme")
    rows = [{"Theme": p.label, "Kind": p.kind, "Stage": stages.get(p.stage, p.stage),
             "People": f"{int(p.people):,}",
             "Negative (95% CI)": f"{pct(p.share_negative)} ({interval(p.ci_low, p.ci_high)})",
             "Asking for something (95% CI)": f"{pct(p.share_need)} ("
                                              f"{interval(*by_id.loc[p.theme, ['need_ci_low', 'need_ci_high']])})",
             "Quotes": _quotes_html(theme_quotes(result, by_id.loc[p.theme], 2))}
            for p in pains.itertuples()]
    return HTML(table(pd.DataFrame(rows), caption="Themes raised by three or more people, most of them negative "
                      "(or most of them asking for something missing); 95% Wilson intervals over people.",
                      right=("People",), raw=("Quotes",)))
