"""Helpers of the waves and drivers chapters over the report's one table builder (report/table.py)."""
from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import HTML

from ..table import html_table


def cell(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))


def table(frame: pd.DataFrame, caption: str = "", ids: list[str] | None = None, right: tuple[str, ...] = ()) -> HTML:
    """``frame`` as a wb-table; ``ids``: one HTML id per row; ``right``: right-aligned (numeric) columns."""
    return HTML(html_table(frame, caption, right, row_ids=ids))


def note(text: str) -> HTML:
    return HTML(f"<p class='wb-note'>{cell(text)}</p>")
