"""Executed chapter notebooks -> one self-contained HTML report (no code, nothing fetched)."""
from __future__ import annotations

import copy
import html
import re
from importlib import resources

import nbformat
from nbconvert import HTMLExporter

from ..language.fonts import web_font_css

# Tags papermill puts on the cells it owns; they hold plumbing, not findings.
PLUMBING_TAGS = {"parameters", "injected-parameters"}
# Output kinds that only live in a running notebook (progress bars, widgets, scripts). A static,
# self-contained report drops them: they are never findings, and they would run code or fetch.
LIVE_ONLY_MIMETYPES = {"application/javascript", "application/vnd.jupyter.widget-view+json",
                       "application/vnd.jupyter.widget-state+json", "text/javascript"}
# Any construct that would make a browser fetch or run something from elsewhere. A URL quoted in
# plain text (a customer's words) is not fetched and is allowed; privacy redaction handles tokens.
_EXTERNAL = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//"""
                       r"""|@import|url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//|<script|<link|<iframe|<object|<embed"""
                       r"""|import\s*\(""", re.IGNORECASE)
# XML namespaces in inline SVG name a URL but never fetch it; they are the one allowed kind.
_NAMESPACE = re.compile(r"""xmlns(?::\w+)?\s*=\s*["'][^"']*["']""", re.IGNORECASE)


def report_css() -> str:
    return resources.files("workbench").joinpath("templates/report.css").read_text(encoding="utf-8")


def merge_chapters(notebooks: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """One notebook of every chapter's cells, without plumbing cells or stderr logs."""
    merged = nbformat.v4.new_notebook()
    if notebooks:
        merged.metadata = copy.deepcopy(notebooks[0].metadata)
        merged.metadata.pop("papermill", None)
    for nb in notebooks:
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & PLUMBING_TAGS:
                continue
            cell = copy.deepcopy(cell)
            if cell.cell_type == "code":
                cell.outputs = [o for o in (_static(o) for o in cell.outputs) if o is not None]
                if not cell.outputs:
                    continue
            merged.cells.append(cell)
    return merged


def _static(output: dict) -> dict | None:
    """The output without live-only parts; None for stderr logs or when nothing static is left."""
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return None
    if "data" in output:
        data = {k: v for k, v in output["data"].items() if k not in LIVE_ONLY_MIMETYPES}
        if not data or set(data) == {"text/plain"} and len(output["data"]) > 1:
            return None  # only a widget's or script's plain-text stand-in would remain
        output["data"] = data
    return output


def export_html(nb: nbformat.NotebookNode, title: str, subtitle: str = "", nav: str = "") -> str:
    """Render ``nb`` as one HTML page with inputs hidden and no external URL of any kind.

    nbconvert's ``basic`` template gives the cells' HTML without any page furniture (no scripts,
    no CDN links); it is wrapped in the workbench's own page and stylesheet.
    """
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    body, _ = exporter.from_notebook_node(nb)
    return page(title, body, subtitle=subtitle, nav=nav)


def page(title: str, body: str, subtitle: str = "", nav: str = "") -> str:
    """A complete, self-contained HTML page around ``body``; raises if anything would be fetched."""
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{report_css()}{web_font_css(title + subtitle + body)}</style></head>
<body><header class="wb-header">{nav}<h1>{html.escape(title)}</h1><p class="wb-subtitle">{html.escape(subtitle)}</p></header>
<main class="wb-main">{body}</main></body></html>"""
    check_self_contained(text)
    return text


def external_references(text: str) -> list[str]:
    """Every place in ``page`` that would load something from another host."""
    text = _NAMESPACE.sub("", text)
    return [text[max(0, m.start() - 40): m.end() + 40] for m in _EXTERNAL.finditer(text)]


def check_self_contained(text: str) -> None:
    found = external_references(text)
    if found:
        raise ValueError(f"report would fetch from elsewhere: {found[0]!r}")
