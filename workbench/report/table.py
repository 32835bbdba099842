"""The one HTML-table builder of every report page: a DataFrame of already formatted cells in, an
escaped ``<table class='wb-table'>`` out. Numbers are formatted before (``workbench.formats``); here a
cell that is still missing (None, NaN) is written as the one missing-value sign."""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML

from ..formats import MISSING


def _cell(value, raw: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    return str(value) if raw else html.escape(str(value))


def html_table(frame: pd.DataFrame, caption: str = "", right: tuple[str, ...] = (), *,
               html_columns: tuple[str, ...] = (), row_ids: list[str] | None = None, row_header: bool = False,
               css_class: str = "wb-table", note: str = "") -> str:
    """``frame`` as an HTML table.

    ``right``: columns aligned right (numbers); ``html_columns``: columns whose cells are already HTML
    (links, marks), all other cells are escaped; ``row_ids``: an anchor id per row, so evidence links
    land on it; ``row_header``: the first column is each row's header; ``note``: a paragraph under the
    table (HTML). The caption is escaped text.
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for j, (column, value) in enumerate(zip(frame.columns, row)):
            text = _cell(value, column in html_columns)
            if j == 0 and row_header:
                cells.append(f"<th scope='row'>{text}</th>")
            else:
                cells.append(f"<td{' class=wb-num' if column in right else ''}>{text}</td>")
        row_id = f" id='{html.escape(str(row_ids[i]))}'" if row_ids is not None else ""
        body.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    cap = f"<caption class='wb-note'>{html.escape(caption)}</caption>" if caption else ""
    after = f"<p class='wb-note'>{note}</p>" if note else ""
    return (f"<table class='{css_class}'>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table>{after}")


def table(frame: pd.DataFrame, caption: str = "", right: tuple[str, ...] = ()) -> HTML:
    """:func:`html_table` displayed in a chapter notebook."""
    return HTML(html_table(frame, caption, right))
