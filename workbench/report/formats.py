"""How numbers are written in every report, so chapters never word the same thing differently."""
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
