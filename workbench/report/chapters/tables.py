"""One escaped HTML table for the chapters in this package (rows may carry an ``id`` to link to)."""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML


def cell(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))


def table(frame: pd.DataFrame, caption: str = "", ids: list[str] | None = None, right: tuple[str, ...] = ()) -> HTML:
    """``frame`` as a wb-table; ``ids``: one HTML id per row; ``right``: right-aligned (numeric) columns."""
    head = "".join(f"<th>{cell(c)}</th>" for c in frame.columns)
    align = [" style='text-align:right'" if c in right else "" for c in frame.columns]
    rows = []
    for i, row in enumerate(frame.itertuples(index=False)):
        rid = f" id='{cell(ids[i])}'" if ids else ""
        rows.append(f"<tr{rid}>" + "".join(f"<td{a}>{cell(v)}</td>" for a, v in zip(align, row)) + "</tr>")
    cap = f"<caption class='wb-note'>{cell(caption)}</caption>" if caption else ""
    return HTML(f"<table class='wb-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def note(text: str) -> HTML:
    return HTML(f"<p class='wb-note'>{cell(text)}</p>")
