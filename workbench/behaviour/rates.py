"""Rate columns with their n, 95% Wilson interval and small-sample flag, added to a DataFrame."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats import SMALL_SAMPLE, wilson

# A rate's numerator is "small" below 5: the np >= 5 rule under which normal approximations (and
# the tests comparing personas) hold; with fewer, the Wilson interval is what to read.
MIN_COUNT = 5


def add_rate(frame: pd.DataFrame, count: str, n: str, name: str, low: str = "ci_low", high: str = "ci_high") -> pd.DataFrame:
    """New frame with ``name`` = count / n and its 95% Wilson interval in ``low``, ``high``."""
    out = frame.copy()
    c = out[count].fillna(0).astype("int64").to_numpy()
    t = out[n].fillna(0).astype("int64").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out[name] = np.where(t > 0, c / np.maximum(t, 1), np.nan)
    bounds = [wilson(int(a), int(b)) for a, b in zip(c, t)]
    # Wilson bounds at 0 of n and n of n are exactly 0 and 1; statsmodels leaves rounding noise.
    out[low] = np.where(c == 0, 0.0, [b[0] for b in bounds])
    out[high] = np.where(c == t, 1.0, [b[1] for b in bounds])
    out.loc[t <= 0, [low, high]] = np.nan
    return out


def small_sample(n: pd.Series, count: pd.Series | None = None) -> pd.Series:
    """True where n < SMALL_SAMPLE (30, workbench.stats) or the count < MIN_COUNT (5)."""
    flag = n.fillna(0) < SMALL_SAMPLE
    if count is not None:
        flag = flag | (count.fillna(0) < MIN_COUNT)
    return flag.astype(bool)
