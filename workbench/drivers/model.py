"""A regularised logistic regression of the bad outcome on per-user features, with honest intervals.

The model: logistic regression with a weak L2 penalty (a normal prior with standard deviation 2.5
on each log odds ratio, Gelman et al. 2008 "A weakly informative default prior distribution for
logistic and other regression models", who recommend scale 2.5), fitted with scikit-learn. The
penalty only matters for rare or collinear features, where it keeps estimates finite. Intervals are
Wald intervals from the penalised information matrix (X'WX + I/prior variance); p-values are Wald
z tests, BH-corrected across the features. These are associations, not causes.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.stats as sps
from sklearn.linear_model import LogisticRegression

from ..formats import MISSING, PERCENT_SEPARATOR, number
from ..stats import ALPHA, SMALL_SAMPLE, benjamini_hochberg

PRIOR_SD = 2.5
C = PRIOR_SD ** 2           # scikit-learn's C is the prior variance for the 0.5 * |w|^2 / C penalty
MAX_ITER = 2000
Z95 = float(sps.norm.ppf(1 - ALPHA / 2))
DRIVERS_COLUMNS = ["feature", "label", "odds_ratio", "ci_low", "ci_high", "p_value", "q_value", "n", "n_with",
                   "direction", "small_sample"]


# A binary feature whose users (or non-users) all but never have one outcome determines it: reaching
# the payment page is a precondition of ordering, so "did not reach payment" means "did not order".
# Such quasi-complete separation (Albert and Anderson 1984) has no finite odds ratio; these features
# are funnel mechanics (see the drop-off analysis), reported and left out of the model.
SEPARATION = 0.005
MIN_SIDE = SMALL_SAMPLE     # the smallest group on which separation is judged


def separates(col: pd.Series, y: np.ndarray) -> bool:
    if set(col.unique()) - {0.0, 1.0}:
        return False
    for side in (0.0, 1.0):
        ys = y[(col == side).to_numpy()]
        if len(ys) >= MIN_SIDE and not SEPARATION < ys.mean() < 1 - SEPARATION:
            return True
    return False


def design(frame: pd.DataFrame, features: list[str], reference: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Feature matrix: the features that vary and do not separate the outcome, plus persona dummies
    against the largest persona; and the features left out, with why."""
    personas = pd.Series(frame["persona"].to_numpy(dtype=object), index=frame.index).astype(str)
    reference = reference or personas.value_counts().index[0]
    y = frame["outcome"].to_numpy(int)
    X = pd.DataFrame(index=frame.index)
    dropped = {}
    for f in features:
        col = pd.to_numeric(frame[f], errors="coerce").fillna(0.0).astype(float)
        if col.nunique() < 2:
            dropped[f] = "no variation"
        elif separates(col, y):
            dropped[f] = "determines the outcome (funnel step or after it): see the drop-off analysis"
        else:
            X[f] = col
    for p in sorted(set(personas.unique()) - {reference}):
        X[f"persona={p}"] = (personas == p).astype(float)
    return X, dropped


def _compress(A: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Identical (features, outcome) rows merged into one with a weight: mostly binary features
    leave a few hundred distinct rows out of a million users, and the fit is exact either way."""
    both = pd.DataFrame(np.column_stack([A, y]))
    counts = both.groupby(list(both.columns), sort=False).size()   # hashing, not sorting
    unique = np.array(counts.index.tolist(), dtype=float).reshape(len(counts), both.shape[1])
    return unique[:, :-1], unique[:, -1], counts.to_numpy(float)


def fit(X: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Coefficients, intercept and the covariance of the coefficients (penalised information)."""
    A, yy, w = _compress(X.to_numpy(float), np.asarray(y, dtype=float))
    model = LogisticRegression(C=C, max_iter=MAX_ITER, solver="lbfgs")
    model.fit(A, yy.astype(int), sample_weight=w)
    beta, b0 = model.coef_[0], float(model.intercept_[0])
    design_ = np.column_stack([np.ones(len(A)), A])
    p = model.predict_proba(A)[:, 1]
    info = (design_ * (w * p * (1 - p))[:, None]).T @ design_
    info[1:, 1:] += np.eye(len(beta)) / C
    cov = np.linalg.pinv(info)[1:, 1:]
    return beta, b0, cov


def predict(beta: np.ndarray, b0: float, X: pd.DataFrame) -> np.ndarray:
    return 1 / (1 + np.exp(-(b0 + X.to_numpy(float) @ beta)))


def drivers_table(X: pd.DataFrame, y: np.ndarray, labels: dict[str, str], bad_outcome: str) -> pd.DataFrame:
    """drivers.csv: odds ratios of the bad outcome with 95% intervals, p and BH q, n; ranked by effect."""
    beta, _, cov = fit(X, y)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    z = np.divide(beta, se, out=np.zeros_like(beta), where=se > 0)
    p = 2 * sps.norm.sf(np.abs(z))
    q = benjamini_hochberg(p)
    n_with = (X != 0).sum().to_numpy()
    rows = pd.DataFrame({
        "feature": X.columns, "label": [labels.get(c, c.replace("persona=", "persona: ")) for c in X.columns],
        "odds_ratio": np.exp(beta), "ci_low": np.exp(beta - Z95 * se), "ci_high": np.exp(beta + Z95 * se),
        "p_value": p, "q_value": q, "n": len(X), "n_with": n_with})
    rows["direction"] = np.where(q >= ALPHA, "no detectable association",
                                 np.where(beta > 0, f"more likely: {bad_outcome}", f"less likely: {bad_outcome}"))
    rows["small_sample"] = rows["n_with"] < SMALL_SAMPLE
    rows["effect"] = np.abs(beta)
    return rows.sort_values(["effect"], ascending=False).drop(columns="effect").reset_index(drop=True)[DRIVERS_COLUMNS]


def wald_interval_covers(beta_true: np.ndarray, X: pd.DataFrame, y: np.ndarray) -> np.ndarray:
    """For the coverage benchmark: does each 95% interval contain the true coefficient?"""
    beta, _, cov = fit(X, y)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    return (beta - Z95 * se <= beta_true) & (beta_true <= beta + Z95 * se)


def odds_ratio_label(row: pd.Series) -> str:
    """'1.84 (1.61–2.10)' for a drivers row (for notes and reports); the missing sign when unknown."""
    if any(math.isnan(row[c]) for c in ("odds_ratio", "ci_low", "ci_high")):
        return MISSING
    return f"{number(row['odds_ratio'])} ({number(row['ci_low'])}{PERCENT_SEPARATOR}{number(row['ci_high'])})"
