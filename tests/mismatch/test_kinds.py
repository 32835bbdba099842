"""The five kinds on small in-memory inputs: what flags, what does not, what is not enough evidence."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.config import load_study_config
from workbench.mismatch import Settings, analyse_mismatches, journeys_from_users

TINY_SHOP = Path(__file__).resolve().parents[1] / "behaviour" / "fixtures" / "tiny-shop"
CONFIG = load_study_config(TINY_SHOP)
TPS = [t.id for t in CONFIG.touchpoints]   # ad, product, size-guide, cart, shipping, payment, delivery, review
FAST = Settings(resamples=800)


def journeys(reached: dict[str, int], drop: dict[str, float], default_n: int = 1000, default_drop: float = 0.10):
    """Each user reaches exactly one touchpoint and leaves there with its drop share (exact counts)."""
    users, reach, last = [], [], []
    for i, tp in enumerate(TPS):
        n = reached.get(tp, default_n)
        k = int(round(n * drop.get(tp, default_drop)))
        ids = np.char.add(f"{tp}-", np.arange(n).astype(str))
        users.append(pd.DataFrame({"user": ids, "converted": np.arange(n) >= k}))
        reach.append(pd.DataFrame({"user": ids, "tp_ord": i}))
        last.append(pd.DataFrame({"user": ids[:k], "last_tp": i}))
    return journeys_from_users(CONFIG, pd.concat(users), pd.concat(reach), pd.concat(last))


def clauses(talk: dict[str, tuple[int, float]], people: int = 200) -> pd.DataFrame:
    """``talk``: touchpoint -> (people mentioning it, compound of their clause); everyone else is neutral."""
    rows, p = [], 0
    for tp, (n, compound) in talk.items():
        for _ in range(n):
            rows.append((f"p{p}", compound, (tp,)))
            p += 1
    rows += [(f"p{i}", 0.0, ()) for i in range(p, max(people, p))]
    frame = pd.DataFrame(rows, columns=["participant", "compound", "touchpoints"])
    frame["unit_id"] = [f"{who}#1" for who in frame["participant"]]
    frame["clause_id"] = frame["unit_id"] + "/1.1"
    frame["text"] = "a clause of seven words said here"
    return frame


def scores(tp: str, n: int, good: int) -> pd.DataFrame:
    return pd.DataFrame({"touchpoint": tp, "value": [5] * good + [2] * (n - good), "good": [True] * good +
                         [False] * (n - good), "kind": "csat", "column": "q", "respondent": [f"r{i}" for i in range(n)],
                         "user": None})


NO_SCORES = scores("ad", 0, 0)


def run(j, c, s=NO_SCORES, ops=None):
    return analyse_mismatches(CONFIG, "all", c, s, j, ops or {}, settings=FAST)


def kinds_of(result, tp):
    return set(result.mismatches.loc[result.mismatches["touchpoint"] == tp, "kind"])


def test_said_positive_did_drop():
    r = run(journeys({}, {"shipping": 0.30}), clauses({"shipping": (40, 0.6), "ad": (30, 0.5)}))
    assert kinds_of(r, "shipping") == {"said-positive-did-drop"}
    row = r.mismatches.iloc[0]
    assert row["effect"] == pytest.approx(20.0, abs=0.01)         # 30% against a 10% baseline
    assert row["ci_low"] < 20 < row["ci_high"]
    assert row["quote_id"] and row["quote_id"] in row["evidence"]
    assert kinds_of(r, "ad") == set()


def test_too_few_mentioners_is_not_enough_evidence_never_a_flag():
    r = run(journeys({}, {"shipping": 0.30}), clauses({"shipping": (5, 0.6)}))
    assert "said-positive-did-drop" not in kinds_of(r, "shipping")
    row = r.insufficient[(r.insufficient["touchpoint"] == "shipping")
                         & (r.insufficient["kind"] == "said-positive-did-drop")]
    assert "5 people mention it (minimum 10)" in row["reason"].iloc[0]


def test_silent_friction_needs_silence_shown_not_assumed():
    quiet = run(journeys({}, {"size-guide": 0.30}), clauses({}, people=200))
    assert kinds_of(quiet, "size-guide") == {"silent-friction"}
    few = run(journeys({}, {"size-guide": 0.30}), clauses({}, people=40))   # 0 of 40 cannot show < 5%
    assert kinds_of(few, "size-guide") == set()
    assert "40 people spoke at all (minimum 59)" in " ".join(few.insufficient["reason"])


@pytest.mark.parametrize("n_users, ratio, flagged", [
    (200_000, 1.10, False),      # significant against the baseline, but a trivial gap: never flagged
    (200_000, 1.40, True),
    (40, 2.00, False),           # 8 of 40 users: the 1.25x margin cannot be excluded
])
def test_practical_margin_and_sample_size(n_users, ratio, flagged):
    j = journeys({"shipping": n_users}, {"shipping": 0.10 * ratio}, default_drop=0.10)
    r = run(j, clauses({"shipping": (40, 0.6)}))
    assert ("said-positive-did-drop" in kinds_of(r, "shipping")) is flagged


def test_loud_but_harmless_needs_shown_absence_of_cost():
    loud = clauses({"product": (60, -0.6)}, people=300)
    harmless = run(journeys({"product": 5000}, {}), loud)
    assert kinds_of(harmless, "product") == {"loud-but-harmless"}
    unsure = run(journeys({"product": 60}, {}), loud)     # no drop seen, but 60 users cannot show it
    assert kinds_of(unsure, "product") == set()


def test_score_high_story_negative_and_harmless_gives_way():
    talk = clauses({"delivery": (60, -0.5)}, people=300)
    r = run(journeys({"delivery": 5000}, {}), talk, scores("delivery", 100, 90))
    assert kinds_of(r, "delivery") == {"score-high-story-negative"}   # loud-but-harmless gives way
    row = r.mismatches.iloc[0]
    assert row["said"] == pytest.approx(0.9) and row["did"] == pytest.approx(1.0)
    assert row["effect"] == pytest.approx(90.0)                       # 100% complain - 10% poor scores


@pytest.mark.parametrize("values, flagged", [([30.0] * 80 + [2.0] * 20, True), ([2.0] * 80 + [30.0] * 20, False)])
def test_score_high_operations_miss(values, flagged):
    ops = {("delivery", "support_tickets", "wait_minutes"):
           pd.DataFrame({"user": [f"u{i}" for i in range(len(values))], "value": values})}
    r = run(journeys({}, {}), clauses({"delivery": (20, 0.3)}), scores("delivery", 100, 85), ops)
    assert ("score-high-operations-miss" in kinds_of(r, "delivery")) is flagged


def test_q_values_are_over_every_test_of_the_run():
    r = run(journeys({}, {"shipping": 0.30}), clauses({"shipping": (40, 0.6)}))
    tested = r.tests[r.tests["status"] == "tested"]
    assert len(r.tests) == 3 * len(TPS)             # three behavioural kinds per touchpoint; no scores
    assert len(tested) + len(r.insufficient) == len(r.tests)
    assert (tested["q_value"] >= tested["p_value"]).all()
    assert r.mismatches["q_value"].max() < FAST.fdr


def test_inputs_are_not_mutated():
    c = clauses({"shipping": (40, 0.6)})
    before = c.copy()
    run(journeys({}, {"shipping": 0.30}), c)
    pd.testing.assert_frame_equal(c, before)


def test_no_behaviour_and_no_voice_still_runs():
    empty = clauses({}, people=1).iloc[0:0]
    r = run(None, empty, scores("delivery", 100, 90))
    assert r.mismatches.empty
    assert set(r.tests["kind"]) == {"score-high-story-negative"}
    assert r.insufficient["reason"].str.contains("0 people mention it").all()
