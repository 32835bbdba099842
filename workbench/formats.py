"""How numbers are written in every report and finding, so nothing words the same thing differently.

The bottom layer: analysis modules (evidence sentences, the journey map's cells) and report
renderers both import from here, and it imports nothing of the package.
"""

from __future__ import annotations

import math
import re

# The one sign for a value that is not known (no data, no interval, not applicable).
MISSING = "–"
# Between two percentages: ``12–30%``. Between signed numbers " to " (``-0.12 to +0.30``), because an
# en dash next to a minus sign reads as a minus.
PERCENT_SEPARATOR = "–"
SIGNED_SEPARATOR = " to "

# Below this a q-value is written as a bound: more digits would claim a precision the
# Benjamini-Hochberg adjustment of bootstrap and normal-approximation p-values does not have.
Q_FLOOR = 0.001


def q_text(q) -> str:
    """``q = 0.012``, ``q < 0.001``, or ``q not known``."""
    try:
        value = float(q)
    except (TypeError, ValueError):
        return "q not known"
    if math.isnan(value):
        return "q not known"
    return f"q < {Q_FLOOR:g}" if value < Q_FLOOR else f"q = {value:.2g}"


def _f(value) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def pct(value, digits: int = 0) -> str:
    """A share as a percentage: ``0.123`` -> ``12%`` (``12.3%`` with ``digits=1``)."""
    v = _f(value)
    return MISSING if math.isnan(v) else f"{100 * v:.{digits}f}%"


def number(value, digits: int = 2, signed: bool = False, thousands: bool = False) -> str:
    """A plain number with fixed decimals, ``+0.12`` when ``signed``, ``1,234`` with ``thousands``."""
    v = _f(value)
    return MISSING if math.isnan(v) else f"{v:{'+' if signed else ''}{',' if thousands else ''}.{digits}f}"


def count(value) -> str:
    """A whole count with thousands separators: ``12,345``."""
    v = _f(value)
    return MISSING if math.isnan(v) else f"{int(v):,}"


def rate(value, low, high, digits: int = 1) -> str:
    """A rate with its 95% interval: ``12.3% (10.1–14.2%)``; only the rate when there is no interval."""
    if math.isnan(_f(value)):
        return MISSING
    if math.isnan(_f(low)) or math.isnan(_f(high)):
        return pct(value, digits)
    return f"{pct(value, digits)} ({100 * _f(low):.{digits}f}{PERCENT_SEPARATOR}{100 * _f(high):.{digits}f}%)"


def interval(low, high, digits: int = 0, percent: bool = True, signed: bool = False, decimals: int = 2) -> str:
    """``12–30%`` (shares, ``digits`` decimals of the percentage) or ``-0.12 to +0.30`` (``percent=False``,
    ``decimals`` decimals); ``no interval`` when unknown."""
    lo, hi = _f(low), _f(high)
    if math.isnan(lo) or math.isnan(hi):
        return "no interval"
    if percent:
        while f"{100 * lo:.{digits}f}" == f"{100 * hi:.{digits}f}" and lo != hi and digits < 2:
            digits += 1   # a narrow interval gets the decimals it needs to show its width
        return f"{100 * lo:.{digits}f}{PERCENT_SEPARATOR}{100 * hi:.{digits}f}%"
    fmt = f"{'+' if signed else ''}.{decimals}f"
    return f"{lo:{fmt}}{SIGNED_SEPARATOR}{hi:{fmt}}"


def measure(value) -> str:
    """A said or did measure of a mismatch, on its own scale: three significant digits (``0.45``,
    ``12.3``), a negative sentiment with its sign and two decimals (``-0.32``)."""
    v = _f(value)
    if math.isnan(v):
        return MISSING
    return f"{v:+.2f}" if -1 <= v < 0 else f"{v:.3g}"


def plural(n, one: str, many: str | None = None) -> str:
    """``1 person``, ``3 people``, ``2 clauses``: the count with its noun."""
    n = int(n)
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def metric_name(table: str, column: str | None = None) -> str:
    """An operations measure as a reader says it: ``wait minutes (support tickets)`` for the
    study.yml names ``support_tickets`` / ``wait_minutes``; ``metric_name("support_tickets.wait_minutes")``
    splits a ``table.column`` key. Data tables keep the study's own names."""
    if column is None:
        table, _, column = str(table).partition(".")
    words = lambda name: str(name).replace("_", " ").strip()   # noqa: E731
    return f"{words(column)} ({words(table)})" if table and column else words(column or table)


# Thai, CJK ideographs and kana: scripts written without spaces between words.
_UNSPACED = "\u0E00-\u0E7F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF"
_SEGMENT_SPACE = re.compile(rf"(?<=[{_UNSPACED}]) (?=[{_UNSPACED}])")


def phrase_text(phrase) -> str:
    """A phrase as its language writes it: the segmenter's tokens of Thai and Chinese are joined
    without the space the phrase index keys them by ("ค่าส่ง แพง" -> "ค่าส่งแพง", "配送费 太贵" ->
    "配送费太贵"); a space beside a Latin-script word stays ("app 很慢")."""
    return _SEGMENT_SPACE.sub("", str(phrase))
