"""The study's index page: what was studied, how much evidence, and a link to every report."""
from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING

from ..overview import sample_sizes
from .html import check_self_contained, report_css

if TYPE_CHECKING:  # imported for type hints only; the runner imports this module
    from ..runner import PersonaRun
    from ..study import Study


def _label(study: "Study", persona: str) -> tuple[str, str]:
    if persona == "all":
        return "Everyone", "The whole population, all personas together."
    p = study.config.persona(persona)
    return p.label, p.description


def render_index(study: "Study", runs: list["PersonaRun"], warnings: list, seconds: float) -> str:
    """The index page as one self-contained HTML string."""
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
        rows.append(f"<tr><td>{link}</td><td>{status}</td><td>{detail}</td><td>{data}</td></tr>")
    sizes = sample_sizes(study, "all")
    size_rows = "".join(f"<tr><td>{html.escape(str(r.source))}</td><td>{html.escape(str(r.what))}</td>"
                        f"<td style='text-align:right'>{int(r.n):,}</td></tr>" for r in sizes.itertuples())
    stage_list = " &rarr; ".join(html.escape(s.label) for s in cfg.stages)
    warn = ""
    if warnings:
        items = "".join(f"<li>{html.escape(str(w))}</li>" for w in warnings)
        warn = f"<h2>Warnings</h2><p class='wb-note'>The run went on past these:</p><ul>{items}</ul>"
    failed = sum(r.status != "ok" for r in runs)
    status_line = (f"<p class='wb-failed'>{failed} of {len(runs)} reports failed; see below.</p>" if failed else
                   f"<p class='wb-ok'>All {len(runs)} reports ready.</p>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(cfg.title)}</title><style>{report_css()}</style></head>
<body><header class="wb-header"><h1>{html.escape(cfg.title)}</h1>
<p class="wb-subtitle">Study '{html.escape(cfg.study)}' · journey: {stage_list} ·
{len(cfg.touchpoints)} touchpoints · generated {time.strftime('%Y-%m-%d %H:%M')} in {seconds:.0f} s</p></header>
<main>{status_line}
<h2>Reports</h2>
<table class="wb-table"><thead><tr><th>Report</th><th>Status</th><th>About</th><th>Data</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>Evidence in this study</h2>
<table class="wb-table"><thead><tr><th>Source</th><th>What</th><th>n</th></tr></thead><tbody>{size_rows}</tbody></table>
{warn}
</main></body></html>"""
    check_self_contained(page)
    return page

