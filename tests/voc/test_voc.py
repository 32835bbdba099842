"""workbench.voc: analyse_units / analyse_voice and the contract tables."""
import numpy as np

from workbench.voc import (PHRASES_CSV_COLUMNS, analyse_units, analyse_voice, distinctive_by, phrases_table,
                           touchpoints_table)


def test_quotes_and_phrases_table(units, config):
    r = analyse_units(units, config)
    q = r.quotes.set_index("quote_id")
    assert q.loc["P1#2", "text"].startswith("Checkout was easy") and q.loc["P1#2", "start"] == 62.0
    p = phrases_table(r)
    assert list(p.columns) == PHRASES_CSV_COLUMNS
    assert (p["speakers"] >= 2).all() and (p["count"] >= 2).all()
    assert p.set_index("phrase").loc["delivery fee", "z_negative"] > 0


def test_distinctive_by_any_grouping(units, config):
    r = analyse_units(units, config)
    assert set(distinctive_by(r, "persona")["group"]) == {"saver", "parent"}
    assert "negative" in set(distinctive_by(r, "label")["group"])


def test_analyse_voice_is_a_thin_wrapper(units, config):
    class FakeStudy:
        def __init__(self):
            self.config = config
            self.asked = None

        def voice(self, persona):
            self.asked = persona
            return units[units["persona"] == persona] if persona != "all" else units

    study = FakeStudy()
    r = analyse_voice(study, "parent")
    assert study.asked == "parent" and r.persona == "parent"
    assert set(r.clauses["persona"]) == {"parent"}


def test_empty_voice(config, units):
    r = analyse_units(units.iloc[0:0], config)
    assert r.clauses.empty and r.phrases.empty
    assert touchpoints_table(r)["mentions"].eq(0).all()
    assert np.isnan(r.stages["mean_sentiment"]).all()
