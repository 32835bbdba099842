"""Out-of-sample performance: cross-validated AUC with an interval, calibration, and the baseline.

Five stratified folds (seeded) give every user an out-of-fold risk from a model that never saw
them. The AUC's 95% interval and the difference from the persona-only baseline use DeLong's
variance for correlated AUCs (DeLong, DeLong and Clarke-Pearson 1988; the fast algorithm of Sun
and Xu 2014), on the same users' out-of-fold predictions. Calibration: deciles of predicted risk
against the observed rate (Wilson interval), the Brier score, and the calibration slope
(logistic regression of the outcome on the logit of the prediction; 1 is perfect).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

import scipy.stats as sps

from ..stats import ALPHA, BOOTSTRAP_SEED, wilson
from .model import fit, predict

FOLDS = 5
CALIBRATION_BINS = 10
PERFORMANCE_COLUMNS = ["model", "auc", "ci_low", "ci_high", "brier", "calibration_slope", "n", "events"]
CALIBRATION_COLUMNS = ["bin", "mean_predicted", "observed", "ci_low", "ci_high", "n"]


def out_of_fold(X: pd.DataFrame, y: np.ndarray, seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """Each user's predicted risk from the model fitted on the other folds."""
    pred = np.empty(len(y), dtype=float)
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed % (2 ** 32))
    for train, test in folds.split(np.zeros(len(y)), y):
        if X.shape[1] == 0:
            pred[test] = y[train].mean()
            continue
        beta, b0, _ = fit(X.iloc[train], y[train])
        pred[test] = predict(beta, b0, X.iloc[test])
    return pred


def _calibration_slope(y: np.ndarray, p: np.ndarray) -> float:
    logit = np.log(np.clip(p, 1e-9, 1 - 1e-9) / np.clip(1 - p, 1e-9, 1))
    if np.std(logit) == 0:
        return float("nan")
    model = LogisticRegression(C=1e6, max_iter=1000).fit(logit.reshape(-1, 1), y)
    return float(model.coef_[0, 0])


def calibration_table(y: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    bins = pd.qcut(pd.Series(p).rank(method="first"), CALIBRATION_BINS, labels=False)
    rows = []
    for b, idx in pd.Series(range(len(p))).groupby(bins.to_numpy()):
        k, n = int(y[idx].sum()), len(idx)
        low, high = wilson(k, n)
        rows.append((int(b) + 1, float(p[idx].mean()), k / n, low, high, n))
    return pd.DataFrame(rows, columns=CALIBRATION_COLUMNS)


def _midranks(x: np.ndarray) -> np.ndarray:
    return sps.rankdata(x, method="average")


def delong(y: np.ndarray, scores: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """AUCs of several scores on the same users and their DeLong covariance matrix."""
    pos, neg = y == 1, y == 0
    m, n = int(pos.sum()), int(neg.sum())
    aucs, v10, v01 = [], [], []
    for s in scores:
        tx, ty, tz = _midranks(s[pos]), _midranks(s[neg]), _midranks(np.concatenate([s[pos], s[neg]]))
        aucs.append((tz[:m].sum() / m - (m + 1) / 2) / n)
        v10.append((tz[:m] - tx) / n)
        v01.append(1 - (tz[m:] - ty) / m)
    s10, s01 = np.atleast_2d(np.cov(np.array(v10))), np.atleast_2d(np.cov(np.array(v01)))
    return np.array(aucs), s10 / m + s01 / n


def compare_models(y: np.ndarray, full: np.ndarray, baseline: np.ndarray) -> pd.DataFrame:
    """AUC (95% DeLong interval), Brier and calibration slope of each model, and their difference."""
    z = float(sps.norm.ppf(1 - ALPHA / 2))
    aucs, cov = delong(y, [full, baseline])
    se_diff = float(np.sqrt(max(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1], 0.0)))
    rows = []
    for i, (name, p) in enumerate((("features + persona", full), ("persona only (baseline)", baseline))):
        se = float(np.sqrt(max(cov[i, i], 0.0)))
        rows.append((name, aucs[i], max(0.0, aucs[i] - z * se), min(1.0, aucs[i] + z * se),
                     float(np.mean((p - y) ** 2)), _calibration_slope(y, p), len(y), int(y.sum())))
    diff = aucs[0] - aucs[1]
    rows.append(("difference (features - baseline)", diff, diff - z * se_diff, diff + z * se_diff,
                 float("nan"), float("nan"), len(y), int(y.sum())))
    return pd.DataFrame(rows, columns=PERFORMANCE_COLUMNS)
