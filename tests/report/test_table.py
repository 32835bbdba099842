"""The one HTML-table builder: escaping, alignment, anchors, row headers and the missing-value sign."""
from __future__ import annotations

import math

import pandas as pd

from workbench.formats import MISSING
from workbench.report.table import html_table


def test_cells_are_escaped_unless_declared_html():
    frame = pd.DataFrame({"who": ["<b>x</b>"], "link": ["<a href='#a'>a</a>"]})
    out = html_table(frame, html_columns=("link",))
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<a href='#a'>a</a>" in out


def test_missing_values_get_the_one_sign_and_numbers_align_right():
    frame = pd.DataFrame({"label": ["a", None], "n": ["1,204", math.nan]})
    out = html_table(frame, right=("n",))
    assert out.count(f">{MISSING}<") == 2
    assert "<td class=wb-num>1,204</td>" in out and "<td>a</td>" in out


def test_row_ids_row_headers_caption_and_note():
    frame = pd.DataFrame({"persona": ["A & B"], "rate": ["12%"]})
    out = html_table(frame, "Cap <1>", row_ids=["wb-x"], row_header=True, css_class="wb-table wb-evidence-table",
                     note="n = 3")
    assert out.startswith("<table class='wb-table wb-evidence-table'><caption class='wb-note'>Cap &lt;1&gt;</caption>")
    assert "<tr id='wb-x'><th scope='row'>A &amp; B</th><td>12%</td></tr>" in out
    assert out.endswith("</table><p class='wb-note'>n = 3</p>")
