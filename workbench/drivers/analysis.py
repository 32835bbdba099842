"""What predicts not converting (or churning): drivers, model performance, segments at risk, risk scores.

:func:`analyse_drivers` builds the per-user features (DuckDB through ibis), fits the regularised
logistic regression, cross-validates it against a persona-only baseline and ranks segments by
their observed rate of the bad outcome. Plain DataFrames only; nothing here renders.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..stats import SMALL_SAMPLE, wilson
from .features import FeatureTable, build_features
from .model import design, drivers_table, fit, predict
from .settings import ChurnSpec
from .validation import calibration_table, compare_models, out_of_fold

ASSOCIATION_NOTE = ("These are associations in observational data, not causes: a feature that goes with "
                    "{bad} may share a cause with it. Use them to choose what to investigate or test.")
SEGMENT_COLUMNS = ["segment", "n", "bad", "rate", "ci_low", "ci_high", "mean_risk", "small_sample"]
TOP_SEGMENTS = 10
# Pseudonymised ids: the first 16 hex characters (64 bits) of HMAC-SHA256; collisions are
# negligible below billions of users.
PSEUDONYM_HEX = 16


@dataclass
class DriversResult:
    outcome: str
    bad_outcome: str
    drivers: pd.DataFrame          # drivers.csv
    performance: pd.DataFrame      # cross-validated AUC vs the persona-only baseline
    calibration: pd.DataFrame      # deciles of out-of-fold risk
    segments: pd.DataFrame         # segments most at risk
    risk: pd.DataFrame             # user, risk (out-of-fold), for risk.csv
    n: int
    excluded: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)   # feature -> why it is not in the model
    note: str = ""


def segments_at_risk(frame: pd.DataFrame, X: pd.DataFrame, risk: np.ndarray, labels: dict[str, str],
                     min_users: int = SMALL_SAMPLE) -> pd.DataFrame:
    """Persona x one binary feature: observed rate of the bad outcome with its Wilson interval."""
    rows = []
    binary = [c for c in X.columns if not c.startswith("persona=") and X[c].isin((0.0, 1.0)).all()]
    y = frame["outcome"].to_numpy()
    for persona in sorted(frame["persona"].astype(str).unique()):
        mine = (frame["persona"].astype(str) == persona).to_numpy()
        for f in [None, *binary]:
            mask = mine if f is None else mine & (X[f].to_numpy() == 1)
            n = int(mask.sum())
            if n < min_users:
                continue
            k = int(y[mask].sum())
            low, high = wilson(k, n)
            name = persona if f is None else f"{persona}, {labels.get(f, f)}"
            rows.append((name, n, k, k / n, low, high, float(risk[mask].mean()), n < SMALL_SAMPLE))
    table = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return table.sort_values(["ci_low", "rate"], ascending=False).head(TOP_SEGMENTS).reset_index(drop=True)


def pseudonymise(ids: pd.Series, key: bytes) -> pd.Series:
    """Stable keyed pseudonyms (HMAC-SHA256): the same id and key give the same pseudonym."""
    return ids.astype(str).map(lambda u: hmac.new(key, u.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX])


def model_features(table: FeatureTable) -> DriversResult:
    """Fit, validate and rank on an already built feature table."""
    frame = table.frame.reset_index(drop=True)
    y = frame["outcome"].to_numpy(int)
    X, dropped = design(frame, table.features)
    drivers = drivers_table(X, y, table.labels, table.bad_outcome)
    base = design(frame, [])[0]
    full_oof, base_oof = out_of_fold(X, y), out_of_fold(base, y)
    performance = compare_models(y, full_oof, base_oof)
    beta, b0, _ = fit(X, y)
    risk = pd.DataFrame({"user": frame["user"], "persona": frame["persona"], "risk": full_oof,
                         "risk_in_sample": predict(beta, b0, X)})
    return DriversResult(outcome=table.outcome, bad_outcome=table.bad_outcome, drivers=drivers,
                         performance=performance, calibration=calibration_table(y, full_oof),
                         segments=segments_at_risk(frame, X, full_oof, table.labels), risk=risk, n=len(frame),
                         excluded=table.excluded, left_out=dropped,
                         note=ASSOCIATION_NOTE.format(bad=table.bad_outcome))


def analyse_drivers(study, outcome: str = "conversion", churn: ChurnSpec | None = None, persona: str = "all",
                    voice=None) -> DriversResult:
    """Drivers of ``outcome`` ("conversion": not converting is the bad outcome; or "churn")."""
    return model_features(build_features(study, outcome, churn, persona, voice))


def risk_table(result: DriversResult, keep_ids: bool = False, key: bytes | None = None) -> pd.DataFrame:
    """risk.csv: user (pseudonymised unless ``keep_ids``) and the out-of-fold risk score."""
    users = result.risk["user"]
    if not keep_ids:
        if not key:
            raise ValueError("a pseudonymisation key is needed unless privacy.keep_ids is true")
        users = pseudonymise(users, key)
    return pd.DataFrame({"user": users, "persona": result.risk["persona"], "risk": result.risk["risk"].round(4)})
