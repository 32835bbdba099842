"""workbench.voc.summary: per touchpoint and stage, intervals over people."""
import math

import pytest

from workbench.voc import TOUCHPOINTS_CSV_COLUMNS, analyse_units, touchpoints_table


def test_touchpoints_table_has_every_touchpoint(units, config):
    t = touchpoints_table(analyse_units(units, config))
    assert list(t.columns) == TOUCHPOINTS_CSV_COLUMNS
    assert t["touchpoint"].tolist() == ["checkout", "shipping-cost", "support-chat", "reviews"]
    reviews = t.set_index("touchpoint").loc["reviews"]
    assert reviews["mentions"] == 0 and math.isnan(reviews["mean_sentiment"]) and reviews["quote_ids"] == ""
    ship = t.set_index("touchpoint").loc["shipping-cost"]
    assert ship["mentions"] == 3 and ship["people"] == 2 and ship["share_negative"] == 1
    assert ship["mean_sentiment"] < 0 and ship["ci_low"] <= ship["mean_sentiment"] <= ship["ci_high"]
    assert "delivery fee" in ship["top_phrases"]
    assert set(ship["quote_ids"].split(";")) <= {"P1#2", "P1#4", "P2#3"}


def test_interval_is_over_people_not_sentences(config, make_units):
    # one talkative person saying the same thing 20 times does not make the interval narrow
    rows = [dict(uid=f"P1#{i}", person="P1", persona="saver", text="The checkout was great.") for i in range(20)]
    rows += [dict(uid="P2#1", person="P2", persona="saver", text="The checkout was awful.")]
    t = analyse_units(make_units(rows), config).touchpoints.set_index("touchpoint").loc["checkout"]
    assert t["people"] == 2 and t["mentions"] == 21
    assert t["ci_low"] < 0 < t["ci_high"]  # two people who disagree: the interval spans both views


def test_stages_and_emotions(units, config):
    r = analyse_units(units, config)
    s = r.stages.set_index("stage")
    assert s.index.tolist() == ["purchase", "retention", "advocacy"]
    assert s.loc["retention", "dominant_emotion"] == "frustration" and s.loc["retention", "emoji"] == "😤"
    assert s.loc["advocacy", "mentions"] == 0 and s.loc["advocacy", "emoji"] == ""
    shares = s.loc["purchase", [c for c in s.columns if c.startswith("share_") and "negative" not in c]]
    assert shares.sum() == pytest.approx(1.0)
