"""PLANTED.md's complaints come out of the demo study as themes with recognisable labels."""
import re

import pytest

from workbench import load_study
from workbench.themes import build_themes, pain_points
from workbench.voc import analyse_voice

DEMO = "corpora/demo-shop"


@pytest.fixture(scope="module")
def study():
    return load_study(DEMO)


def themes_of(study, persona):
    return build_themes(analyse_voice(study, persona).clauses, study.config)


def found(themes, touchpoint, pattern):
    tagged = themes[themes["touchpoints"].str.split("|").map(lambda t: touchpoint in t)]
    return tagged[tagged["label"].str.contains(pattern, flags=re.IGNORECASE)]


def test_planted_complaints_are_themes(study):
    themes = themes_of(study, "all")
    waits = found(themes, "support-chat", r"queue|wait|minutes|min\b")
    assert not waits.empty and waits["people"].max() >= 10
    plastic = found(themes, "packaging", r"plastic")
    assert not plastic.empty
    # recognisable: several of the customers' words, not one loose word or a list of them
    for label in (waits.iloc[0]["label"], plastic.iloc[0]["label"]):
        assert len(label.split()) >= 2 and "," not in label, label
    # one label per stage: themes that said the same thing were merged, not numbered
    assert not themes.duplicated(["stage", "language", "label"]).any()
    assert themes["theme"].str.fullmatch(r"th-[0-9a-f]{10}").all() and themes["theme"].is_unique
    pains = pain_points(themes)
    assert pains["touchpoints"].str.contains("support-chat").any()
    assert not themes["label"].str.contains(r"\b(?:laughs?|pause|terrible|slow)\b").any()


def test_busy_parents_miss_the_e_wallet(study):
    themes = themes_of(study, "busy-parent")
    wallet = found(themes, "payment", r"e-?wallet|grabpay|touch 'n go|tng|boost")
    assert not wallet.empty, themes[["label", "touchpoints"]].to_string()
    assert len(wallet.iloc[0]["label"].split()) >= 2 and "," not in wallet.iloc[0]["label"]
    pains = pain_points(themes)
    assert pains["touchpoints"].str.contains("payment").any()  # polite wishes still count: unmet needs
