"""The map as data: every stage x lane filled with evidence or an honest "no ...", anchors that resolve."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from workbench.exceptions import InputError
from workbench.journeymap import LANES, anchor_id, build_map, journey_map
from workbench.journeymap.map_model import EMPTY
from workbench.contract_tables import MISMATCH_COLUMNS

# One hand-written mismatch with the contract's columns only (no severity, no quote): the map must
# place it in its touchpoint's stage and rank it as an opportunity naming the owner.
ONE_MISMATCH = pd.DataFrame([{
    "touchpoint": "shipping-cost", "stage": "buy", "kind": "said-positive-did-drop", "said": 0.4, "did": 0.5,
    "effect": 30.0, "ci_low": 20.0, "ci_high": 40.0, "q_value": 0.01, "n_said": 3, "n_did": 4,
    "evidence": "Shipping cost: people speak well of it, yet 50% of 4 users leave there; q = 0.01. Quote t1#2.",
}], columns=MISMATCH_COLUMNS)


@pytest.fixture(scope="module")
def tiny_map(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    return build_map(tiny_loaded.config, "all", voice, behaviour, ONE_MISMATCH)


def test_every_stage_and_lane_has_content(tiny_map, tiny_loaded):
    for stage in tiny_loaded.config.stage_ids:
        for lane, _ in LANES:
            cell = tiny_map.cell(stage, lane)
            assert len(cell) >= 1, (stage, lane)
            empty = cell[cell["tone"] == "empty"]
            assert (empty["text"] == EMPTY[lane]).all() and (empty["anchor"] == "").all()
            assert (cell.loc[cell["tone"] != "empty", "text"].str.len() > 0).all()


def test_every_anchor_points_at_evidence(tiny_map):
    anchors = set()
    for frame in tiny_map.evidence.values():
        if "anchor" in frame.columns:
            anchors |= set(frame["anchor"])
    used = set(tiny_map.cells["anchor"]) - {""}
    assert used and used <= anchors


def test_mismatch_becomes_pain_point_and_first_opportunity(tiny_map):
    pain = tiny_map.cell("buy", "pain")
    assert pain["text"].str.contains("Shipping cost: said positive, did drop").any()
    opp = tiny_map.evidence["opportunities"]
    top = opp.iloc[0]
    assert (top["rank"], top["touchpoint"], top["owner"]) == (1, "shipping-cost", "Operations")
    # severity without the engine's column: |effect| x n_did / 100 = 30 x 4 / 100
    assert top["severity"] == pytest.approx(1.2)


def test_no_mismatches_means_no_mismatch_pain(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    jmap = build_map(tiny_loaded.config, "all", voice, behaviour, pd.DataFrame(columns=MISMATCH_COLUMNS))
    assert not jmap.cells["text"].str.contains("said positive").any()
    assert jmap.sizes["mismatches"] == 0


def test_without_behaviour_the_do_and_kpi_lanes_say_so(tiny_loaded, tiny_results):
    voice, _ = tiny_results
    jmap = build_map(tiny_loaded.config, "all", voice, None, None)
    for stage in tiny_loaded.config.stage_ids:
        assert jmap.cell(stage, "do")["text"].tolist() == [EMPTY["do"]]
        assert jmap.cell(stage, "kpi")["text"].tolist() == [EMPTY["kpi"]]


def test_inputs_are_not_modified(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    before = (voice.stages.copy(), behaviour.touchpoints.copy(), ONE_MISMATCH.copy())
    build_map(tiny_loaded.config, "all", voice, behaviour, ONE_MISMATCH)
    pd.testing.assert_frame_equal(voice.stages, before[0])
    pd.testing.assert_frame_equal(behaviour.touchpoints, before[1])
    pd.testing.assert_frame_equal(ONE_MISMATCH, before[2])


def test_numbers_come_with_their_interval(tiny_map):
    kpi = tiny_map.cells[(tiny_map.cells["lane"] == "kpi") & (tiny_map.cells["tone"] != "empty")]
    assert len(kpi) and kpi["detail"].str.contains(r"\d+–\d+%|no interval").all()


@pytest.mark.parametrize("kind,key", [("q", "P01#12"), ("q", "post_purchase:R_abc:Q5"), ("ph", "too much plastic"),
                                      ("mm", "shipping-cost:said-positive-did-drop"), ("q", "ünïcode ✓")])
def test_anchor_ids_are_stable_and_safe(kind, key):
    first = anchor_id(kind, key)
    assert first == anchor_id(kind, key)
    assert re.fullmatch(r"wb-[a-z]+-[A-Za-z0-9_-]+-[0-9a-f]{6}", first)


def test_distinct_keys_that_slug_alike_get_distinct_anchors():
    assert anchor_id("q", "P01#8") != anchor_id("q", "P01-8")


def test_unknown_persona_names_the_allowed_ones(tiny_loaded):
    with pytest.raises(InputError, match="did you mean 'saver'"):
        journey_map(tiny_loaded, "savr")
