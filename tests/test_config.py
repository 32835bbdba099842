"""study.yml validation: one case per kind of error, each naming the key path (and line)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from workbench.config import load_study_config, parse_study_config
from workbench.exceptions import InputError, StudyInvalid

BASE = yaml.safe_load((Path(__file__).parent / "fixtures/tiny-study/study.yml").read_text())


def broken(change) -> dict:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def problems_of(data) -> list[str]:
    with pytest.raises(StudyInvalid) as caught:
        parse_study_config(data, Path("."))
    return [str(p) for p in caught.value.problems]


CASES = [
    ("dangling stage", lambda d: d["touchpoints"][3].update(stage="bye"),
     "study.yml: touchpoints[3].stage: 'bye' is not a stage (did you mean 'buy'?)"),
    ("unknown top key", lambda d: d.update(touchpionts=[]), "study.yml: touchpionts: unknown key (did you mean 'touchpoints'?)"),
    ("unknown nested key", lambda d: d["touchpoints"][0].update(cue=["x"]),
     "study.yml: touchpoints[0].cue: unknown key (did you mean 'cues'?)"),
    ("dangling metric table", lambda d: d["touchpoints"][4]["metrics"][0].update(table="ticket"),
     "study.yml: touchpoints[4].metrics[0].table: 'ticket' is not a table under operations (did you mean 'tickets'?)"),
    ("bad score kind", lambda d: d["surveys"][0]["scores"][0].update(kind="nsp"),
     "study.yml: surveys[0].scores[0].kind: 'nsp' is not one of nps, csat, ces (did you mean 'nps'?)"),
    ("dangling score touchpoint", lambda d: d["surveys"][0]["scores"][1].update(touchpoint="suport"),
     "study.yml: surveys[0].scores[1].touchpoint: 'suport' is not a touchpoint (did you mean 'support'?)"),
    ("dangling open about", lambda d: d["surveys"][1]["open"][0].update(about="by"),
     "study.yml: surveys[1].open[0].about: 'by' is not 'overall', a stage or a touchpoint (did you mean 'buy'?)"),
    ("bad survey format", lambda d: d["surveys"][0].update(format="qualtrix"),
     "study.yml: surveys[0].format: 'qualtrix' is not one of qualtrics, plain (did you mean 'qualtrics'?)"),
    ("bad scale", lambda d: d["surveys"][1]["scores"][1].update(scale=[10, 0]),
     "study.yml: surveys[1].scores[1].scale: expected [min, max] with min < max"),
    ("bad timezone", lambda d: d.update(timezone="Asia/Kuala_Lumpor"),
     "study.yml: timezone: 'Asia/Kuala_Lumpor' is not an IANA time zone (did you mean 'Asia/Kuala_Lumpur'?)"),
    ("bad slug", lambda d: d.update(study="Tiny Study"), "study.yml: study: 'Tiny Study' is not a slug"),
    ("duplicate persona", lambda d: d["personas"].append({"id": "saver"}),
     "study.yml: personas[2].id: 'saver' is used twice"),
    ("reserved persona", lambda d: d["personas"].append({"id": "all"}), "study.yml: personas[2].id: 'all' is reserved"),
    ("missing required", lambda d: d.pop("stages"), "study.yml: stages: missing (required)"),
    ("missing behaviour column role", lambda d: d["behaviour"]["columns"].pop("event"),
     "study.yml: behaviour.columns.event: missing (required)"),
    ("wrong type", lambda d: d.update(personas="saver"), "study.yml: personas: expected a list, got text"),
    ("event in two touchpoints", lambda d: d["touchpoints"][1]["events"].append("ad_click"),
     "study.yml: touchpoints[1].events[1]: event 'ad_click' already belongs to touchpoint 'ads'"),
    ("bad better", lambda d: d["touchpoints"][4]["metrics"][0].update(better="less"),
     "study.yml: touchpoints[4].metrics[0].better: 'less' is not one of lower, higher"),
    ("target not a number", lambda d: d["touchpoints"][4]["metrics"][0].update(target="five"),
     "study.yml: touchpoints[4].metrics[0].target: expected a number, got text 'five'"),
    ("bad language", lambda d: d.update(language="english"), "study.yml: language: 'english' is not an ISO 639-1 code"),
    ("privacy key typo", lambda d: d.update(privacy={"keep_name": True}),
     "study.yml: privacy.keep_name: unknown key (did you mean 'keep_names'?)"),
    ("privacy flag not a boolean", lambda d: d.update(privacy={"keep_names": "yes please"}),
     "study.yml: privacy.keep_names: expected true or false, got text 'yes please'"),
    ("privacy names not a list", lambda d: d.update(privacy={"names": {"a": 1}}),
     "study.yml: privacy.names: expected a list, got a mapping"),
    ("privacy not a mapping", lambda d: d.update(privacy=True),
     "study.yml: privacy: expected a mapping of keys, got true/false"),
    ("target stage dangling", lambda d: d.update(targets={"bye": {"reach": 0.5}}),
     "study.yml: targets.bye: 'bye' is not a stage (did you mean 'buy'?)"),
    ("target kpi typo", lambda d: d.update(targets={"buy": {"reech": 0.5}}),
     "study.yml: targets.buy.reech: unknown key (did you mean 'reach'?)"),
    ("target share out of range", lambda d: d.update(targets={"buy": {"conversion": 80}}),
     "study.yml: targets.buy.conversion: 80 is outside 0 to 1"),
    ("target sentiment out of range", lambda d: d.update(targets={"after": {"sentiment": -2}}),
     "study.yml: targets.after.sentiment: -2 is outside -1 to 1"),
    ("target not a number", lambda d: d.update(targets={"buy": {"reach": "high"}}),
     "study.yml: targets.buy.reach: expected a number, got text 'high'"),
    ("targets not a mapping", lambda d: d.update(targets=["buy"]),
     "study.yml: targets: expected a mapping of stage id to target KPIs, got a list"),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_each_error_names_its_place(name, change, expected):
    found = problems_of(broken(change))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_are_collected_at_once():
    def many(d):
        d["touchpoints"][0]["stage"] = "nowhere"
        d["surveys"][0]["scores"][0]["kind"] = "bad"
        d["timezone"] = "Mars/Olympus"
    assert len(problems_of(broken(many))) == 3


def test_line_numbers_come_from_the_file(tiny_copy):
    text = (tiny_copy / "study.yml").read_text().replace("stage: buy\n    owner: Finance", "stage: bye\n    owner: Finance")
    (tiny_copy / "study.yml").write_text(text)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "stage: bye" in l)
    with pytest.raises(StudyInvalid) as caught:
        load_study_config(tiny_copy)
    assert str(caught.value.problems[0]).endswith(f"(line {line})")


def test_invalid_yaml_names_the_line(tiny_copy):
    (tiny_copy / "study.yml").write_text("study: x\npersonas: [a\nstages: []\n")
    with pytest.raises(InputError) as caught:
        load_study_config(tiny_copy)
    problem = caught.value.problems[0]
    assert problem.path == "study.yml" and problem.line in (2, 3, 4) and "invalid YAML" in problem.message


def test_valid_config_has_defaults():
    config = parse_study_config(copy.deepcopy(BASE), Path("."))
    assert config.study == "tiny-study"
    assert config.touchpoint("support").metrics[0].target == 5
    assert config.behaviour.session_gap_minutes == 30
    assert config.event_touchpoints()["shipping_cost_shown"] == "shipping-cost"
    assert config.surveys[1].scores[1].scale == (0.0, 10.0)
    assert config.persona("rusher").label == "Rusher"


def test_privacy_is_off_by_default_and_reads_names():
    assert parse_study_config(copy.deepcopy(BASE), Path(".")).privacy.keep_names is False
    data = copy.deepcopy(BASE)
    data["privacy"] = {"keep_names": True, "names": ["Mei Xin", "Suresh"], "guess_names": False}
    privacy = parse_study_config(data, Path(".")).privacy
    assert (privacy.keep_names, privacy.names, privacy.guess_names) == (True, ("Mei Xin", "Suresh"), False)
    assert privacy.keep_ids is False
    data["privacy"] = {"keep_ids": True}
    assert parse_study_config(data, Path(".")).privacy.keep_ids is True


def test_targets_are_read_in_stage_order_and_optional():
    assert parse_study_config(copy.deepcopy(BASE), Path(".")).targets == ()
    data = copy.deepcopy(BASE)
    data["targets"] = {"after": {"negative": 0.1}, "buy": {"reach": 0.6, "sentiment": 0.25}}
    targets = parse_study_config(data, Path(".")).targets
    assert [t.stage for t in targets] == ["buy", "after"]
    assert targets[0].items() == [("reach", 0.6), ("sentiment", 0.25)]
    assert targets[1].items() == [("negative", 0.1)]


def test_behaviour_goal_after_pins_a_declared_stage():
    data = broken(lambda d: d["behaviour"].update(goal_after="buy"))
    assert parse_study_config(data, Path(".")).behaviour.goal_after == "buy"
    assert parse_study_config(copy.deepcopy(BASE), Path(".")).behaviour.goal_after is None


def test_behaviour_goal_after_must_name_a_stage():
    assert "study.yml: behaviour.goal_after: 'by' is not a stage (did you mean 'buy'?)" in problems_of(
        broken(lambda d: d["behaviour"].update(goal_after="by")))
    assert "study.yml: behaviour.goal_after: expected text, got a list" in problems_of(
        broken(lambda d: d["behaviour"].update(goal_after=["buy"])))
