"""Self-contained pages: anything that would fetch from elsewhere is caught."""
from __future__ import annotations

import pytest

from workbench.report.html import external_references, page


@pytest.mark.parametrize("snippet", [
    '<script src="https://cdn.example/x.js"></script>',
    '<link rel="stylesheet" href="https://fonts.example/css">',
    '<img src="//cdn.example/a.png">',
    "<style>@import url(https://fonts.example/x.css);</style>",
    "<div style=\"background: url('http://x.example/a.png')\"></div>",
    '<a href="https://example.com">docs</a>',
    '<script>import("https://cdn.example/mermaid.mjs")</script>',
    '<iframe src="x.html"></iframe>',
])
def test_external_references_are_found(snippet):
    assert external_references(snippet)


@pytest.mark.parametrize("snippet", [
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<a href="saver.html">Saver</a>',
    '<a href="#cell-3">evidence</a>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    "<td>She pasted https://shop.example/cart into the chat</td>",  # quoted text is not fetched
])
def test_local_things_are_allowed(snippet):
    assert external_references(snippet) == []


def test_page_refuses_external_content():
    with pytest.raises(ValueError):
        page("t", '<img src="https://x.example/a.png">')
    assert "<title>t</title>" in page("t", "<p>ok</p>")


def test_live_only_outputs_are_dropped_from_reports():
    import nbformat

    from workbench.report.html import export_html, merge_chapters
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"application/javascript": "var element = $('#x');",
                                                     "text/plain": "<progress bar>"}),
        nbformat.v4.new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "1"},
                                                     "text/plain": "FloatProgress(value=0.5)"}),
        nbformat.v4.new_output("stream", name="stderr", text="a warning"),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>finding</p>", "text/plain": "finding"}),
    ]
    nb.cells = [cell]
    page_text = export_html(merge_chapters([nb]), "t")
    assert "<p>finding</p>" in page_text
    assert "<script" not in page_text and "progress" not in page_text.lower() and "a warning" not in page_text
