"""The declared stage order against behaviour (issue 12): tests/fixtures/misordered-study, worked
by hand in its README, and seeded variants with shuffled orders and stages without events."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from workbench.behaviour.funnel import GOAL, goal_position, ordered_funnel
from workbench.behaviour.stage_order import (NO_EVENTS_NOTE, ORDER_AGREEMENT, ORDER_COLUMNS, decide_order,
                                             parse_goal_after, stage_order, stage_order_table, stage_pairs_table)
from workbench.behaviour.steepest_step import headline_steps, steepest_step
from workbench.config import load_study_config
from workbench.exceptions import InputError
from workbench.yamlpath import load_yaml_with_lines

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from order_variants import reference_funnel, write_variant  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "misordered-study"
EVENTS = {"discover": ["ad_click"], "buy": ["checkout_viewed"], "after": ["support_chat_started"],
          "promo": ["promo_banner_seen"]}
COLUMNS = ("user_id", "ts", "event")


@pytest.fixture(scope="module")
def misordered():
    return load_study_config(FIXTURE)


def _row(table, stage, persona="all"):
    return table[(table["persona"] == persona) & (table["stage"] == stage)].iloc[0]


def test_fixture_counts_match_the_hand_worked_readme(misordered):
    table = stage_order_table(misordered)
    assert list(table.columns) == ORDER_COLUMNS
    promo, after, showroom = _row(table, "promo"), _row(table, "after"), _row(table, "showroom")
    assert (promo["users"], promo["converters"], promo["reached"], promo["both"], promo["before_goal"]) == (40, 24, 10, 9, 9)
    assert promo["after_goal"] == 0
    assert (after["reached"], after["both"], after["before_goal"], after["after_goal"]) == (15, 15, 0, 15)
    assert not showroom["has_events"] and showroom["reached"] == 0 and math.isnan(showroom["share_before_goal"])
    assert _row(table, "buy")["previous"] == "discover"   # showroom has no events: skipped
    assert promo["previous"] == "after" and (promo["with_previous"], promo["before_previous"]) == (9, 9)


def test_personas_add_up_to_the_whole_population(misordered):
    table = stage_order_table(misordered)
    parts = table[table["persona"] != "all"].groupby("stage")[["reached", "both", "before_goal", "after_goal"]].sum()
    whole = table[table["persona"] == "all"].set_index("stage")[["reached", "both", "before_goal", "after_goal"]]
    pd.testing.assert_frame_equal(parts.sort_index(), whole.sort_index(), check_names=False)
    pairs = stage_pairs_table(misordered)
    r = pairs[(pairs["persona"] == "all") & (pairs["stage"] == "promo") & (pairs["other"] == "buy")].iloc[0]
    assert (r["both"], r["first"]) == (10, 10)


def test_declared_order_alone_reproduces_the_false_finding(misordered):
    """The bug the issue reports, so the fix below is tested against something that fails."""
    assert goal_position(misordered) == 3        # goal after buy: promo is declared after it
    funnel = ordered_funnel(misordered)
    assert funnel.loc[funnel["stage"] == "showroom", "users"].iloc[0] == 0
    assert funnel.loc[funnel["stage"] == "promo", "users"].iloc[0] == 0
    naive = funnel.iloc[1:][funnel["n_previous"].iloc[1:] > 0]
    assert naive.loc[naive["share_of_previous"].idxmin(), "stage"] == "showroom"   # the old headline


def test_decision_follows_the_data_and_says_so(misordered):
    d = stage_order(misordered)
    assert d.source == "data" and d.follows_data
    assert d.steps == ("discover", "promo", "buy", GOAL, "after")
    assert d.no_events == ("showroom",) and d.unreachable == ()
    assert ("Promotion is reached before the goal by 100% of those who reach it (9 of 9 users who reach both; "
            "95% CI 70–100%); its funnel step is shown before the goal.") in d.notes
    assert f"Showroom visit: {NO_EVENTS_NOTE}." in d.notes
    assert not any("Showroom visit" in n and "%" in n for n in d.notes)   # no reach for a stage without events
    funnel = reference_funnel(FIXTURE, list(d.steps), stage_events=EVENTS, columns=COLUMNS)
    assert list(funnel["users"]) == [40, 10, 10, 9, 9]
    assert (funnel["users"] > 0).all()


def test_each_persona_gets_its_own_decision(misordered):
    for persona, n in (("saver", 5), ("rusher", 4)):
        d = stage_order(misordered, persona)
        assert d.steps == ("discover", "promo", "buy", GOAL, "after")
        assert any(f"({n} of {n} users who reach both" in note for note in d.notes)


def test_goal_after_pins_the_goal_and_flags_the_step_nobody_can_take(misordered):
    d = stage_order(misordered, goal_after="buy")
    assert d.source == "pinned" and d.steps == ("discover", "buy", GOAL, "after", "promo")
    assert d.goal_after == "buy" and d.unreachable == ("promo",)
    assert any(n.startswith("Promotion comes after the goal, but none of the 9 users") for n in d.notes)


def test_goal_after_is_read_from_study_yml_with_a_located_error(tmp_path, misordered):
    text = (FIXTURE / "study.yml").read_text().replace("  goal_event: order_placed",
                                                       "  goal_event: order_placed\n  goal_after: promo")
    (tmp_path / "study.yml").write_text(text)
    raw, lines = load_yaml_with_lines(tmp_path / "study.yml", "study.yml")
    assert parse_goal_after(raw, misordered.stage_ids, lines) == "promo"
    assert parse_goal_after({"behaviour": {}}, misordered.stage_ids) is None
    raw["behaviour"]["goal_after"] = "promos"
    with pytest.raises(InputError) as err:
        parse_goal_after(raw, misordered.stage_ids, lines)
    line = lines["behaviour.goal_after"]
    assert str(err.value) == f"study.yml:{line}: behaviour.goal_after: 'promos' is not a stage (did you mean 'promo'?)"
    raw["behaviour"]["goal_after"] = 3
    with pytest.raises(InputError, match=r"^study.yml:\d+: behaviour.goal_after: expected a stage id, got int$"):
        parse_goal_after(raw, misordered.stage_ids, lines)


def _table(before: int, both: int, stage: str = "late", declared_after: bool = True) -> pd.DataFrame:
    from workbench.behaviour.stage_order import _with_rates
    rows = [{"persona": "all", "stage": "early", "label": "Early", "position": 0, "has_events": True, "users": both,
             "converters": both, "reached": both, "both": both, "before_goal": both, "after_goal": 0, "previous": "",
             "with_previous": 0, "before_previous": 0},
            {"persona": "all", "stage": stage, "label": "Late", "position": 1, "has_events": True, "users": both,
             "converters": both, "reached": both, "both": both, "before_goal": before, "after_goal": both - before,
             "previous": "early", "with_previous": 0, "before_previous": 0}]
    return _with_rates(pd.DataFrame(rows))


@pytest.mark.parametrize("before, both, moved", [
    (5, 5, True),        # 100%, Wilson low 0.57 > 0.5
    (4, 5, False),       # 80% but the low bound is 0.38: could be chance
    (80, 100, True),     # exactly ORDER_AGREEMENT, low bound 0.71
    (790, 1000, False),  # 79%: below ORDER_AGREEMENT however many users
])
def test_threshold_decides_when_the_data_overrule_the_declared_order(before, both, moved):
    assert ORDER_AGREEMENT == 0.8
    d = decide_order(_table(before, both), declared_position=1)
    assert d.steps == (("early", "late", GOAL) if moved else ("early", GOAL, "late"))
    assert d.source == ("data" if moved else "declared")
    assert d.goal_after == ("late" if moved else "early")


@pytest.mark.parametrize("seed", range(6))
def test_variants_recover_the_true_order_and_no_step_is_empty(tmp_path, seed):
    variant = write_variant(tmp_path / f"v{seed}", seed)
    config = load_study_config(variant.folder)
    d = stage_order(config)
    assert d.steps == variant.true_steps
    assert set(d.no_events) == set(variant.no_events)
    assert all(any(n == f"Stage {s}: {NO_EVENTS_NOTE}." for n in d.notes) for s in variant.no_events)
    funnel = reference_funnel(variant.folder, list(d.steps))
    assert (funnel["users"] > 0).all(), funnel
    declared = ordered_funnel(config)   # the declared order: stages without events are empty steps
    assert (declared["users"] == 0).any()
    choice = steepest_step(declared, no_events=d.no_events, unreachable=d.unreachable)
    assert choice is None or (choice["users"] > 0 and choice["n_previous"] > 0
                              and choice["stage"] not in variant.no_events)


def _funnel(users: list[int], stages: list[str]) -> pd.DataFrame:
    prev = [users[0]] + users[:-1]
    share = [u / p if p else float("nan") for u, p in zip(users, prev)]
    return pd.DataFrame({"step": range(1, len(users) + 1), "stage": stages, "label": [s.title() for s in stages],
                         "users": users, "n_previous": prev, "share_of_previous": share})


def test_steepest_step_never_rests_on_an_empty_or_eventless_step():
    f = _funnel([100, 80, 0, 0, 30, 10], ["a", "empty", "b", GOAL, "c", "d"])
    assert list(headline_steps(f)["stage"]) == ["empty", "d"]   # "b", GOAL: n_previous 0; "c": after goal 0
    best = steepest_step(f, no_events=["empty"])
    assert best["stage"] == "d" and best["previous_stage"] == "c" and best["lost"] == 20
    assert steepest_step(f, no_events=["empty", "d"]) is None


def test_steepest_step_ties_go_to_the_step_losing_more_users():
    f = _funnel([200, 100, 50, 25], ["a", "b", GOAL, "c"])
    assert steepest_step(f)["stage"] == "b"
    assert steepest_step(f, min_previous=150)["stage"] == "b"
    assert steepest_step(f, min_previous=201) is None
    with pytest.raises(ValueError, match="share_of_previous"):
        steepest_step(f.drop(columns=["share_of_previous"]))


def test_a_stage_declared_before_the_goal_but_entered_after_it_moves_after():
    d = decide_order(_table(3, 100), declared_position=2)   # "late": 97 of 100 enter it after the goal
    assert d.steps == ("early", GOAL, "late") and d.source == "data" and d.goal_after == "early"
    assert d.notes == ("Late is reached after the goal by 97% of those who reach it (97 of 100 users who reach both; "
                       "95% CI 92–99%); its funnel step is shown after the goal.",)
    pinned = decide_order(_table(3, 100), goal_after="late")
    assert pinned.steps == ("early", "late", GOAL) and pinned.source == "pinned" and pinned.notes == ()


def test_ordered_funnel_builds_the_decided_steps_and_leaves_out_stages_without_events(misordered):
    d = stage_order(misordered)
    funnel = ordered_funnel(misordered, steps=d.steps)
    ref = reference_funnel(FIXTURE, list(d.steps), stage_events=EVENTS, columns=COLUMNS)
    assert list(funnel["stage"]) == list(ref["stage"]) == list(d.steps)
    assert list(funnel["users"]) == list(ref["users"]) and list(funnel["n_previous"]) == list(ref["n_previous"])
    with_showroom = ordered_funnel(misordered, steps=("discover", "showroom") + d.steps[1:])
    assert "showroom" not in set(with_showroom["stage"])
    pd.testing.assert_frame_equal(with_showroom, funnel)


def test_the_analysis_pass_uses_the_decision_and_the_map_says_no_events(misordered):
    from workbench.behaviour import analyse_behaviour
    from workbench.journeymap import findings
    from workbench.journeymap.map_model import build_map
    from workbench.voc import analyse_voice
    from workbench import load_study

    study = load_study(FIXTURE)
    result = analyse_behaviour(study)
    assert result.order.steps == tuple(result.funnel["stage"])
    assert list(result.stage_order["stage"]) == list(misordered.stage_ids)
    jmap = build_map(study.config, "all", analyse_voice(study), result)
    kpi = jmap.cell("showroom", "kpi")
    assert list(kpi["text"]) == [NO_EVENTS_NOTE]
    assert not any(t.startswith(("Reach", "Step conversion")) for t in kpi["text"])
    assert jmap.design_notes == result.order.notes
    steepest = [f for f in findings(jmap)["finding"] if f.startswith("The steepest step")]
    assert steepest == ["The steepest step of the journey is Discover → Promotion: only 25.0% of the 40 users who "
                        "got to Discover went on (95% CI 14.2–40.2%), 30 users left the ordered funnel there."]
