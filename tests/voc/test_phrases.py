import numpy as np
import pandas as pd
import pytest

from workbench.voc.clauses import build_clauses
from workbench.voc.phrases import candidate_runs, distinctive_phrases, extract_phrases, phrase_stats
from workbench.voc.text import language_for

STOP = language_for("en").stopwords


@pytest.mark.parametrize("text, runs", [
    ("the delivery fee was a shock", [["delivery", "fee"], ["shock"]]),
    ("Free shipping, over RM60!", [["free", "shipping"], ["rm60"]]),
    ("I waited 40 minutes", [["waited", "40", "minutes"]]),
    ("and the of", []),
    ("[laughs] the queue (inaudible) again", [["queue"]]),
])
def test_candidates_are_bounded_by_stopwords_and_punctuation(text, runs):
    assert candidate_runs(text, STOP) == runs


@pytest.fixture
def clauses(units, config):
    return build_clauses(units, config)


def test_counts_speakers_and_quotes(clauses):
    index = extract_phrases(clauses)
    stats = phrase_stats(clauses, index).set_index("phrase")
    fee = stats.loc["delivery fee"]
    # said in three clauses by two people (P1 twice, P2 once)
    assert (fee["count"], fee["speakers"], fee["units"]) == (3, 2, 3)
    assert fee["mean_sentiment"] < 0 and fee["share_negative"] == 1
    assert fee["touchpoints"] == "shipping-cost" and fee["stages"] == "purchase"
    assert fee["collocation"] > 0
    quotes = fee["quotes"].split(" || ")
    assert len(quotes) == 2  # one per speaker, at most three
    assert "(P1, interviews/P1.txt, turn " in fee["quotes"] and "00:0" in fee["quotes"]
    assert set(fee["quote_ids"].split(";")) <= {"P1#2", "P1#4", "P2#3"}
    # "delivery" alone never occurs outside "delivery fee": subsumed
    assert "delivery" not in stats.index


def test_one_person_repeating_is_not_a_theme(config, make_units):
    rows = [dict(uid=f"P9#{i}", person="P9", persona="saver", text="The bubble wrap again.", ref=i) for i in range(10)]
    c = build_clauses(make_units(rows), config)
    index = extract_phrases(c)
    assert phrase_stats(c, index).empty
    assert phrase_stats(c, index, min_speakers=1).set_index("phrase").loc["bubble wrap", "count"] == 10


def test_distinctive_phrases_log_odds(clauses):
    index = extract_phrases(clauses)
    d = distinctive_phrases(clauses, index, "persona")
    assert set(d["group"]) == {"saver", "parent"}
    saver = d[d["group"] == "saver"].set_index("phrase")
    parent = d[d["group"] == "parent"].set_index("phrase")
    assert saver.loc["delivery fee", "z"] > 0
    assert parent.loc["40 minutes", "z"] > 0
    assert "delivery fee" not in parent.index
    # one group against the rest is symmetric for two groups
    both = saver.join(parent, suffixes=("_s", "_p"), how="inner")
    assert np.allclose(both["log_odds_s"], -both["log_odds_p"])


def test_distinctive_phrases_by_list_valued_tags(clauses):
    index = extract_phrases(clauses)
    d = distinctive_phrases(clauses, index, "touchpoint")
    assert {"shipping-cost", "support-chat"} <= set(d["group"])
    with pytest.raises(KeyError, match="cannot group phrases by 'colour'"):
        distinctive_phrases(clauses, index, "colour")


def test_monroe_formula_by_hand():
    # two groups, one phrase each plus a shared one: check delta and z against the paper's formula
    c = pd.DataFrame({"text": ["alpha beta", "alpha beta", "gamma", "gamma", "alpha beta"],
                      "language": "en", "participant": ["a", "b", "c", "d", "e"],
                      "g": ["x", "x", "y", "y", "y"]})
    index = extract_phrases(c)
    d = distinctive_phrases(c, index, "g").set_index(["group", "phrase"])
    y = {"x": {"alpha": 2, "beta": 2, "alpha beta": 2}, "y": {"alpha": 1, "beta": 1, "alpha beta": 1, "gamma": 2}}
    total = {w: y["x"].get(w, 0) + y["y"].get(w, 0) for w in ["alpha", "beta", "alpha beta", "gamma"]}
    n = sum(total.values())
    nx, ny = sum(y["x"].values()), sum(y["y"].values())
    a = total["gamma"]
    delta = np.log((0 + a) / (nx + n - 0 - a)) - np.log((2 + a) / (ny + n - 2 - a))
    assert d.loc[("y", "gamma"), "log_odds"] == pytest.approx(-delta)
    assert d.loc[("y", "gamma"), "z"] == pytest.approx(-delta / np.sqrt(1 / (2 + a) + 1 / (0 + a)))
