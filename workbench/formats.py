"""How numbers are written in every report and finding, so nothing words the same thing differently.

The bottom layer: analysis modules (evidence sentences, the journey map's cells) and report
renderers both import from here, and it imports nothing of the package.
"""

from __future__ import annotations

import math

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
    v = _f(value)
    return "–" if math.isnan(v) else f"{100 * v:.{digits}f}%"


def interval(low, high, digits: int = 0, percent: bool = True, signed: bool = False) -> str:
    lo, hi = _f(low), _f(high)
    if math.isnan(lo) or math.isnan(hi):
        return "no interval"
    if percent:
        while f"{100 * lo:.{digits}f}" == f"{100 * hi:.{digits}f}" and lo != hi and digits < 2:
            digits += 1   # a narrow interval gets the decimals it needs to show its width
        return f"{100 * lo:.{digits}f}–{100 * hi:.{digits}f}%"
    fmt = "+.2f" if signed else ".2f"
    return f"{lo:{fmt}} to {hi:{fmt}}"


def plural(n, one: str, many: str | None = None) -> str:
    """``1 person``, ``3 people``, ``2 clauses``: the count with its noun."""
    n = int(n)
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
