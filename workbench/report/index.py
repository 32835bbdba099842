"""The study's index page: what was studied, how much evidence, and a link to every report."""
from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from ..overview import LEFT_OUT_SOURCE, WARNING_SOURCE, warning_rows
from ..formats import count, number
from ..language.fonts import web_font_css
from .html import check_self_contained, report_css
from .table import html_table

# Mismatches listed on the index: enough to show the worst across personas, few enough to read.
TOP_MISMATCHES = 8

if TYPE_CHECKING:  # imported for type hints only
    from ..study import Study


class PersonaRun(Protocol):
    """What the index needs of one persona's run (the runner's ``PersonaRun`` has it); report code
    never imports the runner."""
    persona: str
    status: str                 # ok | failed
    report: str | None          # file name of the HTML report, relative to the study folder
    failure: dict | None        # notebook, cell, error


def _label(study: "Study", persona: str) -> tuple[str, str]:
    if persona == "all":
        return "Everyone", "The whole population, all personas together."
    p = study.config.persona(persona)
    return p.label, p.description


def render_index(study: "Study", runs: list["PersonaRun"], warnings: list, seconds: float,
                 samples: dict[str, pd.DataFrame], mismatches: pd.DataFrame | None = None,
                 comparison: str | None = None, comparison_failure: dict | None = None) -> str:
    """The index page as one self-contained HTML string.

    ``samples``: persona (every one in ``runs``, and ``all``) -> its evidence table from the analysis
    pass (``PersonaResults.samples``: sample sizes, then the warnings' rows, which are left out here);
    ``mismatches``: every persona's mismatches.csv rows with a ``persona`` column (the top ones are
    listed across personas); ``comparison``: file name of the cross-persona page, when written.
    """
    cfg = study.config
    rows = []
    for run in runs:
        label, description = _label(study, run.persona)
        if run.status == "ok" and run.report:
            link = f'<a href="{html.escape(run.report)}">{html.escape(label)}</a>'
            status = '<span class="wb-ok">ready</span>'
            detail = html.escape(description)
        else:
            link = html.escape(label)
            status = '<span class="wb-failed">failed</span>'
            failure = run.failure or {}
            cell = f", cell {failure.get('cell')}" if failure.get("cell") is not None else ""
            detail = (f"{html.escape(description)}<pre class=\"wb-error\">{html.escape(str(failure.get('notebook', '')))}"
                      f"{html.escape(cell)}: {html.escape(str(failure.get('error', 'unknown error')))}</pre>"
                      f'<span class="wb-note">The executed notebook is kept in notebooks/{html.escape(run.persona)}/ '
                      "for debugging.</span>")
        data = f'<a href="data/{html.escape(run.persona)}/manifest.json">manifest</a>'
        rows.append([link, status, detail, data])
    reports = html_table(pd.DataFrame(rows, columns=["Report", "Status", "About", "Data"]),
                         html_columns=("Report", "Status", "About", "Data"))
    sizes = _sizes(samples, "all")
    evidence = html_table(pd.DataFrame({"Source": sizes["source"].astype(str), "What": sizes["what"].astype(str),
                                        "n": sizes["n"].map(count)}), right=("n",))
    stage_list = " &rarr; ".join(html.escape(s.label) for s in cfg.stages)
    warn = _warnings(warnings)
    failed = sum(r.status != "ok" for r in runs)
    status_line = (f"<p class='wb-failed'>{failed} of {len(runs)} reports failed; see below.</p>" if failed else
                   f"<p class='wb-ok'>All {len(runs)} reports ready.</p>")
    body = f"""<body><header class="wb-header"><h1>{html.escape(cfg.title)}</h1>
<p class="wb-subtitle">Study '{html.escape(cfg.study)}' · journey: {stage_list} ·
{len(cfg.touchpoints)} touchpoints · generated {time.strftime('%Y-%m-%d %H:%M')} in {seconds:.0f} s</p></header>
<main class="wb-main">{status_line}
<h2>Reports</h2>
{reports}
<h2>Evidence in this study</h2>
{evidence}
{warn}
{_comparison_link(comparison, comparison_failure)}
{_waves_link(study, runs)}
<h2>Top say-versus-do mismatches across personas</h2>
{_top_mismatches(study, mismatches, runs)}
<h2>Sample sizes per persona</h2>
{_persona_sizes(study, runs, samples)}
</main></body></html>"""
    # The Thai, Chinese and emoji faces the page's text uses (persona labels, stages, evidence), as
    # in every report page: without them a machine lacking those fonts draws boxes.
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(cfg.title)}</title><style>{report_css()}{web_font_css(cfg.title + body)}</style></head>
{body}"""
    check_self_contained(page)
    return page



def _sizes(samples: dict[str, pd.DataFrame], persona: str) -> pd.DataFrame:
    """``persona``'s sample sizes without the warning rows the evidence table appends."""
    frame = samples[persona]
    return frame[~frame["source"].isin((LEFT_OUT_SOURCE, WARNING_SOURCE))]


def _warnings(warnings: list) -> str:
    """Every warning of the study (shown paths), each with the rows or files it left out."""
    if not warnings:
        return ""
    rows = warning_rows(warnings)
    items = "".join(f"<li>{html.escape(str(what))}</li>" for what in rows["what"])
    left = rows.dropna(subset=["n"])
    total = (f" {len(left)} of them left input out of the analysis; every report's evidence section lists "
             "them too." if len(left) else "")
    return (f"<h2 id='wb-warnings'>Warnings</h2><p class='wb-note'>The run went on past {len(warnings)} "
            f"warning(s).{total}</p><ul class='wb-warnings'>{items}</ul>")


def _comparison_link(comparison: str | None, failure: dict | None) -> str:
    if comparison:
        return (f"<p><a href='{html.escape(comparison)}'><strong>Personas compared</strong></a>: distinctive phrases, "
                "sentiment per stage and the funnel per persona, side by side.</p>")
    if failure:
        return (f"<p class='wb-failed'>The persona comparison failed:</p><pre class='wb-error'>"
                f"{html.escape(str(failure.get('error', 'unknown error')))}</pre>")
    return ""


def _waves_link(study: "Study", runs: list["PersonaRun"]) -> str:
    """A link to the comparison with the previous wave (chapter 05 of the whole population's report)."""
    from .chapters.waves import SECTION_ID
    previous = study.config.previous
    report = next((r.report for r in runs if r.persona == "all" and r.status == "ok" and r.report), None)
    if previous is None or report is None:
        return ""
    return (f"<p><a href='{html.escape(report)}#{SECTION_ID}'><strong>Changes since the previous wave</strong></a> "
            f"({html.escape(previous.name)}): every touchpoint and stage, better, worse or no detectable change, "
            "and the say-versus-do findings gone and new.</p>")


def _top_mismatches(study: "Study", mismatches: pd.DataFrame | None, runs: list["PersonaRun"]) -> str:
    """The most severe mismatches over all persona reports, each linked to its card in that report."""
    from ..journeymap.map_model import anchor_id
    if mismatches is None or mismatches.empty:
        return "<p class='wb-note'>No say-versus-do mismatch is flagged in any report.</p>"
    frame = mismatches.copy()
    if "severity" not in frame.columns:
        frame["severity"] = pd.to_numeric(frame["effect"], errors="coerce").abs() * pd.to_numeric(
            frame["n_did"], errors="coerce") / 100
    frame = frame.sort_values(["severity", "q_value"], ascending=[False, True], na_position="last").head(TOP_MISMATCHES)
    reports = {r.persona: r.report for r in runs if r.status == "ok" and r.report}
    rows = []
    for r in frame.itertuples():
        label = _label(study, r.persona)[0] if r.persona == "all" or r.persona in study.config.persona_ids else r.persona
        tp = "" if pd.isna(r.touchpoint) else str(r.touchpoint)
        target = reports.get(r.persona)
        where = html.escape(label)
        if target:
            where = f"<a href='{html.escape(target)}#{anchor_id('mm', f'{tp}:{r.kind}')}'>{where}</a>"
        rows.append([where, tp or str(r.stage), str(r.kind), number(r.severity, 0, thousands=True), str(r.evidence)])
    return html_table(pd.DataFrame(rows, columns=["Report", "Touchpoint", "Kind", "Severity", "Evidence"]),
                      right=("Severity",), html_columns=("Report",),
                      note="Severity: people affected × size of the gap. The same touchpoint may appear for "
                           "several personas.")


def _persona_sizes(study: "Study", runs: list["PersonaRun"], samples: dict[str, pd.DataFrame]) -> str:
    """People interviewed, survey respondents and behavioural users for every persona and everyone."""
    rows = []
    for run in runs:
        sizes = _sizes(samples, run.persona)
        interviews = int(sizes.loc[sizes["what"] == "participants interviewed", "n"].sum())
        respondents = int(sizes.loc[sizes["what"] == "respondents", "n"].sum())
        users = int(sizes.loc[sizes["what"] == "users in users.csv", "n"].sum())
        rows.append([_label(study, run.persona)[0], count(interviews), count(respondents), count(users)])
    return html_table(pd.DataFrame(rows, columns=["Report", "Interviewed", "Survey respondents", "Users"]),
                      right=("Interviewed", "Survey respondents", "Users"),
                      note="Survey respondents are summed over surveys (a person answering two surveys counts twice).")
