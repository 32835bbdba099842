"""Drivers: planted drivers come out in the right direction with intervals covering the truth, the
planted non-driver does not, churn excludes users it cannot observe, risk ids are pseudonymised."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.drivers import ChurnSpec, analyse_drivers, driver_settings, pseudonymise, risk_table
from workbench.drivers.command import main_drivers
from workbench.drivers.model import design
from workbench.drivers.synthetic import CHURN_TRUTH, CONVERSION_TRUTH, INACTIVE_DAYS, make_study
from workbench.exceptions import InputError
from workbench.study import load_study

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drivers") / "study"
    make_study(folder, n_users=6000, seed=3)
    study = load_study(folder)
    return folder, study, analyse_drivers(study), analyse_drivers(study, "churn", ChurnSpec("order_placed", INACTIVE_DAYS))


def _row(result, feature):
    return result.drivers.set_index("feature").loc[feature]


@pytest.mark.parametrize("feature", ["reached_size_guide", "missed_tickets_wait_minutes", "persona=rusher"])
def test_planted_conversion_drivers_found_with_covering_intervals(synthetic, feature):
    row = _row(synthetic[2], feature)
    truth = math.exp(CONVERSION_TRUTH[feature])
    assert row["ci_low"] <= truth <= row["ci_high"]
    assert row["q_value"] < 0.05
    assert row["direction"].startswith("more likely" if truth > 1 else "less likely")


def test_planted_non_driver_is_not_flagged(synthetic):
    for result in synthetic[2:]:
        row = _row(result, "reached_banner")
        assert row["direction"] == "no detectable association"
        assert row["ci_low"] <= 1 <= row["ci_high"]


def test_planted_churn_driver(synthetic):
    row = _row(synthetic[3], "missed_tickets_wait_minutes")
    assert row["ci_low"] <= math.exp(CHURN_TRUTH["missed_tickets_wait_minutes"]) <= row["ci_high"]
    assert row["direction"].startswith("more likely: no activity within 30 days")
    assert _row(synthetic[3], "reached_size_guide")["direction"] == "no detectable association"


def test_churn_excludes_and_counts_users_it_cannot_observe(synthetic):
    folder, study, _, churn = synthetic
    ev = pd.read_parquet(folder / "behaviour" / "events.parquet")
    end = ev["ts"].max()
    first = ev[ev["event_name"] == "order_placed"].groupby("user_id")["ts"].min()
    short = int((first + pd.Timedelta(days=INACTIVE_DAYS) > end).sum())
    assert churn.excluded == {"observation window too short": short}
    assert churn.n == len(first) - short


def test_cross_validated_auc_beats_the_persona_baseline(synthetic):
    perf = synthetic[2].performance.set_index("model")
    assert perf.loc["difference (features - baseline)", "ci_low"] > 0
    full = perf.loc["features + persona"]
    assert full["ci_low"] < full["auc"] < full["ci_high"]
    assert 0.8 < full["calibration_slope"] < 1.2
    cal = synthetic[2].calibration
    assert cal["n"].sum() == synthetic[2].n
    assert (cal["mean_predicted"] - cal["observed"]).abs().max() < 0.1


def test_funnel_steps_that_decide_the_outcome_are_left_out():
    frame = pd.DataFrame({"persona": ["a"] * 200, "outcome": [1] * 100 + [0] * 50 + [1] * 50,
                          "reached_payment": [0] * 100 + [1] * 100, "other": np.tile([0, 1], 100)})
    X, dropped = design(frame, ["reached_payment", "other"])
    assert list(X.columns) == ["other"] and "reached_payment" in dropped


def test_risk_ids_are_pseudonymised_stably(synthetic):
    result = synthetic[2]
    a, b = risk_table(result, key=b"k1"), risk_table(result, key=b"k1")
    assert a["user"].equals(b["user"]) and not a["user"].isin(result.risk["user"]).any()
    assert not a["user"].equals(risk_table(result, key=b"k2")["user"])
    assert risk_table(result, keep_ids=True)["user"].equals(result.risk["user"])
    assert a["user"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert pseudonymise(pd.Series(["U1"]), b"k").iloc[0] == pseudonymise(pd.Series(["U1"]), b"k").iloc[0]


def test_command_writes_tables_and_keeps_its_key(synthetic, tmp_path):
    folder = synthetic[0]
    assert main_drivers([str(folder), "--out", str(tmp_path), "--risk"]) == 0
    data = tmp_path / "data" / "all"
    drivers = pd.read_csv(data / "drivers.csv")
    assert {"feature", "odds_ratio", "ci_low", "ci_high", "p_value", "q_value", "n", "direction"} <= set(drivers)
    first = pd.read_csv(data / "risk.csv")["user"]
    assert main_drivers([str(folder), "--out", str(tmp_path), "--risk"]) == 0
    assert pd.read_csv(data / "risk.csv")["user"].equals(first)


@pytest.mark.parametrize("text, message", [
    ("churn: 30\n", "study.yml:3: churn: must be a mapping"),
    ("churn: {after: order_placed, inactive_days: -2}\n", "study.yml:3: churn.inactive_days: must be a whole number"),
    ("churn: {after: order_placed, days: 2}\n", "churn.days: unknown key"),
    ("privacy: {keep_ids: sometimes}\n", "study.yml:3: privacy.keep_ids: must be true or false"),
])
def test_bad_settings_are_located(tmp_path, text, message):
    (tmp_path / "study.yml").write_text("study: x\ntitle: t\n" + text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        driver_settings(tmp_path)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_settings_read_churn_and_privacy(tmp_path):
    (tmp_path / "study.yml").write_text("study: x\nchurn: {after: order_placed, inactive_days: 45}\n"
                                        "privacy: {keep_ids: true}\n", encoding="utf-8")
    s = driver_settings(tmp_path)
    assert s.churn == ChurnSpec("order_placed", 45) and s.keep_ids


def test_demo_planted_signals(tmp_path):
    """demo-shop: the broken size guide goes with not converting; survey scores (delivery on target,
    CSAT) are not drivers. Shipping-cost and payment are funnel steps: left out, named."""
    result = analyse_drivers(load_study(REPO / "corpora" / "demo-shop"))
    size = _row(result, "reached_size_guide")
    assert size["ci_low"] > 1 and size["direction"] == "more likely: did not convert"
    for feature in ("score_nps_overall", "score_ces_product_page"):
        if feature in result.drivers["feature"].values:
            assert _row(result, feature)["direction"] == "no detectable association"
    assert "reached_shipping_cost" in result.left_out and "reached_payment" in result.left_out
    assert "associations" in result.note and "not causes" in result.note
