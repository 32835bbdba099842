"""workbench.voc.clauses: units -> clauses with provenance, sentiment, emotion and tags."""
import pandas as pd
import pytest

from workbench.exceptions import InputError
from workbench.voc import analyse_units
from workbench.voc.clauses import CLAUSE_COLUMNS, build_clauses


def test_clauses_keep_provenance_and_tags(units, config):
    c = build_clauses(units, config)
    assert list(c.columns) == CLAUSE_COLUMNS
    first = c[c["unit_id"] == "P1#2"].reset_index(drop=True)
    assert first["text"].tolist() == ["Checkout was easy", "the delivery fee was a shock."]
    assert first["label"].tolist() == ["positive", "negative"]
    assert first["touchpoints"].tolist() == [("checkout",), ("shipping-cost",)]
    assert first["clause_id"].tolist() == ["P1#2/1.1", "P1#2/1.2"]
    assert set(first["file"]) == {"interviews/P1.txt"} and set(first["start"]) == {62.0}
    survey = c[c["unit_id"] == "post:R1:Q5"].iloc[0]
    assert survey["touchpoints"] == ("checkout",) and survey["tag_source"] == "prior"
    answer = c[c["unit_id"] == "post:R2:Q6"]
    assert answer["tag_source"].tolist() == ["cue", "cue"]  # its own cues win over the prior


def test_units_are_not_modified_and_bad_frames_are_refused(units, config):
    before = units.copy(deep=True)
    analyse_units(units, config)
    pd.testing.assert_frame_equal(units, before)
    with pytest.raises(InputError, match="missing column"):
        build_clauses(units.drop(columns=["about"]), config)


def test_non_customer_rows_and_empty_text_are_not_counted(units, config):
    extra = pd.DataFrame([dict(units.iloc[0]) | {"source": "moderator", "unit_id": "M#1"},
                          dict(units.iloc[0]) | {"text": "  ", "unit_id": "P1#9"}])
    c = build_clauses(pd.concat([units, extra], ignore_index=True), config)
    assert not {"M#1", "P1#9"} & set(c["unit_id"])
