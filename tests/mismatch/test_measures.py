"""Said and did sides: journeys agree with the behaviour module's contract definitions."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench import behaviour
from workbench.config import load_study_config
from workbench.mismatch.measures import did_side, journeys_from_users, said_side, user_journeys

TINY_SHOP = Path(__file__).resolve().parents[1] / "behaviour" / "fixtures" / "tiny-shop"


class _StudyLike:
    def __init__(self, config):
        self.config = config


@pytest.mark.parametrize("persona", ["all", "bargain", "busy"])
def test_journeys_reproduce_dropoff_table(persona):
    config = load_study_config(TINY_SHOP)
    journeys = user_journeys(_StudyLike(config), persona)
    mine, baseline = did_side(journeys, config, min_users=1)
    theirs = behaviour.dropoff_table(config, persona, min_users=1)
    assert mine["reached"].tolist() == theirs["reached"].tolist()
    assert mine["dropped"].tolist() == theirs["dropped"].tolist()
    np.testing.assert_allclose(mine["drop_rate"], theirs["drop_rate"], equal_nan=True)
    assert baseline == pytest.approx(float(theirs["baseline"].iloc[0]), nan_ok=True)
    np.testing.assert_allclose(mine["exposed_conversion"], theirs["exposed_conversion"], equal_nan=True)
    np.testing.assert_allclose(mine["unexposed_conversion"], theirs["unexposed_conversion"], equal_nan=True)


def test_journeys_from_users_by_hand():
    config = load_study_config(TINY_SHOP)   # 8 touchpoints: ad, product, size-guide, cart, ...
    users = pd.DataFrame({"user": ["a", "b", "c", "d"], "converted": [True, False, False, False]})
    reached = pd.DataFrame({"user": ["a", "a", "b", "b", "c", "d"], "tp_ord": [0, 1, 0, 1, 0, 2]})
    last = pd.DataFrame({"user": ["b", "c", "d"], "last_tp": [1, 0, 2]})
    j = journeys_from_users(config, users, reached, last)
    assert j.total == 4
    frame, _ = did_side(j, config, min_users=1)
    assert frame["reached"].tolist()[:3] == [3, 2, 1]
    assert frame["dropped"].tolist()[:3] == [1, 1, 1]
    last = {u: (t if isinstance(t, str) else None) for u, t in zip(j.users["user"], j.users["last_touchpoint"])}
    assert last == {"a": None, "b": "product", "c": "ad",
                    "d": "size-guide"}
    # a and b share no pattern; c and d neither: four patterns
    assert len(j.counts) == 4


def test_said_side_counts_people_not_clauses():
    config = load_study_config(TINY_SHOP)
    clauses = pd.DataFrame({
        "participant": ["p1", "p1", "p1", "p2", "p3"],
        "compound": [0.6, -0.4, 0.5, -0.7, 0.0],
        "touchpoints": [("ad",), ("ad",), ("ad",), ("ad",), ()]})
    said = said_side(clauses, config).set_index("touchpoint")
    ad = said.loc["ad"]
    assert (ad["mentions"], ad["mentioners"], ad["voice_people"]) == (4, 2, 3)
    assert (ad["complainers"], ad["praisers"]) == (2, 1)
    assert ad["complain_share"] == 1.0
    assert ad["loud_share"] == pytest.approx(2 / 3)
    assert ad["mean_sentiment"] == pytest.approx(0.0)
    assert said.loc["product", "mentioners"] == 0
